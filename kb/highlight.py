"""Mark the matched words of an item's text: ``<mark>`` around them, everything else escaped.

A word is marked when it matched at any level (as written, stem or lemma,
synonym, compound part, prefix, or a phrase), judged with the same analysis as
the index, so compound and Nynorsk/Bokmål matches are marked too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from kb.analysis import STOP_WORDS, Analyzer, Token, phrase_starts, tokenize


@dataclass
class Marks:
    """The terms a query searched for, per level."""

    exact: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    syn: set[str] = field(default_factory=set)
    part: set[str] = field(default_factory=set)
    phrases: list[tuple[str, ...]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.exact or self.stems or self.syn or self.part or self.phrases)


def _word_matches(word: str, analyzer: Analyzer, marks: Marks) -> bool:
    if word in marks.exact:
        return True
    if word in STOP_WORDS:
        return False
    forms = analyzer.forms(word)
    return bool(forms.stems & marks.stems or forms.groups & marks.syn
                or (forms.part_terms | forms.stems | forms.groups) & marks.part)


def _token_matches(tokens: list[Token], i: int, analyzer: Analyzer, marks: Marks) -> bool:
    token = tokens[i]
    words = [token.word]
    if token.elided:
        expansion = analyzer.elided_expansion(tokens, i)
        if expansion:
            words.append(expansion)
    if token.joined:
        words.append(token.joined)
    return any(_word_matches(w, analyzer, marks) for w in words)


def _phrase_spans(tokens: list[Token], phrases: list[tuple[str, ...]]) -> set[int]:
    """Token positions inside an occurrence of a phrase (as written or stemmed)."""
    inside: set[int] = set()
    for phrase in phrases:
        for begin in phrase_starts([t.word for t in tokens], phrase):
            inside.update(range(begin, begin + len(phrase)))
    return inside


def highlight(text: str, analyzer: Analyzer, marks: Marks) -> str:
    """The HTML-escaped ``text`` with matched words wrapped in ``<mark>``."""
    if not marks:
        return escape(text)
    tokens = tokenize(text)
    in_phrase = _phrase_spans(tokens, marks.phrases) if marks.phrases else set()
    out: list[str] = []
    at = 0
    for i, token in enumerate(tokens):
        if i in in_phrase or _token_matches(tokens, i, analyzer, marks):
            out.append(escape(text[at:token.start]))
            out.append(f"<mark>{escape(text[token.start:token.end])}</mark>")
            at = token.end
    out.append(escape(text[at:]))
    return "".join(out)
