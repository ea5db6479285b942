"""The per-build caches stay bounded: full, they empty before keeping the next answer."""

from __future__ import annotations

import pytest

from kb.search import SearchIndex, search
from kb.search.bounded import ClearingCache


def test_a_full_cache_empties_before_keeping_the_next_answer() -> None:
    cache: ClearingCache[str, int] = ClearingCache(2)
    assert cache.remember("a", 1) == 1 and cache.remember("b", 2) == 2
    assert dict(cache) == {"a": 1, "b": 2}
    assert cache.remember("c", 3) == 3
    assert dict(cache) == {"c": 3}


def test_a_cache_must_hold_something() -> None:
    with pytest.raises(ValueError, match="at least one"):
        ClearingCache(0)


def test_corrections_and_phrases_are_kept_per_build_within_bounds(index: SearchIndex) -> None:
    corrections = index.cache.corrections
    phrases = index.cache.phrases
    assert isinstance(corrections, ClearingCache) and isinstance(phrases, ClearingCache)
    first = search(index, '"mer tillit" samarbied')
    assert ("samarbied", 3) in corrections and ("mer", "tillit") in phrases
    again = search(index, '"mer tillit" samarbied')
    assert [h.item.id for h in again.hits] == [h.item.id for h in first.hits]


def test_a_facet_selection_is_worked_out_once_per_build(index: SearchIndex) -> None:
    arrays = index.facet_arrays()
    first = arrays.passes("theme", ["tillit", "kunnskap"])
    assert arrays.passes("theme", ("kunnskap", "tillit", "tillit")) is first  # same selection
    assert not first.flags.writeable  # shared: nobody may change it in place
    assert first.tolist() == [("tillit" in item.themes or "kunnskap" in item.themes)
                              for item in (index.item_at(o) for o in index.ord_of_docnum())]
    region = arrays.passes("region", ["Gammaregionen"])
    assert region is not first and region.any()
    assert not arrays.passes("region", ["Ukjentregionen"]).any()
