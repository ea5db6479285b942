"""The one search function that the web UI, the JSON API and the CLI all call.

Each query word must match (AND across words), at any level (OR across fields),
and ranks by its best evidence: as written > stem/lemma > synonym > compound
part, derivation or prefix > the word restored from ASCII typing (moteplass) >
a typo correction (tilit → tillit, offered as "did you mean"). When no item
matches every word, the best partial matches come back with ``partial=True``.
Facet counts cover every match (see :mod:`kb.search.facets`).

Queries are compiled into small score trees (:mod:`kb.search.scoring`) evaluated over
the postings Whoosh stores, cached per searcher; phrases are checked on the
text of the items that hold all their words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from kb.analysis import STOP_WORDS, fold, normalize, stem
from kb.analysis.words import FAR, restore_digraphs
from kb.errors import SearchQueryError
from kb.models import FacetValue, Hit, SearchResults
from kb.search.facets import count
from kb.search.highlight import Highlighter, Marks
from kb.search.querysyntax import Clause, ParsedQuery, parse
from kb.search.scoring import All, Const, Leaf, Masked, Max, Node, Sum, top
from kb.search.searcher import SearchIndex
from kb.vocabulary import (
    DEFAULT_PER_PAGE,
    FACET_FIELDS,
    ITEM_KINDS,
    KIND_LABELS,
    MAX_PER_PAGE,
    MAX_QUERY_LENGTH,
)

MAX_EXPANSION = 64  # terms a prefix may expand to
MAX_FUZZY = 3  # corrections tried for a misspelt word
MIN_AUTO_PREFIX = 5  # a word this long also matches words it begins (compounds)
MIN_FUZZY = 5

W_EXACT, W_STEM, W_SYN, W_PART, W_PREFIX, W_CONTEXT = 4.0, 2.5, 1.5, 1.0, 0.8, 0.4
ALT_DIGRAPH, ALT_FOLD, ALT_FUZZY = 0.9, 0.6, 0.5
ALT_ABBREVIATION = 0.6
W_FAR = 0.7  # share of W_PART for a distant derivation (organisering → organisasjon)
W_RELATED = 0.6  # a related word (corpus/related.toml): below every level of the word itself


def _any(nodes: Sequence[Node], boost: float = 1.0) -> Node | None:
    """Max over the nodes (None when there are none)."""
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 and boost == 1.0 else Max(tuple(nodes), boost)


class _Compiler:
    """Clauses → score trees, recording the terms searched (for highlights)."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.scorer = index.scorer()
        self.analyzer = index.analyzer
        self.marks = Marks()
        self.corrections: dict[str, str] = {}

    def _has(self, field: str, text: str) -> bool:
        return self.scorer.doc_frequency(field, text) > 0

    def _prefix_terms(self, field: str, prefix: str) -> list[str]:
        return self.scorer.expand_prefix(field, prefix, MAX_EXPANSION)

    def _levels(self, word: str, weight: float) -> Node | None:
        """One word at every level: as written, stems, synonyms, parts/prefixes, context."""
        forms = self.analyzer.forms(word)
        subs: list[Node] = []
        if self._has("exact", word):
            subs.append(Leaf("exact", word, W_EXACT * weight))
            self.marks.exact.add(word)
        if word in STOP_WORDS:
            return Sum(tuple(subs)) if subs else None
        stems = [s for s in sorted(forms.stems) if self._has("stem", s)]
        if stems:
            subs.append(Max(tuple(Leaf("stem", s) for s in stems), W_STEM * weight))
            self.marks.stems.update(stems)
        # The syn field holds synonym groups, and the stems an abbreviation stands for.
        groups = [g for g in sorted(forms.groups | forms.stems) if self._has("syn", g)]
        if groups:
            subs.append(Max(tuple(Leaf("syn", g) for g in groups), W_SYN * weight))
            self.marks.syn.update(groups)
        # Related words: the stems of the other members of the word's related groups.
        near = sorted({t for found in self.analyzer.related.lookup(forms.stems)
                       for t in found.terms if self._has("stem", t)})
        if near:
            subs.append(Max(tuple(Leaf("stem", t) for t in near), W_RELATED * weight))
            self.marks.related.update(near)
        compound: list[Node] = []
        pieces = forms.parts or (forms.stems | forms.roots | forms.groups,)
        piece_nodes: list[Node] = []
        for piece in pieces:
            # A part or root may stand alone in a text (stem field, syn field for groups)
            # or inside a compound or derivation (part field).
            found = [Leaf(field, t, W_FAR if t.startswith(FAR) else 1.0)
                     for t in sorted(piece) for field in ("part", "stem", "syn")
                     if self._has(field, t)]
            if found:
                piece_nodes.append(Max(tuple(found)))
                self.marks.part.update(leaf.term for leaf in found)
        if piece_nodes:
            compound.append(Sum(tuple(piece_nodes)))
        if len(word) >= MIN_AUTO_PREFIX:
            longer = [t for t in self._prefix_terms("exact", word) if t != word]
            if longer:
                compound.append(Max(tuple(Leaf("exact", t) for t in longer), W_PREFIX / W_PART))
                self.marks.exact.update(longer)
        if compound:
            subs.append(Max(tuple(compound), W_PART * weight))
        context = self.index.context_docs(set(forms.stems) | {stem(normalize(word))})
        if context is not None:
            subs.append(Const(context, W_CONTEXT * weight))
        return Sum(tuple(subs)) if subs else None

    def _alternatives(self, word: str) -> list[tuple[str, float]]:
        """Words meant when ``word`` itself matches nothing: ASCII-typed æøå, then typos."""
        folds = self.index.fold_map()
        keys = {fold(word), fold(stem(fold(word)))}
        restored = sorted({w for key in keys for w in folds.get(key, ()) if w != word})
        if restored and word.isascii():
            return [(w, ALT_FOLD) for w in restored[:MAX_FUZZY * 2]]
        if len(word) < MIN_FUZZY or not word.isalpha():
            return []
        ranked = self.index.corrections(word)
        if ranked:
            self.corrections[word] = ranked[0]
        return [(w, ALT_FUZZY) for w in ranked[:MAX_FUZZY]]

    def word(self, word: str) -> Node | None:
        """One query word: its own levels, the æøå restoration of ae/oe/aa, else corrections."""
        own = self._levels(word, 1.0)
        options = [own] if own is not None else []
        digraphs = restore_digraphs(word)
        if digraphs != word:
            alt = self._levels(digraphs, ALT_DIGRAPH)
            if alt is not None:
                options.append(alt)
        if not options or (word.isascii() and not self._has("stem", stem(word))
                           and not self._has("exact", word)):
            for alternative, weight in self._alternatives(word):
                alt = self._levels(alternative, weight)
                if alt is not None:
                    options.append(alt)
        long_form = [w for w in self.analyzer.abbreviations.get(word, ()) if w not in STOP_WORDS]
        if long_form:  # STP → strategisk næringsplan
            parts = [self._levels(w, ALT_ABBREVIATION) for w in long_form]
            if all(q is not None for q in parts):
                options.append(All(tuple(q for q in parts if q is not None)))
        if not options:
            return None
        return options[0] if len(options) == 1 else Sum(tuple(options))

    def clause(self, clause: Clause) -> Node | None:
        """A word, a prefix (``word*``) or a phrase."""
        if clause.prefix:
            terms = self._prefix_terms("exact", clause.words[0])
            self.marks.exact.update(terms)
            return _any([Leaf("exact", t) for t in terms], W_EXACT)
        if clause.is_phrase:
            self.marks.phrases.append(clause.words)
            words = tuple(Sum((Leaf("exact", w, W_EXACT),) + (
                (Leaf("stem", stem(normalize(w)), W_STEM),) if w not in STOP_WORDS else ()))
                for w in clause.words)
            need = All(words)
            candidates = np.flatnonzero(self.scorer.evaluate(need) > 0)
            docs = np.array([d for d in candidates if self.index.has_phrase(int(d), clause.words)],
                            dtype=np.int64)
            return Masked(need, docs) if len(docs) else None
        return self.word(clause.words[0])

    def exclusion(self, clause: Clause) -> Node | None:
        """What ``-word`` leaves out: the word as written and its inflections."""
        saved = self.marks
        self.marks = Marks()
        try:
            if clause.is_phrase or clause.prefix:
                return self.clause(clause)
            word = clause.words[0]
            forms = self.analyzer.forms(word)
            return _any([Leaf("exact", word)] + [Leaf("stem", s) for s in sorted(forms.stems)])
        finally:
            self.marks = saved


# -- the search function --------------------------------------------------------------------

_COLLATE = str.maketrans({"æ": "{", "ø": "|", "å": "}", "Æ": "{", "Ø": "|", "Å": "}"})


def _check(query: str, filters: Mapping[str, Sequence[str]] | None, page: int,
           per_page: int) -> dict[str, list[str]]:
    """Validate the parameters; return the selected facet values. Raises SearchQueryError."""
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchQueryError(
            f"Søket er for langt: {len(query)} tegn (høyst {MAX_QUERY_LENGTH}).", "q")
    if not isinstance(page, int) or page < 1:
        raise SearchQueryError("Sidetallet må være 1 eller mer.", "page")
    if not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
        raise SearchQueryError(f"Treff per side må være mellom 1 og {MAX_PER_PAGE}.",
                               "per_page")
    selected: dict[str, list[str]] = {}
    for name, values in (filters or {}).items():
        if name not in FACET_FIELDS:
            raise SearchQueryError(
                f"Ukjent filter «{name}» (kjente: {', '.join(FACET_FIELDS)}).", name)
        if isinstance(values, str):
            values = [values]
        selected[name] = list(dict.fromkeys(v for v in values if v))
    return selected


def _facet_values(index: SearchIndex, name: str, counts: Mapping[str, int],
                  selected: Sequence[str]) -> list[FacetValue]:
    """A facet's values with counts: the matched ones and the selected ones, most first
    (then in taxonomy or kind order, then alphabetically, æ ø å last)."""
    taxonomy = index.taxonomy
    label: Callable[[str], str]
    if name == "theme":
        label = taxonomy.label
        rank = {tid: n for n, tid in enumerate(taxonomy.ids)}
    elif name == "kind":
        label = lambda v: KIND_LABELS.get(v, v)  # noqa: E731
        rank = {kind: n for n, kind in enumerate(ITEM_KINDS)}
    else:
        label, rank = str, {}
    values = set(counts) | set(selected)
    keys = {v: (-counts.get(v, 0), rank.get(v, len(rank)), v.translate(_COLLATE).lower())
            for v in values}
    return [FacetValue(v, label(v), counts.get(v, 0), v in selected)
            for v in sorted(values, key=keys.__getitem__)]


def _did_you_mean(query: str, corrections: Mapping[str, str]) -> str | None:
    """The query with each corrected word replaced, or None when nothing was corrected."""
    if not corrections:
        return None
    def swap(match: re.Match[str]) -> str:
        return corrections.get(match.group().lower(), match.group())

    return re.sub(r"[^\W_]+", swap, query)


def search(index: SearchIndex, query: str = "",
           filters: Mapping[str, Sequence[str]] | None = None,
           page: int = 1, per_page: int = DEFAULT_PER_PAGE) -> SearchResults:
    """Search the index; an empty query browses every item (advice first).

    ``filters`` maps facet names (theme, region, county, kind) to selected values.
    Raises SearchQueryError for a query over MAX_QUERY_LENGTH characters, page < 1,
    per_page outside 1..MAX_PER_PAGE or an unknown filter name.
    """
    query = query if isinstance(query, str) else ""
    selected = _check(query, filters, page, per_page)
    parsed = parse(query)
    # Whoosh's readers seek and read shared files, and a refresh swaps the searcher:
    # one search at a time over one consistent state.
    with index.reader_lock:
        return _search(index, query, parsed, selected, page, per_page)


def _search(index: SearchIndex, query: str, parsed: ParsedQuery,
            selected: dict[str, list[str]], page: int, per_page: int) -> SearchResults:
    compiler = _Compiler(index)
    scorer = index.scorer()
    groups = [[compiler.clause(c) for c in group] for group in parsed.groups]
    vectors = [scorer.evaluate(Sum(tuple(n for n in group if n is not None)))
               for group in groups]
    excluded = [compiler.exclusion(clause) for clause in parsed.excluded]
    excluded_scores = [scorer.evaluate(node) for node in excluded if node is not None]
    partial = False
    if not vectors:
        matched = np.ones(scorer.n_docs, dtype=bool)
        scores = None
    else:
        hits_per_doc = np.sum([v > 0 for v in vectors], axis=0)
        scores = np.sum(vectors, axis=0)
        matched = hits_per_doc == len(vectors)
        if not matched.any() and len(vectors) > 1 and hits_per_doc.any():
            matched = hits_per_doc > 0  # the best partial matches: more words first
            scores = scores * (hits_per_doc / len(vectors)).astype(np.float32)
            partial = True
    for leave_out in excluded_scores:
        matched &= leave_out <= 0
    counted = count(index.facet_arrays(), matched, selected)
    total = int(counted.passing.sum())
    start = (page - 1) * per_page
    candidates = np.flatnonzero(counted.passing)
    if scores is None:
        ranked = index.browse_order(counted.passing)[start:start + per_page]
        page_scores = [0.0] * len(ranked)
    else:
        ranked = top(scores, candidates, start + per_page)[start:]
        page_scores = [float(scores[d]) for d in ranked]
    order = index.ord_of_docnum()
    marked = Highlighter(index.analyzer, compiler.marks)
    hits = []
    for docnum, score in zip(ranked, page_scores, strict=True):
        item = index.item_at(order[int(docnum)])
        hits.append(Hit(item, marked(item.text),
                        f"/dokument/{item.doc}#{item.anchor}", score))
    facets = {name: _facet_values(index, name, counted.counts[name], selected.get(name, []))
              for name in FACET_FIELDS}
    return SearchResults(query=query, total=total, page=page, per_page=per_page, hits=hits,
                         facets=facets, did_you_mean=_did_you_mean(query, compiler.corrections),
                         partial=partial)
