"""Why each hit matched: for every query word, the level and the term (``kb search --explain``).

Re-evaluates each clause's levels, as :mod:`kb.search.engine` builds them, for
the document number of each hit over the scorer's postings: as written
(exact), stem or lemma, synonym group, abbreviation, related group, compound
part or derivation, prefix, context (region, county, title, kind or heading), then,
for a word that matches nothing itself, the word meant when typed without
æøå (ascii) or misspelt (fuzzy). A hit found also (or only) through a theme the
query cues or through meaning says so: the theme and the query's words that cue it,
the cosine to the question and the item's place among the nearest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from kb.analysis import STOP_WORDS, fold, normalize, stem
from kb.analysis.words import FAR, restore_digraphs
from kb.models import MatchReasons, SearchResults
from kb.search.compiler import MAX_EXPANSION, MAX_FUZZY, MIN_AUTO_PREFIX, MIN_FUZZY
from kb.search.engine import query_theme_cues
from kb.search.querysyntax import Clause, for_meaning, parse
from kb.search.searcher import SearchIndex

LEVELS = {"exact": "exact", "stem": "stem", "synonym": "synonym group",
          "abbreviated": "an abbreviation of", "related": "related group",
          "part": "compound part", "derivation": "derivation", "prefix": "prefix",
          "context": "context", "phrase": "phrase", "ascii": "typed without æøå for",
          "fuzzy": "fuzzy, read as", "long form": "abbreviation, long form"}


@dataclass(frozen=True)
class Evidence:
    """One reason a hit matched a query word: the level, the term the item holds, and
    what links them (a synonym or related group, the word an alternative stands for)."""

    level: str
    term: str
    via: str = ""

    def __str__(self) -> str:
        if self.level == "synonym":
            return f'{LEVELS[self.level]} "{self.via}"'
        if self.level == "related":
            return f'{LEVELS[self.level]} "{self.via}" through "{self.term}"'
        if self.level in ("ascii", "fuzzy"):
            return f'{LEVELS[self.level]} "{self.term}": {self.via}'
        if self.level == "context":
            return f'context: "{self.term}" names the region, county, title, kind or heading'
        return f'{LEVELS[self.level]} "{self.term}"'

    def to_dict(self) -> dict[str, str]:
        """The evidence as JSON: level, term and (when there is one) via."""
        return {"level": self.level, "term": self.term, **({"via": self.via} if self.via else {})}


@dataclass(frozen=True)
class WordMatch:
    """A query clause as typed and its evidence in one hit, the strongest first (() : none)."""

    clause: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ThemeEvidence:
    """A theme of the query that the hit is tagged with: id, label, the query's cue words."""

    theme: str
    label: str
    cued_by: str

    def __str__(self) -> str:
        return f'theme "{self.label}", cued by "{self.cued_by}"'


@dataclass(frozen=True)
class MeaningEvidence:
    """How near the hit is to the question in meaning: cosine, and its place (1 = nearest)
    among ``of`` items."""

    cosine: float
    place: int
    of: int

    def __str__(self) -> str:
        return f"meaning: cosine {self.cosine:.3f}, nearest {self.place} of {self.of}"


@dataclass(frozen=True)
class Explanation:
    """Why one hit matched: each query clause with its evidence, the query's themes it
    carries, and its nearness in meaning (None: meaning was not asked)."""

    item_id: str
    words: tuple[WordMatch, ...]
    themes: tuple[ThemeEvidence, ...] = ()
    meaning: MeaningEvidence | None = None

    def lines(self) -> list[str]:
        """One readable line per query clause, then one per theme and one for meaning."""
        return ([f"{w.clause}: " + ("; ".join(map(str, w.evidence)) if w.evidence
                                     else "no match") for w in self.words]
                + [str(t) for t in self.themes]
                + ([str(self.meaning)] if self.meaning is not None else []))

    def to_dict(self) -> dict[str, Any]:
        """The explanation as JSON (``kb search --json --explain``)."""
        meaning = self.meaning
        return {"id": self.item_id,
                "words": [{"clause": w.clause, "evidence": [e.to_dict() for e in w.evidence]}
                          for w in self.words],
                "themes": [{"theme": t.theme, "label": t.label, "cued_by": t.cued_by}
                           for t in self.themes],
                "meaning": None if meaning is None else {
                    "cosine": round(meaning.cosine, 4), "place": meaning.place,
                    "of": meaning.of}}


class _Explainer:
    """Evaluates the levels of a query word for one document number."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.scorer = index.scorer()
        self.analyzer = index.analyzer

    def holds(self, field: str, term: str, doc: int) -> bool:
        if self.scorer.doc_frequency(field, term) == 0:
            return False
        ids, scores = self.scorer.scores(field, term)
        return bool(np.any((ids == doc) & (scores > 0)))

    def clause(self, clause: Clause, doc: int) -> tuple[Evidence, ...]:
        """The evidence for a word, a prefix (``word*``) or a phrase."""
        if clause.prefix:
            return tuple(Evidence("prefix", t) for t in self.scorer.expand_prefix(
                "exact", clause.words[0], MAX_EXPANSION) if self.holds("exact", t, doc))
        if clause.is_phrase:
            found = self.index.has_phrase(doc, clause.words)
            return (Evidence("phrase", " ".join(clause.words)),) if found else ()
        word = clause.words[0]
        own = self.levels(word, doc)
        # As the engine: the word's own levels, the word with æøå restored from ae/oe/aa,
        # and, for a word that matches nothing or is typed in ASCII and unknown as such,
        # the words meant (æøå folded away, typos).
        unknown = word.isascii() and not (self.scorer.doc_frequency("exact", word)
                                          or self.scorer.doc_frequency("stem", stem(word)))
        return tuple(own + self.alternatives(word, doc, meant=not own or unknown))

    def levels(self, word: str, doc: int) -> list[Evidence]:
        """The word's own levels that the document holds, in the engine's order."""
        forms = self.analyzer.forms(word)
        out = [Evidence("exact", word)] if self.holds("exact", word, doc) else []
        if word in STOP_WORDS:
            return out
        seen: set[tuple[str, str]] = set()

        def add(level: str, field: str, term: str, via: str = "") -> None:
            if (field, term) not in seen and self.holds(field, term, doc):
                seen.add((field, term))
                shown = Evidence(level, term.lstrip(FAR), via)  # @root: a far derivation
                if all((e.level, e.term) != (shown.level, shown.term) for e in out):
                    out.append(shown)

        for term in sorted(forms.stems):
            add("stem", "stem", term)
        for term in sorted(forms.groups | forms.stems):
            synonyms = term in forms.groups
            add("synonym" if synonyms else "abbreviated", "syn", term,
                self._synonym_group(term) if synonyms else "")
        for found in self.analyzer.related.lookup(forms.stems):
            for term in sorted(found.terms):
                add("related", "stem", term, found.group.label)
        for piece in forms.parts or (forms.stems | forms.roots | forms.groups,):
            for term in sorted(piece):
                for field in ("part", "stem", "syn"):
                    add("derivation" if term in forms.roots or term.startswith(FAR) else "part",
                        field, term)
        if len(word) >= MIN_AUTO_PREFIX:
            for term in self.scorer.expand_prefix("exact", word, MAX_EXPANSION):
                if term != word:
                    add("prefix", "exact", term)
        context = self.index.context_docs(set(forms.stems) | {stem(normalize(word))})
        if context is not None and doc in set(context.tolist()):
            out.append(Evidence("context", word))
        return out

    def _synonym_group(self, term: str) -> str:
        """The words of the synonym group ``g<n>`` (the term itself when it is not one)."""
        number = term[1:]
        groups = self.analyzer.synonyms.groups
        if term.startswith("g") and number.isdigit() and int(number) < len(groups):
            return " ~ ".join(groups[int(number)])
        return term

    def alternatives(self, word: str, doc: int, *, meant: bool) -> list[Evidence]:
        """What else a word stands for: æøå restored from ae/oe/aa, the long form of an
        abbreviation, and when ``meant``, a word typed without æøå or a correction."""
        options: list[tuple[str, str]] = []
        restored = restore_digraphs(word)
        if restored != word:
            options.append(("ascii", restored))
        folds = self.index.fold_map()
        keys = {fold(word), fold(stem(fold(word)))}
        folded = sorted({w for k in keys for w in folds.get(k, ())} - {word})
        if meant and folded and word.isascii():
            options += [("ascii", w) for w in folded[:MAX_FUZZY * 2]]
        elif (meant and len(word) >= MIN_FUZZY and word.isalpha()
              and not self.analyzer.is_word(word)):
            options += [("fuzzy", w) for w in self.index.corrections(word)[:MAX_FUZZY]]
        out = []
        for level, other in options:
            found = self.levels(other, doc)
            if found:
                out.append(Evidence(level, other, str(found[0])))
        for long_word in self.analyzer.abbreviations.get(word, ()):
            found = self.levels(long_word, doc) if long_word not in STOP_WORDS else []
            if found:
                out.append(Evidence("long form", long_word))
        return out


def explain(index: SearchIndex, results: SearchResults) -> list[Explanation]:
    """Why each hit of ``results`` (a page of :func:`~kb.search.search` on ``index``) matched.

    One :class:`Explanation` per hit, in the page's order; the query is parsed
    again from ``results.query`` and its theme cues read again; which query themes a hit
    carries and its place by meaning come from the hit's own reasons (``hit.why``), the
    cosine from the query's cached vector. Raises what the model raises.
    """
    parsed = parse(results.query)
    clauses: Sequence[Clause] = [c for group in parsed.groups for c in group]
    position = {item.id: n for n, item in enumerate(index.items())}
    cued = _theme_cues(index, results)
    dense = index.dense_scores(for_meaning(results.query)) if results.meaning_used else None
    with index.reader_lock:
        docnum = {ord_: doc for doc, ord_ in enumerate(index.ord_of_docnum())}
        explainer = _Explainer(index)
        out = []
        for hit in results.hits:
            doc = docnum[position[hit.item.id]]
            # the search's own reasons say which query themes the hit carries and its
            # place by meaning; explain adds the cue words and the cosine
            why = hit.why or MatchReasons()
            themes = tuple(t for t in cued if t.label in why.themes)
            meaning = (MeaningEvidence(float(dense[doc]), why.meaning_place, len(dense))
                       if dense is not None and why.meaning_place is not None else None)
            out.append(Explanation(hit.item.id, tuple(
                WordMatch(clause.typed, explainer.clause(clause, doc)) for clause in clauses),
                themes, meaning))
        return out


def _theme_cues(index: SearchIndex, results: SearchResults) -> list[ThemeEvidence]:
    """The query's themes (as the search found them), each with the query words that cue
    it."""
    words: dict[str, list[str]] = {}
    for match in query_theme_cues(index, results.query):
        words.setdefault(match.theme, []).append(match.word)
    return [ThemeEvidence(t.value, t.label, ", ".join(dict.fromkeys(words.get(t.value, ()))))
            for t in results.query_themes]
