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
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from kb.index import store
from kb.semantic import Embedder, load_embedder

log = logging.getLogger(__name__)

QUERY_CACHE_SIZE = 256


class QueryVectors:
    """A thread-safe LRU cache of query vectors, keyed by model id and white-space-folded
    query (so it outlives a refresh to a build made with the same model).

    Vectors are made on one embedding thread, and asking for a vector already on its
    way (the same query from another request) waits for it rather than embedding the
    query twice. (Starting a question's vector before its words are scored was tried
    and measured: no faster on 2 cores, where the model's two threads and the scoring
    then compete for them.)
    """

    def __init__(self, size: int = QUERY_CACHE_SIZE) -> None:
        self.size = size
        self._vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._pending: dict[tuple[str, str], Future[np.ndarray]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._vectors)

    def start(self, embedder: Embedder, query: str) -> Future[np.ndarray]:
        """The query's vector as a future: done when cached, else on its way (started
        now, or by an earlier call)."""
        key = (embedder.model_id, " ".join(query.split()))
        with self._lock:
            vector = self._vectors.get(key)
            if vector is not None:
                self._vectors.move_to_end(key)
                done: Future[np.ndarray] = Future()
                done.set_result(vector)
                return done
            pending = self._pending.get(key)
            if pending is None:
                pending = _EMBEDDING.submit(self._embed, embedder, key)
                self._pending[key] = pending
            return pending

    def get(self, embedder: Embedder, query: str) -> np.ndarray:
        """The query's vector: cached, on its way, or embedded now. Raises what the model
        raises."""
        return self.start(embedder, query).result()

    def _embed(self, embedder: Embedder, key: tuple[str, str]) -> np.ndarray:
        try:
            vector = embedder.query(key[1])
            vector.setflags(write=False)
            with self._lock:
                self._vectors[key] = vector
                self._vectors.move_to_end(key)
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
            return vector
        finally:
            with self._lock:
                self._pending.pop(key, None)


# The one thread queries are embedded on (the model serialises its calls anyway).
_EMBEDDING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-query-embedding")


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
