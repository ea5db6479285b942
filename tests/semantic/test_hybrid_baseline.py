"""kb eval's hybrid baseline on a real index with the real model: words first, meaning
below, and the words alone where the build has no vectors."""

from __future__ import annotations

from pathlib import Path

from semantic_data import Counting

from kb.measure.hybrid import hybrid_ranking
from kb.search import open_index, search
from kb.search.ranking import PARTIAL


def _ids(index_dir: Path, query: str, signals: frozenset[str]) -> list[str]:
    index = open_index(index_dir)
    try:
        return [hit.item.id for hit in search(index, query, per_page=20,
                                              signals=signals).hits]
    finally:
        index.close()


def test_the_hybrid_lists_the_word_matches_then_what_meaning_adds(
        built: tuple[Path, Path, Counting]) -> None:
    _, index_dir, _ = built
    words = _ids(index_dir, "buss til byen", frozenset({PARTIAL}))
    index = open_index(index_dir)
    try:
        texts = {item.id: item.text for item in index.items()}
        ranked = hybrid_ranking(index, "buss til byen", limit=len(texts))
    finally:
        index.close()
    assert words and ranked[0] == words[0]  # the words' first, weighted 2 : 1
    assert sorted(ranked) == sorted(texts)  # meaning ranks every item
    assert len(set(ranked)) == len(ranked)
    # an item no query word is in, reached through meaning only
    assert "Kollektivtilbudet er styrket" in [texts[i] for i in ranked if i not in words]


def test_without_vectors_the_hybrid_is_the_words_ranking(
        built: tuple[Path, Path, Counting], tmp_path: Path) -> None:
    corpus, _, _ = built
    from kb.index import build_index

    lexical = tmp_path / "index"
    build_index(corpus, lexical, embedder=None)
    index = open_index(lexical)
    try:
        assert not index.semantic
        ranked = hybrid_ranking(index, "buss til byen")
    finally:
        index.close()
    assert ranked == _ids(lexical, "buss til byen", frozenset({PARTIAL}))[:10]
