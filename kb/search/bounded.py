"""A dict of computed answers that empties itself when full: the per-build caches of
document frequencies, prefix expansions, corrections and phrase matches."""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class ClearingCache(dict[K, V]):
    """Answers by key, at most ``limit`` of them: adding one more empties the cache first.

    Emptying rather than evicting keeps every read a plain ``dict.get`` (no bookkeeping,
    safe to share between threads under the GIL); these caches hold answers that are
    cheap enough to recompute, and a full cache means the workload moved on.
    """

    def __init__(self, limit: int) -> None:
        super().__init__()
        if limit < 1:
            raise ValueError(f"a cache must hold at least one answer, not {limit}")
        self.limit = limit

    def remember(self, key: K, value: V) -> V:
        """Keep ``value`` under ``key`` (emptying the cache first when it is full); return it."""
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
