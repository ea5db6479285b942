"""recall@10 and graded nDCG@10 against values worked out by hand."""

from __future__ import annotations

import json
import math

import pytest

from kb.errors import InputError
from kb.measure.evaluate import (
    DEFAULT_QUERIES,
    DEFAULT_SETS,
    Judgment,
    credited_grades,
    load_queries,
    ndcg_at_k,
    recall_at_k,
    score_queries,
)

A = Judgment("Bruk tid på å skape tillit", 2)
B = Judgment("Mer tillit", 2)
C = Judgment("tillit og kompetanse", 1)


def test_credited_grades_follow_rank_and_text_containment() -> None:
    hits = ["Noe annet", "Først: Bruk tid på å skape tillit.", "Ingenting",
            "Styrket tillit og kompetanse", "Mer tillit"]
    assert credited_grades(hits, [A, B, C]) == [0, 2, 0, 1, 2]


def test_white_space_is_folded_but_case_is_kept() -> None:
    assert credited_grades(["Mer\n   tillit\t!"], [B]) == [2]
    assert credited_grades(["mer tillit"], [B]) == [0]


def test_each_judgment_is_credited_once_and_a_hit_takes_the_best_grade() -> None:
    # The first hit contains both B (grade 2) and C (grade 1): it takes B; the
    # second hit contains only B again, which is claimed already.
    hits = ["Mer tillit og kompetanse", "Mer tillit", "Styrket tillit og kompetanse"]
    assert credited_grades(hits, [C, B]) == [2, 0, 1]


def test_recall_counts_judgments_found_in_the_top_k() -> None:
    hits = ["x", "Bruk tid på å skape tillit", "y", "tillit og kompetanse", "Mer tillit"]
    assert recall_at_k(hits, [A, B, C]) == 1.0
    assert recall_at_k(hits, [A, B, C], k=2) == pytest.approx(1 / 3)
    assert recall_at_k(hits, [A, B, C], k=1) == 0.0
    assert recall_at_k([], [A]) == 0.0


def test_graded_ndcg_by_hand() -> None:
    hits = ["x", "Bruk tid på å skape tillit", "y", "tillit og kompetanse", "Mer tillit"]
    # credited grades 0, 2, 0, 1, 2 -> gains 0, 3, 0, 1, 3 at ranks 1..5
    dcg = 3 / math.log2(3) + 1 / math.log2(5) + 3 / math.log2(6)
    # ideal: grades 2, 2, 1 -> gains 3, 3, 1 at ranks 1..3
    ideal = 3 / 1 + 3 / math.log2(3) + 1 / 2
    assert ndcg_at_k(hits, [A, B, C]) == pytest.approx(dcg / ideal)
    assert ndcg_at_k(hits, [A, B, C]) == pytest.approx(0.646052, abs=1e-6)


def test_ndcg_is_one_for_the_ideal_order_and_zero_without_relevant_hits() -> None:
    assert ndcg_at_k(["Mer tillit", "Bruk tid på å skape tillit", "tillit og kompetanse"],
                     [A, B, C]) == pytest.approx(1.0)
    assert ndcg_at_k(["x", "y"], [A, B, C]) == 0.0


def test_ndcg_only_looks_at_the_top_k() -> None:
    hits = [f"filler {n}" for n in range(10)] + ["Mer tillit"]
    assert ndcg_at_k(hits, [B]) == 0.0
    assert ndcg_at_k(hits[1:], [B]) == pytest.approx(3 / math.log2(11) / 3)


def test_score_queries_averages_per_engine_and_lists_unmatched_judgments(tmp_path) -> None:
    path = tmp_path / "q.json"
    path.write_text(json.dumps({"queries": [
        {"id": "a", "q": "tillit", "relevant": [{"text": "Mer  tillit", "grade": 2}]},
        {"id": "b", "q": "nettverk", "relevant": [{"text": "Finnes ikke", "grade": 1}]},
    ]}), encoding="utf-8")
    queries = load_queries(path)
    engines = {"kb": lambda q: ["Mer tillit"] if q == "tillit" else [],
               "fts5": lambda q: [], "whoosh": lambda q: ["x", "Mer tillit"]}
    report = score_queries(queries, engines, ["Mer tillit", "Nettverk"])
    assert report.mean("recall", "kb") == 0.5
    assert report.mean("ndcg", "kb") == 0.5
    assert report.mean("ndcg", "fts5") == 0.0
    assert report.mean("ndcg", "whoosh") == pytest.approx(1 / math.log2(3) / 2)
    assert report.unmatched == [("b", "Finnes ikke")]
    assert report.to_dict()["mean"]["kb"] == {"recall": 0.5, "ndcg": 0.5}


def test_the_packaged_judged_queries_load() -> None:
    queries = load_queries(DEFAULT_QUERIES)
    assert len(queries) >= 25
    assert {j.grade for q in queries for j in q.judgments} == {1, 2}


def test_every_packaged_set_loads_and_no_question_is_in_two() -> None:
    sets = [load_queries(path) for path in DEFAULT_SETS]
    assert [path.name for path in DEFAULT_SETS] == [
        "eval_queries.json", "eval_practice.json", "eval_dev.json", "eval_blind.json"]
    asked = [q.q.lower() for queries in sets for q in queries]
    assert len(asked) == len(set(asked))
    assert all({j.grade for q in queries for j in q.judgments} == {1, 2} for queries in sets)


@pytest.mark.parametrize("content, message", [
    ("not json", "not a JSON file"),
    ("[]", '"queries" list'),
    ('{"queries": [{"id": "x", "q": "", "relevant": [{"text": "a", "grade": 2}]}]}', '"q"'),
    ('{"queries": [{"id": "x", "q": "a", "relevant": [{"text": "a", "grade": 3}]}]}', "grade"),
    ('{"queries": [{"id": "x", "q": "a", "relevant": [{"text": "a", "grade": 2}]},'
     ' {"id": "x", "q": "b", "relevant": [{"text": "b", "grade": 2}]}]}', "used twice"),
])
def test_a_bad_queries_file_is_an_input_error_naming_the_file(tmp_path, content, message) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        load_queries(path)
    assert str(path) in str(caught.value)


def test_a_missing_queries_file_is_an_input_error(tmp_path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_queries(tmp_path / "missing.json")
