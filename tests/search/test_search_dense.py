"""The query vector cache of dense scoring (a stand-in model: the point is the cache), and
lexical builds, which have no dense scores."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kb.search import SearchIndex
from kb.search.dense import QueryVectors


class Model:
    model_id = "test/model"
    dim = 4

    def __init__(self) -> None:
        self.asked: list[str] = []

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self.query(t) for t in texts])

    def query(self, text: str) -> np.ndarray:
        self.asked.append(text)
        return np.full(self.dim, float(len(text)), dtype=np.float32)


def test_query_vectors_are_cached_least_recently_used_first_out() -> None:
    model = Model()
    cache = QueryVectors(size=2)
    first = cache.get(model, "tillit")
    assert cache.get(model, "  tillit ") is first  # white space folded
    cache.get(model, "nettverk")
    cache.get(model, "tillit")  # used again: now the most recent
    cache.get(model, "sykkel")  # evicts nettverk
    assert len(cache) == 2
    cache.get(model, "tillit")
    cache.get(model, "nettverk")
    assert model.asked == ["tillit", "nettverk", "sykkel", "nettverk"]
    assert not first.flags.writeable  # shared between threads: read-only


def test_a_lexical_build_has_no_dense_scores(plain_index: SearchIndex) -> None:
    assert plain_index.built.semantic.model_id is None
    assert not plain_index.semantic
    assert plain_index.dense_scores("tillit") is None
