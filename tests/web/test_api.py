"""The JSON API through Flask's test client, over a real index of the corpus copy."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kb.search import SearchIndex, search
from kb.web.params import KNOWN_PARAMETERS
from kb.web.urls import results_json

KB = Path(sys.executable).with_name("kb")


def test_search_returns_exactly_the_search_results_object(app: Flask, client: FlaskClient,
                                                          index: SearchIndex) -> None:
    response = client.get("/api/search?q=tillit&theme=tillit&kind=advice&kind=result")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    with app.test_request_context():
        expected = results_json(search(index, "tillit", {"theme": ["tillit"],
                                                         "kind": ["advice", "result"]}))
    assert response.get_json() == json.loads(json.dumps(expected))
    assert list(response.get_json()) == list(expected)  # same keys, same order
    hit = response.get_json()["hits"][0]
    assert hit["url"] == f"/dokument/{hit['doc']}#{hit['id'].partition('--')[2]}"


@pytest.mark.parametrize("query", ["tillit", "samspel kommune", ""])
def test_cli_json_and_text_give_the_urls_of_the_api(client: FlaskClient, web_corpus: Path,
                                                    query: str) -> None:
    args = [str(KB), "--corpus", str(web_corpus), "--index", str(web_corpus.parent / "index"),
            "search", *query.split()]
    printed = subprocess.run([*args, "--json"], capture_output=True, text=True, check=True,
                             timeout=120).stdout
    api = client.get("/api/search", query_string={"q": query}).get_json()
    assert json.loads(printed) == api
    assert printed == json.dumps(api, ensure_ascii=False, indent=2) + "\n"
    text = subprocess.run(args, capture_output=True, text=True, check=True, timeout=120).stdout
    urls = [hit["url"] for hit in api["hits"]]
    assert urls and all(f" · {url}\n" in text for url in urls)


def test_search_pages_and_page_size(client: FlaskClient) -> None:
    first = client.get("/api/search?per_page=3").get_json()
    second = client.get("/api/search?per_page=3&page=2").get_json()
    assert (first["per_page"], len(first["hits"]), second["page"]) == (3, 3, 2)
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}


def test_unknown_facet_values_are_selected_with_count_zero(client: FlaskClient) -> None:
    data = client.get("/api/search?theme=finnes-ikke").get_json()
    assert data["total"] == 0 and data["hits"] == []
    assert {"value": "finnes-ikke", "count": 0, "selected": True}.items() <= \
        next(v for v in data["facets"]["theme"] if v["value"] == "finnes-ikke").items()


@pytest.mark.parametrize("url, parameter", [
    ("/api/search?q=" + "a" * 10_000, "q"),
    ("/api/search?page=abc", "page"),
    ("/api/search?page=0", "page"),
    ("/api/search?per_page=101", "per_page"),
    ("/api/search?tema=tillit", "tema"),
    ("/api/search.csv?page=x", "page"),
])
def test_bad_parameters_give_a_json_400_naming_the_parameter(client: FlaskClient, url: str,
                                                             parameter: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    body = response.get_json()
    assert body["parameter"] == parameter
    assert body["error"] and body["status"] == 400


def test_page_past_the_end_is_an_empty_page_not_an_error(client: FlaskClient) -> None:
    response = client.get("/api/search?page=9999")
    assert response.status_code == 200 and response.is_json
    data = response.get_json()
    assert data["hits"] == [] and data["page"] == 9999 and data["total"] > 0


def test_item_is_the_items_dict(client: FlaskClient, index: SearchIndex) -> None:
    item = index.items()[0]
    response = client.get(f"/api/items/{item.id}")
    assert response.status_code == 200
    assert response.get_json() == json.loads(json.dumps(item.to_dict()))


@pytest.mark.parametrize("item_id", ["finnes-ikke", "%3Cscript%3E", "x" * 500, "%00"])
def test_unknown_or_malformed_item_id_is_a_json_404(client: FlaskClient, item_id: str) -> None:
    response = client.get(f"/api/items/{item_id}")
    assert response.status_code == 404
    assert response.get_json()["parameter"] == "id"


def test_unknown_api_path_and_method_answer_json(client: FlaskClient) -> None:
    missing = client.get("/api/finnes-ikke")
    assert missing.status_code == 404 and missing.get_json()["error"]
    post = client.post("/api/search")
    assert post.status_code == 405 and post.get_json()["status"] == 405


def test_csv_export_has_every_hit_of_the_search(client: FlaskClient) -> None:
    data = client.get("/api/search?q=tillit").get_json()
    response = client.get("/api/search.csv?q=tillit")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == data["total"] > 0
    assert rows[0]["id"] == data["hits"][0]["id"]
    assert rows[0]["url"].startswith("/dokument/")  # relative: no BASE_URL configured


def test_csv_export_of_everything_spans_several_pages(client: FlaskClient) -> None:
    total = client.get("/api/search").get_json()["total"]
    rows = list(csv.reader(io.StringIO(client.get("/api/search.csv").get_data(as_text=True))))
    assert len(rows) - 1 == total


def test_openapi_describes_the_api(client: FlaskClient) -> None:
    doc = client.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    assert {"/api/search", "/api/items/{id}", "/api/search.csv"} <= set(doc["paths"])
    names = {p["name"] for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert names == KNOWN_PARAMETERS  # every parameter the API reads, and no other
    for export in ("/api/search.json", "/api/search.csv"):
        names = {p["name"] for p in doc["paths"][export]["get"]["parameters"]}
        assert names == KNOWN_PARAMETERS - {"page", "per_page"}, export
    assert set(doc["components"]["schemas"]["SearchResults"]["properties"]) == \
        set(client.get("/api/search").get_json())
    assert set(doc["components"]["schemas"]["Export"]["properties"]) == \
        set(client.get("/api/search.json").get_json())


def test_search_says_when_meaning_took_no_part(client: FlaskClient) -> None:
    # the suite runs without the model (tests/conftest.py): words and themes only
    data = client.get("/api/search?q=tillit").get_json()
    assert data["semantic"] is False and data["meaning_used"] is False
    assert data["matched_all"] <= data["total"]
    assert all(isinstance(hit["partial"], bool) for hit in data["hits"])
