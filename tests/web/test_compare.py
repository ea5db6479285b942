"""``/sammenlign``: regions side by side, the forms that choose them, and every bad choice."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient

from kb.models import Document
from kb.search import SearchIndex
from kb.vocabulary import COMPARE_KINDS, COMPARE_MAX_REGIONS
from kb.web.comparison import MAX_PROBLEMS, choose_regions, side_by_side

REGIONS = {"alesund": "Ålesundregionen", "bjugn": "Fosenregionen",
           "alstahaug": "Alstahaugregionen"}


class Tables(HTMLParser):
    """The page's tables as rows of (tag, scope, text, links) cells, by the section id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[tuple[str, str, str, list[str]]]]] = {}
        self.section = ""
        self.cell: list[str] | None = None
        self.cell_tag = ""
        self.scope = ""
        self.links: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section":
            self.section = (found.get("aria-labelledby") or "")
        elif tag == "table":
            self.tables[self.section] = []
        elif tag == "tr":
            self.tables[self.section].append([])
        elif tag in ("th", "td"):
            self.cell, self.cell_tag, self.scope, self.links = [], tag, found.get("scope") or "", []
        elif tag == "a" and self.cell is not None:
            self.links.append(found.get("href") or "")
        elif tag == "span" and "cell-region" in (found.get("class") or ""):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            self.tables[self.section][-1].append((self.cell_tag, self.scope, text, self.links))
            self.cell = None
        elif tag == "span" and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.skip:
            self.cell.append(data)


def _tables(client: FlaskClient, query: str) -> dict[str, list[list[tuple[str, str, str,
                                                                          list[str]]]]]:
    response = client.get("/sammenlign" + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    parser = Tables()
    parser.feed(response.get_data(as_text=True))
    return parser.tables


def test_landing_offers_every_region_page(client: FlaskClient) -> None:
    response = client.get("/sammenlign")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<table" not in html
    assert '<form class="compare-picker" action="/sammenlign" method="get">' in html
    boxes = re.findall(r'<input type="checkbox" name="region" value="([^"]+)"', html)
    assert sorted(boxes) == sorted(REGIONS)  # region pages only: no news, no programme page
    assert "Velg to til fire regioner" in html


def test_facts_on_top_then_goals_results_and_advice(client: FlaskClient) -> None:
    tables = _tables(client, "?region=alesund&region=bjugn")
    assert list(tables) == ["fakta", *COMPARE_KINDS]
    head, *rows = tables["fakta"]
    assert [(tag, scope, text) for tag, scope, text, _ in head] == [
        ("th", "col", "Fakta"), ("th", "col", "Ålesundregionen"), ("th", "col", "Fosenregionen")]
    facts = {row[0][2]: [text for _, _, text, _ in row[1:]] for row in rows}
    assert all(row[0][:2] == ("th", "row") for row in rows)
    assert facts["Folketall"] == ["76 680 (1.jan 2015)", "25 315 (1.jan 2015)"]
    assert facts["Areal"] == ["555 km²", "3 037 km²"]
    assert facts["Søkerkommune"] == ["Ålesund", "Bjugn"]
    assert facts["Samarbeidskommuner"][1] == "Ørland, Rissa, Åfjord, Roan, Osen, Leksvik"
    assert facts["Antall kommuner"] == ["7", "7"]
    assert (facts["Mål"], facts["Resultater"], facts["Råd"]) == (["5", "2"], ["13", "9"],
                                                                 ["3", "3"])


def test_items_are_aligned_by_theme_and_link_to_their_anchor(client: FlaskClient,
                                                             index: SearchIndex) -> None:
    tables = _tables(client, "?region=bjugn&region=alesund")  # the order asked for
    labels = {t.id: t.label for t in index.taxonomy.themes}
    pages = {slug: client.get(f"/dokument/{slug}").get_data(as_text=True)
             for slug in ("alesund", "bjugn")}
    for kind in COMPARE_KINDS:
        head, *rows = tables[kind]
        assert [text.split(" (")[0] for _, _, text, _ in head[1:]] == ["Fosenregionen",
                                                                       "Ålesundregionen"]
        for row in rows:
            tag, scope, label, _ = row[0]
            assert (tag, scope) == ("th", "row")
            theme = next((tid for tid, text in labels.items() if text == label), "")
            for slug, (_, _, _, links) in zip(("bjugn", "alesund"), row[1:], strict=True):
                expected = [it for it in index.items() if it.doc == slug and it.kind == kind
                            and (theme in it.themes if theme else not it.themes)]
                assert links == [f"/dokument/{slug}#{it.anchor}" for it in expected]
                for link in links:
                    assert f'id="{link.split("#")[1]}"' in pages[slug]
        shown = {link for row in rows for cell in row[1:] for link in cell[3]}
        every = {f"/dokument/{it.doc}#{it.anchor}" for it in index.items()
                 if it.doc in pages and it.kind == kind}
        assert shown == every  # every goal, result and piece of advice is on the page


def test_items_without_a_theme_are_in_the_last_row(client: FlaskClient,
                                                   index: SearchIndex) -> None:
    untagged = next(it for it in index.items() if it.doc == "alesund" and it.kind == "result"
                    and not it.themes)
    _, *rows = _tables(client, "?region=alesund&region=alstahaug")["result"]
    assert rows[-1][0][2] == "Uten tema"
    assert f"/dokument/alesund#{untagged.anchor}" in rows[-1][1][3]


def test_an_item_with_several_themes_is_in_each_row_shortened_after_the_first(
        client: FlaskClient, index: SearchIndex) -> None:
    goal = next(it for it in index.items() if it.doc == "bjugn" and it.kind == "goal"
                and len(it.themes) > 1 and len(it.text) > 90)
    _, *rows = _tables(client, "?region=alesund&region=bjugn")["goal"]
    fosen = [row[2] for row in rows]  # (tag, scope, text, links) of Fosen's cells
    texts = [text for _, _, text, links in fosen if f"/dokument/bjugn#{goal.anchor}" in links]
    assert len(texts) == len(goal.themes)
    assert goal.text in texts[0]
    assert all(goal.text not in text and "…" in text for text in texts[1:])


def test_slugs_are_read_without_regard_to_case_or_spaces(client: FlaskClient) -> None:
    response = client.get("/sammenlign?region=ALESUND&region=+bjugn+&region=")
    assert response.status_code == 200
    assert "Fosenregionen" in response.get_data(as_text=True)


@pytest.mark.parametrize(("query", "message", "ticked"), [
    ("?region=alesund", "Velg minst to regioner å sammenligne.", ["alesund"]),
    ("?region=", "Velg minst to regioner å sammenligne.", []),
    ("?region=alesund&region=bjugn&region=alstahaug&region=narvik&region=molde",
     "Du kan sammenligne høyst fire regioner om gangen, men valgte fem.",
     ["alesund", "bjugn", "alstahaug"]),
    ("?region=alesund&region=tromso", "Det finnes ingen regionside «tromso».", ["alesund"]),
    ("?region=alesund&region=alesund", "«Ålesundregionen» er valgt mer enn én gang.",
     ["alesund"]),
    ("?region=alesund&region=dette-er-byregionprogrammet",
     "Det finnes ingen regionside «dette-er-byregionprogrammet».", ["alesund"]),
    ("?region=alesund&region=%3Cscript%3Ealert(1)%3C/script%3E",
     "«&lt;script&gt;alert(1)&lt;/script&gt;» er ikke navnet på en region.", ["alesund"]),
    ("?region=alesund&region=../../etc/passwd", "er ikke navnet på en region.", ["alesund"]),
    ("?region=alesund&region=" + "a" * 5000, "«" + "a" * 39 + "…» er ikke navnet", ["alesund"]),
    ("?region=%FF%FE&region=bjugn", "er ikke navnet på en region.", ["bjugn"]),
    ("?region=bjugn&region=%C3%A5lesund", "«ålesund» er ikke navnet på en region.", ["bjugn"]),
])
def test_a_bad_choice_is_a_400_page_with_the_message_and_the_form(
        client: FlaskClient, query: str, message: str, ticked: list[str]) -> None:
    response = client.get("/sammenlign" + query)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert 'role="alert"' in html and message in html
    assert "<script>alert" not in html and "<table" not in html
    checked = re.findall(r'value="([^"]+)" id="[^"]+" checked', html)
    assert sorted(checked) == sorted(ticked)
    assert len(re.findall(r'type="checkbox" name="region"', html)) == len(REGIONS)


def test_odd_requests_never_fail(client: FlaskClient) -> None:
    for query in ("?region[]=alesund", "?region=alesund&region=bjugn&x=%3Cb%3E",
                  "?" + "&".join(["region=alesund"] * 2000), "?region=%00&region=%0a",
                  "?region=alesund&region=bjugn&region=bjugn&region=alstahaug"):
        response = client.get("/sammenlign" + query)
        assert response.status_code in (200, 400), query
    assert client.head("/sammenlign?region=alesund&region=bjugn").status_code == 200
    assert client.post("/sammenlign?region=alesund&region=bjugn").status_code == 405


def test_region_page_offers_to_compare_with_the_others(client: FlaskClient) -> None:
    html = client.get("/dokument/alesund").get_data(as_text=True)
    form = html[html.index('<details class="compare-with">'):]
    form = form[:form.index("</details>")]
    assert '<form class="compare-picker" action="/sammenlign" method="get">' in form
    assert '<input type="hidden" name="region" value="alesund">' in form
    assert re.findall(r'type="checkbox" name="region" value="([^"]+)"', form) == [
        "alstahaug", "bjugn"]
    assert 'Sammenlign med andre regioner' in form
    news = client.get("/dokument/8855-byregionsamling-i-alesund").get_data(as_text=True)
    assert "compare-with" not in news


def test_regions_page_has_the_form_to_pick_regions(client: FlaskClient) -> None:
    html = client.get("/regioner").get_data(as_text=True)
    section = html[html.index('aria-labelledby="sammenlign"'):]
    assert '<form class="compare-picker" action="/sammenlign" method="get">' in section
    assert sorted(re.findall(r'type="checkbox" name="region" value="([^"]+)"', section)) == \
        sorted(REGIONS)
    for slug, name in REGIONS.items():
        assert f'<label for="cmp-{slug}">{name}</label>' in section
    assert '<button type="submit">Sammenlign</button>' in section


def _docs(index: SearchIndex) -> dict[str, Document]:
    return {doc.slug: doc for doc in index.documents() if doc.doc_type == "region"}


def test_choice_lists_at_most_a_few_problems(index: SearchIndex) -> None:
    choice = choose_regions([f"ukjent-{n}" for n in range(50)], _docs(index))
    assert choice.documents == []
    assert len(choice.problems) == MAX_PROBLEMS + 1
    assert choice.problems[0].startswith("Du kan sammenligne høyst fire regioner om gangen, "
                                         "men valgte 50")
    assert choice.problems[-1] == f"… og {50 + 1 - MAX_PROBLEMS} til."


def test_choice_of_two_to_four_known_regions_has_no_problem(index: SearchIndex) -> None:
    docs = _docs(index)
    for count in range(2, min(len(docs), COMPARE_MAX_REGIONS) + 1):
        choice = choose_regions(list(docs)[:count], docs)
        assert choice.problems == [] and choice.slugs == list(docs)[:count]


def test_side_by_side_leaves_out_rows_no_region_fills(index: SearchIndex) -> None:
    docs = _docs(index)
    themes = [(t.id, t.label) for t in index.taxonomy.themes]
    tables = side_by_side([docs["alstahaug"], docs["alesund"]], index.items(), themes)
    advice = next(t for t in tables if t.kind == "advice")
    used = {t for it in index.items() if it.kind == "advice" and it.doc in ("alstahaug", "alesund")
            for t in it.themes}
    assert [row.theme for row in advice.rows] == [tid for tid, _ in themes if tid in used]
    assert advice.counts == [3, 3]
