"""Norwegian analysis shared by the index and the query: text → the terms of each field.

Every word becomes terms at several levels, matched with decreasing weight:

- ``exact``: the lower-cased word as written;
- ``stem``: its stems and lemmas, folded across Bokmål and Nynorsk (Snowball
  Norwegian, Apertium lemmas when installed, the variant rules of the synonym
  list), so samspelet/samspillet and kommunane/kommunene meet;
- ``syn``: its synonym groups (``corpus/synonyms.toml``; related words: :attr:`Analyzer.related`);
- ``part``: the stems of its compound parts, its derivational roots
  (organisering/organisasjon → organis, deling/dele → del) and the synonym
  groups of both, so kollektiv finds kollektivtilbudet and kunnskapsdeling
  finds "del kunnskap".

Hyphen-elided compounds ("forsknings- og utdanningsmiljø") add the elided word
(forskningsmiljø); an abbreviation the corpus defines ("Strategisk Næringsplan
(STP)") stands for its long form. :class:`Analyzer` keeps everything a query
needs to be analysed exactly as the index was (vocabulary, Apertium answers,
synonyms, abbreviations). Word-level helpers live in :mod:`kb.analysis.words`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NotRequired, TypedDict

import kb.analysis.apertium as apertium
from kb.analysis.answers import ApertiumAnswers
from kb.analysis.compounds import (
    CONJUNCTIONS,
    INFLECTIONS,
    MIN_APERTIUM_MODIFIER,
    MIN_SPLIT_HEAD,
    MIN_SPLIT_MODIFIER,
    SUFFIXES,
    any_of,
    split_candidates,
)
from kb.analysis.related import Related, RelatedIndex
from kb.analysis.synonyms import Synonyms
from kb.analysis.words import (
    LETTERS_ONLY,
    STOP_WORDS,
    Token,
    corpus_words,
    derivation_roots,
    find_abbreviations,
    has_dash,
    normalize,
    stem,
    token_words,
    tokenize,
)


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


class _State(TypedDict):
    """What a pickled :class:`Analyzer` keeps (the rest is derived again on load)."""

    synonyms: Synonyms
    use_apertium: bool
    vocabulary: set[str]
    apertium_cache: dict[str, apertium.Analysis | None]
    abbreviations: dict[str, tuple[str, ...]]
    related: NotRequired[Related]  # absent from builds made before related words


class Analyzer:
    """Words → :class:`WordForms`, the same at build and at query time.

    Holds the corpus vocabulary (for compound splitting without Apertium), the
    Apertium answers cached at build, the synonym groups and variant rules.
    """

    def __init__(self, synonyms: Synonyms, *, use_apertium: bool | None = None,
                 related: Related | None = None) -> None:
        self.synonyms = synonyms
        self.related = RelatedIndex(related or Related())
        self.use_apertium = apertium.available() if use_apertium is None else use_apertium
        self.vocabulary: set[str] = set()
        self.vocabulary_stems: set[str] = set()
        self.answers = ApertiumAnswers(self.use_apertium)
        self.abbreviations: dict[str, tuple[str, ...]] = {}
        self._variants = [(re.compile(p), r) for p, r in synonyms.variants]
        self._any_variant = any_of([p for p, _ in synonyms.variants])
        self._group_of: dict[str, set[str]] = {}
        self._corpus_parts: set[str] = set()
        self._forms: dict[str, WordForms] = {}
        self._word_terms: dict[str, tuple[tuple[str, ...], ...]] = {}

    # -- state kept in the index -------------------------------------------------

    def __getstate__(self) -> _State:
        return {"synonyms": self.synonyms, "use_apertium": self.use_apertium,
                "vocabulary": self.vocabulary, "apertium_cache": self.answers.cache,
                "abbreviations": self.abbreviations, "related": self.related.related}

    def __setstate__(self, state: _State) -> None:
        Analyzer.__init__(self, state["synonyms"], use_apertium=state["use_apertium"],
                          related=state.get("related"))
        self.vocabulary = state["vocabulary"]
        self.vocabulary_stems = {stem(w) for w in self.vocabulary}
        self.answers.cache = state["apertium_cache"]
        self.abbreviations = state["abbreviations"]
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
        words = corpus_words(texts)
        words |= {w for group in self.synonyms.groups for w in group}
        self.vocabulary = {normalize(w) for w in words if LETTERS_ONLY.match(w)}
        self.vocabulary_stems = {stem(w) for w in self.vocabulary}
        self._forms.clear()
        self._word_terms.clear()
        if self.use_apertium:
            self.answers.ensure(self.vocabulary)
            self.answers.ensure({p for w in self.vocabulary for p in self.answers.parts_of(w)})
            self._learn_parts()
            self.answers.ensure({m for w in self.vocabulary for m in self._split_modifiers(w)}
                         | {normalize(w) for w in self.related.words})
        self._learn_parts()
        self._index_groups()
        if self.use_apertium:
            self._ensure_dashed(texts)

    def _ensure_dashed(self, texts: list[str]) -> None:
        """Analyse, in two batches, the words dashes make of the corpus words (the
        whole word an elided "forsknings-" stands for, "e-handel" joined), which are
        not in the vocabulary: indexing and marking hits read them, and an answer not
        kept with the build would be asked of Apertium again by the first search
        showing such a text."""
        made: set[str] = set()
        for text in texts:
            if has_dash(text):
                tokens = tokenize(text)
                made.update(normalize(word) for i in range(len(tokens))
                            for word in self.token_words(tokens, i)[1:])
        made -= self.vocabulary
        self.answers.ensure(made)
        self.answers.ensure({p for w in made for p in self.answers.parts_of(w)}
                     | {m for w in made for m in self._split_modifiers(w)})

    def warm(self, texts: Iterable[str]) -> None:
        """Analyse the words of ``texts`` with Apertium now, in one batch, so that a query
        never waits for it (names and labels a search reads besides the items' text:
        titles, regions, counties, kinds, municipalities). The vocabulary is unchanged."""
        if self.use_apertium:
            self.answers.ensure({normalize(w) for w in corpus_words(list(texts))})

    def _learn_parts(self) -> None:
        """Compound parts Apertium found in the corpus count as words for splitting."""
        self._corpus_parts = {p for w in self.vocabulary for p in self.answers.parts_of(w)
                              if len(p) >= MIN_SPLIT_MODIFIER}

    def _group_keys(self, word: str) -> set[str]:
        """A group member's keys: its lemma forms (Snowball stems some inflections apart)."""
        return self._lemma_forms(word) | {stem(normalize(word + e)) for e in INFLECTIONS}

    def _index_groups(self) -> None:
        self._group_of = {}
        for number, group in enumerate(self.synonyms.groups):
            for key in {k for word in group for k in self._group_keys(word)}:
                self._group_of.setdefault(key, set()).add(f"g{number}")
        self.related.learn(self._group_keys, lambda word: self.forms(word).stems)

    def start_helpers(self) -> None:
        """Start the Apertium processes kept for queries now (see
        :meth:`ApertiumAnswers.start_helpers`)."""
        self.answers.start_helpers()

    def close(self) -> None:
        """Stop the Apertium processes kept for queries."""
        self.answers.close()

    # -- analysis ----------------------------------------------------------------

    def _variants_of(self, word: str) -> set[str]:
        if self._any_variant is not None and not self._any_variant.search(word):
            return set()  # no rule applies (the rules only change a word they match)
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
        analysis = self.answers.get(norm)
        if analysis is not None:
            for lemma in analysis.lemmas:
                forms.update((lemma, stem(lemma)))
        return forms

    def _known(self, piece: str) -> bool:
        """A word of the corpus (or a compound part Apertium found in it), not a suffix."""
        if len(piece) < MIN_SPLIT_MODIFIER or piece in SUFFIXES:
            return False
        return (piece in self.vocabulary or piece in self._corpus_parts
                or stem(piece) in self.vocabulary_stems
                or any(r in self.vocabulary_stems for r in derivation_roots(piece)))

    def _split(self, word: str) -> tuple[str, ...]:
        """Split a compound into two words, the longest head first (næring|s|plan).

        Both pieces must be corpus words; failing that, a corpus head after a
        modifier of 5+ letters that Apertium knows as a word (tilbake|flytting).
        """
        candidates = split_candidates(word)
        for modifier, head in candidates:
            if self._known(head) and self._known(modifier):
                return (modifier, head)
        if not self.use_apertium:
            return ()
        headed = [(m, h) for m, h in candidates if len(m) >= MIN_APERTIUM_MODIFIER
                  and m not in SUFFIXES and self._known(h)]
        self.answers.ensure(m for m, _ in headed)
        for modifier, head in headed:
            found = self.answers.known(modifier)
            if found is not None and found.lemmas:
                return (modifier, head)
        return ()

    def _split_modifiers(self, word: str) -> set[str]:
        """Modifiers the Apertium step of :meth:`_split` may ask about (for batching)."""
        if self.answers.parts_of(word):
            return set()
        return {m for m, h in split_candidates(word)
                if len(m) >= MIN_APERTIUM_MODIFIER and self._known(h)}

    def _head_surface(self, word: str, head: str) -> str:
        for k in range(len(head), 2, -1):
            at = word.rfind(head[:k])
            if at > 0:
                return word[at:]
        return ""

    def is_word(self, word: str) -> bool:
        """Whether Apertium knows ``word`` as a word of the language (a lemma or a compound
        of known parts). False without Apertium, and for a word it does not recognise."""
        analysis = self.answers.get(normalize(word))
        return analysis is not None and bool(analysis.lemmas or analysis.parts)

    def forms(self, word: str) -> WordForms:
        """All terms of one lower-cased word (cached)."""
        cached = self._forms.get(word)
        if cached is not None:
            return cached
        norm = normalize(word)
        stems = self._lemma_forms(norm)
        analysis = self.answers.get(norm)
        parts: tuple[str, ...] = analysis.parts if analysis is not None else ()
        long_enough = len(norm) >= MIN_SPLIT_MODIFIER + MIN_SPLIT_HEAD
        if not parts and long_enough and LETTERS_ONLY.match(norm):
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
            if tok.elided or tok.word in CONJUNCTIONS:
                continue
            head = self.forms(tok.word).head
            return tokens[i].word + head if head else None
        return None

    def field_terms(self, text: str) -> dict[str, list[str]]:
        """The terms of ``text`` for each indexed field (``exact``, ``stem``, ``syn``, ``part``)."""
        if has_dash(text):  # elided or hyphen-joined words: token by token
            return self._token_terms(tokenize(text))
        words = token_words(text)
        stems: list[str] = []
        groups: list[str] = []
        parts: list[str] = []
        cache = self._word_terms
        for word in words:
            found = cache.get(word)
            if found is None:
                found = cache[word] = self._word_terms_of(word)
            stems += found[0]
            groups += found[1]
            parts += found[2]
        return {"exact": words, "stem": stems, "syn": groups, "part": parts}

    def _word_terms_of(self, word: str) -> tuple[tuple[str, ...], ...]:
        """What a word alone adds to the stem, syn and part fields (see :meth:`_token_terms`)."""
        if word in STOP_WORDS:
            return ((), (), ())
        forms = self.forms(word)
        groups = sorted(forms.groups)
        for long_word in self.abbreviations.get(word, ()):
            if long_word not in STOP_WORDS:  # an abbreviation stands for its long form
                groups.extend(sorted(self.forms(long_word).stems))
        return (tuple(sorted(forms.stems)), tuple(groups), tuple(sorted(forms.part_terms)))

    def token_words(self, tokens: list[Token], i: int) -> list[str]:
        """The words token ``i`` stands for: itself, the whole word it elides, its joined form."""
        token = tokens[i]
        words = [token.word]
        if token.elided:
            expansion = self.elided_expansion(tokens, i)
            if expansion:
                words.append(expansion)
        if token.joined:
            words.append(token.joined)
        return words

    def _token_terms(self, tokens: list[Token]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {"exact": [], "stem": [], "syn": [], "part": []}
        for i, token in enumerate(tokens):
            out["exact"].append(token.word)
            if token.word in STOP_WORDS:
                continue
            for word in self.token_words(tokens, i):
                forms = self.forms(word)
                out["stem"].extend(sorted(forms.stems))
                out["syn"].extend(sorted(forms.groups))
                out["part"].extend(sorted(forms.part_terms))
            for word in self.abbreviations.get(token.word, ()):
                if word not in STOP_WORDS:  # an abbreviation stands for its long form
                    out["syn"].extend(sorted(self.forms(word).stems))
        return out
