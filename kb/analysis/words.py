"""Norwegian words: tokens, normal forms, stems, ASCII folding, derivation roots,
abbreviations and phrase matching (no state, no search engine).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import Stemmer

# Snowball's Norwegian list covers Bokmål and Nynorsk function words.
STOP_WORDS = frozenset("""
alle at av bare begge ble blei bli blir blitt både båe da de deg dei deim deira deires dem
den denne der dere deres det dette di din disse ditt du dykk dykkar då eg ein eit eitt eller
elles en enn er et ett etter for fordi fra frå før ha hadde han hans har hennar henne hennes
her hjå ho hoe honom hoss hossen hun hva hvem hver hvilke hvilken hvis hvor hvordan hvorfor i
ikke ikkje ingen ingi inkje inn inni ja jeg kan kom korleis korso kun kunne kva kvar
kvarhelst kven kvi kvifor man mange me med medan meg meget mellom men mi min mine mitt mot
mykje ned no noe noen noka noko nokon nokor nokre nå når og også om opp oss over på samme
seg selv si sia sidan siden sin sine sitt sjøl skal skulle slik so som somme somt så sånn
til um upp ut uten var vart varte ved vere verte vi vil ville vore vors vort vår være vært å
""".split())

MIN_ROOT = 3
_TOKEN = re.compile(r"[^\W_]+")
LETTERS_ONLY = re.compile(r"^[^\W\d_]+$")
_ELIDED_AFTER = re.compile(r"\s?[-‐–]\s*(?:,|(?:og|eller|samt|&)\b)")
_ACCENTS = str.maketrans("éèêëóòôáàâíìüú", "eeeeoooaaaiiuu")
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})
_stemmer = Stemmer.Stemmer("norwegian")


class Token(NamedTuple):
    """A word of a text: lower-cased, with its character span.

    ``elided``: written "forsknings-" before "og" or a comma (its head is left out);
    ``joined``: the word joined with the next when a hyphen links them (sam-funnsliv).
    """

    word: str
    start: int
    end: int
    elided: bool = False
    joined: str | None = None


_DASHES = "-‐–"


def has_dash(text: str) -> bool:
    """True when ``text`` has a hyphen or dash (only then may a token be elided or joined)."""
    return any(dash in text for dash in _DASHES)


def corpus_words(texts: Iterable[str]) -> set[str]:
    """Every lower-cased word :func:`tokenize` finds in ``texts`` (one pass over them all)."""
    return {word.lower() for word in set(_TOKEN.findall("\n".join(texts)))}


def token_words(text: str) -> list[str]:
    """The lower-cased words of :func:`tokenize` (the same list, without spans or flags)."""
    return list(map(str.lower, _TOKEN.findall(text)))


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into lower-cased word tokens with their spans."""
    found = list(_TOKEN.finditer(text))
    tokens: list[Token] = []
    size = len(text)
    dashed = has_dash(text)
    for i, match in enumerate(found):
        start, end = match.span()
        word = match.group()
        elided, joined = False, None
        after = text[end:end + 2] if dashed else ""
        if after and (after[:1] in _DASHES or after[1:2] in _DASHES and after[:1] == " "):
            elided = bool(_ELIDED_AFTER.match(text, end)) and bool(LETTERS_ONLY.match(word))
            nxt = found[i + 1] if i + 1 < len(found) else None
            if end + 1 < size and text[end] == "-" and nxt is not None and nxt.start() == end + 1:
                joined = (word + nxt.group()).lower()
        tokens.append(Token(word.lower(), start, end, elided, joined))
    return tokens


def normalize(word: str) -> str:
    """Lower-case, NFC, and drop accents other than æ/ø/å (etablér → etabler)."""
    return unicodedata.normalize("NFC", word).lower().translate(_ACCENTS)


def fold(word: str) -> str:
    """ASCII folding for words typed without æ/ø/å: møte/moete/mote → mote."""
    return normalize(word).translate(_FOLD).replace("oe", "o").replace("aa", "a")


def restore_digraphs(word: str) -> str:
    """Read ae/oe/aa typed for æ/ø/å as the letters meant (naering → næring)."""
    return word.replace("ae", "æ").replace("oe", "ø").replace("aa", "å")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball Norwegian stem of a lower-case word."""
    return _stemmer.stemWord(word)


_ABBREVIATION = re.compile(r"\(([A-ZÆØÅ]{2,8})\)")


def _long_form(short: str, words: list[str]) -> tuple[str, ...] | None:
    """The words ``short`` abbreviates, ending at the end of ``words`` (Schwartz-Hearst).

    Each letter of the short form must appear in order, the first at the start of
    a word: "Strategisk Næringsplan" for STP.
    """
    letters = short.lower()
    wi, ci = len(words) - 1, None
    for k in range(len(letters) - 1, -1, -1):
        while wi >= 0:
            word = words[wi].lower()
            ci = len(word) if ci is None else ci
            at = word.rfind(letters[k], 0, ci)
            if k == 0:
                at = 0 if word[0] == letters[0] else -1
            if at >= 0:
                ci = at
                break
            wi, ci = wi - 1, None
        if wi < 0:
            return None
    return tuple(w.lower() for w in words[wi:])


def find_abbreviations(text: str) -> dict[str, tuple[str, ...]]:
    """Abbreviations a text defines, "Strategisk Næringsplan (STP)" → {stp: (strategisk, …)}."""
    found: dict[str, tuple[str, ...]] = {}
    for match in _ABBREVIATION.finditer(text):
        short = match.group(1)
        before = [m.group() for m in re.finditer(r"[^\W\d_]+", text[:match.start()])]
        long_form = _long_form(short, before[-min(len(short) + 5, 2 * len(short)):])
        if long_form and len(long_form) > 1:
            found[short.lower()] = long_form
    return found


FAR = "@"  # marks a root shared with a more distant derivation (-asjon)


def derivation_roots(base: str) -> set[str]:
    """Roots shared by a word and its derivations, from a stem or lemma.

    A verb and its verbal noun share a close root (organisere/organisering →
    organis; dele/deling → del; forankre/forankring → forankr). Every root is also
    given as a far root (``@organis``), which -asjon nouns have alone
    (organisasjon, kommunikasjon → @kommunis), so they match at a lower weight; so do
    the words of one family in -ikk, -iker and -isk (politikk, politiker, politisk →
    @polit).
    """
    roots: set[str] = set()
    for suffix, replacement, close in (("ikasjon", "is", False), ("asjon", "", False),
                                       ("ering", "", True), ("iser", "is", True),
                                       ("ing", "", True), ("iker", "", False),
                                       ("ikk", "", False), ("isk", "", False)):
        if base.endswith(suffix):
            root = base[: len(base) - len(suffix)] + replacement
            if len(root) >= MIN_ROOT:
                roots.add(FAR + root)
                if close:
                    roots.add(root)
            break
    return roots


@lru_cache(maxsize=200_000)
def word_stem(word: str) -> str:
    """The stem of a lower-case word as the phrase check compares it."""
    return stem(normalize(word))


def phrase_starts(words: list[str], phrase: tuple[str, ...]) -> list[int]:
    """Where ``phrase`` occurs in ``words`` (lower-cased tokens): each word as written
    or with the same stem."""
    n = len(phrase)
    if not n or n > len(words):
        return []
    wanted = [word_stem(w) for w in phrase]
    stems = list(map(word_stem, words))
    if any(w not in stems and p not in words for w, p in zip(wanted, phrase, strict=True)):
        return []
    first, stem0 = phrase[0], wanted[0]
    heads = [i for i, (w, st) in enumerate(zip(words[: len(words) - n + 1], stems, strict=False))
             if w == first or st == stem0]
    return [start for start in heads
            if all(words[start + k] == phrase[k] or stems[start + k] == wanted[k]
                   for k in range(1, n))]


def words_of(text: str) -> list[str]:
    """The lower-cased words of a text, as :func:`tokenize` finds them (no spans)."""
    return _TOKEN.findall(text.lower())
