"""Exports of a search that match the page: JSON of every hit (bounded, the bound stated),
CSV for Norwegian Excel from the page, the plain CSV for scripts on the API, and
``kb export --format csv-excel``; through Flask's test client over a real index."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest
from fixture_types import RunKb
from flask.testing import FlaskClient

import kb.web.exports
import kb.web.pages
from kb.corpus import load_corpus
from kb.search import SearchIndex
from kb.vocabulary import EXCEL_HEADERS, KIND_LABELS, MAX_EXPORT_HITS

SEARCHES = ["q=tillit", "q=samarbeid&kind=application&kind=result&sort=region",
            "q=samarbied", "q=samarbied&correct=0", "theme=tillit&sort=kind", ""]


def api_ids(client: FlaskClient, query: str) -> list[str]:
    """The ids of every hit of a search, paged through /api/search as a script would."""
    ids: list[str] = []
    page = 1
    while True:
        data = client.get(f"/api/search?{query}&per_page=100&page={page}").get_json()
        ids += [hit["id"] for hit in data["hits"]]
        if page >= -(-data["total"] // 100):
            return ids
        page += 1


def excel_rows(body: bytes) -> list[dict[str, str]]:
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))


def test_the_page_links_its_exports_with_the_search_and_states_the_bound(
        client: FlaskClient) -> None:
    html = client.get("/?q=tillit&theme=tillit&sort=region&page=1&per_page=5").get_data(True)
    total = client.get("/api/search?q=tillit&theme=tillit").get_json()["total"]
    assert f"Last ned alle {total} treffene:" in html
    assert "(høyst 1\u00a0000 treff)" in html
    assert 'href="/treff.csv?q=tillit&amp;theme=tillit&amp;sort=region"' in html
    assert 'href="/api/search.json?q=tillit&amp;theme=tillit&amp;sort=region"' in html


def test_the_page_says_when_a_search_has_more_hits_than_an_export_holds(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kb.web.pages, "MAX_EXPORT_HITS", 5)
    monkeypatch.setattr(kb.web.exports, "MAX_EXPORT_HITS", 5)
    total = client.get("/api/search?q=samarbeid").get_json()["total"]
    assert total > 5
    html = client.get("/?q=samarbeid").get_data(as_text=True)
    assert f"Last ned de første 5 av {total} treffene:" in html and "(høyst 5 treff)" in html
    data = client.get("/api/search.json?q=samarbeid").get_json()
    assert (data["limit"], data["total"], data["truncated"], len(data["hits"])) == \
        (5, total, True, 5)
    assert len(excel_rows(client.get("/treff.csv?q=samarbeid").data)) == 5
    assert len(list(csv.reader(io.StringIO(
        client.get("/api/search.csv?q=samarbeid").get_data(as_text=True))))) == 1 + 5


@pytest.mark.parametrize("query", SEARCHES)
def test_json_export_has_every_hit_of_the_search_in_the_pages_order(client: FlaskClient,
                                                                    query: str) -> None:
    response = client.get(f"/api/search.json?{query}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert (data["limit"], data["truncated"]) == (MAX_EXPORT_HITS, False)
    assert [hit["id"] for hit in data["hits"]] == api_ids(client, query)
    assert len(data["hits"]) == data["total"]
    page = client.get(f"/api/search?{query}").get_json()
    assert (data["query"], data["sort"], data["corrected"], data["did_you_mean"]) == \
        (page["query"], page["sort"], page["corrected"], page["did_you_mean"])
    assert data["hits"][:len(page["hits"])] == page["hits"]  # the same hits, links and all


def test_json_export_names_the_filters(client: FlaskClient) -> None:
    data = client.get("/api/search.json?q=tillit&kind=result&kind=advice&theme=tillit").get_json()
    assert data["filters"] == {"theme": ["tillit"], "kind": ["result", "advice"]}
    assert {hit["kind"] for hit in data["hits"]} <= {"result", "advice"}


@pytest.mark.parametrize("query", SEARCHES)
def test_excel_csv_has_every_hit_in_norwegian_with_semicolons_and_crlf(
        client: FlaskClient, index: SearchIndex, query: str) -> None:
    response = client.get(f"/treff.csv?{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="byregion-treff.csv"' in response.headers["Content-Disposition"]
    body = response.data
    assert body.startswith("\ufeffNr;Region;Fylke;Type;".encode())
    assert body.endswith(b"\r\n") and body.count(b"\n") == body.count(b"\r\n")  # CRLF only
    assert body.decode().split("\r\n")[0] == "\ufeff" + ";".join(EXCEL_HEADERS)
    rows = excel_rows(body)
    assert [row["Id"] for row in rows] == api_ids(client, query)
    assert [row["Nr"] for row in rows] == [str(n) for n in range(1, len(rows) + 1)]
    for row in rows:
        item = index.get_item(row["Id"])
        assert item is not None
        assert row["Type"] == KIND_LABELS[item.kind]
        assert row["Tema"] == ", ".join(index.taxonomy.label(t) for t in item.themes)
        assert row["Lenke"] == f"/dokument/{item.doc}#{item.anchor}"
        assert row["Tekst"] == item.text


def test_excel_csv_of_an_empty_search_is_its_header_line(client: FlaskClient) -> None:
    body = client.get("/treff.csv?q=xyzzy").data
    assert body == ("\ufeff" + ";".join(EXCEL_HEADERS) + "\r\n").encode()


def test_the_plain_csv_runs_the_search_once(client: FlaskClient,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = kb.web.exports.search_all

    def counted(*args: object, **kwargs: object) -> object:
        calls.append("search")
        return real(*args, **kwargs)  # type: ignore[arg-type]  # passed through as given

    monkeypatch.setattr(kb.web.exports, "search_all", counted)
    rows = list(csv.DictReader(io.StringIO(
        client.get("/api/search.csv").get_data(as_text=True).lstrip("\ufeff"))))
    total = client.get("/api/search").get_json()["total"]
    assert len(rows) == total > 100  # more than one page of the API
    assert calls == ["search"]


def test_the_plain_csv_keeps_english_headers_codes_and_commas(client: FlaskClient) -> None:
    text = client.get("/api/search.csv?q=tillit&sort=kind").get_data(as_text=True)
    header, first, *_ = text.lstrip("\ufeff").split("\r\n")
    assert header == "id,region,county,kind,number,section_size,heading,text,themes,url," \
                     "source_url,score"
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0]["kind"] == "advice"  # the code, and the kind order: advice first
    assert [r["id"] for r in rows] == api_ids(client, "q=tillit&sort=kind")


def test_kb_export_csv_excel_writes_the_corpus_for_norwegian_excel(
        web_corpus: Path, run_kb: RunKb) -> None:
    done = run_kb("--corpus", web_corpus, "export", "--format", "csv-excel",
                  "--base-url", "https://kb.example.no/")
    assert done.exit_code == 0, done.stderr
    body = done.stdout_bytes
    assert body.startswith("\ufeffNr;Region;".encode()) and b"\r\n" in body
    rows = excel_rows(body)
    corpus = load_corpus(web_corpus)
    assert [row["Id"] for row in rows] == [item.id for item in corpus.items]
    first = corpus.items[0]
    assert rows[0]["Lenke"] == f"https://kb.example.no/dokument/{first.doc}#{first.anchor}"
    assert rows[0]["Type"] == KIND_LABELS[first.kind]
    assert {row["Type"] for row in rows} <= set(KIND_LABELS.values())


def test_kb_export_formats_include_csv_excel_in_its_help(run_kb: RunKb) -> None:
    done = run_kb("export", "--help")
    assert "csv-excel" in done.stdout
    bad = run_kb("export", "--format", "xlsx")
    assert bad.exit_code == 2 and "'--format'" in bad.stderr


def test_json_export_is_json_a_script_can_read(client: FlaskClient) -> None:
    text = client.get("/api/search.json?q=tillit").get_data(as_text=True)
    data = json.loads(text)
    assert re.fullmatch(r"/dokument/[a-z0-9-]+#[a-z]+-[0-9a-f]{8}", data["hits"][0]["url"])
    assert unescape(data["hits"][0]["highlight"]).count("<mark>") >= 1
