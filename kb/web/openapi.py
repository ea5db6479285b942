"""The OpenAPI 3.1 description of the JSON API (``/api/openapi.json``)."""

from __future__ import annotations

from typing import Any

from kb.vocabulary import FACET_FIELDS, ITEM_KINDS


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}

FILTER_DESCRIPTIONS = {
    "theme": "Theme id (see /tema); repeat for several (OR).",
    "region": "Region name, e.g. Ålesundregionen; repeat for several (OR).",
    "county": "County name, e.g. Møre og Romsdal; repeat for several (OR).",
    "kind": "Item kind; repeat for several (OR).",
    "municipality": "Municipality (kommune) name, e.g. Ørskog, in any case and with æ, ø, å "
                    "or without (orskog): the items of the region(s) it belonged to; repeat "
                    "for several (OR).",
}

SEARCH_PARAMETERS: list[dict[str, Any]] = [
    {"name": "q", "in": "query", "required": False, "schema": STRING,
     "description": 'Words (all must match), "quoted phrases", OR, -exclusion. '
                    "Empty: every item, advice first."},
    *({"name": name, "in": "query", "required": False, "style": "form", "explode": True,
       "schema": _array({"type": "string", **({"enum": list(ITEM_KINDS)} if name == "kind"
                                              else {})}),
       "description": FILTER_DESCRIPTIONS[name]} for name in FACET_FIELDS),
    {"name": "page", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "default": 1}},
]
PER_PAGE = {"name": "per_page", "in": "query", "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}}

ITEM_SCHEMA = {
    "type": "object",
    "properties": {
        **{name: STRING for name in ("id", "anchor", "doc", "title", "doc_type", "region",
                                     "county", "language", "heading", "text", "source_url")},
        "kind": {"type": "string", "enum": list(ITEM_KINDS)},
        "position": INTEGER, "number": INTEGER, "section_size": INTEGER,
        "level": NULLABLE_STRING,
        "themes": _array(STRING), "municipalities": _array(STRING),
    },
    "required": ["id", "doc", "kind", "text"],
}

HIT_SCHEMA = {
    "type": "object",
    "properties": {
        **{name: STRING for name in ("id", "doc", "title", "region", "county", "heading", "text",
                                     "url", "source_url")},
        "kind": {"type": "string", "enum": list(ITEM_KINDS)},
        "highlight": {"type": "string",
                      "description": "The text, HTML-escaped, with the matches in <mark>."},
        "themes": _array(STRING), "score": {"type": "number"},
        "partial": {"type": "boolean",
                    "description": "True when the item does not hold every query word: it is "
                                   "listed below the all-word matches (some of the words, a "
                                   "theme the query is about, or close in meaning)."},
        "number": INTEGER, "section_size": INTEGER, "level": NULLABLE_STRING,
    },
}

FACET_VALUE = {"type": "object", "properties": {
    "value": STRING, "label": STRING, "count": INTEGER, "selected": {"type": "boolean"}}}

RESULTS_SCHEMA = {
    "type": "object",
    "properties": {
        "query": STRING, "total": INTEGER, "page": INTEGER, "per_page": INTEGER,
        "did_you_mean": NULLABLE_STRING,
        "partial": {"type": "boolean",
                    "description": "True when no item matched every word: best partial matches."},
        "matched_all": {"type": "integer", "description": "How many of the `total` hold every "
                        "query word: they come first, the partial hits follow."},
        "semantic": {"type": "boolean",
                     "description": "Whether meaning (sentence vectors) took part in the ranking."},
        "query_themes": {"description": "Themes the query names or cues, each with the number "
                         "of items tagged with it (a one-click filter).",
                         **_array({"$ref": "#/components/schemas/FacetValue"})},
        "hits": _array({"$ref": "#/components/schemas/Hit"}),
        "facets": {"type": "object", "properties": {
            name: _array({"$ref": "#/components/schemas/FacetValue"}) for name in FACET_FIELDS}},
    },
    "required": ["query", "total", "page", "per_page", "hits", "facets"],
}

ERROR_SCHEMA = {"type": "object", "properties": {
    "error": STRING, "status": INTEGER, "parameter": STRING}, "required": ["error", "status"]}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def openapi_document(server_url: str) -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of the API served at ``server_url``."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Byregion-kunnskapsbanken API", "version": "1",
                 "description": "Read-only search over the goals, results and advice of the "
                                "Norwegian city-region programme (Byregionprogrammet)."},
        "servers": [{"url": server_url}],
        "paths": {
            "/api/search": {"get": {
                "summary": "Search items, with facet counts",
                "parameters": [*SEARCH_PARAMETERS, PER_PAGE],
                "responses": {
                    "200": {"description": "The results (the object of `kb search --json`).",
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/SearchResults"}}}},
                    "400": _error("A bad parameter (named in `parameter`)."),
                }}},
            "/api/search.csv": {"get": {
                "summary": "Every hit of a search as CSV (UTF-8 with BOM)",
                "parameters": SEARCH_PARAMETERS,
                "responses": {"200": {"description": "CSV, one row per item.",
                                      "content": {"text/csv": {"schema": STRING}}},
                              "400": _error("A bad parameter (named in `parameter`).")}}},
            "/api/items/{id}": {"get": {
                "summary": "One item",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": STRING}],
                "responses": {"200": {"description": "The item.", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
                    "404": _error("No item has that id.")}}},
            "/api/openapi.json": {"get": {
                "summary": "This description",
                "responses": {"200": {"description": "OpenAPI 3.1 document.",
                                      "content": {"application/json": {}}}}}},
        },
        "components": {"schemas": {
            "SearchResults": RESULTS_SCHEMA, "Hit": HIT_SCHEMA, "FacetValue": FACET_VALUE,
            "Item": ITEM_SCHEMA, "Error": ERROR_SCHEMA}},
    }
