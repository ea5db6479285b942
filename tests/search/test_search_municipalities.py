"""The municipality facet and municipality names in queries, on real indexes."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Callable, Iterator

import click
import pytest
from fixture_types import BuiltCorpus, RunKb

from kb.models import Item
from kb.search import SearchIndex, format_results, search
from kb.search.engine import MAX_PER_PAGE
from kb.web.app import url_app
from kb.web.urls import item_url, results_json

# The test items' regions get municipalities; Sula belongs to two regions.
TOWNS = {"Alfaregionen": ("Ålesund", "Sula", "Ørskog"), "Betaregionen": ("Bodø", "Sula"),
         "Gammaregionen": ()}


@pytest.fixture(scope="module")
def town_index(tmp_path_factory: pytest.TempPathFactory,
               build_test_index: Callable[..., SearchIndex],
               test_items: list[Item]) -> Iterator[SearchIndex]:
    items = [dataclasses.replace(it, municipalities=TOWNS[it.region]) for it in test_items]
    index = build_test_index(tmp_path_factory.mktemp("towns"), use_apertium=False, items=items)
    yield index
    index.close()


def every_hit(index: SearchIndex, query: str, filters: dict[str, list[str]]) -> list[Item]:
    results = search(index, query, filters, per_page=MAX_PER_PAGE)
    assert results.pages == 1
    return [h.item for h in results.hits]


def values_of(item: Item, facet: str) -> tuple[str, ...]:
    return {"theme": item.themes, "region": (item.region,), "county": (item.county,),
            "kind": (item.kind,), "municipality": item.municipalities}[facet]


@pytest.mark.parametrize(("query", "filters"), [
    ("", {}),
    ("", {"municipality": ["Sula"]}),
    ("tillit", {"municipality": ["Ørskog", "Bodø"]}),
    ("", {"municipality": ["Sula"], "kind": ["result"]}),
    ("kommunene", {"municipality": ["Ålesund"], "theme": ["kunnskap", "kommunikasjon"]}),
])
def test_municipality_counts_equal_a_brute_force_count(town_index: SearchIndex, query: str,
                                                       filters: dict[str, list[str]]) -> None:
    unfiltered = every_hit(town_index, query, {})
    results = search(town_index, query, filters, per_page=MAX_PER_PAGE)
    for facet in ("municipality", "region", "kind", "theme"):
        expected: Counter[str] = Counter()
        for item in unfiltered:
            if all(set(values_of(item, name)) & set(wanted)
                   for name, wanted in filters.items() if name != facet):
                expected.update(values_of(item, facet))
        assert {v.value: v.count for v in results.facets[facet] if v.count} == expected, facet
    passing = [it for it in unfiltered
               if all(set(values_of(it, n)) & set(w) for n, w in filters.items())]
    assert results.total == len(passing) > 0
    assert {h.item.id for h in results.hits} == {it.id for it in passing}


def test_the_municipality_facet_counts_every_item_of_its_regions(
        town_index: SearchIndex) -> None:
    items = town_index.items()
    regions = Counter(it.region for it in items)
    counts = {v.value: v.count for v in search(town_index, "").facets["municipality"]}
    assert counts == {"Ålesund": regions["Alfaregionen"], "Ørskog": regions["Alfaregionen"],
                      "Bodø": regions["Betaregionen"],
                      "Sula": regions["Alfaregionen"] + regions["Betaregionen"]}
    assert regions["Alfaregionen"] > regions["Betaregionen"]
    # most first, then in Norwegian alphabetical order (... z æ ø å)
    assert [v.value for v in search(town_index, "").facets["municipality"]] == [
        "Sula", "Ørskog", "Ålesund", "Bodø"]


def test_an_unknown_municipality_filter_matches_nothing(town_index: SearchIndex) -> None:
    results = search(town_index, "", {"municipality": ["Oslo"]})
    assert results.total == 0 and results.hits == []
    assert [(v.value, v.count, v.selected) for v in results.facets["municipality"]
            if v.value == "Oslo"] == [("Oslo", 0, True)]


def test_a_municipality_named_in_the_query_finds_its_regions(town_index: SearchIndex) -> None:
    results = search(town_index, "Bodø", per_page=MAX_PER_PAGE)
    assert results.total == sum(it.region == "Betaregionen" for it in town_index.items())
    assert {h.item.region for h in results.hits} == {"Betaregionen"}
    both = search(town_index, "sula tillit", per_page=MAX_PER_PAGE)
    assert {(h.item.region, h.partial) for h in both.hits if not h.partial} == {
        ("Alfaregionen", False), ("Betaregionen", False)}
    assert all("tillit" in h.highlight.lower() for h in both.hits if not h.partial)
    # a whole name only: the first letters of one do not name it
    assert search(town_index, "Bod").total == 0


@pytest.fixture(scope="module")
def corpus_towns(corpus_index: SearchIndex) -> dict[str, tuple[str, ...]]:
    """Every municipality of the project's corpus and the regions it belonged to."""
    found = {m.name: m.regions for m in corpus_index.municipalities}
    assert len(found) >= 19
    return found


@pytest.mark.parametrize("typed", ["orskog", "Ørskog", "ØRSKOG", "oerskog"])
def test_a_municipality_filter_in_any_spelling_is_the_same(corpus_index: SearchIndex,
                                                           typed: str) -> None:
    results = search(corpus_index, "tillit", {"municipality": [typed]})
    selected = [v for v in results.facets["municipality"] if v.selected]
    assert [(v.value, v.count) for v in selected] == [("Ørskog", results.total)]
    assert results.total > 0 and {h.item.region for h in results.hits} == {"Ålesundregionen"}


def test_searching_any_municipality_finds_its_region_first(
        corpus_index: SearchIndex, corpus_towns: dict[str, tuple[str, ...]]) -> None:
    for name, regions in corpus_towns.items():
        for typed in (name, name.upper(), name.translate(str.maketrans("æøåÆØÅ", "aoaAOA"))):
            results = search(corpus_index, typed)
            assert results.hits[0].item.region in regions, typed
            facts = [h.item for h in results.hits[:3] if h.item.kind == "fact"]
            assert any(name in it.text and it.region in regions for it in facts), typed
            counted = {v.value for v in results.facets["region"] if v.count}
            assert set(regions) <= counted, typed


def test_cli_search_by_municipality_is_the_api_json(built_corpus: BuiltCorpus,
                                                    corpus_index: SearchIndex,
                                                    run_kb: RunKb) -> None:
    done = run_kb("--corpus", built_corpus.corpus, "--index", built_corpus.index, "search",
                  "--municipality", "leksvik", "--municipality", "Herøy", "--kind", "advice",
                  "--json")
    assert done.exit_code == 0, done.stderr
    expected = search(corpus_index, "", {"municipality": ["Leksvik", "Herøy"],
                                         "kind": ["advice"]})
    advice = [it for it in corpus_index.items() if it.kind == "advice"
              and it.region in ("Fosenregionen", "Alstahaugregionen")]
    assert expected.total == len(advice) > 0
    with url_app().app_context():
        assert json.loads(done.stdout) == results_json(expected)
    counts = {v["value"]: v["count"] for v in json.loads(done.stdout)["facets"]["municipality"]}
    assert counts["Leksvik"] == sum(it.region == "Fosenregionen" for it in advice)
    assert counts["Herøy"] == sum(it.region == "Alstahaugregionen" for it in advice)


def test_cli_search_prints_the_municipality_facet(built_corpus: BuiltCorpus,
                                                  corpus_index: SearchIndex,
                                                  run_kb: RunKb) -> None:
    done = run_kb("--corpus", built_corpus.corpus, "--index", built_corpus.index, "search",
                  "tillit", "--municipality", "ørskog")
    assert done.exit_code == 0, done.stderr
    expected = search(corpus_index, "tillit", {"municipality": ["Ørskog"]})
    with url_app().app_context():
        assert done.stdout == click.unstyle(format_results(expected, item_url)) + "\n"
    facet = next(line for line in done.stdout.splitlines() if line.startswith("Kommune: "))
    assert f"[x] Ørskog ({expected.total})" in facet
