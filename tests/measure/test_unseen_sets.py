"""The judged sets of scripts/eval-unseen-pages.sh name items that the corpus and the ten
synthetic page layouts (as the importer reads them) hold, and themes the taxonomy has."""

from __future__ import annotations

import json
from pathlib import Path

from kb.corpus.folder import load_corpus
from kb.measure.evaluate import fold_space, load_queries
from kb.measure.themes_eval import load_themes_gold


def page_items(project_root: Path, kinds: tuple[str, ...] = ()) -> list[str]:
    """The items the importer reads from the page layouts (their golden files), of
    ``kinds`` (all kinds when empty)."""
    return [text for path in sorted((project_root / "tests/corpus/data/pages").glob("*.json"))
            for section in json.loads(path.read_text(encoding="utf-8"))["sections"]
            if not kinds or section["kind"] in kinds for text in section["items"]]


def test_every_judged_question_names_items_that_exist(project_root: Path,
                                                       project_corpus: Path) -> None:
    queries = load_queries(project_root / "tests/eval_unseen/questions.json")
    assert len(queries) == 40
    texts = [fold_space(t) for t in page_items(project_root)]
    texts += [fold_space(item.text) for item in load_corpus(project_corpus).items]
    missing = [(q.id, j.text) for q in queries for j in q.judgments
               if not any(fold_space(j.text) in text for text in texts)]
    assert missing == []


def test_every_theme_label_is_of_a_page_item_and_a_theme_of_the_taxonomy(
        project_root: Path, project_corpus: Path) -> None:
    gold = load_themes_gold(project_root / "tests/eval_unseen/themes.json")
    assert len(gold) == 40
    items = {fold_space(t) for t in page_items(project_root, ("advice", "goal"))}
    assert {fold_space(g.text) for g in gold} <= items
    ids = set(load_corpus(project_corpus).taxonomy.ids)
    assert all(g.must and g.must | g.may <= ids for g in gold)
