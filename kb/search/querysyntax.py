"""The query language people know, parsed into clauses (no search engine here).

- words: all must match (stop words and question fillers such as "få", "gode",
  "eksempler" are dropped unless nothing else is left);
- ``"quoted phrase"``: the words in this order (an unbalanced quote runs to the end);
- ``a OR b``: either (binds the neighbouring clauses: ``a OR b c`` = (a or b) and c);
- ``-word`` / ``-"phrase"``: leave out items that match it;
- ``word*``: words starting with ``word`` (at least 3 letters before the star).

Anything else (punctuation, control characters, a lone ``*``) is ignored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kb.analysis import STOP_WORDS, tokenize

MIN_PREFIX = 3
# Words of a practitioner's question that say nothing about the topic ("hvordan få
# næringslivet med", "gode eksempler på …"): dropped from a query like stop words.
QUESTION_FILLERS = frozenset("""
få får fått gjøre gjør gjort må bør best beste god godt gode bra mer mest meir mye mykje
svært veldig eksempel eksempler døme tips kor
""".split())
_EDGE_PUNCTUATION = ".,;:!?()[]«»\"'"
_PIECE = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')


@dataclass(frozen=True)
class Clause:
    """One word (``prefix``: typed with a trailing star) or a phrase (several words)."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def typed(self) -> str:
        """The clause as a user types it: word, word* or "a phrase"."""
        if self.is_phrase:
            return f'"{" ".join(self.words)}"'
        return self.words[0] + ("*" if self.prefix else "")


@dataclass
class ParsedQuery:
    """Groups that must all match (each group: clauses of which one must match), exclusions."""

    groups: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups

    def clauses(self) -> list[Clause]:
        """Every positive clause, in query order."""
        return [c for group in self.groups for c in group]


_EXCLUDED = re.compile(r'(?<!\S)-(?:"[^"]*"?|\S+)')
_OPERATORS = re.compile(r'["*]|\bOR\b')


# Letters typed or pasted in a compatibility form that the corpus never holds: the
# ligatures of text pasted from a PDF ("ﬁnansiering"), full-width and mathematical
# letters. Folded to the plain letters (NFKC) in a query; other compatibility characters
# (km², ½) are kept, as the corpus writes them so.
_LETTER_FORMS = ((0xFB00, 0xFB4F), (0xFF00, 0xFFEF), (0x1D400, 0x1D7FF))


def _plain_letters(query: str) -> str:
    if query.isascii():
        return query
    return "".join(unicodedata.normalize("NFKC", char)
                   if any(low <= ord(char) <= high for low, high in _LETTER_FORMS) else char
                   for char in query)


def as_typed(query: str) -> str:
    """The query as a reader (the sentence model, the theme cues) should take it: as
    typed, stop words and all, without the words it excludes or the operators (letters
    in a compatibility form folded, as :func:`clean` does)."""
    text = _plain_letters(query)
    return " ".join(_OPERATORS.sub(" ", _EXCLUDED.sub(" ", text)).split())


def for_meaning(query: str) -> str:
    """The query as the sentence model reads it: :func:`as_typed` less its stop words,
    or as typed when nothing else is left. A stop word costs the model a token's work
    (its time grows with the tokens) and, measured on the judged questions, adds no
    meaning."""
    typed = as_typed(query)
    words = [w for w in typed.split() if w.lower().strip(_EDGE_PUNCTUATION) not in STOP_WORDS]
    return " ".join(words) or typed


def clean(query: str) -> str:
    """Fold letters typed in a compatibility form (ligatures, full-width, mathematical) to
    plain ones and every kind of white space to a space; drop control and format
    characters."""
    out = []
    for char in unicodedata.normalize("NFC", _plain_letters(query)):
        category = unicodedata.category(char)
        if char.isspace():
            out.append(" ")
        elif category[0] != "C":
            out.append(char)
    return "".join(out).replace("“", '"').replace("”", '"').replace("«", '"').replace("»", '"')


def _clause(text: str, phrase: bool) -> Clause | None:
    words = tuple(t.word for t in tokenize(text))
    if not words:
        return None
    if phrase:
        return Clause(words)
    prefix = text.endswith("*") and len(words) == 1 and len(words[0]) >= MIN_PREFIX
    if len(words) == 1:
        return Clause(words, prefix=prefix)
    return Clause(words)  # a hyphenated or dotted word: its pieces in order


def parse(query: str) -> ParsedQuery:
    """Parse a query string; never raises."""
    pieces: list[tuple[str, Clause | None, bool]] = []  # (kind, clause, negated)
    for match in _PIECE.finditer(clean(query)):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if quoted is not None:
            pieces.append(("clause", _clause(quoted, phrase=True), bool(negated)))
        elif bare == "OR":
            pieces.append(("or", None, False))
        elif bare.startswith("-") and len(bare) > 1:
            pieces.append(("clause", _clause(bare[1:], phrase=False), True))
        else:
            pieces.append(("clause", _clause(bare, phrase=False), False))
    parsed = ParsedQuery()
    join_next = False
    for kind, clause, negated in pieces:
        if kind == "or":
            join_next = bool(parsed.groups)
            continue
        if clause is None:
            continue
        if negated:
            parsed.excluded.append(clause)
        elif join_next:
            parsed.groups[-1].append(clause)
        else:
            parsed.groups.append([clause])
        join_next = False
    return _drop_stop_words(parsed)


def says_nothing(word: str) -> bool:
    """Whether a (lower-case) word is a stop word or a question filler: nothing of the topic."""
    return word in STOP_WORDS or word in QUESTION_FILLERS


def _is_stop(clause: Clause) -> bool:
    return not clause.is_phrase and not clause.prefix and says_nothing(clause.words[0])


def _drop_stop_words(parsed: ParsedQuery) -> ParsedQuery:
    """Drop single stop words, unless the query holds nothing else."""
    kept = [[c for c in group if not _is_stop(c)] for group in parsed.groups]
    kept = [group for group in kept if group]
    if kept:
        parsed.groups = kept
    return parsed
