"""The OpenAPI 3.1 description of the JSON API (``/api/openapi.json``; ``/api`` shows it
to people). Each parameter carries an ``example``, and each operation the example
request the ``/api`` page links to (``x-example``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from kb.vocabulary import FACET_FIELDS, ITEM_KINDS, MAX_EXPORT_HITS, SORT_ORDERS


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

FILTER_EXAMPLES = {"theme": ["tillit"], "region": ["Ålesundregionen"],
                   "county": ["Møre og Romsdal"], "kind": ["advice"],
                   "municipality": ["Ørskog"]}

# What a search is: the words, the filters, the order and the spelling; the same for the
# page of hits and the exports.
SEARCH_PARAMETERS: list[dict[str, Any]] = [
    {"name": "q", "in": "query", "required": False, "schema": STRING, "example": "tillit",
     "description": 'Words (all must match), "quoted phrases", OR, -exclusion. '
                    "Empty: every item, advice first."},
    *({"name": name, "in": "query", "required": False, "style": "form", "explode": True,
       "schema": _array({"type": "string", **({"enum": list(ITEM_KINDS)} if name == "kind"
                                              else {})}),
       "example": FILTER_EXAMPLES[name],
       "description": FILTER_DESCRIPTIONS[name]} for name in FACET_FIELDS),
    {"name": "sort", "in": "query", "required": False, "example": "region",
     "schema": {"type": "string", "enum": list(SORT_ORDERS), "default": SORT_ORDERS[0]},
     "description": "Order of the hits. region and kind keep the items holding every word "
                    "first, the best first within a region or kind (kinds: advice first)."},
    {"name": "correct", "in": "query", "required": False, "example": "0",
     "schema": {"type": "string", "enum": ["1", "0"], "default": "1"},
     "description": "1: misspelt words are searched as corrected (`corrected`, "
                    "`did_you_mean`); 0: as typed, the correction only offered in "
                    "`did_you_mean`."},
]
PAGE = {"name": "page", "in": "query", "required": False, "example": 2,
        "schema": {"type": "integer", "minimum": 1, "default": 1}}
PER_PAGE = {"name": "per_page", "in": "query", "required": False, "example": 20,
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
        "why": {"type": ["object", "null"],
                "description": "Why the hit is listed (null for a search without words).",
                "properties": {
                    "held": {**_array(STRING), "description": "The query's words the item "
                             "holds, as typed (a group of alternatives as 'a OR b')."},
                    "missing": {**_array(STRING),
                                "description": "The query's words it does not hold."},
                    "themes": {**_array(STRING), "description": "Labels of the themes the "
                               "query names or cues that the item is tagged with."},
                    "meaning_place": {"type": ["integer", "null"], "description": "Its place "
                                      "among all items by nearness in meaning to the query "
                                      "(1 = nearest); null when meaning was not asked."}}},
    },
}

FACET_VALUE = {"type": "object", "properties": {
    "value": STRING, "label": STRING, "count": INTEGER, "selected": {"type": "boolean"}}}

RESULTS_SCHEMA = {
    "type": "object",
    "properties": {
        "query": STRING, "total": INTEGER, "page": INTEGER, "per_page": INTEGER,
        "did_you_mean": {"type": ["string", "null"],
                         "description": "The query with its misspelt words corrected."},
        "corrected": {"type": "boolean",
                      "description": "True when the hits are for `did_you_mean` (the misspelt "
                                     "words were searched as corrected)."},
        "sort": {"type": "string", "enum": list(SORT_ORDERS)},
        "partial": {"type": "boolean",
                    "description": "True when no item matched every word: best partial matches."},
        "matched_all": {"type": "integer", "description": "How many of the `total` hold every "
                        "query word: they come first, the partial hits follow."},
        "semantic": {"type": "boolean",
                     "description": "Whether meaning (sentence vectors) was at hand: false "
                                    "where the model cannot load or the index has no vectors "
                                    "(the search is then by words alone)."},
        "meaning_used": {"type": "boolean",
                         "description": "Whether meaning took part in this ranking: it is "
                                        "asked only where the words fall short (a word the "
                                        "index does not hold as such, or fewer than 10 items "
                                        "holding every word)."},
        "query_themes": {"description": "Themes the query names or cues, each with the number "
                         "of items tagged with it (a one-click filter).",
                         **_array({"$ref": "#/components/schemas/FacetValue"})},
        "hits": _array({"$ref": "#/components/schemas/Hit"}),
        "facets": {"type": "object", "properties": {
            name: _array({"$ref": "#/components/schemas/FacetValue"}) for name in FACET_FIELDS}},
    },
    "required": ["query", "total", "page", "per_page", "hits", "facets"],
}

EXPORT_SCHEMA = {
    "type": "object",
    "properties": {
        "query": STRING,
        "filters": {"type": "object", "description": "The selected values of each filter.",
                    "additionalProperties": _array(STRING)},
        "sort": {"type": "string", "enum": list(SORT_ORDERS)},
        "did_you_mean": NULLABLE_STRING, "corrected": {"type": "boolean"},
        "total": {"type": "integer", "description": "Every hit of the search."},
        "limit": {"type": "integer", "const": MAX_EXPORT_HITS,
                  "description": "The most hits an export holds."},
        "truncated": {"type": "boolean",
                      "description": "True when the search has more hits than `limit`."},
        "hits": _array({"$ref": "#/components/schemas/Hit"}),
    },
    "required": ["query", "filters", "sort", "total", "limit", "truncated", "hits"],
}

ERROR_SCHEMA = {"type": "object", "properties": {
    "error": STRING, "status": INTEGER, "parameter": STRING}, "required": ["error", "status"]}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _example(path: str, parameters: list[dict[str, Any]], *names: str) -> str:
    """A request of ``path`` with the examples of the parameters ``names``."""
    examples = {p["name"]: p["example"] for p in parameters if "example" in p}
    pairs = [(name, value) for name in names for value in
             (examples[name] if isinstance(examples[name], list) else [examples[name]])]
    return f"{path}?{urlencode(pairs)}"


def openapi_document(server_url: str, example_item_id: str | None = None) -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of the API served at ``server_url``; the item
    path's example is ``example_item_id`` (an item of the served index) when given."""
    item_id = {"name": "id", "in": "path", "required": True, "schema": STRING,
               "description": "The item's id (`id` of a hit)."}
    if example_item_id:
        item_id["example"] = example_item_id
    return {
        "openapi": "3.1.0",
        "info": {"title": "Byregion-kunnskapsbanken API", "version": "1",
                 "description": "Read-only search over the goals, results and advice of the "
                                "Norwegian city-region programme (Byregionprogrammet)."},
        "servers": [{"url": server_url}],
        "paths": {
            "/api/search": {"get": {
                "summary": "Search items, with facet counts: one page of hits",
                "x-example": _example("/api/search", SEARCH_PARAMETERS, "q", "theme"),
                "parameters": [*SEARCH_PARAMETERS, PAGE, PER_PAGE],
                "responses": {
                    "200": {"description": "The results (the object of `kb search --json`).",
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/SearchResults"}}}},
                    "400": _error("A bad parameter (named in `parameter`)."),
                }}},
            "/api/search.json": {"get": {
                "summary": f"Every hit of a search as JSON (at most {MAX_EXPORT_HITS})",
                "x-example": _example("/api/search.json", SEARCH_PARAMETERS, "q", "sort"),
                "parameters": SEARCH_PARAMETERS,
                "responses": {
                    "200": {"description": "Every hit, the bound and whether it was reached.",
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Export"}}}},
                    "400": _error("A bad parameter (named in `parameter`).")}}},
            "/api/search.csv": {"get": {
                "summary": f"Every hit of a search as CSV for scripts (at most "
                           f"{MAX_EXPORT_HITS}; UTF-8 with BOM, comma-separated, English "
                           f"headers and codes)",
                "x-example": _example("/api/search.csv", SEARCH_PARAMETERS, "q", "kind"),
                "parameters": SEARCH_PARAMETERS,
                "responses": {"200": {"description": "CSV, one row per item.",
                                      "content": {"text/csv": {"schema": STRING}}},
                              "400": _error("A bad parameter (named in `parameter`).")}}},
            "/api/items/{id}": {"get": {
                "summary": "One item",
                **({"x-example": f"/api/items/{example_item_id}"} if example_item_id else {}),
                "parameters": [item_id],
                "responses": {"200": {"description": "The item.", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
                    "404": _error("No item has that id.")}}},
            "/api/openapi.json": {"get": {
                "summary": "This description",
                "x-example": "/api/openapi.json",
                "responses": {"200": {"description": "OpenAPI 3.1 document.",
                                      "content": {"application/json": {}}}}}},
        },
        "components": {"schemas": {
            "SearchResults": RESULTS_SCHEMA, "Export": EXPORT_SCHEMA, "Hit": HIT_SCHEMA,
            "FacetValue": FACET_VALUE,
            "Item": ITEM_SCHEMA, "Error": ERROR_SCHEMA}},
    }
