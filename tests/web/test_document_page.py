"""A region page shows the served build (never the corpus folder) and marks a search's words
exactly as the search hits do."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient

from kb.web.app import create_app
from kb.web.state import current_index

PROJECT = Path(__file__).resolve().parents[2]


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_region_page_shows_the_served_build_after_an_unbuilt_edit(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT / "corpus", corpus)
    app = create_app({"TESTING": True, "CORPUS_DIR": corpus, "INDEX_DIR": tmp_path / "index"})
    try:
        client = app.test_client()
        served = page(client, "/dokument/alesund")
        assert "Lag gode møteplasser" in served
        path = corpus / "alesund.md"
        text = path.read_text(encoding="utf-8")
        edited = text.replace("2. Lag gode møteplasser", "2. Redigert, men ikke bygget")
        edited = edited.replace("## Dokumenter", "Et nytt avsnitt uten bygg.\n\n## Dokumenter")
        assert edited != text
        path.write_text(edited, encoding="utf-8")
        after_edit = page(client, "/dokument/alesund")
        assert "Redigert" not in after_edit and "Et nytt avsnitt" not in after_edit
        assert after_edit == served
        path.unlink()
        assert page(client, "/dokument/alesund") == served
    finally:
        with app.app_context():
            current_index().close()


def item_html(html: str, anchor: str) -> str:
    """The text HTML of the item element with id ``anchor`` (its links left off)."""
    match = re.search(rf'id="{re.escape(anchor)}">(.*?)<span class="item-meta">', html)
    assert match, anchor
    return match.group(1)


@pytest.mark.parametrize(("query", "compound_or_nynorsk"), [
    ("tillit", "<mark>tillit</mark>"),
    ("kommune", "<mark>fylkeskommune</mark>"),  # a compound's last part
    ("samspill", "<mark>samspelet</mark>"),  # Nynorsk for samspillet
    ("møteplass", "<mark>møteplasser</mark>"),
    ('samarbeid "gode møteplasser" -handling', "<mark>samarbeid</mark>"),
])
def test_a_query_marks_on_the_page_what_the_hit_marks(client: FlaskClient, query: str,
                                                      compound_or_nynorsk: str) -> None:
    data = client.get("/api/search?" + urlencode({"q": query, "per_page": 100})).get_json()
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for hit in data["hits"]:
        if hit["kind"] != "fact":  # facts show in the facts box, unmarked
            by_doc[hit["doc"]].append(hit)
    assert by_doc
    compared = []
    for doc, hits in by_doc.items():
        html = page(client, f"/dokument/{doc}?" + urlencode({"q": query}))
        for hit in hits:
            anchor = hit["url"].rpartition("#")[2]
            assert item_html(html, anchor) == hit["highlight"], (doc, hit["text"])
            compared.append(hit["highlight"])
    assert any(compound_or_nynorsk in highlight for highlight in compared)
