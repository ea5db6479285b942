"""Spelling suggestions: corpus words a few edits from a misspelt word (no search engine here)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator


def _rows(a: str, b: str) -> Iterator[list[int]]:
    """Yield the rows of the Damerau-Levenshtein table of ``a`` against ``b``, first row first."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    yield prev
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        yield cur
        prev2, prev = prev, cur


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count one)."""
    *_, last = _rows(a, b)
    return last[-1]


def within(a: str, b: str, maxdist: int) -> bool:
    """Whether the edit distance is at most ``maxdist``, giving up on a row past it."""
    if abs(len(a) - len(b)) > maxdist:
        return False
    for row in _rows(a, b):
        if min(row) > maxdist:
            return False
    return row[-1] <= maxdist


class Spelling:
    """The corpus vocabulary bucketed by first letter and length, for quick lookups."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._buckets: dict[tuple[str, int], list[str]] = {}
        for word in sorted(vocabulary):
            self._buckets.setdefault((word[:1], len(word)), []).append(word)

    def near(self, word: str, frequency: Callable[[list[str]], dict[str, int]],
             limit: int = 3) -> list[str]:
        """Words within 1 edit (2 for 8+ letters) of ``word``: fewest edits first, then the
        most frequent (``frequency`` gives document counts). Only words with the same
        first letter and about the same length are compared."""
        maxdist = 1 if len(word) < 8 else 2
        found = [other for size in range(len(word) - maxdist, len(word) + maxdist + 1)
                 for other in self._buckets.get((word[:1], size), ())
                 if other != word and within(other, word, maxdist)]
        counts = frequency(found)
        found.sort(key=lambda w: (edit_distance(w, word), -counts.get(w, 0), w))
        return found[:limit]
