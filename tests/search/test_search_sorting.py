"""Sorting hits (relevance, region, kind), every hit for an export, and close words,
over the real index of the project's corpus (regions with æøå, pages without a region)."""

from __future__ import annotations

import pytest

from kb.errors import SearchQueryError
from kb.models import Hit
from kb.search import SearchIndex, close_words, search, search_all
from kb.search.sorting import collation_key
from kb.vocabulary import ITEM_KINDS, KIND_SORT_ORDER, MAX_EXPORT_HITS, SORT_ORDERS

NO_REGION_LAST = "\uffff"


def region_key(hit: Hit) -> str:
    return collation_key(hit.item.region) if hit.item.region else NO_REGION_LAST


def every_hit(index: SearchIndex, query: str, sort: str, **filters: list[str]) -> list[Hit]:
    """Every hit, page by page, as a front end pages through them."""
    first = search(index, query, filters, 1, 7, sort=sort)
    hits = list(first.hits)
    for page in range(2, first.pages + 1):
        hits += search(index, query, filters, page, 7, sort=sort).hits
    return hits


def test_the_kind_order_names_every_kind_once() -> None:
    assert sorted(KIND_SORT_ORDER) == sorted(ITEM_KINDS)
    assert KIND_SORT_ORDER[0] == "advice"
    assert SORT_ORDERS[0] == "relevance"


def test_collation_puts_norwegian_letters_after_z() -> None:
    names = ["Ålesundregionen", "Alstahaugregionen", "Ørlandet", "Zeta", "Ærøy", "fosen"]
    assert sorted(names, key=collation_key) == ["Alstahaugregionen", "fosen", "Zeta", "Ærøy",
                                                "Ørlandet", "Ålesundregionen"]


@pytest.mark.parametrize("query", ["tillit", "samarbeid kommune"])
def test_region_order_keeps_the_all_word_hits_first_and_the_ranking_within_a_region(
        corpus_index: SearchIndex, query: str) -> None:
    by_relevance = every_hit(corpus_index, query, "relevance")
    by_region = every_hit(corpus_index, query, "region")
    assert sorted(h.item.id for h in by_region) == sorted(h.item.id for h in by_relevance)
    tiers = [h.partial for h in by_region]
    assert tiers == sorted(tiers)  # every all-word hit before the partial ones
    for partial in (False, True):
        tier = [h for h in by_region if h.partial is partial]
        assert [region_key(h) for h in tier] == sorted(region_key(h) for h in tier)
        for region in {h.item.region for h in tier}:
            ranked = [h.item.id for h in by_relevance
                      if h.item.region == region and h.partial is partial]
            assert [h.item.id for h in tier if h.item.region == region] == ranked


def test_region_order_puts_aalesund_after_fosen_and_pages_without_region_last(
        corpus_index: SearchIndex) -> None:
    hits = every_hit(corpus_index, "", "region")
    regions = list(dict.fromkeys(h.item.region for h in hits))
    assert regions == ["Alstahaugregionen", "Fosenregionen", "Ålesundregionen", ""]
    assert len(hits) == search(corpus_index).total


def test_kind_order_puts_advice_first_then_goals(corpus_index: SearchIndex) -> None:
    hits = every_hit(corpus_index, "", "kind")
    kinds = list(dict.fromkeys(h.item.kind for h in hits))
    assert kinds == [k for k in KIND_SORT_ORDER if k in kinds]
    assert kinds[:2] == ["advice", "goal"]
    within_advice = [h.item.id for h in hits if h.item.kind == "advice"]
    browsed = [h.item.id for h in every_hit(corpus_index, "", "relevance")
               if h.item.kind == "advice"]
    assert within_advice == browsed  # browsing order within a kind


def test_sorting_honours_filters(corpus_index: SearchIndex) -> None:
    hits = every_hit(corpus_index, "samarbeid", "kind", region=["Fosenregionen"])
    assert hits and {h.item.region for h in hits} == {"Fosenregionen"}


@pytest.mark.parametrize("sort", ["", "Region", "relevans", "type", None, 3])
def test_an_unknown_sort_is_refused_naming_the_parameter(corpus_index: SearchIndex,
                                                         sort: object) -> None:
    with pytest.raises(SearchQueryError) as caught:
        search(corpus_index, "tillit", sort=sort)  # type: ignore[arg-type]  # bad on purpose
    assert caught.value.parameter == "sort"


@pytest.mark.parametrize("sort", SORT_ORDERS)
def test_search_all_is_every_page_in_one_run(corpus_index: SearchIndex, sort: str) -> None:
    everything = search_all(corpus_index, "", sort=sort)
    assert everything.total == len(everything.hits) > 100  # more than one API page
    assert [h.item.id for h in everything.hits] == \
        [h.item.id for h in every_hit(corpus_index, "", sort)]
    assert (everything.page, everything.per_page, everything.sort) == (1, MAX_EXPORT_HITS, sort)


def test_search_all_stops_at_its_limit_and_keeps_the_total(corpus_index: SearchIndex) -> None:
    cut = search_all(corpus_index, "samarbeid", limit=5)
    assert len(cut.hits) == 5 < cut.total == search(corpus_index, "samarbeid").total
    for limit in (0, MAX_EXPORT_HITS + 1):
        with pytest.raises(SearchQueryError):
            search_all(corpus_index, "samarbeid", limit=limit)


def test_search_all_without_highlights_gives_the_same_hits_unmarked(
        corpus_index: SearchIndex) -> None:
    from html import escape

    marked = search_all(corpus_index, "samarbeid")
    plain = search_all(corpus_index, "samarbeid", highlight=False)
    assert [h.item.id for h in plain.hits] == [h.item.id for h in marked.hits]
    assert [h.score for h in plain.hits] == [h.score for h in marked.hits]
    assert any("<mark>" in h.highlight for h in marked.hits)
    assert [h.highlight for h in plain.hits] == [escape(h.item.text) for h in plain.hits]


def test_a_corrected_search_says_so_and_the_literal_one_offers_it(
        corpus_index: SearchIndex) -> None:
    corrected = search(corpus_index, "samarbied")
    assert corrected.corrected and corrected.did_you_mean == "samarbeid"
    assert corrected.total == search(corpus_index, "samarbeid").total > 0
    literal = search_all(corpus_index, "samarbied", correct=False)
    assert (literal.total, literal.corrected, literal.did_you_mean) == (0, False, "samarbeid")


@pytest.mark.parametrize(("query", "expected"), [
    ("bysn", "byen"),                      # four letters: the search does not correct it
    ('"samarbied om"', '"samarbeid om"'),  # a phrase is searched as typed
    ("kommne*", "kommune*"),               # a prefix too
    ("Tillit bysn", "Tillit byen"),        # known words stay as typed
])
def test_close_words_replace_the_words_the_index_does_not_hold(
        corpus_index: SearchIndex, query: str, expected: str) -> None:
    assert close_words(corpus_index, query) == expected


@pytest.mark.parametrize("query", ["tillit", "rad", "tilt", "xyzzy", "", "-bysn", "12345"])
def test_no_close_words_for_known_words_stop_words_or_nothing_near(corpus_index: SearchIndex,
                                                                    query: str) -> None:
    # rad is råd typed without å; tilt is only near the stop word til; xyzzy near nothing;
    # an excluded word is not searched for
    assert close_words(corpus_index, query) is None


def test_close_words_refuse_an_over_long_query(corpus_index: SearchIndex) -> None:
    with pytest.raises(SearchQueryError) as caught:
        close_words(corpus_index, "bysn " * 200)
    assert caught.value.parameter == "q"
