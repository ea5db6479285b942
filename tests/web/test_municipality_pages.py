"""The municipality pages and facet through Flask's test client, over a real index."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kb.models import Item
from kb.search import SearchIndex
from kb.web.app import create_app
from kb.web.state import current_index

ALESUND_TOWNS = ["Ålesund", "Sula", "Haram", "Giske", "Skodje", "Ørskog", "Sandøy"]


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def words(html: str) -> str:
    """The page with its white space folded, for sentences that span template lines."""
    return " ".join(html.split())


def facet_counts(html: str, facet: str) -> dict[str, tuple[int, bool]]:
    """A search page's checkboxes of one facet: value -> (count, checked)."""
    found = {}
    for box in re.finditer(r'<input type="checkbox" form="sok" name="(?P<name>[a-z]+)" '
                           r'value="(?P<value>[^"]*)" id="(?P<id>[^"]+)"(?P<checked> checked)?>',
                           html):
        label = re.search(rf'<label for="{box["id"]}">.*?<span class="count">(\d+)', html, re.S)
        assert label, box["id"]
        if box["name"] == facet:
            found[unescape(box["value"])] = (int(label[1]), bool(box["checked"]))
    return found


def lessons(index: SearchIndex, region: str) -> list[Item]:
    return [it for it in index.items() if it.region == region
            and it.kind in ("advice", "goal", "result", "after")]


def test_a_partner_municipality_page(client: FlaskClient, index: SearchIndex) -> None:
    html = page(client, "/kommune/orskog")
    assert re.search(r"<h1>Ørskog</h1>", html)
    assert "<title>Ørskog – Byregion-kunnskapsbanken</title>" in html
    assert "var med i Byregionprogrammet (2014–2018) som samarbeidskommune i " \
        "Ålesundregionen." in words(html)
    assert '<h2 id="region-1"><a href="/dokument/alesund">Ålesundregionen</a></h2>' in html
    search_link = f'href="/?municipality={quote("Ørskog")}"'
    assert search_link in html
    # the other municipalities of the region, linked, the applicant said to be one
    assert '<a href="/kommune/alesund">Ålesund</a> (søkerkommune)' in html
    for slug in ("sula", "haram", "giske", "skodje", "sandoy"):
        assert f'href="/kommune/{slug}"' in html
    assert 'href="/kommune/orskog"' not in html
    # every lesson of the region, each linked to its anchor on the region page
    expected = lessons(index, "Ålesundregionen")
    anchors = re.findall(r'href="/dokument/alesund#([a-z]+-[0-9a-f]{8}(?:-\d+)?)"', html)
    assert anchors == [it.anchor for kind in ("advice", "goal", "result", "after")
                       for it in expected if it.kind == kind]
    assert html.index("Bruk tid på å skape tillit") < html.index("Hovedmål: Bygge")
    headings = re.findall(r'<h3 class="region-heading" id="region-1-(\w+)">([^<]+?) '
                          r'<span class="count">(\d+)</span>', html)
    counts = Counter(it.kind for it in expected)
    assert [(k, int(n)) for k, _, n in headings] == [(k, counts[k]) for k in
                                                      ("advice", "goal", "result", "after")]
    assert [label for _, label, _ in headings] == ["Råd", "Mål", "Resultat", "Videre arbeid"]


def test_an_applicant_page_and_what_is_escaped(client: FlaskClient, html_text: str) -> None:
    html = page(client, "/kommune/alesund")
    assert "som søkerkommune i Ålesundregionen." in words(html)
    assert '(søkerkommune)' not in html  # the others are all partners
    # the region's summary opens its section, escaped like every text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert html_text.split(" <b>")[0] in html


@pytest.mark.parametrize("typed", ["Ørskog", "ØRSKOG", "ørskog", "Orskog", "oerskog",
                                   "OERSKOG", "Ørskog ", "ørskog"])
def test_any_spelling_leads_to_the_page(client: FlaskClient, typed: str) -> None:
    response = client.get(f"/kommune/{quote(typed)}")
    assert response.status_code == 301
    assert response.headers["Location"] == "/kommune/orskog"
    followed = client.get(f"/kommune/{quote(typed)}", follow_redirects=True)
    assert followed.status_code == 200 and "<h1>Ørskog</h1>" in followed.get_data(as_text=True)


@pytest.mark.parametrize("name", ["oslo", "sul", "ålesundregionen", "x" * 101, "%00", "%20",
                                  "-", "..", "%F0%9F%98%80", "<script>"])
def test_an_unknown_municipality_is_the_sites_404_page(client: FlaskClient, name: str) -> None:
    html = page(client, f"/kommune/{name}", 404)
    assert "<title>Fant ikke siden – Byregion-kunnskapsbanken</title>" in html
    assert "Det finnes ingen kommune" in html
    assert "<script>" not in html.split("</head>")[1]


def test_an_unknown_municipality_filter_finds_nothing(client: FlaskClient) -> None:
    response = client.get("/api/search?municipality=Oslo")
    assert response.status_code == 200 and response.get_json()["total"] == 0


def test_the_list_of_municipalities(client: FlaskClient, index: SearchIndex) -> None:
    html = page(client, "/kommune")
    names = re.findall(r'<a href="/kommune/([a-z-]+)">([^<]+)</a>', html)
    assert len(names) == len(index.municipalities) == 19
    norwegian = str.maketrans("æøå", "{|}")  # after z, in this order
    assert [n for _, n in names] == sorted((m.name for m in index.municipalities),
                                           key=lambda n: n.lower().translate(norwegian))
    assert names[-4:] == [("orland", "Ørland"), ("orskog", "Ørskog"), ("afjord", "Åfjord"),
                          ("alesund", "Ålesund")]
    assert re.search(r'<a href="/kommune/leksvik">Leksvik</a>\s*<span class="muted">'
                     r'samarbeidskommune i <a href="/dokument/bjugn">Fosenregionen</a>', html)
    for slug, _ in names:
        assert client.get(f"/kommune/{slug}").status_code == 200
    assert 'href="/kommune"' in page(client, "/regioner")


def test_the_region_page_links_its_municipalities(client: FlaskClient) -> None:
    html = page(client, "/dokument/bjugn")
    facts = html[html.index('class="facts"'):html.index("</section>", html.index('class="facts"'))]
    assert '<dd><a href="/kommune/bjugn">Bjugn</a></dd>' in facts
    assert re.findall(r'<a href="/kommune/([a-z]+)">', facts) == [
        "bjugn", "orland", "rissa", "afjord", "roan", "osen", "leksvik"]


def test_api_facet_counts_by_municipality(client: FlaskClient, index: SearchIndex) -> None:
    data = client.get("/api/search?q=tillit&per_page=100").get_json()
    ids = {h["id"] for h in data["hits"]}
    assert data["total"] == len(ids)
    hits = [index.get_item(i) for i in ids]
    expected = Counter(m for it in hits if it is not None for m in it.municipalities)
    counts = {v["value"]: v["count"] for v in data["facets"]["municipality"]}
    assert counts == dict(expected)
    assert counts["Ørskog"] == sum(1 for it in hits if it and it.region == "Ålesundregionen") > 0
    # a selection narrows the hits, not its own facet's counts (one can widen)
    narrowed = client.get("/api/search?q=tillit&per_page=100&municipality=orskog").get_json()
    assert narrowed["total"] == counts["Ørskog"]
    assert {h["region"] for h in narrowed["hits"]} == {"Ålesundregionen"}
    assert {v["value"]: v["count"] for v in narrowed["facets"]["municipality"]} == counts
    assert [v["value"] for v in narrowed["facets"]["municipality"] if v["selected"]] == ["Ørskog"]
    both = client.get("/api/search?q=tillit&municipality=Ørskog&municipality=Leksvik").get_json()
    assert both["total"] == counts["Ørskog"] + counts["Leksvik"]


def test_search_page_facet_counts_and_chip(client: FlaskClient, index: SearchIndex) -> None:
    everything = facet_counts(page(client, "/?q="), "municipality")
    regions = Counter(it.region for it in index.items())
    assert everything["Sula"] == (regions["Ålesundregionen"], False)
    assert everything["Vefsn"] == (regions["Alstahaugregionen"], False)
    assert everything["Leksvik"] == (regions["Fosenregionen"], False)
    html = page(client, f"/?q=tillit&municipality={quote('Ørskog')}")
    shown = facet_counts(html, "municipality")
    api = client.get("/api/search?q=tillit").get_json()["facets"]["municipality"]
    assert shown == {v["value"]: (v["count"], v["value"] == "Ørskog") for v in api}
    assert re.search(r'<span class="chip-facet">Kommune:</span> Ørskog', html)
    assert '<legend>Kommune</legend>' in html


def test_openapi_documents_the_municipality_filter(client: FlaskClient) -> None:
    doc = client.get("/api/openapi.json").get_json()
    parameters = {p["name"]: p for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert "Ørskog" in parameters["municipality"]["description"]
    assert parameters["municipality"]["schema"] == {"type": "array", "items": {"type": "string"}}
    facets = doc["components"]["schemas"]["SearchResults"]["properties"]["facets"]["properties"]
    assert "municipality" in facets


# Ålesundregionen with a partner its page leaves out (Vestnes), and Molderegionen, which
# has no page in the corpus: the news page is made Molderegionen's.
REGISTRY = """\
[[region]]
name = "Ålesundregionen"
slug = "alesund"
county = "Møre og Romsdal"
applicant = "Ålesund"
partners = ["Sula", "Haram", "Giske", "Skodje", "Ørskog", "Sandøy", "Vestnes"]

[[region]]
name = "Molderegionen"
slug = "utviklingsprogrammet-molderegionen"
county = "Møre og Romsdal"
applicant = "Molde"
partners = ["Aukra", "Vestnes", "Sula"]
"""


@pytest.fixture(scope="module")
def registry_app(tmp_path_factory: pytest.TempPathFactory,
                 copy_corpus: Callable[[Path], Path]) -> Iterator[Flask]:
    """An app over a corpus copy with :data:`REGISTRY` as its registry."""
    corpus = copy_corpus(tmp_path_factory.mktemp("registry") / "corpus")
    (corpus / "regions.toml").write_text(REGISTRY, encoding="utf-8")
    news = corpus / "8855-byregionsamling-i-alesund.md"
    news.write_text(news.read_text(encoding="utf-8").replace(
        "region: Ålesundregionen", "region: Molderegionen"), encoding="utf-8")
    app = create_app({"TESTING": True, "CORPUS_DIR": corpus, "INDEX_DIR": corpus.parent / "ix"})
    yield app
    with app.app_context():
        current_index().close()


def test_the_registry_completes_a_region_and_adds_one_without_a_page(
        registry_app: Flask) -> None:
    client = registry_app.test_client()
    vestnes = page(client, "/kommune/vestnes")
    assert "som samarbeidskommune i Ålesundregionen og samarbeidskommune i Molderegionen." \
        in words(vestnes)
    assert '<h2 id="region-1"><a href="/dokument/alesund">Ålesundregionen</a></h2>' in vestnes
    assert '<h2 id="region-2">Molderegionen</h2>' in vestnes  # no page of its own to link
    assert "Kunnskapsbanken har ennå ingen råd, mål eller resultater fra Molderegionen." \
        in words(vestnes)
    assert '<a href="#region-2">Molderegionen</a>' in vestnes
    sula = page(client, "/kommune/sula")
    assert sula.count('<h2 id="region-') == 2
    data = client.get("/api/search?q=Vestnes").get_json()
    assert data["total"] > 0
    assert {v["value"] for v in data["facets"]["region"]} == {"Ålesundregionen", "Molderegionen"}
    with registry_app.app_context():
        index = current_index()
        alesund = [it for it in index.items() if it.region == "Ålesundregionen"]
    assert {v["value"]: v["count"] for v in data["facets"]["municipality"]}["Ørskog"] == \
        len(alesund)
