"""Disjunctive facet counting over per-document value arrays (numpy; no search engine here).

Each facet's selection keeps a document when one of its values is selected
(OR within a facet); different facets combine with AND. A facet's counts are
taken over the matches that pass every OTHER facet's selection, so a user can
widen as well as narrow. The arrays are built once per searcher.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np

from kb.models import Item
from kb.search.bounded import ClearingCache
from kb.vocabulary import FACET_FIELDS

SINGLE = ("region", "county", "kind")
PASSES_KEPT = 64  # selections whose masks a build keeps (each one bool per document)
# Facets an item may have several values of: the facet and the Item field holding them.
MANY = {"theme": "themes", "municipality": "municipalities"}


@dataclass
class FacetCounts:
    """Counts per facet value, and which matches pass every selection (a mask)."""

    counts: dict[str, dict[str, int]]
    passing: np.ndarray


class FacetArrays:
    """Each document's facet values: a code per document for region, county and kind; for
    the many-valued facets (themes, municipalities) a code per document of its set of
    values, and which values each set holds (sets are few: every item of a region has
    the same municipalities), so counting is one pass over the documents."""

    def __init__(self, items: Sequence[Item], order: Sequence[int]) -> None:
        """``order[docnum]`` is the corpus position of the document's item."""
        by_doc = [items[o] for o in order]
        self.size = len(by_doc)
        self._passes: ClearingCache[tuple[str, tuple[str, ...]], np.ndarray] = ClearingCache(
            PASSES_KEPT)
        self.values: dict[str, list[str]] = {}
        self.codes: dict[str, np.ndarray] = {}
        self.members: dict[str, np.ndarray] = {}  # many-valued: set code x value, 0 or 1
        for name in SINGLE:
            column = [getattr(it, name) or "" for it in by_doc]
            values = sorted({v for v in column if v})
            code_of = {v: n for n, v in enumerate(values)}
            self.values[name] = values
            self.codes[name] = np.array([code_of.get(v, -1) for v in column], dtype=np.int32)
        for name, attribute in MANY.items():
            rows: list[tuple[str, ...]] = [getattr(it, attribute) for it in by_doc]
            sets: dict[tuple[str, ...], int] = {}
            codes = np.array([sets.setdefault(row, len(sets)) for row in rows], dtype=np.int32)
            values = sorted({v for row in sets for v in row})
            value_of = {v: n for n, v in enumerate(values)}
            members = np.zeros((len(sets), len(values)), dtype=np.int64)
            for row, code in sets.items():
                members[code, [value_of[v] for v in row]] = 1
            self.values[name], self.codes[name], self.members[name] = values, codes, members

    def passes(self, name: str, wanted: Sequence[str]) -> np.ndarray:
        """Documents holding one of the wanted values of a facet (a read-only bool mask,
        kept: a search asks for the same selection when it counts the facets, when it
        decides whether to ask meaning, and for the query's themes)."""
        key = (name, tuple(sorted(set(wanted))))
        held = self._passes.get(key)
        if held is None:
            known = [self.values[name].index(v) for v in key[1] if v in self.values[name]]
            if name in MANY:
                # numpy's stubs cannot tell that a 2-D array reduced along an axis is an array
                sets = cast(np.ndarray, self.members[name][:, known].any(axis=1))
                held = sets[self.codes[name]]
            else:
                held = np.isin(self.codes[name], np.array(known, dtype=np.int32))
            held.setflags(write=False)
            self._passes.remember(key, held)
        return held

    def count(self, name: str, docs: np.ndarray) -> dict[str, int]:
        """Documents per value of a facet among ``docs`` (document numbers, or a mask);
        zero counts left out."""
        codes = self.codes[name][docs]
        if name in MANY:
            members = self.members[name]
            totals = np.bincount(codes, minlength=len(members)) @ members
        else:
            totals = np.bincount(codes[codes >= 0], minlength=len(self.values[name]))
        return {v: int(n) for v, n in zip(self.values[name], totals, strict=True) if n}


def count(arrays: FacetArrays, matches: np.ndarray,
          selected: Mapping[str, Sequence[str]]) -> FacetCounts:
    """Count facet values over ``matches`` (a mask over documents) under ``selected``.

    The facets without a selection are all counted over the same documents (those
    passing every selection), found once; a selected facet over its own.
    """
    passes = {name: arrays.passes(name, wanted) for name, wanted in selected.items() if wanted}
    passing = matches.copy()
    for mask in passes.values():
        passing &= mask
    shared = np.flatnonzero(passing)
    counts: dict[str, dict[str, int]] = {}
    for name in FACET_FIELDS:
        if name not in passes:
            counts[name] = arrays.count(name, shared)
            continue
        docs = matches.copy()
        for other, mask in passes.items():
            if other != name:
                docs &= mask
        counts[name] = arrays.count(name, np.flatnonzero(docs))
    return FacetCounts(counts, passing)


def filter_mask(arrays: FacetArrays, n_docs: int,
                selected: Mapping[str, Sequence[str]]) -> np.ndarray:
    """The documents that pass every selected filter (all of them when none is)."""
    mask = np.ones(n_docs, dtype=bool)
    for name, wanted in selected.items():
        if wanted:
            mask &= arrays.passes(name, wanted)
    return mask
