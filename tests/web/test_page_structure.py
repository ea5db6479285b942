"""Headings, plain words and counts of the pages (issue 12 points 9, 10, 11), read from
the HTML the Flask test client gets; the browser tests (test_browser_focus.py) check the
same pages as they show."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask.testing import FlaskClient
from pagecheck import page_problems

from kb.search import SearchIndex


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def text(html: str) -> str:
    """The fragment's words, tags dropped."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def cards(html: str) -> list[str]:
    return re.findall(r'<article class="card.*?</article>', html, re.S)


@pytest.mark.parametrize("url", [
    "/", "/?q=tillit", "/?q=tillit&theme=tillit&kind=result", "/?q=samarbeid&page=2",
    "/?q=tillit&region=Alstahaugregionen", "/dokument/alesund", "/dokument/bjugn",
    "/dokument/8855-byregionsamling-i-alesund", "/dokument/dette-er-byregionprogrammet",
    "/element/alesund--advice-6a3c5573", "/tema", "/tema/tillit", "/regioner", "/kommune",
    "/kommune/orskog", "/api/", "/finnes-ikke"])
def test_the_first_heading_is_the_h1_and_no_level_is_skipped(client: FlaskClient,
                                                            url: str) -> None:
    response = client.get(url)
    problems, headings = page_problems(response.get_data(as_text=True))
    assert problems == [], (url, problems)
    assert headings[0][0] == 1


def test_a_hit_is_headed_by_its_kind_and_region_not_its_section(client: FlaskClient,
                                                                index: SearchIndex) -> None:
    html = page(client, "/?q=tillit&per_page=50")
    found = cards(html)
    assert found
    section_names = {it.heading for it in index.items()}
    for card in found:
        heading = re.search(r"<h2 class=\"card-meta\">(.*?)</h2>", card, re.S)
        assert heading, card
        words = text(heading.group(1))
        assert words not in section_names
        assert re.match(r"(Råd \d+ av \d+|Resultat|Mål|Sammendrag|Fra søknaden|Artikkel|"
                        r"Videre arbeid|Fakta) \S", words), words
        section = re.search(r'<p class="card-section">(.*?)</p>', card, re.S)
        assert section and text(section.group(1)) in section_names


def test_the_item_page_does_not_link_to_itself(client: FlaskClient, index: SearchIndex) -> None:
    for item in [it for it in index.items() if it.kind == "advice"][:3]:
        html = page(client, f"/element/{item.id}?q=tillit")
        assert f'href="/element/{item.id}' not in html
        own = cards(html)[0]
        assert "Lignende" not in own and "Se i regionsiden" in own
        assert "<h1>" in html and '<p class="card-meta">' in own  # the H1 says what it is
        for other in index.similar(item.id, limit=5):
            assert f'href="/element/{other.id}?q=tillit"' in html


def test_the_region_page_puts_facts_and_contents_between_summary_and_sections(
        client: FlaskClient) -> None:
    html = page(client, "/dokument/alesund")
    order = [html.index(mark) for mark in (
        '<div class="doc-lede"', '<h1 class="summary" id="seksjon-1">Ålesundregionen</h1>',
        'class="facts"', 'aria-labelledby="toc-heading"', '<div class="doc-body"',
        '<section class="doc-section doc-section-goal">', 'class="doc-themes"')]
    assert order == sorted(order)
    toc = html[html.index('aria-labelledby="toc-heading"'):html.index("</nav>", order[3])]
    assert re.findall(r'href="#(seksjon-\d+)"', toc) == [
        f"seksjon-{n}" for n in range(2, 8)]  # every section but the title and documents
    assert "Dokumenter</h2>" not in html


@pytest.mark.parametrize("url", ["/", "/?theme=tillit", "/regioner", "/tema", "/tema/tillit",
                                 "/element/alesund--advice-6a3c5573", "/dokument/alesund?q=tillit",
                                 "/oversikt", "/oversikt?kind=advice", "/rad"])
def test_the_pages_say_treff_and_punkter_not_elementer(client: FlaskClient, url: str) -> None:
    assert "element" not in text(page(client, url)).lower().replace("/element/", "")


def test_the_regions_page_counts_as_the_region_facet_does(client: FlaskClient,
                                                         index: SearchIndex) -> None:
    html = page(client, "/regioner")
    facet = {v["value"]: v["count"]
             for v in client.get("/api/search").get_json()["facets"]["region"]}
    regions = {doc.region for doc in index.documents() if doc.doc_type == "region"}
    assert regions and set(facet) == regions
    for region in regions:
        found = re.search(r'I søket: <a href="/\?region=[^"]+">(\d+) treff<span '
                          rf'class="visually-hidden"> fra {region}</span></a> \(([^)]+)\)', html)
        assert found, region
        assert int(found.group(1)) == facet[region]
        own = sum(1 for it in index.items() if it.region == region)
        assert int(found.group(1)) == own
    ålesund = re.search(r"fra Ålesundregionen</span></a> \(([^)]+)\)", html)
    assert ålesund and ålesund.group(1) == "regionsiden og 1 nyhet"
    on_page = sum(1 for it in index.items() if it.doc == "alesund")
    assert re.search(rf"Møre og Romsdal · {on_page} punkter på siden · "
                     r'hentet inn <time datetime="[^"]+">\d+\. \w+ \d{4}</time></span>', html)
    assert re.search(r"punkter på siden · hentet inn <time[^>]*>[^<]*</time> · "
                     r"om Ålesundregionen</span>", html)  # the news article
