"""Mark the matched words of an item's text: ``<mark>`` around them, everything else escaped.

A word is marked when it matched at any level (as written, stem or lemma,
synonym, related word, compound part, prefix, or a phrase), judged with the same analysis as
the index, so compound and Nynorsk/Bokmål matches are marked too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from kb.analysis import STOP_WORDS, Analyzer, Token, tokenize
from kb.analysis.words import phrase_starts

_SPLIT = re.compile(r"([^\W_]+)")  # the words of kb.analysis.analyzer.tokenize, kept by split()
_SPECIAL = re.compile(r"[&<>\"']")


@dataclass
class Marks:
    """The terms a query searched for, per level."""

    exact: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    syn: set[str] = field(default_factory=set)
    part: set[str] = field(default_factory=set)
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    related: set[str] = field(default_factory=set)  # stems of related words

    def __bool__(self) -> bool:
        return bool(self.exact or self.stems or self.syn or self.part or self.phrases
                    or self.related)


class Highlighter:
    """Marks the words of one query in item texts; remembers each word's verdict."""

    def __init__(self, analyzer: Analyzer, marks: Marks) -> None:
        self.analyzer = analyzer
        self.marks = marks
        self._verdict: dict[str, bool] = {}

    def _word_matches(self, word: str) -> bool:
        verdict = self._verdict.get(word)
        if verdict is None:
            marks = self.marks
            if word in marks.exact:
                verdict = True
            elif word in STOP_WORDS:
                verdict = False
            else:
                forms = self.analyzer.forms(word)
                verdict = bool(forms.stems & marks.stems or forms.groups & marks.syn
                               or (forms.part_terms | forms.stems | forms.groups) & marks.part
                               or forms.stems & marks.related)
            self._verdict[word] = verdict
        return verdict

    def _token_matches(self, tokens: list[Token], i: int) -> bool:
        if self._word_matches(tokens[i].word):
            return True
        return any(self._word_matches(word) for word in self.analyzer.token_words(tokens, i)[1:])

    def __call__(self, text: str) -> str:
        """The HTML-escaped ``text`` with matched words wrapped in ``<mark>``."""
        if not self.marks:
            return escape(text)
        if not self.marks.phrases and not any(dash in text for dash in "-‐–"):
            # No phrase, no hyphen: each word stands alone (the common, quick case).
            pieces = _SPLIT.split(text)
            words = pieces[1::2]
            marked = {w for w in set(words) if self._word_matches(w.lower())}
            if marked:
                pieces[1::2] = [f"<mark>{w}</mark>" if w in marked else w for w in words]
            if _SPECIAL.search(text):
                pieces[0::2] = [escape(piece) for piece in pieces[0::2]]
            return "".join(pieces)
        tokens = tokenize(text)
        in_phrase = _phrase_spans(tokens, self.marks.phrases) if self.marks.phrases else set()
        out: list[str] = []
        at = 0
        for i, token in enumerate(tokens):
            if i in in_phrase or self._token_matches(tokens, i):
                out.append(escape(text[at:token.start]))
                out.append(f"<mark>{escape(text[token.start:token.end])}</mark>")
                at = token.end
        out.append(escape(text[at:]))
        return "".join(out)


def _phrase_spans(tokens: list[Token], phrases: list[tuple[str, ...]]) -> set[int]:
    """Token positions inside an occurrence of a phrase (as written or stemmed)."""
    inside: set[int] = set()
    for phrase in phrases:
        for begin in phrase_starts([t.word for t in tokens], phrase):
            inside.update(range(begin, begin + len(phrase)))
    return inside


def highlight(text: str, analyzer: Analyzer, marks: Marks) -> str:
    """The HTML-escaped ``text`` with matched words wrapped in ``<mark>``."""
    return Highlighter(analyzer, marks)(text)
