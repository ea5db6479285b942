"""The one search function that the web UI, the JSON API and the CLI all call.

Each query word must match (AND across words), at any level (OR across fields),
and ranks by its best evidence: as written > stem/lemma > synonym > compound
part, derivation or prefix > the word restored from ASCII typing (moteplass) >
a typo correction (tilit → tillit, offered as "did you mean"). When no item
matches every word, the best partial matches come back with ``partial=True``.
Facet counts cover every match (see :mod:`kb.facets`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from whoosh.query import (
    And,
    AndNot,
    DisjunctionMax,
    Every,
    NullQuery,
    Or,
    Phrase,
    Query,
    Term,
)
from whoosh.searching import Searcher

from kb.analysis import FAR, STOP_WORDS, fold, normalize, restore_digraphs, stem
from kb.errors import SearchQueryError
from kb.facets import count
from kb.highlight import Marks, highlight
from kb.index import SearchIndex
from kb.models import FACET_FIELDS, ITEM_KINDS, KIND_LABELS, FacetValue, Hit, SearchResults
from kb.querysyntax import Clause, ParsedQuery, parse

MAX_QUERY_LENGTH = 500  # characters; a longer query is refused (SearchQueryError)
MAX_PER_PAGE = 100
MAX_EXPANSION = 64  # terms a prefix may expand to
MAX_FUZZY = 3  # corrections tried for a misspelt word
MIN_AUTO_PREFIX = 5  # a word this long also matches words it begins (compounds)
MIN_FUZZY = 5

W_EXACT, W_STEM, W_SYN, W_PART, W_PREFIX, W_CONTEXT = 4.0, 2.5, 1.5, 1.0, 0.8, 0.4
ALT_DIGRAPH, ALT_FOLD, ALT_FUZZY = 0.9, 0.6, 0.5
ALT_ABBREVIATION = 0.6
W_FAR = 0.7  # share of W_PART for a distant derivation (organisering → organisasjon)


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count one)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


class _Compiler:
    """Clauses → Whoosh queries, recording the terms searched (for highlights)."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.reader = index.searcher.reader()
        self.analyzer = index.analyzer
        self.marks = Marks()
        self.corrections: dict[str, str] = {}

    def _has(self, field: str, text: str) -> bool:
        return self.reader.doc_frequency(field, text) > 0

    def _prefix_terms(self, field: str, prefix: str) -> list[str]:
        out = []
        for raw in self.reader.expand_prefix(field, prefix):
            out.append(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
            if len(out) >= MAX_EXPANSION:
                break
        return out

    def _levels(self, word: str, weight: float) -> tuple[Query | None, bool]:
        """The query of one word at every level, and whether anything in the index matched."""
        forms = self.analyzer.forms(word)
        subs: list[Query] = []
        found = False
        if self._has("exact", word):
            subs.append(Term("exact", word, boost=W_EXACT * weight))
            self.marks.exact.add(word)
            found = True
        if word in STOP_WORDS:
            return (Or(subs) if subs else None), found
        stems = [s for s in sorted(forms.stems) if self._has("stem", s)]
        if stems:
            subs.append(DisjunctionMax([Term("stem", s) for s in stems], boost=W_STEM * weight))
            self.marks.stems.update(stems)
        # The syn field holds synonym groups, and the stems an abbreviation stands for.
        groups = [g for g in sorted(forms.groups | forms.stems) if self._has("syn", g)]
        if groups:
            subs.append(DisjunctionMax([Term("syn", g) for g in groups], boost=W_SYN * weight))
            self.marks.syn.update(groups)
        compound: list[Query] = []
        pieces = forms.parts or (forms.stems | forms.roots | forms.groups,)
        piece_queries = []
        for piece in pieces:
            present = [t for t in sorted(piece) if self._has("part", t)]
            if present:
                piece_queries.append(DisjunctionMax([
                    Term("part", t, boost=W_FAR if t.startswith(FAR) else 1.0)
                    for t in present]))
                self.marks.part.update(present)
        if piece_queries:
            compound.append(Or(piece_queries))
        if len(word) >= MIN_AUTO_PREFIX:
            longer = [t for t in self._prefix_terms("exact", word) if t != word]
            if longer:
                compound.append(Or([Term("exact", t) for t in longer], boost=W_PREFIX / W_PART))
                self.marks.exact.update(longer)
        if compound:
            subs.append(DisjunctionMax(compound, boost=W_PART * weight))
        context = stem(normalize(word))
        if self._has("context", context):
            subs.append(Term("context", context, boost=W_CONTEXT * weight))
        found = found or bool(subs)
        return (Or(subs) if subs else None), found

    def _alternatives(self, word: str) -> list[tuple[str, float]]:
        """Words meant when ``word`` itself matches nothing: ASCII-typed æøå, then typos."""
        vocabulary = self.analyzer.vocabulary
        folds = self.index.fold_map()
        keys = {fold(word), fold(stem(fold(word)))}
        restored = sorted({w for key in keys for w in folds.get(key, ()) if w != word})
        if restored and word.isascii():
            return [(w, ALT_FOLD) for w in restored[:MAX_FUZZY * 2]]
        if len(word) < MIN_FUZZY or not word.isalpha():
            return []
        maxdist = 1 if len(word) < 8 else 2
        near = {w for w in self.reader.terms_within("exact", word, maxdist, prefix=1)
                if w in vocabulary and w != word}
        ranked = sorted(near, key=lambda w: (_distance(w, word),
                                             -self.reader.doc_frequency("exact", w), w))
        if ranked:
            self.corrections[word] = ranked[0]
        return [(w, ALT_FUZZY) for w in ranked[:MAX_FUZZY]]

    def word(self, word: str) -> Query:
        """One query word: its own levels, the æøå restoration of ae/oe/aa, else corrections."""
        own, found = self._levels(word, 1.0)
        options = [own] if own is not None else []
        digraphs = restore_digraphs(word)
        if digraphs != word:
            alt, alt_found = self._levels(digraphs, ALT_DIGRAPH)
            found = found or alt_found
            if alt is not None:
                options.append(alt)
        if not found or (word.isascii() and not self._has("stem", stem(word))
                         and not self._has("exact", word)):
            for alternative, weight in self._alternatives(word):
                alt, _ = self._levels(alternative, weight)
                if alt is not None:
                    options.append(alt)
        long_form = [w for w in self.analyzer.abbreviations.get(word, ()) if w not in STOP_WORDS]
        if long_form:  # STP → strategisk næringsplan
            parts = [self._levels(w, ALT_ABBREVIATION)[0] for w in long_form]
            if all(q is not None for q in parts):
                options.append(And(parts))
        if not options:
            return NullQuery
        return options[0] if len(options) == 1 else Or(options)

    def clause(self, clause: Clause) -> Query:
        """A word, a prefix (``word*``) or a phrase."""
        if clause.prefix:
            terms = self._prefix_terms("exact", clause.words[0])
            self.marks.exact.update(terms)
            return Or([Term("exact", t, boost=W_EXACT) for t in terms]) if terms else NullQuery
        if clause.is_phrase:
            self.marks.phrases.append(clause.words)
            stems = [stem(normalize(w)) for w in clause.words]
            return Or([Phrase("exact", list(clause.words), boost=W_EXACT),
                       Phrase("stemseq", stems, boost=W_STEM)])
        return self.word(clause.words[0])

    def exclusion(self, clause: Clause) -> Query:
        """What ``-word`` leaves out: the word as written and its inflections."""
        if clause.is_phrase or clause.prefix:
            saved = self.marks
            self.marks = Marks()
            query = self.clause(clause)
            self.marks = saved
            return query
        word = clause.words[0]
        forms = self.analyzer.forms(word)
        return Or([Term("exact", word)] + [Term("stem", s) for s in sorted(forms.stems)])


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
    """A facet's values with counts: the matched ones and the selected ones, most first."""
    taxonomy = index.taxonomy
    values = set(counts) | set(selected)
    if name == "theme":
        rank = {tid: n for n, tid in enumerate(taxonomy.ids)}
        label = taxonomy.label
    elif name == "kind":
        rank = {kind: n for n, kind in enumerate(ITEM_KINDS)}
        label = lambda v: KIND_LABELS.get(v, v)  # noqa: E731
    else:
        rank = {}
        label = str
    ordered = sorted(values, key=lambda v: (-counts.get(v, 0), rank.get(v, len(rank)),
                                            v.translate(_COLLATE).lower()))
    return [FacetValue(v, label(v), counts.get(v, 0), v in selected) for v in ordered]


def _did_you_mean(query: str, corrections: Mapping[str, str]) -> str | None:
    """The query with each corrected word replaced, or None when nothing was corrected."""
    if not corrections:
        return None
    import re

    def swap(match: re.Match[str]) -> str:
        return corrections.get(match.group().lower(), match.group())

    return re.sub(r"[^\W_]+", swap, query)


def search(index: SearchIndex, query: str = "",
           filters: Mapping[str, Sequence[str]] | None = None,
           page: int = 1, per_page: int = 10) -> SearchResults:
    """Search the index; an empty query browses every item (advice first).

    ``filters`` maps facet names (theme, region, county, kind) to selected values.
    Raises SearchQueryError for a query over MAX_QUERY_LENGTH characters, page < 1,
    per_page outside 1..MAX_PER_PAGE or an unknown filter name.
    """
    query = query if isinstance(query, str) else ""
    selected = _check(query, filters, page, per_page)
    parsed = parse(query)
    searcher = index.searcher
    compiler = _Compiler(index)
    positive = [Or([compiler.clause(c) for c in group]) if len(group) > 1
                else compiler.clause(group[0]) for group in parsed.groups]
    excluded = Or([compiler.exclusion(c) for c in parsed.excluded]) if parsed.excluded else None
    base: Query = Every() if parsed.empty else (
        And(positive) if len(positive) > 1 else positive[0])
    matches = _matches(searcher, base, excluded)
    partial = False
    if not matches and len(positive) > 1:
        base = Or(positive)
        matches = _matches(searcher, base, excluded)
        partial = bool(matches)
    if excluded is not None:
        base = AndNot(base, excluded)
    counted = count(index.facet_arrays(), matches, selected)
    total = len(counted.passing)
    start = (page - 1) * per_page
    ranked = _rank(index, base, parsed, counted.passing, positive if partial else None,
                   start + per_page, filtered=bool(selected and any(selected.values())))
    hits = []
    for docnum, score in ranked[start:start + per_page]:
        item = index.item_at(index.ord_of_docnum()[docnum])
        hits.append(Hit(item, highlight(item.text, index.analyzer, compiler.marks),
                        f"/dokument/{item.doc}#{item.anchor}", score))
    facets = {name: _facet_values(index, name, counted.counts[name], selected.get(name, []))
              for name in FACET_FIELDS}
    return SearchResults(query=query, total=total, page=page, per_page=per_page, hits=hits,
                         facets=facets, did_you_mean=_did_you_mean(query, compiler.corrections),
                         partial=partial)


def _matches(searcher: Searcher, base: Query, excluded: Query | None) -> list[int]:
    """Document numbers matching ``base`` and not ``excluded``."""
    if excluded is not None:
        base = AndNot(base, excluded)
    return sorted(searcher.docs_for_query(base))


def _rank(index: SearchIndex, base: Query, parsed: ParsedQuery, passing: list[int],
          groups: list[Query] | None, limit: int, filtered: bool) -> list[tuple[int, float]]:
    """(docnum, score) of the best ``limit`` passing matches, best first.

    Browsing: advice first, then corpus order. Partial matches (``groups``): the
    score is scaled by the share of query groups a document matches.
    """
    order = index.ord_of_docnum()
    if parsed.empty:
        advice = [d for d in passing if index.item_at(order[d]).kind == "advice"]
        rest = [d for d in passing if index.item_at(order[d]).kind != "advice"]
        key = order.__getitem__
        return [(d, 0.0) for d in sorted(advice, key=key) + sorted(rest, key=key)][:limit]
    if not passing:
        return []
    allowed = set(passing)
    searcher = index.searcher
    if groups is None:
        found = searcher.search(base, limit=limit, filter=allowed if filtered else None)
        return [(hit.docnum, hit.score) for hit in found]
    found = searcher.search(base, limit=None, filter=allowed)
    matched = [set(searcher.docs_for_query(g)) for g in groups]
    scored = []
    for hit in found:
        share = sum(hit.docnum in m for m in matched) / len(groups)
        scored.append((hit.docnum, hit.score * share))
    scored.sort(key=lambda pair: (-pair[1], order[pair[0]]))
    return scored[:limit]
