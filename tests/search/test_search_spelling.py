"""Spelling suggestions: the quick bounded check agrees with the full edit distance."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kb.search.spelling import Spelling, edit_distance, within

WORDS = st.text(alphabet="abcdeæøå", max_size=9)


@given(WORDS, WORDS, st.integers(min_value=0, max_value=3))
def test_within_agrees_with_the_edit_distance(a: str, b: str, maxdist: int) -> None:
    assert within(a, b, maxdist) == (edit_distance(a, b) <= maxdist)


def test_transposition_is_one_edit() -> None:
    assert edit_distance("tilit", "tillit") == 1
    assert edit_distance("smaarbeid", "samarbeid") == 1


def test_near_words_fewest_edits_then_most_frequent() -> None:
    spelling = Spelling(["tillit", "tilsit", "tittel", "samarbeid", "samarbeide"])
    counts = {"tillit": 9, "tilsit": 1}
    assert spelling.near("tilit", lambda words: {w: counts.get(w, 0) for w in words}) == [
        "tillit", "tilsit"]
    assert spelling.near("samarbied", lambda words: {}) == ["samarbeid", "samarbeide"]
    assert spelling.near("xyzzy", lambda words: {}) == []
