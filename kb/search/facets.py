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
from kb.vocabulary import FACET_FIELDS

SINGLE = ("region", "county", "kind")


@dataclass
class FacetCounts:
    """Counts per facet value, and which matches pass every selection (a mask)."""

    counts: dict[str, dict[str, int]]
    passing: np.ndarray


class FacetArrays:
    """Each document's facet values: a code per document for region, county and
    kind, and a document × theme matrix (themes are many)."""

    def __init__(self, items: Sequence[Item], order: Sequence[int]) -> None:
        """``order[docnum]`` is the corpus position of the document's item."""
        by_doc = [items[o] for o in order]
        self.size = len(by_doc)
        self.values: dict[str, list[str]] = {}
        self.codes: dict[str, np.ndarray] = {}
        for name in SINGLE:
            column = [getattr(it, name) or "" for it in by_doc]
            values = sorted({v for v in column if v})
            code_of = {v: n for n, v in enumerate(values)}
            self.values[name] = values
            self.codes[name] = np.array([code_of.get(v, -1) for v in column], dtype=np.int32)
        themes = sorted({t for it in by_doc for t in it.themes})
        row_of = {t: n for n, t in enumerate(themes)}
        self.values["theme"] = themes
        self.themes = np.zeros((len(themes), self.size), dtype=bool)
        for doc, item in enumerate(by_doc):
            for theme in item.themes:
                self.themes[row_of[theme], doc] = True

    def passes(self, name: str, wanted: Sequence[str]) -> np.ndarray:
        """Documents holding one of the wanted values of a facet."""
        known = [self.values[name].index(v) for v in wanted if v in self.values[name]]
        if name == "theme":
            if not known:
                return np.zeros(self.size, dtype=bool)
            # numpy's stubs cannot tell that a 2-D array reduced along an axis is an array
            return cast(np.ndarray, self.themes[known].any(axis=0))
        return np.isin(self.codes[name], np.array(known, dtype=np.int32))

    def count(self, name: str, docs: np.ndarray) -> dict[str, int]:
        """Documents per value of a facet among ``docs`` (a mask); zero counts left out."""
        if name == "theme":
            totals = self.themes[:, docs].sum(axis=1) if len(self.values["theme"]) else []
        else:
            codes = self.codes[name][docs]
            totals = np.bincount(codes[codes >= 0], minlength=len(self.values[name]))
        return {v: int(n) for v, n in zip(self.values[name], totals, strict=True) if n}


def count(arrays: FacetArrays, matches: np.ndarray,
          selected: Mapping[str, Sequence[str]]) -> FacetCounts:
    """Count facet values over ``matches`` (a mask over documents) under ``selected``."""
    passes = {name: arrays.passes(name, wanted) for name, wanted in selected.items() if wanted}
    counts: dict[str, dict[str, int]] = {}
    for name in FACET_FIELDS:
        docs = matches.copy()
        for other, mask in passes.items():
            if other != name:
                docs &= mask
        counts[name] = arrays.count(name, docs)
    passing = matches.copy()
    for mask in passes.values():
        passing &= mask
    return FacetCounts(counts, passing)


def filter_mask(arrays: FacetArrays, n_docs: int,
                selected: Mapping[str, Sequence[str]]) -> np.ndarray:
    """The documents that pass every selected filter (all of them when none is)."""
    mask = np.ones(n_docs, dtype=bool)
    for name, wanted in selected.items():
        if wanted:
            mask &= arrays.passes(name, wanted)
    return mask
