"""What the search page offers when a search finds nothing, so that it is no dead end.

For each filtered facet: how many hits the same search has without it, and the link
that drops it ("6 treff uten filteret Tema: Tillit"); with several, the count and
link without every filter; and when the words themselves find nothing (under no
filter either) and the search offered no correction, close words («Mente du …?»,
:func:`kb.search.close_words`) that do find something. Each count is a run of the
one search function with a page of one hit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kb.models import SearchResults
from kb.search import SearchIndex, close_words, search
from kb.web.params import SearchRequest, chips


@dataclass(frozen=True)
class Widening:
    """A changed search that finds something: what changed, its hits, and its link."""

    label: str
    count: int
    url: str


@dataclass(frozen=True)
class Recovery:
    """The ways out of an empty result (each empty when it would find nothing)."""

    without_each: list[Widening]
    without_all: Widening | None
    close_words: Widening | None


def _total(index: SearchIndex, req: SearchRequest, query: str,
           filters: Mapping[str, Sequence[str]]) -> int:
    """How many hits ``query`` has under ``filters``, searched as ``req`` searches."""
    return search(index, query, filters, 1, 1, sort=req.sort, correct=req.correct).total


def _close(index: SearchIndex, req: SearchRequest, path: str) -> Widening | None:
    """Close words of the query that find something: under the filters if they can,
    else without them. Raises SearchQueryError for an over-long query."""
    suggestion = close_words(index, req.query)
    if not suggestion or suggestion == req.query:
        return None
    for filters in (req.filters, {}):
        count = _total(index, req, suggestion, filters)
        if count:
            return Widening(suggestion, count, req.url(path, q=suggestion, filters=filters))
        if not req.filters:
            break
    return None


def recover(index: SearchIndex, req: SearchRequest, results: SearchResults,
            path: str) -> Recovery:
    """Return the ways out of ``results`` (a search of ``req`` that found nothing) as
    links to ``path``. Raises SearchQueryError as :func:`kb.search.search` does."""
    titled: dict[str, list[str]] = {}
    for chip in chips(req, results, path):
        titled.setdefault(chip.facet, [chip.facet_title]).append(chip.label)
    without_each = []
    for facet, (title, *labels) in titled.items():
        others = {name: values for name, values in req.filters.items() if name != facet}
        count = _total(index, req, req.query, others)
        if count:
            without_each.append(Widening(f"{title}: {', '.join(labels)}", count,
                                         req.url(path, filters=others)))
    unfiltered = _total(index, req, req.query, {}) if req.filters else results.total
    without_all = None
    if len(titled) > 1 and unfiltered:
        without_all = Widening("alle filtrene", unfiltered, req.url(path, filters={}))
    close = None
    if req.query.strip() and not unfiltered and not results.did_you_mean:
        close = _close(index, req, path)
    return Recovery(without_each, without_all, close)
