"""Disjunctive facet counting over per-document value arrays (no search engine here).

Each facet's selection keeps a document when one of its values is selected
(OR within a facet); different facets combine with AND. A facet's counts are
taken over the matches that pass every OTHER facet's selection, so a user can
widen as well as narrow. One pass over the matches counts every facet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kb.models import FACET_FIELDS, Item


@dataclass
class FacetArrays:
    """For each document number, its values per facet (a tuple: themes are many)."""

    values: dict[str, list[tuple[str, ...]]]

    @classmethod
    def from_items(cls, items: Sequence[Item], order: Sequence[int]) -> FacetArrays:
        """Arrays indexed by document number; ``order[docnum]`` is the item's corpus position."""
        per_item = {
            "theme": [it.themes for it in items],
            "region": [(it.region,) if it.region else () for it in items],
            "county": [(it.county,) if it.county else () for it in items],
            "kind": [(it.kind,) for it in items],
        }
        return cls({name: [column[o] for o in order] for name, column in per_item.items()})


@dataclass
class FacetCounts:
    """Counts per facet value, and the matches that pass every selection."""

    counts: dict[str, Counter[str]]
    passing: list[int]


def count(arrays: FacetArrays, matches: Iterable[int],
          selected: Mapping[str, Sequence[str]]) -> FacetCounts:
    """Count facet values over ``matches`` (document numbers) under ``selected``."""
    active = [(name, frozenset(vals)) for name, vals in selected.items() if vals]
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACET_FIELDS}
    passing: list[int] = []
    columns = {name: arrays.values[name] for name in FACET_FIELDS}
    if not active:
        for doc in matches:
            passing.append(doc)
            for name in FACET_FIELDS:
                counts[name].update(columns[name][doc])
        return FacetCounts(counts, passing)
    for doc in matches:
        failed = None
        failures = 0
        for name, wanted in active:
            if wanted.isdisjoint(columns[name][doc]):
                failures += 1
                failed = name
                if failures > 1:
                    break
        if failures == 0:
            passing.append(doc)
            for name in FACET_FIELDS:
                counts[name].update(columns[name][doc])
        elif failures == 1:
            assert failed is not None
            counts[failed].update(columns[failed][doc])
    return FacetCounts(counts, passing)
