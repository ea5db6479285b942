"""The one search function that the web UI, the JSON API and the CLI all call.

A query word matches at any level (OR across fields) and ranks by its best
evidence: as written > stem/lemma > synonym > compound part, derivation or
prefix > the word restored from ASCII typing (moteplass) > a typo correction
(tilit → tillit: ``corrected`` and ``did_you_mean`` say so; ``correct=False`` searches
the words as typed and only offers the correction). Items holding every word come
first; below them the items holding some of the words or tagged with a theme
the query is about, each hit marked ``partial`` (see :mod:`kb.search.ranking`);
``matched_all`` says where the all-word matches end. Facet counts cover every
listed item (see :mod:`kb.search.facets`). ``sort`` lists the hits by relevance (the
default), region or kind (see :mod:`kb.search.sorting`); :func:`search_all` gives every
hit of a search, up to MAX_EXPORT_HITS, for the exports.

Queries are compiled (:mod:`kb.search.compiler`) into small score trees
(:mod:`kb.search.scoring`) evaluated over the postings Whoosh stores, cached per
searcher; phrases are checked on the text of the items that hold all their words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from kb.errors import SearchQueryError
from kb.models import FacetValue, Hit, MatchReasons, SearchResults
from kb.search.compiler import Compiler
from kb.search.facets import count, filter_mask
from kb.search.highlight import Highlighter, Marks
from kb.search.querysyntax import ParsedQuery, as_typed, for_meaning, parse, says_nothing
from kb.search.ranking import (
    ALL_SIGNALS,
    MEANING,
    MEANING_BELOW,
    PART_HELD,
    PARTIAL,
    RELATED,
    THEMES,
    Signals,
    rank,
)
from kb.search.scoring import Sum, has_parts
from kb.search.searcher import SearchIndex
from kb.search.sorting import RELEVANCE, check_sort, collation_key, page_of
from kb.search.suggest import replace_words
from kb.themes import ThemeMatch
from kb.vocabulary import (
    DEFAULT_PER_PAGE,
    FACET_FIELDS,
    ITEM_KINDS,
    KIND_LABELS,
    MAX_EXPORT_HITS,
    MAX_PER_PAGE,
    MAX_QUERY_LENGTH,
)


def _check_length(query: str) -> None:
    """Raises SearchQueryError for a query over MAX_QUERY_LENGTH characters."""
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchQueryError(
            f"Søket er for langt: {len(query)} tegn (høyst {MAX_QUERY_LENGTH}).", "q")


def _check(query: str, filters: Mapping[str, Sequence[str]] | None, page: int,
           per_page: int, sort: str, largest_page: int = MAX_PER_PAGE) -> dict[str, list[str]]:
    """Validate the parameters; return the selected facet values. Raises SearchQueryError."""
    _check_length(query)
    check_sort(sort)
    if not isinstance(page, int) or page < 1:
        raise SearchQueryError("Sidetallet må være 1 eller mer.", "page")
    if not isinstance(per_page, int) or not 1 <= per_page <= largest_page:
        raise SearchQueryError(f"Treff per side må være mellom 1 og {largest_page}.",
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
    keys = {v: (-counts.get(v, 0), rank.get(v, len(rank)), collation_key(v)) for v in values}
    return [FacetValue(v, label(v), counts.get(v, 0), v in selected)
            for v in sorted(values, key=keys.__getitem__)]


def _municipality_names(index: SearchIndex, values: Sequence[str]) -> list[str]:
    """Selected municipalities as the build names them, whatever their case and however
    æ, ø and å were typed ("orskog" -> "Ørskog"); an unknown name is kept as given."""
    known = index.municipalities
    return list(dict.fromkeys(m.name if (m := known.find(v)) is not None else v
                              for v in values))


def search(index: SearchIndex, query: str = "",
           filters: Mapping[str, Sequence[str]] | None = None,
           page: int = 1, per_page: int = DEFAULT_PER_PAGE, *,
           signals: frozenset[str] = ALL_SIGNALS, sort: str = RELEVANCE,
           correct: bool = True) -> SearchResults:
    """Search the index; an empty query browses every item (advice first).

    ``filters`` maps facet names (theme, region, county, kind, municipality) to selected
    values; a municipality is found by any spelling of its name.
    ``signals`` are the signals used besides the words themselves (:data:`ALL_SIGNALS`:
    partial matches, themes, related words, meaning; kb eval adds them one at a time).
    ``sort`` is one of SORT_ORDERS; ``correct=False`` searches misspelt words as typed
    (the correction is still offered in ``did_you_mean``).
    Raises SearchQueryError for a query over MAX_QUERY_LENGTH characters, page < 1,
    per_page outside 1..MAX_PER_PAGE, an unknown sort or an unknown filter name.
    """
    return _checked_search(index, query, filters, page, per_page, MAX_PER_PAGE, signals,
                           sort, correct, highlight=True)


def search_all(index: SearchIndex, query: str = "",
               filters: Mapping[str, Sequence[str]] | None = None, *, sort: str = RELEVANCE,
               correct: bool = True, limit: int = MAX_EXPORT_HITS,
               highlight: bool = True) -> SearchResults:
    """Every hit of a search, up to ``limit`` (1..MAX_EXPORT_HITS), in one run: the
    exports' results (page 1 with ``per_page=limit``; ``total`` counts every hit).
    ``highlight`` False: each hit's ``highlight`` is its text, escaped, unmarked (for
    exports that never show it: marking a thousand hits is most of such a search).

    Raises SearchQueryError as :func:`search` does, and for a limit outside
    1..MAX_EXPORT_HITS (parameter ``per_page``).
    """
    return _checked_search(index, query, filters, 1, limit, MAX_EXPORT_HITS, ALL_SIGNALS,
                           sort, correct, highlight=highlight)


def _checked_search(index: SearchIndex, query: object,
                    filters: Mapping[str, Sequence[str]] | None, page: int, per_page: int,
                    largest_page: int, signals: frozenset[str], sort: str, correct: bool,
                    *, highlight: bool) -> SearchResults:
    """Validate the parameters (raises SearchQueryError), then search under the reader lock."""
    query = query if isinstance(query, str) else ""
    selected = _check(query, filters, page, per_page, sort, largest_page)
    parsed = parse(query)
    # Whoosh's readers seek and read shared files, and a refresh swaps the searcher:
    # one search at a time over one consistent state.
    with index.reader_lock:
        return _search(index, query, parsed, selected, page, per_page, signals, sort, correct,
                       highlight)


def highlighter_for(index: SearchIndex, query: str, *, correct: bool = True) -> Highlighter:
    """Return the highlighter that marks in any text what ``query`` matches, the words
    :func:`search` marks in its hits: the query is parsed and compiled as search() does
    (stems, synonyms, compound parts, prefixes, and corrections unless ``correct`` is
    False), without scoring.

    An empty query marks nothing. Raises SearchQueryError for a query over
    MAX_QUERY_LENGTH characters.
    """
    query = query if isinstance(query, str) else ""
    _check_length(query)
    parsed = parse(query)
    with index.reader_lock:  # as in search(): one consistent state of the readers
        compiler = Compiler(index, correct=correct)
        compiler.query(parsed)
    return Highlighter(index.analyzer, compiler.marks)


def _search(index: SearchIndex, query: str, parsed: ParsedQuery,
            selected: dict[str, list[str]], page: int, per_page: int,
            signals: frozenset[str], sort: str, correct: bool,
            highlight: bool = True) -> SearchResults:
    if selected.get("municipality"):
        selected = {**selected, "municipality": _municipality_names(index,
                                                                    selected["municipality"])}
    compiler = Compiler(index, related=RELATED in signals, correct=correct)
    scorer = index.scorer()
    groups, excluded = compiler.query(parsed)
    available = MEANING in signals and index.semantic
    meaning = available and bool(groups)
    trees = [Sum(tuple(n for n in group if n is not None)) for group in groups]
    vectors = [scorer.evaluate(tree) for tree in trees]
    matching = [vector > 0 for vector in vectors]
    holding = [scorer.holds(tree) if has_parts(tree) else matched
               for tree, matched in zip(trees, matching, strict=True)]
    excluded_scores = [scorer.evaluate(node) for node in excluded if node is not None]
    themes: tuple[str, ...] = ()
    dense: np.ndarray | None = None
    if not vectors:
        matched = np.ones(scorer.n_docs, dtype=bool)
        full = matched
        scores = None
    else:
        themes = _query_themes(index, query) if THEMES in signals else ()
        coverage = _coverage(matching, holding)
        # Meaning fills in where the words fall short: a word the index does not hold as
        # such, or fewer than MEANING_BELOW items holding every word under the filters.
        if meaning and (compiler.loose or _words_fall_short(index, coverage, selected)):
            dense = index.dense_scores(for_meaning(query))
        ranking = rank(Signals(
            coverage=coverage,
            lexical=np.sum(vectors, axis=0),
            theme=_theme_share(index, themes) if themes else None,
            dense=dense), partial=PARTIAL in signals)
        matched, full, scores = ranking.listed, ranking.full, ranking.score
    for leave_out in excluded_scores:
        matched &= leave_out <= 0
    counted = count(index.facet_arrays(), matched, selected)
    total = int(counted.passing.sum())
    matched_all = int((counted.passing & full).sum())
    start = (page - 1) * per_page
    candidates = np.flatnonzero(counted.passing)
    browse = index.browse_order(counted.passing) if scores is None else candidates[:0]
    ranked = page_of(sort, index.facet_arrays(), candidates, scores, full, browse, start,
                     per_page)
    page_scores = ([0.0] * len(ranked) if scores is None
                   else [float(scores[d]) for d in ranked])
    order = index.ord_of_docnum()
    marked = Highlighter(index.analyzer, compiler.marks if highlight else Marks())
    reasons = (_reasons(index, parsed, holding, themes, dense, ranked) if vectors
               else [None] * len(ranked))
    hits = []
    for docnum, score, why in zip(ranked, page_scores, reasons, strict=True):
        item = index.item_at(order[int(docnum)])
        hits.append(Hit(item, marked(item.text), score, partial=not full[int(docnum)],
                        why=why))
    facets = {name: _facet_values(index, name, counted.counts[name], selected.get(name, []))
              for name in FACET_FIELDS}
    return SearchResults(query=query, total=total, page=page, per_page=per_page, hits=hits,
                         facets=facets, did_you_mean=replace_words(query, compiler.corrections),
                         corrected=correct and bool(compiler.corrections), sort=sort,
                         partial=total > 0 and matched_all == 0 and scores is not None,
                         matched_all=matched_all if scores is not None else total,
                         query_themes=_theme_values(index, themes, selected.get("theme", [])),
                         semantic=available, meaning_used=dense is not None)


def _reasons(index: SearchIndex, parsed: ParsedQuery, holding: list[np.ndarray],
             themes: tuple[str, ...], dense: np.ndarray | None,
             docs: np.ndarray) -> list[MatchReasons | None]:
    """Why each of ``docs`` is listed: the query words it holds and lacks (``holding``:
    per word group, where it is held), the query's themes it carries, its place by
    meaning (1 + the items nearer to the question)."""
    typed = [" OR ".join(clause.typed for clause in group) for group in parsed.groups]
    label = index.taxonomy.label
    masks = [(label(theme), index.theme_mask((theme,))) for theme in themes]
    places: np.ndarray | None = None
    if dense is not None and len(docs):
        nearer = np.sort(dense)
        places = len(dense) - np.searchsorted(nearer, dense[docs], side="right") + 1
    out: list[MatchReasons | None] = []
    for n, doc in enumerate(docs):
        held = [bool(where[doc]) for where in holding]
        out.append(MatchReasons(
            held=tuple(t for t, h in zip(typed, held, strict=True) if h),
            missing=tuple(t for t, h in zip(typed, held, strict=True) if not h),
            themes=tuple(name for name, mask in masks if mask[doc]),
            meaning_place=None if places is None else int(places[n])))
    return out


def _words_fall_short(index: SearchIndex, coverage: np.ndarray,
                      selected: Mapping[str, Sequence[str]]) -> bool:
    """Whether fewer than MEANING_BELOW items under the filters hold every query word."""
    full = coverage >= 1.0
    if int(full.sum()) < MEANING_BELOW:
        return True
    passing = filter_mask(index.facet_arrays(), len(coverage), selected)
    return int((full & passing).sum()) < MEANING_BELOW


def _coverage(matching: list[np.ndarray], holding: list[np.ndarray]) -> np.ndarray:
    """Per document, the share of the query's word groups it holds (``holding``: per group,
    where it is held; ``matching``: where it matches at all), each group weighted by
    how rare it is (log N/df, df the items holding it): holding the rare word of a
    question counts for more than holding a word most items have. A group matched but
    not held (some parts of a compound word: "fylkeskommunen" is rare, though its part
    "kommune" is in most items) counts PART_HELD of one. 1.0 exactly when every group
    is held."""
    n_docs = len(matching[0])
    weights = [math.log1p(n_docs / max(int(np.count_nonzero(held)), 1)) for held in holding]
    total = sum(weights)
    covered = np.zeros(n_docs, dtype=np.float32)
    full = np.ones(n_docs, dtype=bool)
    for weight, matched, held in zip(weights, matching, holding, strict=True):
        share = weight / total  # held: share; matched only: PART_HELD of it
        covered += matched * np.float32(share * PART_HELD)
        covered += held * np.float32(share * (1.0 - PART_HELD))
        full &= held
    return np.where(full, np.float32(1.0), np.minimum(covered, np.float32(0.999)))


def query_theme_cues(index: SearchIndex, query: str) -> list[ThemeMatch]:
    """The theme cues of ``query``, read in it as typed (less what it excludes: a cue may
    hold words the parser drops as stop words, "stole på"), but not a cue of filler words
    alone ("gode eksempler" in "hvordan få gode eksempler på …")."""
    return [match for match in index.theme_cues(as_typed(query))
            if not all(says_nothing(word) for word in match.word.lower().split())]


def _query_themes(index: SearchIndex, query: str) -> tuple[str, ...]:
    """The themes ``query`` names or cues (see :func:`query_theme_cues`), in taxonomy order."""
    found = {match.theme for match in query_theme_cues(index, query)}
    return tuple(theme for theme in index.taxonomy.ids if theme in found)


def _theme_share(index: SearchIndex, themes: tuple[str, ...]) -> np.ndarray:
    """Per document, the share of ``themes`` it is tagged with (float32 in [0, 1]): an
    item about every theme a question touches ranks above one about only one of them."""
    share = np.zeros(index.scorer().n_docs, dtype=np.float32)
    for theme in themes:
        share += index.theme_mask((theme,))
    return share / np.float32(len(themes))


def _theme_values(index: SearchIndex, themes: tuple[str, ...],
                  selected: Sequence[str]) -> list[FacetValue]:
    """The themes a query is about, each with the number of items tagged with it."""
    label = index.taxonomy.label
    return [FacetValue(t, label(t), int(index.theme_mask((t,)).sum()), t in selected)
            for t in themes]
