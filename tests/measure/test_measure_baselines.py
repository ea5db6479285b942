"""The SQLite FTS5 and plain Whoosh baselines on a tiny corpus of items."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.measure.baselines import Fts5Index, WhooshBaseline, fts5_match_expression
from kb.models import Item

TEXTS = [
    ("Bruk tid på å skape tillit", "Ålesundregionen", "Møre og Romsdal", "advice", ("tillit",)),
    ("Lag gode møteplasser", "Ålesundregionen", "Møre og Romsdal", "advice", ("nettverk",)),
    ("Mer tillit mellom kommunene", "Kongsbergregionen", "Viken", "result",
     ("tillit", "samarbeid")),
    ("Samordnet klima-, areal- og transportplan", "Kongsbergregionen", "Viken", "goal", ()),
    ("Regional utvikling krever tillit", "Bodø", "Nordland", "advice", ("tillit",)),
    ("Utvikling av regional næringsplan", "Bodø", "Nordland", "goal", ("naering",)),
]


def make_items() -> list[Item]:
    return [
        Item(id=f"doc--{kind}-{n}", anchor=f"{kind}-{n}", doc="doc", title="T", doc_type="region",
             region=region, county=county, language="nb", kind=kind, heading="H", position=n,
             number=n, section_size=len(TEXTS), text=text, themes=themes)
        for n, (text, region, county, kind, themes) in enumerate(TEXTS, 1)
    ]


@pytest.fixture(scope="module")
def fts5() -> Iterator[Fts5Index]:
    index = Fts5Index(make_items())
    yield index
    index.close()


@pytest.fixture(scope="module")
def whoosh() -> Iterator[WhooshBaseline]:
    baseline = WhooshBaseline(make_items())
    yield baseline
    baseline.close()


TILLIT = {"doc--advice-1", "doc--result-3", "doc--advice-5"}
EVERY = {item.id for item in make_items()}
# With the region filter Bodø: a query without words browses both Bodø items (corpus
# order); one that finds the tillit items keeps Bodø's one of them.
BODO = ["doc--advice-5", "doc--goal-6"]
BODO_TILLIT = ["doc--advice-5"]
NOTHING: set[str] = set()

# (query, FTS5 ranked ids, FTS5 hits in Bodø, Whoosh ranked ids). FTS5 gets the query
# through fts5_match_expression: every word quoted, '-' before a word or phrase
# excludes, a bare OR joins, anything else that is not a word is dropped, and an
# exclusion alone has no words. Whoosh's default parser has fields ("a:b"), boosts,
# wildcards ("*", "**": every item) and AND/OR/NOT words, but no '-' operator.
HOSTILE: list[tuple[str, set[str], list[str], set[str]]] = [
    ('"', NOTHING, BODO, NOTHING),
    ('""', NOTHING, BODO, NOTHING),
    ('"unbalanced tillit', NOTHING, [], NOTHING),  # a phrase to the end; no item has it
    ("*", NOTHING, BODO, EVERY),
    ("tillit*", TILLIT, BODO_TILLIT, TILLIT),
    ("**", NOTHING, BODO, EVERY),
    ("-", NOTHING, BODO, NOTHING),
    ("--tillit", TILLIT, BODO_TILLIT, TILLIT),  # the first '-' is no operator: no exclusion
    ("-tillit", NOTHING, BODO, TILLIT),
    ("klima-, areal-", {"doc--goal-4"}, [], {"doc--goal-4"}),
    ("NEAR(tillit kommunene)", NOTHING, [], NOTHING),  # NEAR is a word no item has
    ("tillit AND OR NOT", NOTHING, [], TILLIT),  # FTS5: tillit AND (and OR not)
    ("OR", NOTHING, BODO, NOTHING),
    ("a:b", NOTHING, [], NOTHING),
    ("col:tillit", NOTHING, [], NOTHING),
    ("^", NOTHING, BODO, NOTHING),
    ("(", NOTHING, BODO, NOTHING),
    (")", NOTHING, BODO, NOTHING),
    ("tillit)", TILLIT, BODO_TILLIT, TILLIT),
    ("{x}", NOTHING, [], NOTHING),
    ("'", NOTHING, BODO, NOTHING),
    ("tillit'", TILLIT, BODO_TILLIT, TILLIT),
    ("\x00\x07", NOTHING, BODO, NOTHING),
    ("x" * 10000, NOTHING, [], NOTHING),
    # FTS5 leaves out "Mer tillit mellom kommunene"; Whoosh requires the phrase
    ('tillit -"mer tillit"', {"doc--advice-1", "doc--advice-5"}, BODO_TILLIT,
     {"doc--result-3"}),
    ("æøå", NOTHING, [], NOTHING),
    ("høg\u0301skule", NOTHING, [], NOTHING),  # FTS5: one word (NFC ǵ); Whoosh: høg skule
    ("+tillit", TILLIT, BODO_TILLIT, TILLIT),
    ("tillit^2", NOTHING, [], TILLIT),  # FTS5: tillit AND 2; Whoosh: tillit boosted
    ("%_", NOTHING, BODO, NOTHING),
]


@pytest.mark.parametrize(("query", "ranked", "in_bodo"),
                         [(query, ranked, in_bodo) for query, ranked, in_bodo, _ in HOSTILE])
def test_no_query_crashes_fts5(fts5: Fts5Index, query: str, ranked: set[str],
                               in_bodo: list[str]) -> None:
    assert set(fts5.ranked_ids(query)) == ranked
    result = fts5.search(query, {"region": ["Bodø"]})
    assert [item_id for item_id, _ in result.hits] == in_bodo
    assert result.total == len(in_bodo)


@pytest.mark.parametrize(("query", "ranked"), [(query, ranked) for query, *_, ranked in HOSTILE])
def test_no_query_crashes_the_whoosh_baseline(whoosh: WhooshBaseline, query: str,
                                              ranked: set[str]) -> None:
    assert set(whoosh.ranked_ids(query)) == ranked


def test_fts5_ands_words_and_ranks_by_bm25(fts5) -> None:
    assert set(fts5.ranked_ids("tillit")) == {"doc--advice-1", "doc--result-3", "doc--advice-5"}
    assert fts5.ranked_ids("tillit kommunene") == ["doc--result-3"]
    assert fts5.ranked_ids("tillit nettverk") == []
    # the shortest text holding the word ranks first under bm25
    assert fts5.ranked_ids("utvikling")[0] == "doc--advice-5"


def test_fts5_phrases_prefixes_or_and_exclusion(fts5) -> None:
    assert fts5.ranked_ids('"regional utvikling"') == ["doc--advice-5"]
    assert set(fts5.ranked_ids("regional utvikling")) == {"doc--advice-5", "doc--goal-6"}
    assert fts5.ranked_ids("nærings*") == ["doc--goal-6"]
    assert set(fts5.ranked_ids("møteplasser OR transportplan")) == {"doc--advice-2",
                                                                    "doc--goal-4"}
    assert set(fts5.ranked_ids("tillit -kommunene")) == {"doc--advice-1", "doc--advice-5"}
    assert fts5.ranked_ids("klima-, areal- og transportplan") == ["doc--goal-4"]


def test_fts5_unicode61_folds_case_but_keeps_o_slash(fts5) -> None:
    assert fts5.ranked_ids("TILLIT MELLOM") == ["doc--result-3"]
    assert fts5.ranked_ids("moteplasser") == []


def test_fts5_match_expression_quotes_every_word() -> None:
    assert fts5_match_expression('tillit "regional  utvikling" nær* -x a OR b') == (
        '"tillit" AND "regional utvikling" AND "nær"* AND ("a" OR "b") NOT "x"')
    assert fts5_match_expression("* - \"\" OR") is None


def test_fts5_facets_are_disjunctive_counts_over_all_matches(fts5) -> None:
    result = fts5.search("tillit", {"region": ["Bodø"]})
    assert result.total == 1
    assert [item_id for item_id, _ in result.hits] == ["doc--advice-5"]
    # the region facet ignores its own selection; the others apply it
    assert result.facets["region"] == {"Ålesundregionen": 1, "Kongsbergregionen": 1, "Bodø": 1}
    assert result.facets["kind"] == {"advice": 1}
    assert result.facets["theme"] == {"tillit": 1}
    everything = fts5.search("tillit")
    assert everything.total == 3
    assert everything.facets["theme"] == {"tillit": 3, "samarbeid": 1}
    assert everything.facets["county"] == {"Møre og Romsdal": 1, "Viken": 1, "Nordland": 1}


def test_fts5_theme_and_kind_filters_and_browsing(fts5) -> None:
    assert fts5.search("", {"theme": ["tillit"], "kind": ["advice"]}).total == 2
    browse = fts5.search("")
    assert browse.total == len(TEXTS)
    assert browse.hits[0] == ("doc--advice-1", "Bruk tid på å skape tillit")
    assert fts5.search("tillit", {"theme": ["ukjent"]}).total == 0
    with pytest.raises(ValueError, match="unknown filter"):
        fts5.search("tillit", {"farge": ["rød"]})


def test_fts5_snippets_are_escaped_html_with_marks() -> None:
    items = make_items()
    items[0] = Item(**{**items[0].__dict__, "text": "<b>tillit</b> & mer"})
    index = Fts5Index(items)
    try:
        hits = index.search("tillit").hits
    finally:
        index.close()
    assert ("doc--advice-1", "&lt;b&gt;<mark>tillit</mark>&lt;/b&gt; &amp; mer") in hits


def test_fts5_index_on_disk(tmp_path) -> None:
    index = Fts5Index(make_items(), tmp_path / "fts.sqlite")
    try:
        assert index.ranked_ids("møteplasser") == ["doc--advice-2"]
    finally:
        index.close()
    assert (tmp_path / "fts.sqlite").stat().st_size > 0


def test_whoosh_baseline_stems_english_only_and_ands_words() -> None:
    baseline = WhooshBaseline(make_items())
    try:
        assert set(baseline.ranked_ids("tillit")) == {"doc--advice-1", "doc--result-3",
                                                       "doc--advice-5"}
        assert baseline.ranked_ids("tillit kommunene") == ["doc--result-3"]
        assert baseline.ranked_ids('"regional utvikling"') == ["doc--advice-5"]
        # English stemming only: the Norwegian definite form is not reduced
        assert baseline.ranked_ids("tilliten") == []
        assert baseline.ranked_ids("kommune") == []
    finally:
        baseline.close()
