"""The hybrid baseline's reciprocal-rank fusion (the index-backed ranking is tested with
the real model in tests/semantic/test_hybrid_baseline.py and through kb eval)."""

from __future__ import annotations

import pytest

from kb.measure.hybrid import RRF_K, reciprocal_rank_fusion


def test_each_id_scores_its_weighted_reciprocal_ranks() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "d"]], [2.0, 1.0], k=1)
    # a 2/2 = 1.0; b 2/3; c 2/4 + 1/2 = 1.0; d 1/3: a and c tie, a seen first
    assert fused == ["a", "c", "b", "d"]


def test_the_heavier_ranking_wins_a_swap_with_the_default_constant() -> None:
    # each ranking puts a different id first: the words' weight 2 decides
    assert reciprocal_rank_fusion([["w", "m"], ["m", "w"]], [2.0, 1.0])[0] == "w"
    assert reciprocal_rank_fusion([["w", "m"], ["m", "w"]], [1.0, 2.0])[0] == "m"
    assert RRF_K == 60


def test_an_empty_ranking_adds_nothing() -> None:
    assert reciprocal_rank_fusion([["a", "b"], []], [2.0, 1.0]) == ["a", "b"]


def test_rankings_and_weights_must_pair_up() -> None:
    with pytest.raises(ValueError, match="2 rankings but 1 weights"):
        reciprocal_rank_fusion([["a"], ["b"]], [1.0])
