"""The meaning signal of an open build: the cosine of a query to every item.

A build made with a model stores its items' passage vectors (``vectors.npy``);
here they are put in Whoosh document-number order, and a query's vector (from
the same model, kept in a small LRU cache) scores all of them in one product.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import numpy as np

from kb.index import store
from kb.semantic import Embedder, load_embedder

log = logging.getLogger(__name__)

QUERY_CACHE_SIZE = 256


class QueryVectors:
    """A thread-safe LRU cache of query vectors, keyed by model id and white-space-folded
    query (so it outlives a refresh to a build made with the same model).

    A request asking for a vector another request is making (the same query at the same
    time) waits for it rather than embedding the query twice.
    """

    def __init__(self, size: int = QUERY_CACHE_SIZE) -> None:
        self.size = size
        self._vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._pending: dict[tuple[str, str], Future[np.ndarray]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._vectors)

    def clear(self) -> None:
        """Forget every cached vector (vectors being made are still handed out)."""
        with self._lock:
            self._vectors.clear()

    def get(self, embedder: Embedder, query: str) -> np.ndarray:
        """The query's vector: cached, on its way (waited for), or embedded now in this
        thread. Raises what the model raises (to every request waiting for it; a failed
        vector is not cached)."""
        key = (embedder.model_id, " ".join(query.split()))
        with self._lock:
            vector = self._vectors.get(key)
            if vector is not None:
                self._vectors.move_to_end(key)
                return vector
            pending = self._pending.get(key)
            making = pending is None
            if pending is None:
                pending = self._pending[key] = Future()
        if making:  # outside the lock: the other queries are not held up meanwhile
            return self._make(embedder, key, pending)
        return pending.result()

    def _make(self, embedder: Embedder, key: tuple[str, str],
              mine: Future[np.ndarray]) -> np.ndarray:
        """Embed the query of ``key`` in this thread, cache it, hand it to the waiting."""
        try:
            vector = embedder.query(key[1])
            vector.setflags(write=False)
        except BaseException as error:
            with self._lock:
                del self._pending[key]
            mine.set_exception(error)
            raise
        with self._lock:
            del self._pending[key]
            self._vectors[key] = vector
            self._vectors.move_to_end(key)
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        mine.set_result(vector)
        return vector


class DenseScorer:
    """Cosines of queries to the items of one build, by Whoosh document number."""

    def __init__(self, vectors: np.ndarray, order: np.ndarray, embedder: Embedder,
                 queries: QueryVectors) -> None:
        """``vectors``: rows in item order; ``order``: the item position of each document
        number. Raises ValueError when they do not fit the model or each other."""
        if vectors.ndim != 2 or vectors.shape[1] != embedder.dim or \
                (len(order) and int(order.max()) >= len(vectors)):
            raise ValueError(f"vectors of shape {vectors.shape} do not fit {len(order)} "
                             f"documents and the model's {embedder.dim} dimensions")
        identity = len(order) == len(vectors) and bool(np.array_equal(order,
                                                                      np.arange(len(order))))
        self.vectors: np.ndarray = vectors if identity else np.ascontiguousarray(vectors[order])
        self.embedder = embedder
        self.queries = queries

    def scores(self, query: str) -> np.ndarray | None:
        """The (documents,) float32 cosines of ``query`` to every item, or None for a
        blank query. Raises what the model raises."""
        if not query.strip():
            return None
        vector = self.queries.get(self.embedder, query)
        return np.asarray(self.vectors @ vector, dtype=np.float32)


def open_dense(path: Path, model_id: str | None, order: Callable[[], np.ndarray],
               queries: QueryVectors) -> DenseScorer | None:
    """The dense scorer of the build folder ``path`` whose vectors ``model_id`` made
    (``order``: item position by document number), or None when it has no vectors or
    that model is not loaded here (logged)."""
    if model_id is None:
        return None
    embedder = load_embedder()
    if embedder is None or embedder.model_id != model_id:
        log.warning("index %s has vectors of %s but that model is not loaded here: "
                    "searching by words only", path, model_id)
        return None
    vectors = store.read_vectors(path)
    if vectors is None:
        return None
    try:
        return DenseScorer(vectors, order(), embedder, queries)
    except ValueError as error:
        log.warning("index %s: %s; searching by words only", path, error)
        return None
