"""What a search returns: facets, highlights, browsing, paging, and odd input."""

from __future__ import annotations

import html
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.errors import SearchQueryError
from kb.models import Item
from kb.search import SearchIndex, highlighter_for, search
from kb.search.engine import MAX_PER_PAGE, MAX_QUERY_LENGTH
from kb.vocabulary import DEFAULT_PER_PAGE
from kb.web.app import url_app
from kb.web.urls import item_url


def all_hits(index: SearchIndex, query: str, filters: dict | None = None) -> list[Item]:
    """Every hit of a search, over all pages."""
    items: list[Item] = []
    page = 1
    while True:
        results = search(index, query, filters, page=page, per_page=MAX_PER_PAGE)
        items += [h.item for h in results.hits]
        if page >= results.pages:
            return items
        page += 1


def values_of(item: Item, facet: str) -> tuple[str, ...]:
    return {"theme": item.themes, "region": (item.region,), "county": (item.county,),
            "kind": (item.kind,)}[facet]


def brute_force(items: list[Item], facet: str, filters: dict) -> Counter[str]:
    """Counts of one facet's values over items passing every OTHER facet's selection."""
    counts: Counter[str] = Counter()
    for item in items:
        if all(set(values_of(item, name)) & set(wanted)
               for name, wanted in filters.items() if name != facet and wanted):
            counts.update(values_of(item, facet))
    return counts


@pytest.mark.parametrize(("query", "filters"), [
    ("", {}),
    ("tillit", {}),
    ("tillit", {"kind": ["result"]}),
    ("", {"kind": ["advice", "result"], "region": ["Alfaregionen"]}),
    ("kommunene", {"theme": ["tillit", "kunnskap"], "county": ["Nordland", "Trøndelag"]}),
    ("regionen", {"region": ["Betaregionen"], "theme": ["kunnskap"]}),
])
def test_facet_counts_equal_a_brute_force_count(plain_index: SearchIndex, query: str,
                                                filters: dict) -> None:
    unfiltered = all_hits(plain_index, query)
    results = search(plain_index, query, filters)
    for facet in ("theme", "region", "county", "kind"):
        shown = {v.value: v.count for v in results.facets[facet] if v.count}
        assert shown == dict(brute_force(unfiltered, facet, filters)), facet
    passing = [it for it in unfiltered
               if all(set(values_of(it, n)) & set(w) for n, w in filters.items() if w)]
    assert results.total == len(passing)
    assert {it.id for it in all_hits(plain_index, query, filters)} == {it.id for it in passing}


def test_facets_are_disjunctive(plain_index: SearchIndex) -> None:
    results = search(plain_index, "tillit", {"kind": ["advice"]})
    kinds = {v.value: v for v in results.facets["kind"]}
    assert kinds["advice"].selected and not kinds["result"].selected
    assert kinds["result"].count == 3  # its own selection is ignored: one can widen
    assert results.total == kinds["advice"].count == 1
    regions = {v.value: v.count for v in results.facets["region"]}
    assert regions == {"Alfaregionen": 1}  # the other facets do narrow


def test_facet_labels_and_unknown_values(plain_index: SearchIndex) -> None:
    results = search(plain_index, "", {"theme": ["tillit", "finnes-ikke"]})
    themes = {v.value: v for v in results.facets["theme"]}
    assert themes["tillit"].label == "Tillit og relasjoner"
    assert themes["finnes-ikke"].selected and themes["finnes-ikke"].count == 0
    kinds = {v.value: v.label for v in results.facets["kind"]}
    assert kinds["advice"] == "Råd"


def test_highlight_escapes_html_and_marks_matches(index: SearchIndex) -> None:
    hit = next(h for h in search(index, "tillit").hits if "<b>" in h.item.text)
    assert "<b>" not in hit.highlight and "<script>" not in hit.highlight
    assert "&lt;b&gt;fet&lt;/b&gt;" in hit.highlight
    assert "&amp;" in hit.highlight
    assert hit.highlight.endswith("om <mark>tillit</mark>")


@pytest.mark.parametrize(("query", "marked"), [
    ("kollektiv", "<mark>Kollektivtilbudet</mark>"),
    ("samspel", "<mark>samspillet</mark>"),
    ("kunnskapsdeling", "<mark>del</mark> <mark>kunnskap</mark>"),
    ("forskningsmiljø", "<mark>forsknings</mark>-"),
    ("moteplass", "<mark>møteplasser</mark>"),
    ('"fra ord til handling"', "<mark>fra</mark> <mark>ord</mark> <mark>til</mark>"),
])
def test_highlight_marks_every_kind_of_match(index: SearchIndex, query: str,
                                             marked: str) -> None:
    assert any(marked in h.highlight for h in search(index, query).hits)


def test_highlight_leaves_stop_words_alone(index: SearchIndex) -> None:
    hit = search(index, "tillit kommunene").hits[0]
    assert hit.highlight == "Mer <mark>tillit</mark> mellom <mark>kommunene</mark>"


@pytest.mark.parametrize("query", [
    "tillit", "kollektiv", "samspel", "kunnskapsdeling", "forskningsmiljø", "moteplass",
    '"fra ord til handling"', "tilit", "tillit -kommunene", "tillit OR kunnskap regionen",
    "kommun*", "tillit finnesikke",
])
def test_highlighter_for_marks_what_the_hits_mark(index: SearchIndex, query: str) -> None:
    results = search(index, query, per_page=MAX_PER_PAGE)
    assert results.hits
    marked = highlighter_for(index, query)
    for hit in results.hits:
        assert marked(hit.item.text) == hit.highlight, hit.item.text


def test_highlighter_for_an_empty_query_only_escapes(plain_index: SearchIndex) -> None:
    assert highlighter_for(plain_index, "")("a <b> & tillit") == "a &lt;b&gt; &amp; tillit"
    assert highlighter_for(plain_index, "-tillit")("tillit") == "tillit"
    with pytest.raises(SearchQueryError):
        highlighter_for(plain_index, "x" * (MAX_QUERY_LENGTH + 1))


def test_empty_query_browses_everything_advice_first(plain_index: SearchIndex) -> None:
    everything = all_hits(plain_index, "")
    assert len(everything) == len(plain_index.items())
    kinds = [it.kind for it in everything]
    advice = kinds.count("advice")
    assert kinds[:advice] == ["advice"] * advice
    assert advice == 6
    first = search(plain_index, "").hits[0]
    assert first.item.text == "Bruk tid på å skape tillit"  # the first advice row
    assert first.highlight == first.item.text  # nothing marked when browsing
    assert not hasattr(first, "url")  # kb.search knows no routes; the front ends link
    with url_app().app_context():
        assert item_url(first.item) == f"/dokument/{first.item.doc}#{first.item.anchor}"
    # and a text holding HTML is shown escaped, unmarked
    markup = next(it for it in everything if "<b>" in it.text)
    [hit] = [h for h in search(plain_index, "", per_page=MAX_PER_PAGE).hits
             if h.item.id == markup.id]
    assert hit.highlight == html.escape(markup.text)


def test_paging(plain_index: SearchIndex) -> None:
    everything = [it.id for it in all_hits(plain_index, "")]
    pages = [h.item.id for p in (1, 2, 3) for h in search(plain_index, "", page=p,
                                                             per_page=4).hits]
    assert pages == everything[:12]
    beyond = search(plain_index, "", page=99)
    assert beyond.hits == [] and beyond.total == len(everything)


# (odd query, the plain query it means, its total over the 26 test items). Control and
# format characters are dropped, and punctuation with them; a lone star, dash, quote
# or OR is no word, and a query without words browses everything. Pieces glued to a
# word by punctuation are matched in order, like a phrase.
ODD_INPUT = [
    ("", "", 26),
    ("   ", "", 26),
    ("og", "og", 6),  # a stop word alone is searched: the six items with "og"
    ("og i på", "og i på", 11),  # no item has all three: the 11 with any, partial
    ('"', "", 26),
    ('"tillit', "tillit", 5),  # an unbalanced quote runs to the end
    ('tillit"', "tillit", 5),
    ('""', "", 26),
    ("*", "", 26),
    ("**", "", 26),
    ("-", "", 26),
    ("--", "", 26),
    ("OR", "", 26),
    ("tillit OR", "tillit", 5),
    ("OR tillit", "tillit", 5),
    ("OR OR", "", 26),
    ("-tillit", "-tillit", 22),  # all but the four items with tillit or tilliten
    ('-"', "", 26),
    # ESC dropped, "[2J" stays glued on: no item holds the phrase, the tillit theme's 4 do
    ("\x00\x07tillit\x1b[2J", '"tillit 2j"', 4),
    ("tillit\u200b", "tillit", 5),
    ("(tillit)", "tillit", 5),
    ("tillit~2", '"tillit 2"', 4),
    ("a*", "a", 1),  # under three letters: no prefix; "a" typed for "å"
    ("kollektiv*", "kollektiv*", 1),
    ("æøå", "æøå", 0),
    ("ÆØÅ", "æøå", 0),
    ("😀", "", 26),
    ("<script>", "script", 1),
    ("tillit AND samspel", "tillit samspel", 10),  # AND is a word no item has: partial
    ("\\", "", 26),
    ("x" * MAX_QUERY_LENGTH, "x" * MAX_QUERY_LENGTH, 0),
]
PARTIAL = {"og i på", "tillit AND samspel", "\x00\x07tillit\x1b[2J", "tillit~2"}


def ids(index: SearchIndex, query: str) -> list[str]:
    return [hit.item.id for hit in search(index, query, per_page=MAX_PER_PAGE).hits]


@pytest.mark.parametrize(("query", "meaning", "total"), ODD_INPUT)
def test_odd_input_gives_results_not_errors(plain_index: SearchIndex, query: str, meaning: str,
                                            total: int) -> None:
    results = search(plain_index, query, per_page=MAX_PER_PAGE)
    assert results.total == total
    assert results.partial == (query in PARTIAL)
    assert [hit.item.id for hit in results.hits] == ids(plain_index, meaning)
    assert results.to_dict()["query"] == query


def test_only_stop_words_are_searched_as_words(plain_index: SearchIndex,
                                               test_items: list[Item]) -> None:
    with_og = {item.text for item in test_items if "og" in item.text.lower().split()}
    assert len(with_og) == 6
    assert {hit.item.text for hit in search(plain_index, "og").hits} == with_og


@given(st.text(max_size=60))
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_is_a_valid_query(plain_index: SearchIndex, query: str) -> None:
    results = search(plain_index, query)
    assert results.to_dict()["query"] == query
    assert results.total <= len(plain_index.items())
    assert len(results.hits) == min(results.total, DEFAULT_PER_PAGE)
    assert len({hit.item.id for hit in results.hits}) == len(results.hits)
    scores = [hit.score for hit in results.hits]
    assert scores == sorted(scores, reverse=True)
    # no filters: every matched item counts once under its one kind
    assert sum(value.count for value in results.facets["kind"]) == results.total


@pytest.mark.parametrize(("kwargs", "parameter", "message"), [
    ({"query": "x" * (MAX_QUERY_LENGTH + 1)}, "q",
     f"Søket er for langt: {MAX_QUERY_LENGTH + 1} tegn (høyst {MAX_QUERY_LENGTH})."),
    ({"query": "tillit " * 2000}, "q",
     f"Søket er for langt: 14000 tegn (høyst {MAX_QUERY_LENGTH})."),
    ({"page": 0}, "page", "Sidetallet må være 1 eller mer."),
    ({"page": -3}, "page", "Sidetallet må være 1 eller mer."),
    ({"per_page": 0}, "per_page", f"Treff per side må være mellom 1 og {MAX_PER_PAGE}."),
    ({"per_page": MAX_PER_PAGE + 1}, "per_page",
     f"Treff per side må være mellom 1 og {MAX_PER_PAGE}."),
    ({"filters": {"farge": ["blå"]}}, "farge",
     "Ukjent filter «farge» (kjente: theme, region, county, kind, municipality)."),
])
def test_bad_parameters_are_refused_with_a_clear_message(plain_index: SearchIndex,
                                                         kwargs: dict, parameter: str,
                                                         message: str) -> None:
    with pytest.raises(SearchQueryError) as caught:
        search(plain_index, **kwargs)
    assert caught.value.parameter == parameter
    assert str(caught.value) == message


def test_json_shape(plain_index: SearchIndex) -> None:
    with url_app().app_context():
        data = search(plain_index, "tillit").to_dict(item_url)
    assert set(data) >= {"query", "total", "page", "per_page", "did_you_mean", "hits", "facets"}
    hit = data["hits"][0]
    assert set(hit) >= {"id", "doc", "title", "region", "county", "kind", "heading", "text",
                        "highlight", "themes", "url", "source_url", "score"}
    assert set(data["facets"]) == {"theme", "region", "county", "kind", "municipality"}
    assert set(data["facets"]["kind"][0]) == {"value", "label", "count", "selected"}


def test_similar_items_come_from_other_regions(plain_index: SearchIndex) -> None:
    item = next(it for it in plain_index.items() if it.text == "Mer tillit mellom kommunene")
    similar = plain_index.similar(item.id, limit=3)
    assert similar and all(other.region != item.region for other in similar)
    assert any("illit" in other.text for other in similar)
    assert plain_index.similar("finnes-ikke") == []
