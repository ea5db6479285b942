"""Context: the items a query word names by where they stand, not by what they say.

A word matches, below its matches in the text, every item whose region, county,
document title, kind (label) or section heading holds it (also as the corpus word a
name begins with: Ålesund in Ålesundregionen), and every item of a region one of whose
municipalities it names (Sula: every item of Ålesundregionen; whole names only, so that
Leirfjord does not stand for leir). Pure: items and an analyzer in, postings out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kb.analysis import STOP_WORDS, Analyzer, stem, tokenize
from kb.models import Item

MIN_NAME_PREFIX = 4  # the shortest corpus word a place name may begin with (Ålesund|regionen)


class _Keys:
    """The word forms a text stands for, computed once per text."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.seen: dict[tuple[str, bool], set[str]] = {}

    def __call__(self, text: str, prefixes: bool) -> set[str]:
        keys = self.seen.get((text, prefixes))
        if keys is None:
            keys = set()
            vocabulary = self.analyzer.vocabulary
            for token in tokenize(text):
                if token.word in STOP_WORDS:
                    continue
                keys |= self.analyzer.forms(token.word).stems
                if prefixes:
                    keys |= {stem(token.word[:end])
                             for end in range(MIN_NAME_PREFIX, len(token.word))
                             if token.word[:end] in vocabulary}
            self.seen[(text, prefixes)] = keys
        return keys


def context_postings(items: Sequence[Item], order: Sequence[int],
                     analyzer: Analyzer) -> dict[str, np.ndarray]:
    """For each word form, the document numbers (ascending) it names by context;
    ``order[docnum]`` is the position in ``items`` of that document's item.

    Items that stand in the same place (region, county, title, kind, heading, municipalities)
    name the same words: each such place is analysed once, however many items it holds.
    """
    keys_of = _Keys(analyzer)
    places: dict[tuple[tuple[str, ...], tuple[str, ...]], list[int]] = {}
    for docnum, position in enumerate(order):
        item = items[position]
        places.setdefault((item.place_names(), item.municipalities), []).append(docnum)
    by_key: dict[str, list[np.ndarray]] = {}
    for (names, municipalities), docnums in places.items():
        keys: set[str] = set()
        for text in set(names):
            keys |= keys_of(text, prefixes=True)
        for name in municipalities:
            keys |= keys_of(name, prefixes=False)
        docs = np.asarray(docnums, dtype=np.int64)
        for key in keys:
            by_key.setdefault(key, []).append(docs)
    # each document stands in one place: the places' numbers never overlap
    return {k: np.sort(np.concatenate(v)) for k, v in by_key.items()}
