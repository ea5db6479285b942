"""Norwegian analysis shared by the index and the query: text → the terms of each field.

Every word becomes terms at several levels, matched with decreasing weight:

- ``exact``: the lower-cased word as written (also the phrase field);
- ``stem``: its stems and lemmas, folded across Bokmål and Nynorsk (Snowball
  Norwegian, Apertium lemmas when installed, the variant rules of the synonym
  list), so samspelet/samspillet and kommunane/kommunene meet;
- ``syn``: its synonym groups (``corpus/synonyms.toml``);
- ``part``: the stems of its compound parts, its derivational roots
  (organisering/organisasjon → organis, deling/dele → del) and the synonym
  groups of both, so kollektiv finds kollektivtilbudet and kunnskapsdeling
  finds "del kunnskap".

Hyphen-elided compounds ("forsknings- og utdanningsmiljø") add the elided word
(forskningsmiljø). :class:`Analyzer` keeps everything a query needs to be
analysed exactly as the index was (vocabulary, Apertium answers, synonyms).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import Stemmer

from kb import apertium
from kb.synonyms import Synonyms

log = logging.getLogger(__name__)

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

MIN_SPLIT_HEAD = 3
MIN_SPLIT_MODIFIER = 4
MIN_ROOT = 3
MIN_APERTIUM_MODIFIER = 5
_TOKEN = re.compile(r"[^\W_]+")
_ALPHA = re.compile(r"^[^\W\d_]+$")
_ELIDED_AFTER = re.compile(r"\s?[-‐–]\s*(?:,|(?:og|eller|samt|&)\b)")
_INFLECTIONS = ("en", "er", "ene", "et", "a", "ar", "ane", "e", "ane", "er")
# Derivational endings that are words of their own but never the head of a compound.
_SUFFIXES = frozenset({"skap", "heit", "else", "ning", "ende", "ande", "inga", "ingen",
                       "ingar", "inger", "leg", "lege", "lig", "lige", "sjon", "tet", "itet"})
_CONJUNCTIONS = frozenset({"og", "eller", "samt"})
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


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into lower-cased word tokens with their spans."""
    found = list(_TOKEN.finditer(text))
    tokens: list[Token] = []
    size = len(text)
    dashed = any(dash in text for dash in _DASHES)
    for i, match in enumerate(found):
        start, end = match.span()
        word = match.group()
        elided, joined = False, None
        after = text[end:end + 2] if dashed else ""
        if after and (after[:1] in _DASHES or after[1:2] in _DASHES and after[:1] == " "):
            elided = bool(_ELIDED_AFTER.match(text, end)) and bool(_ALPHA.match(word))
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
    (organisasjon, kommunikasjon → @kommunis), so they match at a lower weight.
    """
    roots: set[str] = set()
    for suffix, replacement, close in (("ikasjon", "is", False), ("asjon", "", False),
                                       ("ering", "", True), ("iser", "is", True),
                                       ("ing", "", True)):
        if base.endswith(suffix):
            root = base[: len(base) - len(suffix)] + replacement
            if len(root) >= MIN_ROOT:
                roots.add(FAR + root)
                if close:
                    roots.add(root)
            break
    return roots


def _split_candidates(word: str) -> list[tuple[str, str]]:
    """(modifier, head) pairs a compound may split into, the longest head first.

    The modifier may end in a linking -s or -e (kunnskap|s|deling), which is
    dropped; a head of three letters needs the linking -s (arbeid|s|liv).
    """
    pairs: list[tuple[str, str]] = []
    if len(word) < MIN_SPLIT_MODIFIER + MIN_SPLIT_HEAD or not _ALPHA.match(word):
        return pairs
    for i in range(MIN_SPLIT_MODIFIER, len(word) - MIN_SPLIT_HEAD + 1):
        modifier, head = word[:i], word[i:]
        linked = modifier[-1] in "se" and len(modifier) > MIN_SPLIT_MODIFIER
        if len(head) > MIN_SPLIT_HEAD:
            pairs.append((modifier, head))
        if linked and (len(head) > MIN_SPLIT_HEAD or modifier[-1] == "s"):
            pairs.append((modifier[:-1], head))
    return pairs


@dataclass(frozen=True)
class WordForms:
    """The terms of one word at each level.

    ``parts``: for a compound, the part-level terms of each of its parts (stems,
    roots, synonym groups); ``part_terms``: what the word puts in the ``part``
    field (its roots and its parts' terms; its own stems and groups are in the
    ``stem`` and ``syn`` fields); ``head``: the written head of a compound (for elisions).
    """

    word: str
    stems: frozenset[str]
    parts: tuple[frozenset[str], ...]
    roots: frozenset[str]
    groups: frozenset[str]
    part_terms: frozenset[str]
    head: str = ""

    @property
    def primary(self) -> str:
        """The one stem used in the positional stem field (phrases)."""
        return stem(normalize(self.word))


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


class Analyzer:
    """Words → :class:`WordForms`, the same at build and at query time.

    Holds the corpus vocabulary (for compound splitting without Apertium), the
    Apertium answers cached at build, the synonym groups and variant rules.
    """

    def __init__(self, synonyms: Synonyms, *, use_apertium: bool | None = None) -> None:
        self.synonyms = synonyms
        self.use_apertium = apertium.available() if use_apertium is None else use_apertium
        self.vocabulary: set[str] = set()
        self.vocabulary_stems: set[str] = set()
        self.apertium_cache: dict[str, apertium.Analysis | None] = {}
        self.abbreviations: dict[str, tuple[str, ...]] = {}
        self._variants = [(re.compile(p), r) for p, r in synonyms.variants]
        self._group_of: dict[str, set[str]] = {}
        self._corpus_parts: set[str] = set()
        self._forms: dict[str, WordForms] = {}
        self._kept: apertium.KeptProcesses | None = None

    # -- state kept in the index -------------------------------------------------

    def __getstate__(self) -> dict[str, object]:
        return {"synonyms": self.synonyms, "use_apertium": self.use_apertium,
                "vocabulary": self.vocabulary, "apertium_cache": self.apertium_cache,
                "abbreviations": self.abbreviations}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["synonyms"], use_apertium=state["use_apertium"])  # type: ignore[misc, arg-type]
        self.vocabulary = state["vocabulary"]  # type: ignore[assignment]
        self.vocabulary_stems = {stem(w) for w in self.vocabulary}
        self.apertium_cache = state["apertium_cache"]  # type: ignore[assignment]
        self.abbreviations = state["abbreviations"]  # type: ignore[assignment]
        self._learn_parts()
        self._index_groups()

    def prepare(self, texts: Iterable[str]) -> None:
        """Learn the vocabulary of ``texts`` and analyse it with Apertium in a few batches.

        Batches: the words; then their compound parts and lemmas and the pieces
        of every candidate split (so that building never asks word by word).
        """
        texts = list(texts)
        self.abbreviations = {}
        for text in texts:
            for short, long_form in find_abbreviations(text).items():
                self.abbreviations.setdefault(short, long_form)
        words = {t.word for text in texts for t in tokenize(text)}
        words |= {w for group in self.synonyms.groups for w in group}
        self.vocabulary = {normalize(w) for w in words if _ALPHA.match(w)}
        self.vocabulary_stems = {stem(w) for w in self.vocabulary}
        self._forms.clear()
        if self.use_apertium:
            self._ensure(self.vocabulary)
            self._ensure({p for w in self.vocabulary for p in self._parts_of(w)})
            self._learn_parts()
            self._ensure({m for w in self.vocabulary for m in self._split_modifiers(w)})
        self._learn_parts()
        self._index_groups()

    def _parts_of(self, word: str) -> tuple[str, ...]:
        found = self.apertium_cache.get(word)
        return found.parts if found is not None else ()

    def _learn_parts(self) -> None:
        """Compound parts Apertium found in the corpus count as words for splitting."""
        self._corpus_parts = {p for w in self.vocabulary for p in self._parts_of(w)
                              if len(p) >= MIN_SPLIT_MODIFIER}

    def _ensure(self, words: Iterable[str]) -> None:
        """Analyse the words Apertium has not been asked about yet, in one request."""
        missing = sorted({w for w in words if w not in self.apertium_cache and _ALPHA.match(w)})
        if not missing or not self.use_apertium:
            return
        if self._kept is None:
            self._kept = apertium.KeptProcesses()
        found = apertium.analyse(missing, run=self._kept)
        for word in missing:
            self.apertium_cache[word] = found.get(word)

    def _index_groups(self) -> None:
        self._group_of = {}
        for number, group in enumerate(self.synonyms.groups):
            for word in group:
                keys = self._lemma_forms(word)
                for ending in _INFLECTIONS:  # Snowball stems some inflections apart
                    keys.add(stem(normalize(word + ending)))
                for key in keys:
                    self._group_of.setdefault(key, set()).add(f"g{number}")

    def close(self) -> None:
        """Stop the Apertium processes kept for queries."""
        if self._kept is not None:
            self._kept.close()
            self._kept = None

    # -- analysis ----------------------------------------------------------------

    def _apertium(self, word: str) -> apertium.Analysis | None:
        if not self.use_apertium or not _ALPHA.match(word):
            return None
        if word not in self.apertium_cache:
            self._ensure([word])
        return self.apertium_cache.get(word)

    def _variants_of(self, word: str) -> set[str]:
        out = set()
        for pattern, replacement in self._variants:
            changed = pattern.sub(replacement, word)
            if changed != word:
                out.add(changed)
                word = changed
        return out

    def _lemma_forms(self, word: str) -> set[str]:
        """Stem-level terms of a word without its compound structure."""
        norm = normalize(word)
        forms = {stem(norm)}
        for variant in self._variants_of(norm) | self._variants_of(stem(norm)):
            forms.add(stem(variant))
        analysis = self._apertium(norm)
        if analysis is not None:
            for lemma in analysis.lemmas:
                forms.update((lemma, stem(lemma)))
        return forms

    def _known(self, piece: str) -> bool:
        """A word of the corpus (or a compound part Apertium found in it), not a suffix."""
        if len(piece) < MIN_SPLIT_MODIFIER or piece in _SUFFIXES:
            return False
        return (piece in self.vocabulary or piece in self._corpus_parts
                or stem(piece) in self.vocabulary_stems
                or any(r in self.vocabulary_stems for r in derivation_roots(piece)))

    def _split(self, word: str) -> tuple[str, ...]:
        """Split a compound into two words, the longest head first (næring|s|plan).

        Both pieces must be corpus words; failing that, a corpus head after a
        modifier of 5+ letters that Apertium knows as a word (tilbake|flytting).
        """
        candidates = _split_candidates(word)
        for modifier, head in candidates:
            if self._known(head) and self._known(modifier):
                return (modifier, head)
        if not self.use_apertium:
            return ()
        headed = [(m, h) for m, h in candidates if len(m) >= MIN_APERTIUM_MODIFIER
                  and m not in _SUFFIXES and self._known(h)]
        self._ensure(m for m, _ in headed)
        for modifier, head in headed:
            found = self.apertium_cache.get(modifier)
            if found is not None and found.lemmas:
                return (modifier, head)
        return ()

    def _split_modifiers(self, word: str) -> set[str]:
        """Modifiers the Apertium step of :meth:`_split` may ask about (for batching)."""
        if self._parts_of(word):
            return set()
        return {m for m, h in _split_candidates(word)
                if len(m) >= MIN_APERTIUM_MODIFIER and self._known(h)}

    def _head_surface(self, word: str, head: str) -> str:
        for k in range(len(head), 2, -1):
            at = word.rfind(head[:k])
            if at > 0:
                return word[at:]
        return ""

    def forms(self, word: str) -> WordForms:
        """All terms of one lower-cased word (cached)."""
        cached = self._forms.get(word)
        if cached is not None:
            return cached
        norm = normalize(word)
        stems = self._lemma_forms(norm)
        analysis = self._apertium(norm)
        parts: tuple[str, ...] = analysis.parts if analysis is not None else ()
        if not parts and len(norm) >= MIN_SPLIT_MODIFIER + MIN_SPLIT_HEAD and _ALPHA.match(norm):
            parts = self._split(norm)
        head = self._head_surface(norm, parts[-1]) if parts else ""
        if parts and head:
            whole = norm[: len(norm) - len(head)] + parts[-1]
            stems |= {whole, stem(whole)}
        part_forms = tuple(frozenset(self._lemma_forms(p)) for p in parts)
        roots = {r for s in stems for r in derivation_roots(s)}
        groups = {g for s in stems for g in self._group_of.get(s, ())}
        pieces = tuple(
            frozenset(piece | {r for s in piece for r in derivation_roots(s)}
                      | {g for s in piece for g in self._group_of.get(s, ())})
            for piece in part_forms)
        part_terms = set(roots)
        for piece_terms in pieces:
            part_terms |= piece_terms
        result = WordForms(word, frozenset(stems), pieces, frozenset(roots),
                           frozenset(groups), frozenset(part_terms), head)
        self._forms[word] = result
        return result

    def elided_expansion(self, tokens: list[Token], i: int) -> str | None:
        """The whole word an elided token stands for ("forsknings-" … utdanningsmiljø)."""
        for j in range(i + 1, min(len(tokens), i + 8)):
            tok = tokens[j]
            if tok.elided or tok.word in _CONJUNCTIONS:
                continue
            head = self.forms(tok.word).head
            return tokens[i].word + head if head else None
        return None

    def field_terms(self, text: str) -> dict[str, list[str]]:
        """The terms of ``text`` for each indexed field (``exact``, ``stem``, ``syn``, ``part``)."""
        tokens = tokenize(text)
        out: dict[str, list[str]] = {"exact": [], "stem": [], "syn": [], "part": []}
        for i, token in enumerate(tokens):
            out["exact"].append(token.word)
            if token.word in STOP_WORDS:
                continue
            words = [token.word]
            if token.elided:
                expansion = self.elided_expansion(tokens, i)
                if expansion:
                    words.append(expansion)
            if token.joined:
                words.append(token.joined)
            for word in words:
                forms = self.forms(word)
                out["stem"].extend(sorted(forms.stems))
                out["syn"].extend(sorted(forms.groups))
                out["part"].extend(sorted(forms.part_terms))
            for word in self.abbreviations.get(token.word, ()):
                if word not in STOP_WORDS:  # an abbreviation stands for its long form
                    out["syn"].extend(sorted(self.forms(word).stems))
        return out
