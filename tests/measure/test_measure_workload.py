"""The benchmark's query mix and query files (kb.measure.benchdata), and percentiles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.errors import InputError
from kb.measure.bench import percentile
from kb.measure.benchdata import BenchQuery, judged_queries, load_bench_queries, query_mix

TEXTS = [
    "Bruk tid på å skape tillit mellom kommunene i regionen",
    "Lag gode møteplasser for næringslivet og kommunene",
    "Kollektivtilbudet i regionen har blitt styrket gjennom samarbeidet",
    "Samarbeidet mellom kommunene og næringslivet har gitt mer tillit",
    "Regional utvikling krever tillit, samarbeidet og gode møteplasser",
    "Næringslivet i regionen fikk en strategisk næringsplan for kommunene",
    "Kollektivtransport binder regionen sammen og styrker samarbeidet",
    "Samarbeid om samarbeidsavtalen",
] * 3
REGIONS = [("Ålesundregionen", "Møre og Romsdal"), ("Bodø", "Nordland")]


def test_the_query_mix_is_deterministic_and_covers_every_type() -> None:
    mix = query_mix(TEXTS, REGIONS, ["tillit", "samarbeid"], seed=3)
    assert mix == query_mix(TEXTS, REGIONS, ["tillit", "samarbeid"], seed=3)
    categories = {q.category for q in mix}
    assert {"common", "two words", "phrase", "prefix", "typo", "compound part",
            "facet filter", "browse"} <= categories
    words = {w.lower() for t in TEXTS for w in t.replace(",", "").split()}
    for query in mix:
        if query.category == "prefix":
            assert query.q.endswith("*") and any(w.startswith(query.q[:-1]) for w in words)
        if query.category == "phrase":
            assert query.q.startswith('"') and query.q.endswith('"')
            assert any(query.q.strip('"') in t.lower() for t in TEXTS)
        if query.category == "typo":
            assert query.q not in words
        if query.category == "two words":
            first, second = query.q.split()
            assert any(first in t.lower() and second in t.lower() for t in TEXTS)
    filters = [q.filters for q in mix if q.filters]
    assert {"region": ["Ålesundregionen"]} in filters
    assert any("theme" in f and "county" in f for f in filters)
    assert any(q.q == "" and not q.filters for q in mix)


def test_a_compound_part_begins_a_longer_word() -> None:
    mix = query_mix(TEXTS, REGIONS, ["tillit"], seed=1)
    parts = [q.q for q in mix if q.category == "compound part"]
    assert "kollektiv" not in parts  # five letters: too short to count
    assert "samarbeidet" not in parts
    assert "samarbeid" in parts  # begins samarbeidsavtalen (and samarbeidet)
    texts = [*TEXTS, "Kommunikasjonsarbeidet og kommunikasjon", "Kommunikasjon"]
    mix = query_mix(texts, REGIONS, ["tillit"], seed=1)
    assert "kommunikasjon" in [q.q for q in mix if q.category == "compound part"]


def test_judged_queries_join_the_mix_as_their_own_type() -> None:
    judged = judged_queries()
    assert BenchQuery("tillit", {}, "judged") in judged
    assert len(judged) >= 25


def test_query_files_json_and_lines(tmp_path) -> None:
    path = tmp_path / "q.json"
    path.write_text(json.dumps(["tillit", {"q": "nettverk", "filters": {"kind": ["advice"]}}]),
                    encoding="utf-8")
    assert load_bench_queries(path) == [BenchQuery("tillit"),
                                        BenchQuery("nettverk", {"kind": ["advice"]})]
    lines = tmp_path / "q.txt"
    lines.write_text("tillit\n\n  \"regional utvikling\"  \n", encoding="utf-8")
    assert load_bench_queries(lines) == [BenchQuery("tillit"), BenchQuery('"regional utvikling"')]


@pytest.mark.parametrize("name, content, message", [
    ("q.json", "{", "not a JSON file"),
    ("q.json", '{"q": "x"}', "expected a list"),
    ("q.json", '[{"q": 3}]', "query 1"),
    ("q.json", '["a", {"q": "b", "filters": {"kind": "advice"}}]', "query 2"),
    ("q.txt", "\n \n", "no queries"),
])
def test_bad_query_files_are_input_errors(tmp_path, name, content, message) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_bench_queries(path)
    with pytest.raises(InputError, match="cannot read"):
        load_bench_queries(tmp_path / "missing.txt")


def test_percentile_interpolates_linearly() -> None:
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(values, 50) == 3.0
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 5.0
    assert percentile(values, 95) == pytest.approx(4.8)
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 50) == 0.0


def test_the_generated_corpus_has_exactly_n_items_of_every_kind_in_40_regions(
        tmp_path: Path, project_corpus: Path) -> None:
    from kb.corpus import load_corpus
    from kb.measure.benchdata import generate_corpus
    from kb.vocabulary import ITEM_KINDS

    source_dir = project_corpus
    source = load_corpus(source_dir)
    workload = generate_corpus(source, source_dir, tmp_path / "a", 1000, seed=7)
    generated = load_corpus(tmp_path / "a")
    assert len(generated.items) == 1000
    assert {item.kind for item in generated.items} == set(ITEM_KINDS)
    assert len({item.region for item in generated.items}) == 40
    assert len(workload.regions) == 40
    assert generated.taxonomy.ids == source.taxonomy.ids
    assert generated.taxonomy.labelled == source.taxonomy.labelled  # what the tagger learns
    assert any(item.themes for item in generated.items)
    lengths = [len(item.text.split()) for item in generated.items if item.kind != "fact"]
    assert min(lengths) >= 5 and max(lengths) <= 62  # 5-60 words plus a goal's level prefix
    source_words = {w.lower() for item in source.items for w in item.text.split()}
    words = [w.strip(".,").lower() for t in workload.texts for w in t.split()]
    assert sum(w in source_words for w in words) / len(words) > 0.8
    # the same seed writes the same files
    generate_corpus(source, source_dir, tmp_path / "b", 1000, seed=7)
    assert [p.read_bytes() for p in sorted((tmp_path / "a").iterdir())] == \
        [p.read_bytes() for p in sorted((tmp_path / "b").iterdir())]
