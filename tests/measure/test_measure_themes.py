"""Theme tagging figures: the gold file and recall / precision (no model needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.errors import InputError
from kb.measure.themes_eval import DEFAULT_THEMES_GOLD, GoldThemes, figures, load_themes_gold


def gold(must: set[str], may: set[str] | None = None) -> GoldThemes:
    return GoldThemes("tekst", frozenset(must), frozenset(may or ()))


def test_recall_counts_must_and_precision_counts_must_and_may() -> None:
    items = [gold({"tillit", "prosess"}, {"kunnskap"}), gold({"naering"})]
    predicted = [{"tillit", "kunnskap", "klima"}, {"naering"}]
    recall, precision = figures(items, predicted)
    assert recall == pytest.approx(2 / 3)      # tillit and naering of 3 musts
    assert precision == pytest.approx(3 / 4)   # klima is neither must nor may


def test_nothing_predicted_is_precision_one_and_recall_zero() -> None:
    assert figures([gold({"tillit"})], [set()]) == (0.0, 1.0)


def test_the_packaged_gold_file_reads() -> None:
    items = load_themes_gold(DEFAULT_THEMES_GOLD)
    assert len(items) == 27
    assert all(item.must for item in items)


@pytest.mark.parametrize("content", ['{"items": []}', "[1, 2]", "{not json",
                                     '{"items": [{"text": "x", "must": "tillit"}]}',
                                     '{"items": [{"must": ["tillit"]}]}'])
def test_a_bad_gold_file_names_itself(tmp_path: Path, content: str) -> None:
    path = tmp_path / "gold.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_themes_gold(path)
    assert caught.value.path == str(path)


def test_a_missing_gold_file_names_itself(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_themes_gold(tmp_path / "none.json")
    assert json.loads(DEFAULT_THEMES_GOLD.read_text(encoding="utf-8"))["items"]
