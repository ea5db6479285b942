"""The HTML pages through Flask's test client, over a real index of the corpus copy."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from flask.testing import FlaskClient
from pagecheck import page_problems

from kb.search import SearchIndex


class FacetReader(HTMLParser):
    """Collect the facet checkboxes of a search page: (facet, value) -> (count, checked)."""

    def __init__(self) -> None:
        super().__init__()
        self.boxes: dict[str, tuple[str, str, bool]] = {}  # input id -> (facet, value, checked)
        self.counts: dict[tuple[str, str], tuple[int, bool]] = {}
        self._label_for: str | None = None
        self._in_count = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("type") == "checkbox":
            self.boxes[a["id"] or ""] = (a["name"] or "", a["value"] or "", "checked" in a)
        elif tag == "label" and a.get("for") in self.boxes:
            self._label_for = a["for"]
        elif tag == "span" and a.get("class") == "count" and self._label_for:
            self._in_count = True

    def handle_data(self, data: str) -> None:
        if self._in_count and self._label_for:
            name, value, checked = self.boxes[self._label_for]
            self.counts[(name, value)] = (int(data), checked)
            self._in_count = False
            self._label_for = None


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def test_search_page_shows_hits_with_badges_links_and_json_twin(client: FlaskClient) -> None:
    html = page(client, "/?q=tillit")
    assert re.search(r"<h1[^>]*>\s*\d+ treff for «tillit»", html)
    assert "Ålesundregionen" in html and "Fosenregionen" in html
    assert "<mark>" in html
    assert re.search(r'href="/dokument/alesund\?q=tillit#[a-z]+-[0-9a-f]{8}', html)
    assert "Se i regionsiden →" in html and "Originalside ↗" in html
    assert 'href="/api/search?q=tillit"' in html
    assert 'href="/api/search.csv?q=tillit"' in html
    assert "Råd 1 av 3" in page(client, "/?q=tillit&kind=advice")


def test_landing_puts_advice_first(client: FlaskClient) -> None:
    html = page(client, "/")
    assert "Råd for samarbeid" in html
    kinds = re.findall(r'<article class="card card-(\w+)"', html)
    assert kinds and kinds[0] == "advice"


def test_every_page_has_language_landmarks_and_skip_link(client: FlaskClient) -> None:
    for url in ("/", "/?q=tillit", "/dokument/alesund", "/tema", "/rad", "/oversikt",
                "/regioner", "/finnes-ikke"):
        html = client.get(url).get_data(as_text=True)
        assert '<html lang="nb">' in html, url
        assert 'href="#innhold"' in html and '<main id="innhold"' in html, url
        assert "<header" in html and "<nav" in html and "<footer" in html, url


@pytest.mark.parametrize("args", [
    {"q": "tillit"},
    {"q": "tillit", "theme": "tillit"},
    {"q": "", "kind": ["advice", "goal"], "region": "Ålesundregionen"},
    {"q": "samarbeid", "county": "Møre og Romsdal"},
])
def test_facet_counts_on_the_page_equal_the_json(client: FlaskClient, args: dict) -> None:
    query = urlencode(args, doseq=True)
    reader = FacetReader()
    reader.feed(page(client, f"/?{query}"))
    data = client.get(f"/api/search?{query}").get_json()
    expected = {(name, v["value"]): (v["count"], v["selected"])
                for name, values in data["facets"].items() for v in values if v["value"]}
    assert reader.counts == expected
    assert reader.counts  # the page does show facets


def test_filters_show_as_removable_chips_and_clear_all(client: FlaskClient) -> None:
    html = page(client, "/?q=tillit&theme=tillit&region=Fosenregionen")
    chips = re.findall(r'<a class="chip" href="([^"]+)">', html)
    assert len(chips) == 2
    assert any("theme=tillit" not in c and "region=" in c for c in chips)
    assert re.search(r'<a class="chip-clear" href="/\?q=tillit">Fjern alle</a>', html)


def test_script_query_is_shown_as_text(client: FlaskClient) -> None:
    for url in ("/?q=" + quote("<script>alert(1)</script>"),
                "/dokument/alesund?q=" + quote("<script>alert(1)</script>")):
        html = page(client, url)
        assert "<script>alert" not in html
        assert "&lt;script&gt;" in html


def test_html_inside_a_corpus_item_is_text_everywhere(client: FlaskClient, index: SearchIndex,
                                                       html_text: str) -> None:
    item = next(it for it in index.items() if it.text == html_text)
    for url in ("/?q=Skriptprøve", f"/dokument/{item.doc}", f"/element/{item.id}",
                f"/dokument/{item.doc}?q=Skriptprøve"):
        html = page(client, url)
        assert "<script>alert" not in html and "<b>fet</b>" not in html, url
        assert "&lt;b&gt;fet&lt;/b&gt;" in html.replace("<mark>", "").replace("</mark>", ""), url


@pytest.mark.parametrize("url", [
    "/?theme=finnes-ikke", "/?region=Atlantis&kind=ukjent", "/?county=%00",
])
def test_unknown_facet_values_match_nothing_and_show_as_chips(client: FlaskClient,
                                                               url: str) -> None:
    html = page(client, url)
    assert "Ingen treff" in html
    assert 'class="chip"' in html


@pytest.mark.parametrize("url, status", [
    ("/?page=9999", 200), ("/?q=tillit&page=9999", 200), ("/?page=abc", 400),
    ("/?page=0", 400), ("/?per_page=1000", 400), ("/?q=" + "a" * 10_000, 400),
    ("/element/%3Cscript%3E", 404), ("/element/" + "x" * 300, 404),
    ("/element/alesund--advice-00000000", 404), ("/dokument/..%2Fetc", 404),
    ("/dokument/finnes-ikke", 404), ("/tema/finnes-ikke", 404), ("/rad?etter=fylke", 400),
    ("/oversikt?kind=ukjent", 400), ("/finnes/ikke", 404),
])
def test_bad_input_gives_a_friendly_page_never_a_500(client: FlaskClient, url: str,
                                                     status: int) -> None:
    html = page(client, url, status)
    assert '<html lang="nb">' in html
    if status != 200:
        assert 'class="error-page"' in html
        assert "Traceback" not in html


def test_a_page_past_the_end_links_back_to_the_first(client: FlaskClient) -> None:
    html = page(client, "/?q=tillit&page=9999")
    assert "Siden finnes ikke" in html
    assert 'href="/?q=tillit">Gå til første side' in html


def test_the_web_is_read_only(client: FlaskClient) -> None:
    assert client.post("/").status_code == 405
    assert client.delete("/dokument/alesund").status_code == 405


def test_security_headers(client: FlaskClient) -> None:
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_document_page_anchors_every_item_and_shows_facts(client: FlaskClient,
                                                          index: SearchIndex) -> None:
    html = page(client, "/dokument/alesund")
    items = [it for it in index.items() if it.doc == "alesund"]
    assert items
    for it in items:
        assert f'id="{it.anchor}"' in html, it.id
    assert "Søkerkommune" in html and "Samarbeidskommuner" in html and "Folketall" in html
    assert "Møre og Romsdal" in html
    assert 'href="https://distriktssenteret.no/artikkel/alesund/"' in html
    # each item links once, lightly, to its own page (its themes and similar items) ...
    body = [it for it in items if it.kind != "fact"]
    for it in body:
        assert f'<a class="item-link" href="/element/{it.id}">Tema og lignende</a>' in html, it.id
    assert 'class="theme-badge"' not in html  # ... instead of theme pills on every item
    themed = next(it for it in body if it.themes)
    item_page = page(client, f"/element/{themed.id}")
    for theme in themed.themes:
        assert f'class="theme-badge" href="/tema/{theme}"' in item_page


def test_document_page_marks_the_search_terms(client: FlaskClient) -> None:
    assert "<mark>" not in page(client, "/dokument/alesund")
    html = page(client, "/dokument/alesund?q=tillit")
    assert re.search(r"<mark>tillit\w*</mark>", html, re.I)
    assert "Tilbake til treffene" in html


def test_programme_and_news_documents_have_pages(client: FlaskClient,
                                                 index: SearchIndex) -> None:
    others = [d for d in index.documents() if d.doc_type != "region"]
    assert others
    for doc in others:
        assert doc.title in page(client, f"/dokument/{doc.slug}").replace("&#39;", "'")


def test_theme_pages(client: FlaskClient, index: SearchIndex) -> None:
    html = page(client, "/tema")
    for theme in index.taxonomy.themes:
        assert f'href="/tema/{theme.id}"' in html
    html = page(client, "/tema/tillit")
    kinds = re.findall(r'<h2 id="type-(\w+)"', html)
    assert kinds[0] == "advice"
    tagged = [it for it in index.items() if "tillit" in it.themes]
    assert f"{len(tagged)} punkter har temaet" in html


def test_all_advice_once_each_by_region_with_an_index_of_themes(client: FlaskClient,
                                                                index: SearchIndex) -> None:
    advice = [it for it in index.items() if it.kind == "advice"]
    assert advice
    html = page(client, "/rad")
    assert page_problems(html)[0] == []
    assert page(client, "/rad?etter=region") == html
    for it in advice:  # each piece once (its own page is linked from its one card)
        assert html.count(f'href="/element/{it.id}"') == 1, it.id
    for region in {it.region for it in advice}:
        assert re.search(rf'<h2 id="region-\d+">{region} ', html)
    assert "<title>Alle råd, region for region – " in html
    assert "<h1>Alle råd fra byregionene</h1>" in html
    # each theme's count is the number of advice the search finds with it
    themes = re.findall(r'<a href="(/\?kind=advice&amp;theme=[^"]+)">[^<]+<span class="count">'
                        r"(\d+)<", html)
    assert len(themes) == len({t for it in advice for t in it.themes})
    for url, count in themes:
        data = client.get("/api/search" + url[1:].replace("&amp;", "&")).get_json()
        assert data["total"] == int(count), url
    # the grouping under every theme, which repeated advice, is gone: its address leads here
    moved = client.get("/rad?etter=tema")
    assert (moved.status_code, moved.headers["Location"]) == (301, "/rad")


def test_overview_cells_link_to_searches_with_the_same_count(client: FlaskClient) -> None:
    html = page(client, "/oversikt")
    cells = re.findall(r'<a href="(/\?theme=[^"]+)" title="[^"]*">(\d+)<', html)
    assert cells
    for url, count in cells[:12]:
        data = client.get("/api/search" + url[1:].replace("&amp;", "&")).get_json()
        assert data["total"] == int(count), url
    assert 'class="heat heat-5"' in html
    assert page(client, "/oversikt?kind=advice").count("<tr>") >= 2


def test_item_page_shows_similar_items_from_other_regions(client: FlaskClient,
                                                          index: SearchIndex) -> None:
    item = next(it for it in index.items() if it.kind == "advice")
    html = page(client, f"/element/{item.id}")
    assert "Lignende fra andre regioner" in html
    similar = index.similar(item.id, limit=5)
    assert similar  # the seed corpus has advice like it in other regions
    for other in similar:
        assert other.region != item.region
        assert f"/element/{other.id}" in html


def test_documents_list(client: FlaskClient, index: SearchIndex) -> None:
    html = page(client, "/regioner")
    for doc in index.documents():
        assert f'href="/dokument/{doc.slug}"' in html


def test_all_word_matches_end_where_the_page_says_and_the_theme_is_one_click(
        client: FlaskClient) -> None:
    html = client.get("/?q=tillit").get_data(as_text=True)
    data = client.get("/api/search?q=tillit&per_page=100").get_json()
    full = sum(1 for hit in data["hits"] if not hit["partial"])
    assert full == data["matched_all"] < data["total"]
    assert f"{data['matched_all']} treff har alle ordene" in html
    assert 'id="andre-treff"' in html
    before, after = html.split('id="andre-treff"')
    assert data["total"] <= 10  # every hit is on the first page
    assert before.count('<article class="card') == full  # the all-word hits above the heading
    assert after.count('<article class="card') == data["total"] - full
    theme = next(t for t in data["query_themes"] if t["value"] == "tillit")
    assert f'href="/?theme=tillit">Se alt om {theme["label"]} ({theme["count"]})</a>' in html
    browse = client.get("/api/search?theme=tillit&per_page=100").get_json()
    assert browse["total"] == theme["count"]
