"""What an open index computes once per build (and drops when it switches builds)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kb.models import Item
from kb.search.bounded import ClearingCache
from kb.search.dense import DenseScorer
from kb.search.facets import FacetArrays
from kb.search.scoring import TermScorer
from kb.search.spelling import Spelling
from kb.themes import Tagger

MAX_CACHED_CORRECTIONS = 4096  # misspelt words whose corrections are kept per build
MAX_CACHED_PHRASES = 1024  # phrases whose documents are kept per build


@dataclass
class BuildCaches:
    """What a searcher computes once per build and drops on refresh."""

    ord: list[int] | None = None
    facets: FacetArrays | None = None
    scorer: TermScorer | None = None
    context: dict[str, np.ndarray] | None = None
    browse: np.ndarray | None = None
    spelling: Spelling | None = None
    fold: dict[str, set[str]] | None = None
    tagger: Tagger | None = None
    dense: DenseScorer | None = None
    dense_checked: bool = False
    by_doc: dict[str, list[Item]] | None = None  # each document's items, in corpus order
    by_region: dict[str, list[Item]] | None = None  # each region's items, in corpus order
    # the corrections found per (word, limit): a misspelt word costs milliseconds to
    # correct in a large vocabulary, and users repeat their typos
    corrections: ClearingCache[tuple[str, int], list[str]] = field(
        default_factory=lambda: ClearingCache(MAX_CACHED_CORRECTIONS))
    # the documents holding each phrase searched (checked word by word in the items' text)
    phrases: ClearingCache[tuple[str, ...], np.ndarray] = field(
        default_factory=lambda: ClearingCache(MAX_CACHED_PHRASES))
