"""BM25 scoring of query trees over cached postings, vectorised with numpy.

The Whoosh index stores the postings; this module reads a term's postings once
per searcher into arrays (document numbers, term frequencies), scores them with
BM25 against field lengths kept beside the index, and evaluates a small query
tree over dense score vectors (one float per document):

- :class:`Leaf`: one term of one field, times a boost;
- :class:`Max`: the best of its children (a word's alternatives in one field);
- :class:`Sum`: the sum of its children (evidence from several fields);
- :class:`All`: the sum where every child matches;
- :class:`Parts`: the parts of one compound query word: scored as their sum, but
  the word is *held* (:meth:`TermScorer.holds`) only where every part is;
- :class:`Masked`: its child where a precomputed set of documents matches (phrases);
- :class:`Const`: a fixed score for a set of documents.

A document matches a node when its score there is above zero; it holds the node
when it matches it, except that a :class:`Parts` node is held only where every part is
("kommunene" matches "fylkeskommunen" through a part, but does not hold it).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Union

import numpy as np

from kb.search.bounded import ClearingCache

CACHE_TERMS = 4096  # postings kept per searcher (least recently used dropped)
CACHE_FREQUENCIES = 200_000  # document frequencies kept per searcher


@dataclass(frozen=True)
class Leaf:
    field: str
    term: str
    boost: float = 1.0


@dataclass(frozen=True)
class Max:
    children: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Sum:
    children: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class All:
    """The sum of its children where every child matches (an abbreviation's long form)."""

    children: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Parts:
    """The parts of one compound query word: their sum where any is found, held only
    where every one is (nowhere when ``unfound`` parts are in no text at all)."""

    children: tuple[Node, ...]
    boost: float = 1.0
    unfound: int = 0


@dataclass(frozen=True)
class Masked:
    child: Node
    docs: np.ndarray = field(compare=False)


@dataclass(frozen=True)
class Const:
    """A fixed score for a set of documents (a word naming the region or kind)."""

    docs: np.ndarray = field(compare=False)
    boost: float = 1.0


Node = Union[Leaf, Max, Sum, All, Parts, Masked, Const]  # noqa: UP007 - a runtime alias for the dataclasses


def _read_postings(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """All (document numbers, weights) of a term's postings, a block at a time."""
    ids: list[Any] = []
    weights: list[Any] = []
    if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
        # Whoosh's W3LeafMatcher (whoosh-reloaded 2.7.5, pinned): whole blocks at once.
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            if matcher._weights is None:
                matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)


class TermScorer:
    """BM25 leaf scores from the postings of one or more index shards, cached per term.

    ``readers`` are the shards' Whoosh readers in document order (a shard's
    document numbers follow the previous shard's); ``lengths`` maps each scored
    field to its per-document term counts.
    """

    def __init__(self, readers: Sequence[Any], lengths: dict[str, np.ndarray], *, b: float,
                 k1: float) -> None:
        self.readers = list(readers)
        sizes = [int(r.doc_count_all()) for r in self.readers]
        self.offsets = [sum(sizes[:k]) for k in range(len(sizes))]
        self.n_docs = sum(sizes)
        self.b, self.k1 = b, k1
        self._norm = {}
        for name, length in lengths.items():
            average = float(length.mean()) if len(length) else 1.0
            self._norm[name] = (k1 * (1 - b + b * length / max(average, 1e-9))).astype(
                np.float32)
        self._cache: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._frequency: ClearingCache[tuple[str, str], int] = ClearingCache(CACHE_FREQUENCIES)
        self._prefixes: ClearingCache[tuple[str, str, int], list[str]] = ClearingCache(
            CACHE_FREQUENCIES)
        self._lock = threading.Lock()

    def doc_frequency(self, fieldname: str, term: str) -> int:
        """How many documents hold the term (cached)."""
        key = (fieldname, term)
        found = self._frequency.get(key)
        if found is None:
            found = self._frequency.remember(
                key, sum(int(r.doc_frequency(fieldname, term)) for r in self.readers))
        return found

    def scores(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, BM25 scores) of a term; empty arrays when it is absent."""
        key = (fieldname, term)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        if self.doc_frequency(fieldname, term) == 0:
            result = (np.empty(0, np.int64), np.empty(0, np.float32))
        else:
            ids, tf = self._postings(fieldname, term)
            df = len(ids)
            idf = math.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5))
            norm = self._norm[fieldname][ids]
            result = (ids, (idf * tf * (self.k1 + 1) / (tf + norm)).astype(np.float32))
        with self._lock:
            self._cache[key] = result
            if len(self._cache) > CACHE_TERMS:
                self._cache.popitem(last=False)
        return result

    def _postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        parts = [(_read_postings(r.postings(fieldname, term)), offset)
                 for r, offset in zip(self.readers, self.offsets, strict=True)
                 if r.doc_frequency(fieldname, term)]
        if len(parts) == 1:
            (ids, tf), offset = parts[0]
            return ids + offset, tf
        return (np.concatenate([ids + offset for (ids, _), offset in parts]),
                np.concatenate([tf for (_, tf), _ in parts]))

    def expand_prefix(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        """The first ``limit`` terms (in term order) of the field that begin with ``prefix``
        (cached: walking the term table costs milliseconds in a large index, and every
        query word of five letters or more is also a prefix)."""
        key = (fieldname, prefix, limit)
        found_before = self._prefixes.get(key)
        if found_before is None:
            found_before = self._prefixes.remember(
                key, self._expand_prefix(fieldname, prefix, limit))
        return list(found_before)

    def _expand_prefix(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        found: set[str] = set()
        for reader in self.readers:
            for number, raw in enumerate(reader.expand_prefix(fieldname, prefix)):
                if number >= limit:
                    break
                found.add(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
        return sorted(found)[:limit]

    def evaluate(self, node: Node) -> np.ndarray:
        """The node's score for every document (float32, 0 where it does not match)."""
        out = np.zeros(self.n_docs, dtype=np.float32)
        self._into(node, out, 1.0)
        return out

    def holds(self, node: Node) -> np.ndarray:
        """Where each document holds the node (bool): where it matches, but a
        :class:`Parts` node only where every part matches."""
        out = np.zeros(self.n_docs, dtype=bool)
        self._held_into(node, out)
        return out

    def _held_into(self, node: Node, out: np.ndarray) -> None:
        """Mark in ``out`` the documents that hold the node."""
        if isinstance(node, Leaf):
            out[self.scores(node.field, node.term)[0]] = True  # BM25 > 0 wherever it occurs
        elif isinstance(node, (Sum, Max)):
            for child in node.children:
                self._held_into(child, out)
        elif isinstance(node, Const):
            out[node.docs] = True
        elif isinstance(node, (All, Parts)):
            if isinstance(node, Parts) and node.unfound:
                return
            every = np.ones(self.n_docs, dtype=bool)
            for child in node.children:
                every &= self.holds(child)
            out |= every
        else:
            inner = self.holds(node.child)
            keep = np.zeros(self.n_docs, dtype=bool)
            keep[node.docs] = True
            out |= inner & keep

    def _into(self, node: Node, out: np.ndarray, scale: float) -> None:
        """Add ``scale`` × the node's scores into ``out``."""
        if isinstance(node, Leaf):
            ids, scores = self.scores(node.field, node.term)
            if len(ids):
                out[ids] += scores * np.float32(scale * node.boost)
        elif isinstance(node, (Sum, Parts)):
            for child in node.children:
                self._into(child, out, scale * node.boost)
        elif isinstance(node, Max):
            best = np.zeros(self.n_docs, dtype=np.float32)
            for child in node.children:
                if isinstance(child, Leaf):
                    ids, scores = self.scores(child.field, child.term)
                    if len(ids):
                        best[ids] = np.maximum(best[ids], scores * np.float32(child.boost))
                else:
                    np.maximum(best, self.evaluate(child), out=best)
            out += best * np.float32(scale * node.boost)
        elif isinstance(node, Const):
            out[node.docs] += np.float32(scale * node.boost)
        elif isinstance(node, All):
            parts = [self.evaluate(child) for child in node.children]
            every = np.logical_and.reduce([p > 0 for p in parts])
            out += np.where(every, np.sum(parts, axis=0), np.float32(0)) * np.float32(
                scale * node.boost)
        else:
            inner = self.evaluate(node.child)
            keep = np.zeros(self.n_docs, dtype=bool)
            keep[node.docs] = True
            out += np.where(keep, inner, np.float32(0)) * np.float32(scale)


def has_parts(node: Node) -> bool:
    """Whether the tree holds a :class:`Parts` node (else it is held where it scores)."""
    if isinstance(node, Parts):
        return True
    if isinstance(node, (Sum, Max, All)):
        return any(has_parts(child) for child in node.children)
    return isinstance(node, Masked) and has_parts(node.child)


def top(scores: np.ndarray, candidates: np.ndarray, limit: int) -> np.ndarray:
    """The best ``limit`` candidates by score, ties in document order."""
    if len(candidates) == 0 or limit <= 0:
        return candidates[:0]
    values = scores[candidates]
    if len(candidates) > limit:
        kth = np.partition(values, len(values) - limit)[len(values) - limit]
        keep = values >= kth  # every tie of the last place, so ties stay in document order
        candidates, values = candidates[keep], values[keep]
    order = np.lexsort((candidates, -values))
    return candidates[order][:limit]
