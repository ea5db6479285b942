"""The search page after the user test (issue 12): an empty result that is no dead end,
a corrected typo that says so, the sort control, and links that keep the whole search;
through Flask's test client over a real index of the corpus copy."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from flask.testing import FlaskClient
from pagecheck import page_problems

from kb.search.sorting import collation_key

FILTERED_TO_NOTHING = "/?q=tillit&theme=tillit&region=Alstahaugregionen&kind=result"


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    html = response.get_data(as_text=True)
    problems, _ = page_problems(html)
    assert problems == [], (url, problems)
    return html


def h1(html: str) -> str:
    found = re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert len(found) == 1
    return " ".join(unescape(re.sub(r"<[^>]+>", "", found[0])).split())


def links(html: str, text: str) -> list[str]:
    """The href of every link whose text (tags dropped) is ``text``."""
    found = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)
    return [unescape(href) for href, inner in found
            if " ".join(unescape(re.sub(r"<[^>]+>", "", inner)).split()) == text]


def api_total(client: FlaskClient, url: str) -> int:
    total: int = client.get("/api/search?" + urlsplit(url).query).get_json()["total"]
    return total


# ---- an empty result ------------------------------------------------------------------

def test_an_empty_result_has_one_heading_and_no_filter_box_or_exports(
        client: FlaskClient) -> None:
    assert api_total(client, FILTERED_TO_NOTHING) == 0
    html = page(client, FILTERED_TO_NOTHING)
    assert h1(html) == "Ingen treff for «tillit» med filtrene"
    assert html.count("Ingen treff") == 1 and "0 treff" not in html
    assert 'id="filtre"' not in html and 'class="facet"' not in html
    assert "/treff.csv" not in html and "/api/search.json" not in html
    assert 'name="sort"' not in html


def test_an_empty_result_counts_the_hits_without_each_filter_and_links_there(
        client: FlaskClient) -> None:
    html = page(client, FILTERED_TO_NOTHING)
    filters = [("theme", "tillit", "Tema: Tillit og relasjoner"),
               ("kind", "result", "Type: Resultat"),
               ("region", "Alstahaugregionen", "Region: Alstahaugregionen")]
    shown = 0
    for name, value, label in filters:
        pairs = [p for p in parse_qsl(urlsplit(FILTERED_TO_NOTHING).query) if p != (name, value)]
        count = api_total(client, "/?" + urlencode(pairs))
        wanted = f"{count} treff uten filteret {label}"
        if count:  # a filter whose removal finds nothing is no way out: not offered
            assert links(html, wanted) == ["/?" + urlencode(pairs)]
            assert h1(page(client, "/?" + urlencode(pairs))) == f"{count} treff for «tillit»"
            shown += 1
        else:
            assert wanted not in html
    assert shown >= 1
    everything = api_total(client, "/?q=tillit")
    assert links(html, f"{everything} treff uten noen av filtrene") == ["/?q=tillit"]


def test_one_filter_is_its_own_way_out(client: FlaskClient) -> None:
    html = page(client, "/?q=tillit&region=Alstahaugregionen")
    assert h1(html) == "Ingen treff for «tillit» med filteret"
    total = api_total(client, "/?q=tillit")
    assert links(html, f"{total} treff uten filteret Region: Alstahaugregionen") == ["/?q=tillit"]
    assert "uten noen av filtrene" not in html  # the same link twice says nothing new


def test_words_that_find_nothing_get_close_words_that_do(client: FlaskClient) -> None:
    assert api_total(client, "/?q=bysn") == 0
    html = page(client, "/?q=bysn")
    assert h1(html) == "Ingen treff for «bysn»"
    total = api_total(client, "/?q=byen")
    assert total > 0 and f"? ({total} treff)" in html
    assert links(html, "«byen»") == ["/?q=byen"]
    # under a filter the close words keep it when they find something there
    filtered = page(client, "/?q=bysn&region=Fosenregionen")
    assert links(filtered, "«byen»") == ["/?q=byen&region=Fosenregionen"]
    assert api_total(client, "/?q=byen&region=Fosenregionen") > 0


def test_no_close_words_when_the_words_find_something_without_the_filters(
        client: FlaskClient) -> None:
    html = page(client, "/?q=tillit&region=Alstahaugregionen")
    assert "Mente du" not in html


# ---- a corrected typo -----------------------------------------------------------------

def test_a_corrected_search_says_what_it_shows_and_offers_the_words_as_typed(
        client: FlaskClient) -> None:
    html = page(client, "/?q=samarbied")
    total = api_total(client, "/?q=samarbeid")
    assert h1(html) == "Viser treff for «samarbeid»"
    assert f"Fant {total} treff." in html and "28 treff for «samarbied»" not in html
    literal = links(html, "Søk i stedet etter «samarbied»")
    assert literal == ["/?q=samarbied&correct=0"]
    as_typed = page(client, literal[0])
    assert h1(as_typed) == "Ingen treff for «samarbied»"
    assert links(as_typed, "«samarbeid»") == ["/?q=samarbeid"]  # «Mente du …?», corrections on


def test_searching_as_typed_is_kept_by_filters_and_pages(client: FlaskClient) -> None:
    html = page(client, "/?q=samarbeid+tilit&correct=0")
    assert h1(html).endswith("treff for «samarbeid tilit»")
    assert 'type="hidden" form="sok" name="correct" value="0"' in html
    same_words = [unescape(u) for u in re.findall(r'href="(/\?[^"]+)"', html)
                  if "q=samarbeid+tilit" in unescape(u)]  # the pager's links
    assert len(same_words) >= 2 and all("correct=0" in u for u in same_words)
    data = client.get("/api/search?q=samarbeid+tilit&correct=0").get_json()
    assert data["corrected"] is False and data["did_you_mean"] == "samarbeid tillit"


# ---- sorting ----------------------------------------------------------------------------

def test_the_sort_control_shows_the_order_and_sorts_the_hits(client: FlaskClient) -> None:
    html = page(client, "/?q=samarbeid&sort=region")
    assert '<label for="sortering">Sorter etter</label>' in html
    assert re.search(r'<option value="region" selected>Region</option>', html)
    data = client.get("/api/search?q=samarbeid&sort=region&per_page=100").get_json()
    full = [h["region"] for h in data["hits"] if not h["partial"]]
    assert full == sorted(full, key=lambda r: collation_key(r) if r else "\uffff")
    shown = re.findall(r'<span class="card-region">([^<]+)</span>', html)
    assert shown == [h["region"] for h in data["hits"][:10] if h["region"]]
    for url in re.findall(r'href="(/\?[^"]+)"', html):
        if "q=samarbeid" in url:
            assert "sort=region" in unescape(url), url


def test_an_unknown_sort_on_the_page_says_so_and_shows_the_default(client: FlaskClient) -> None:
    html = page(client, "/?q=tillit&sort=fylke")
    assert "«sort» kan være relevance, region, kind, ikke «fylke»." in html
    assert re.search(r'<option value="relevance" selected>Relevans</option>', html)
    cards = re.findall(r'<article class="card', html)
    assert len(cards) == len(re.findall(r'<article class="card', page(client, "/?q=tillit")))


@pytest.mark.parametrize(("url", "parameter"), [
    ("/api/search?q=tillit&sort=fylke", "sort"), ("/api/search?correct=nei", "correct"),
    ("/api/search.json?sort=Region", "sort"), ("/api/search.csv?correct=2", "correct"),
])
def test_the_api_refuses_an_unknown_sort_or_correct(client: FlaskClient, url: str,
                                                    parameter: str) -> None:
    response = client.get(url)
    assert response.status_code == 400 and response.get_json()["parameter"] == parameter


# ---- links that keep the search ----------------------------------------------------------

SEARCH = "/?q=tillit&theme=tillit&kind=result&sort=region"


def test_a_hit_leads_to_its_region_page_and_back_to_exactly_this_search(
        client: FlaskClient) -> None:
    html = page(client, SEARCH)
    region_links = [unescape(u) for u in re.findall(r'href="(/dokument/[^"]+)"', html)]
    assert region_links
    for url in region_links:
        assert urlsplit(url).query == urlsplit(SEARCH).query, url
    region_page = page(client, region_links[0])
    assert links(region_page, "← Tilbake til treffene for «tillit»") == [SEARCH]
    assert re.search(r'<input type="search" id="q" name="q" value="tillit"', region_page)
    assert "<mark>" in region_page


def test_the_back_link_keeps_the_page_and_the_page_size(client: FlaskClient) -> None:
    url = "/?q=samarbeid&kind=application&page=2&per_page=3"
    html = page(client, url)
    region_link = unescape(re.findall(r'href="(/dokument/[^"]+)"', html)[0])
    assert links(page(client, region_link), "← Tilbake til treffene for «samarbeid»") == [url]


def test_the_item_page_keeps_the_search_too(client: FlaskClient) -> None:
    html = page(client, SEARCH)
    item_link = unescape(re.findall(r'href="(/element/[^"]+)"', html)[0])
    item_page = page(client, item_link)
    assert links(item_page, "← Tilbake til treffene for «tillit»") == [SEARCH]
    assert re.search(r'<input type="search" id="q" name="q" value="tillit"', item_page)
    similar = [unescape(u) for u in re.findall(r'href="(/dokument/[^"]+)"', item_page)
               if "?" in u]
    assert similar and all(urlsplit(u).query == urlsplit(SEARCH).query for u in similar)


@pytest.mark.parametrize("url", ["/dokument/alesund", "/dokument/alesund?page=abc",
                                 "/element/alesund--advice-6a3c5573?sort=%00"])
def test_a_page_not_reached_from_a_search_has_no_way_back_to_one(client: FlaskClient,
                                                                 url: str) -> None:
    html = page(client, url)
    assert "Tilbake til treffene" not in html
    assert re.search(r'<input type="search" id="q" name="q" value=""', html)


def test_landing_and_browsing_pages_link_hits_without_a_search(client: FlaskClient) -> None:
    for url in ("/", "/rad", "/tema/tillit"):
        html = page(client, url)
        assert re.findall(r'href="(/dokument/[^"#?]+#[^"]+)"', html), url
        assert not re.findall(r'href="/dokument/[^"#]+\?', html), url


def test_each_partial_hit_says_why_it_is_listed(client: FlaskClient) -> None:
    html = page(client, "/?q=tillit+kjennskap&per_page=50")
    full, _, rest = html.partition('id="andre-treff"')
    assert full.count('class="card ') >= 1 and 'class="why"' not in full  # all words held
    reasons = [unescape(re.sub(r"<[^>]+>", "", m))
               for m in re.findall(r'<p class="why">(.*?)</p>', rest, re.S)]
    assert len(reasons) == rest.count('class="card ') > 0  # one per partial hit
    assert all(r.startswith("Tatt med fordi: ") for r in reasons)
    assert any("har «tillit»" in r and "Mangler «kjennskap»." in r for r in reasons)
    assert any(r.startswith("Tatt med fordi: tema Tillit og relasjoner.")
               and r.endswith("Mangler «tillit», «kjennskap».")
               for r in reasons)  # found through its theme alone
    data = client.get("/api/search?q=tillit+kjennskap&per_page=50").get_json()
    assert data["hits"][0]["why"]["held"] == ["tillit", "kjennskap"]
    assert [h["partial"] for h in data["hits"]] == [bool(h["why"]["missing"])
                                                     for h in data["hits"]]
