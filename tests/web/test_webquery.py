"""kb.web.params and kb.web.browse: request arguments, state URLs, groupings (no index needed)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from werkzeug.datastructures import MultiDict

from kb.errors import SearchQueryError
from kb.models import FacetValue, Item, SearchResults
from kb.web import browse
from kb.web.params import chips, facets, page_links, parse_search_args


def args(*pairs: tuple[str, str]) -> MultiDict[str, str]:
    return MultiDict(list(pairs))


def query_of(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


def test_parse_reads_repeatable_filters_and_numbers() -> None:
    req = parse_search_args(args(("q", "tillit"), ("theme", "tillit"), ("theme", "prosess"),
                                 ("theme", "tillit"), ("region", " "), ("page", "2"),
                                 ("per_page", "20")))
    assert req.query == "tillit"
    assert req.filters == {"theme": ["tillit", "prosess"]}
    assert (req.page, req.per_page) == (2, 20)
    assert not req.is_landing
    assert parse_search_args(args()).is_landing


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "٣", "99999999999"])
def test_parse_rejects_a_page_that_is_not_a_whole_number(value: str) -> None:
    with pytest.raises(SearchQueryError) as caught:
        parse_search_args(args(("page", value)))
    assert caught.value.parameter == "page"


def test_strict_parse_names_an_unknown_parameter() -> None:
    assert parse_search_args(args(("tema", "x"))).filters == {}
    with pytest.raises(SearchQueryError) as caught:
        parse_search_args(args(("tema", "x")), strict=True)
    assert caught.value.parameter == "tema"


def test_too_many_values_of_one_filter_is_an_error() -> None:
    with pytest.raises(SearchQueryError) as caught:
        parse_search_args(args(*[("region", f"r{i}") for i in range(51)]))
    assert caught.value.parameter == "region"


def test_urls_keep_the_state_and_a_changed_search_starts_on_page_one() -> None:
    req = parse_search_args(args(("q", "tillit"), ("kind", "advice"), ("page", "3")))
    assert query_of(req.url("/api/search")) == [("q", "tillit"), ("kind", "advice"),
                                                 ("page", "3")]
    assert query_of(req.url("/", filters={})) == [("q", "tillit")]
    assert query_of(req.url("/", page=4))[-1] == ("page", "4")
    assert req.url("/", q="", filters={}) == "/"


def results_with(facet_values: dict[str, list[FacetValue]]) -> SearchResults:
    return SearchResults(query="x", total=30, page=1, per_page=10, hits=[],
                         facets=facet_values)


def test_facets_toggle_urls_and_chips() -> None:
    req = parse_search_args(args(("q", "x"), ("theme", "tillit"), ("region", "Ukjent")))
    results = results_with({
        "theme": [FacetValue("tillit", "Tillit og relasjoner", 3, True),
                  FacetValue("prosess", "Prosess", 1)],
        "region": [FacetValue("Ukjent", "Ukjent", 0, True)],
    })
    by_name = {f.name: f for f in facets(req, results, "/")}
    assert [f.name for f in facets(req, results, "/")] == ["theme", "kind", "region", "county",
                                                            "municipality"]
    tillit, prosess = by_name["theme"].options
    assert ("theme", "tillit") not in query_of(tillit.toggle_url)
    assert ("theme", "prosess") in query_of(prosess.toggle_url)
    assert ("theme", "tillit") in query_of(prosess.toggle_url)
    labels = [(c.facet_title, c.label) for c in chips(req, results, "/")]
    assert labels == [("Tema", "Tillit og relasjoner"), ("Region", "Ukjent")]


def test_page_links_show_a_window_with_gaps() -> None:
    req = parse_search_args(args(("page", "10")))
    numbers = [n for n, _ in page_links(req, 20, "/")]
    assert numbers == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert [n for n, _ in page_links(parse_search_args(args()), 1, "/")] == [1]


def item(n: int, region: str, kind: str, themes: tuple[str, ...], heading: str = "h") -> Item:
    return Item(id=f"d--{n}", anchor=str(n), doc="d", title="t", doc_type="region",
                region=region, county="c", language="nb", kind=kind, heading=heading,
                position=n, number=1, section_size=1, text=f"text {n}", themes=themes)


ITEMS = [item(1, "B", "goal", ("a",)), item(2, "A", "advice", ("a", "b")),
         item(3, "B", "advice", ()), item(4, "A", "result", ("b",))]
THEMES = [("a", "Tema A"), ("b", "Tema B"), ("c", "Tema C")]


def test_groupings() -> None:
    assert [g.key for g in browse.by_region(ITEMS)] == ["B", "A"]
    assert [g.key for g in browse.by_kind(ITEMS, {})] == ["advice", "goal", "result"]
    # themes in the taxonomy's order, each with how many items have it; none left out
    assert browse.theme_counts(ITEMS, THEMES) == [("a", "Tema A", 2), ("b", "Tema B", 2)]
    sections = browse.by_section([item(1, "A", "advice", (), "Råd"),
                                  item(2, "A", "advice", (), "Flere råd"),
                                  item(3, "A", "advice", (), "Råd")])
    assert [(g.label, [i.id for i in g.items]) for g in sections] == [
        ("Råd", ["d--1", "d--3"]), ("Flere råd", ["d--2"])]


def test_overview_counts_and_levels() -> None:
    grid = browse.overview(ITEMS, THEMES)
    assert grid.regions == ["B", "A"]
    assert [[c.count for c in row] for row in grid.rows] == [[1, 0, 0], [1, 2, 0]]
    assert grid.maximum == 2
    assert [[c.level for c in row] for row in grid.rows] == [[3, 0, 0], [3, 5, 0]]
    assert grid.theme_totals == [2, 2, 0]
    assert browse.overview([], THEMES).rows == []


def test_sort_and_correct_are_read_and_written_back() -> None:
    req = parse_search_args(args(("q", "tilit"), ("sort", "region"), ("correct", "0"),
                                 ("page", "3")))
    assert (req.sort, req.correct, req.problems) == ("region", False, ())
    assert query_of(req.url("/")) == [("q", "tilit"), ("sort", "region"), ("correct", "0"),
                                      ("page", "3")]
    # a filter or another order is another search: page 1, the same spelling
    assert query_of(req.url("/", filters={"kind": ["advice"]})) == [
        ("q", "tilit"), ("kind", "advice"), ("sort", "region"), ("correct", "0")]
    assert query_of(req.url("/", sort="kind")) == [("q", "tilit"), ("sort", "kind"),
                                                   ("correct", "0")]
    # new words are searched with corrections again, unless the link says otherwise
    assert query_of(req.url("/", q="tillit")) == [("q", "tillit"), ("sort", "region")]
    assert ("correct", "0") in query_of(req.url("/", q="tillit", correct=False))
    default = parse_search_args(args(("q", "tillit")))
    assert (default.sort, default.correct) == ("relevance", True)
    assert query_of(default.url("/")) == [("q", "tillit")]


def test_export_urls_drop_the_page_and_its_size() -> None:
    req = parse_search_args(args(("q", "tillit"), ("theme", "tillit"), ("sort", "kind"),
                                 ("page", "4"), ("per_page", "20")))
    assert query_of(req.export_url("/treff.csv")) == [("q", "tillit"), ("theme", "tillit"),
                                                      ("sort", "kind")]
    assert parse_search_args(args()).export_url("/treff.csv") == "/treff.csv"


@pytest.mark.parametrize(("name", "value"), [("sort", "fylke"), ("sort", "Region"),
                                             ("correct", "nei"), ("correct", "true")])
def test_an_unknown_sort_or_correct_is_refused_by_the_api_and_noted_by_the_page(
        name: str, value: str) -> None:
    with pytest.raises(SearchQueryError) as caught:
        parse_search_args(args((name, value)), strict=True)
    assert caught.value.parameter == name
    lenient = parse_search_args(args(("q", "tillit"), (name, value)))
    assert (lenient.sort, lenient.correct) == ("relevance", True)
    assert len(lenient.problems) == 1 and f"«{value}»" in lenient.problems[0]
