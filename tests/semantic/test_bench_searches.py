"""``kb bench``'s whole searches with the model on: each query's first search, then
rounds in which every query's vector is made again."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from semantic_data import Counting

from kb.measure.benchembed import format_embedding, measure_searches
from kb.search import open_index, search
from kb.semantic import Embedder


def test_whole_searches_are_timed_with_every_vector_made_anew(
        built: tuple[Path, Path, Counting]) -> None:
    corpus, _, _ = built
    queries = ["hvordan bygge tillit mellom kommunene", "tillit", "  ", "tillit"]
    figures = measure_searches(corpus, queries, rounds=2, seed=3)
    assert figures["searches"] == 2  # blank and repeated queries are asked once
    assert 0 < figures["searches_embedded"] <= 2
    assert figures["search_rounds"] == 2
    assert 0 < figures["search_first_p50_ms"] <= figures["search_first_p95_ms"]
    assert 0 < figures["search_p50_ms"] <= figures["search_p95_ms"] <= figures["search_max_ms"]
    # the long question asks the model; "tillit" alone may or may not (few items here)
    assert 0 < figures["search_meaning_p50_ms"] <= figures["search_meaning_p95_ms"]
    if figures["searches_embedded"] == 1:
        assert 0 < figures["search_words_p50_ms"] <= figures["search_words_p95_ms"]
    else:
        assert "search_words_p50_ms" not in figures
    line = format_embedding({"semantic": "on", "items": 3, "items_per_s": 1.0, "threads": 1,
                             **figures})
    assert "2 queries" in line and "then 2 rounds, vectors forgotten before each" in line
    assert "those that asked the model p50" in line


def test_forgotten_query_vectors_are_made_again(built: tuple[Path, Path, Counting],
                                                embedder: Embedder,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = type(embedder).query

    def counted(self: Embedder, text: str) -> np.ndarray:
        asked.append(text)
        return real(self, text)

    monkeypatch.setattr(type(embedder), "query", counted)
    index = open_index(built[1])
    try:
        query = "noe helt annet enn det siden sier om samarbeid"
        first = search(index, query)
        assert first.meaning_used
        search(index, query)
        read = "helt annet sier samarbeid"  # the model reads it without stop words
        assert asked == [read]  # the second search used the kept vector
        index.forget_query_vectors()
        again = search(index, query)
        assert asked == [read, read]
        assert [hit.item.id for hit in again.hits] == [hit.item.id for hit in first.hits]
    finally:
        index.close()
