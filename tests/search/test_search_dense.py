"""The query vector cache of dense scoring (a stand-in model: the point is the cache), and
lexical builds, which have no dense scores."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
import pytest

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


class SlowModel(Model):
    """Holds every query until released, so that a test can ask again meanwhile."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.release = threading.Event()

    def query(self, text: str) -> np.ndarray:
        self.entered.set()
        self.release.wait(timeout=30)
        if text == "feil":
            raise RuntimeError("the model failed")
        return super().query(text)


def test_a_vector_on_its_way_is_waited_for_not_made_twice() -> None:
    model = SlowModel()
    cache = QueryVectors()
    got: dict[str, np.ndarray] = {}

    def ask(name: str, query: str) -> None:
        got[name] = cache.get(model, query)

    early = threading.Thread(target=ask, args=("early", "buss til byen"))
    early.start()
    assert model.entered.wait(timeout=30)  # the first request is making the vector
    again = threading.Thread(target=ask, args=("again", "buss  til byen"))
    again.start()  # asked again while on its way
    model.release.set()
    early.join(timeout=30)
    again.join(timeout=30)
    assert got["again"] is got["early"]
    assert cache.get(model, "buss til byen") is got["early"]  # cached now
    assert model.asked == ["buss til byen"]


def test_a_failed_vector_raises_to_every_asker_and_is_tried_again() -> None:
    model = SlowModel()
    model.release.set()
    cache = QueryVectors()
    with pytest.raises(RuntimeError, match="the model failed"):
        cache.get(model, "feil")
    with pytest.raises(RuntimeError, match="the model failed"):
        cache.get(model, "feil")  # not cached, not left pending: asked again
    assert len(cache) == 0


def test_a_lexical_build_has_no_dense_scores(plain_index: SearchIndex) -> None:
    assert plain_index.built.semantic.model_id is None
    assert not plain_index.semantic
    assert plain_index.dense_scores("tillit") is None
