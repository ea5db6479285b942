"""The API described for people at ``/api``, made from the OpenAPI document."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask.testing import FlaskClient
from pagecheck import page_problems

from kb.web.apidocs import allowed_text, describe, type_text
from kb.web.openapi import openapi_document


def test_the_api_page_shows_every_endpoint_parameter_and_object(client: FlaskClient) -> None:
    response = client.get("/api")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = unescape(response.get_data(as_text=True))
    problems, headings = page_problems(response.get_data(as_text=True))
    assert problems == []
    assert headings[0] == (1, "API-dokumentasjon")
    doc = client.get("/api/openapi.json").get_json()
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            assert f"{method.upper()} {path}" in html
            assert operation["summary"] in html
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in html
                assert parameter.get("description", "") in html
            for status, answer in operation["responses"].items():
                assert f'<th scope="row">{status}</th><td>{answer["description"]}' in html
    for name, schema in doc["components"]["schemas"].items():
        assert f'id="objekt-{name}"' in html
        for field in schema.get("properties", {}):
            assert f"<code>{field}</code>" in html
    assert 'href="/api/openapi.json"' in html  # the raw document, still at its address
    assert "summary, goal, result, advice, after, application, article, fact" in html
    assert "relevance, region, kind" in html


def test_every_example_link_of_the_api_page_answers(client: FlaskClient) -> None:
    html = client.get("/api/").get_data(as_text=True)
    examples = [unescape(u) for u in re.findall(r'Eksempel: <a href="([^"]+)"', html)]
    doc = client.get("/api/openapi.json").get_json()
    assert len(examples) == sum(len(ops) for ops in doc["paths"].values())
    for url in examples:
        response = client.get(url)
        assert response.status_code == 200, url
    item = [u for u in examples if u.startswith("/api/items/")]
    assert item and client.get(item[0]).get_json()["id"] == item[0].rsplit("/", 1)[1]


def test_a_json_client_still_gets_the_map_of_the_api(client: FlaskClient) -> None:
    data = client.get("/api", headers={"Accept": "application/json"}).get_json()
    assert data == {"search": "/api/search", "search_json": "/api/search.json",
                    "search_csv": "/api/search.csv", "item": "/api/items/ID",
                    "openapi": "/api/openapi.json"}


def test_the_footer_links_the_api_page(client: FlaskClient) -> None:
    assert '<a href="/api/">JSON-API</a>' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(("schema", "text"), [
    ({"type": "string"}, "string"),
    ({"type": ["string", "null"]}, "string | null"),
    ({"type": "array", "items": {"type": "string"}}, "array of string"),
    ({"$ref": "#/components/schemas/Hit"}, "Hit"),
    ({"type": "array", "items": {"$ref": "#/components/schemas/Hit"}}, "array of Hit"),
    ({}, "object"),
])
def test_type_text(schema: dict, text: str) -> None:
    assert type_text(schema) == text


@pytest.mark.parametrize(("schema", "text"), [
    ({"type": "string", "enum": ["1", "0"]}, "1, 0"),
    ({"type": "array", "items": {"type": "string", "enum": ["goal", "advice"]}}, "goal, advice"),
    ({"type": "integer", "minimum": 1, "maximum": 100}, "1–100"),
    ({"type": "integer", "minimum": 1}, "fra 1"),
    ({"type": "string"}, ""),
])
def test_allowed_text(schema: dict, text: str) -> None:
    assert allowed_text(schema) == text


def test_describe_reads_the_document_it_is_given() -> None:
    described = describe(openapi_document("https://kb.example.no", example_item_id="a--goal-1"))
    paths = [(e.method, e.path) for e in described.endpoints]
    assert ("GET", "/api/search") in paths and ("GET", "/api/items/{id}") in paths
    search = next(e for e in described.endpoints if e.path == "/api/search")
    per_page = next(p for p in search.parameters if p.name == "per_page")
    assert (per_page.type, per_page.required, per_page.allowed, per_page.default) == \
        ("integer", False, "1–100", "10")
    item = next(e for e in described.endpoints if e.path == "/api/items/{id}")
    assert item.example == "/api/items/a--goal-1"
    assert item.parameters[0].required and item.parameters[0].where == "i stien"
    assert "Export" in described.schema_names
