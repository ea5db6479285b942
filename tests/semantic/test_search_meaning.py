"""Search with meaning: the all-word matches stay on top, meaning fills in below them."""

from __future__ import annotations

from pathlib import Path

import pytest
from semantic_data import Counting

from kb.search import open_index, search


def test_meaning_fills_in_below_the_all_word_matches(
        built: tuple[Path, Path, Counting]) -> None:
    _, index_dir, _ = built
    index = open_index(index_dir)
    try:
        assert index.semantic
        results = search(index, "buss til byen", per_page=20)
        assert results.semantic and results.meaning_used
        texts = [hit.item.text for hit in results.hits]
        full = [hit.item.text for hit in results.hits if not hit.partial]
        assert full == texts[:results.matched_all]  # every all-word match comes first
        # "Kollektivtilbudet er styrket" shares no word with the query: found by meaning
        # (or its theme), and listed below the literal matches
        assert "Kollektivtilbudet er styrket" in texts[results.matched_all:]
        words_only = search(index, "buss til byen", per_page=20, signals=frozenset())
        assert not words_only.semantic
        assert "Kollektivtilbudet er styrket" not in [h.item.text for h in words_only.hits]
        # nonsense finds nothing, meaning or not
        assert search(index, "qwxz zzkv").total == 0
    finally:
        index.close()


def test_odd_characters_reach_the_model_safely(built: tuple[Path, Path, Counting]) -> None:
    _, index_dir, _ = built
    index = open_index(index_dir)
    try:
        plain = search(index, "tillit")
        for odd in ("\udcff tillit", "\x00tillit", "tillit \u202e"):  # a CLI may pass lone
            assert search(index, odd).total == plain.total  # surrogates; NUL ends C strings
    finally:
        index.close()


def test_meaning_is_asked_only_where_the_words_fall_short(
        built: tuple[Path, Path, Counting], monkeypatch: pytest.MonkeyPatch) -> None:
    import kb.search.engine as engine

    _, index_dir, _ = built
    monkeypatch.setattr(engine, "MEANING_BELOW", 1)  # one all-word match is enough here
    index = open_index(index_dir)
    try:
        held = search(index, "tillit")  # the word itself, in one item
        assert held.matched_all == 1 and held.semantic and not held.meaning_used
        filtered = search(index, "tillit", {"region": ["Betaregionen"]})
        assert filtered.matched_all == 0 and filtered.meaning_used  # none under the filter
        # "kollektiv" is held only inside "Kollektivtilbudet", as a compound part: the
        # words fall short there, though an item holds it
        loose = search(index, "kollektiv")
        assert loose.matched_all >= 1 and loose.meaning_used
    finally:
        index.close()


def test_each_hit_and_explain_say_how_near_in_meaning_it_is(
        built: tuple[Path, Path, Counting]) -> None:
    from kb.search import explain

    _, index_dir, _ = built
    index = open_index(index_dir)
    try:
        results = search(index, "buss til byen", per_page=20)
        assert results.meaning_used
        why = explain(index, results)
        places = [e.meaning.place for e in why if e.meaning is not None]
        assert len(places) == len(why) and len(set(places)) == len(places)
        assert all(1 <= p <= len(index.items()) for p in places)
        assert [hit.why.meaning_place if hit.why else None for hit in results.hits] == places
        by_meaning = next(e for e, hit in zip(why, results.hits, strict=True)
                          if hit.item.text == "Kollektivtilbudet er styrket")
        assert by_meaning.lines()[-1].startswith("meaning: cosine ")
        assert set(by_meaning.to_dict()["meaning"]) == {"cosine", "place", "of"}
        held = search(index, "tillit", signals=frozenset())  # the words alone: no meaning
        assert all(e.meaning is None for e in explain(index, held))
    finally:
        index.close()

