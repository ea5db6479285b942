"""The JSON API: the search page's twin, its exports, items, and its description.

``/api/search`` answers exactly ``SearchResults.to_dict()`` with each hit's link
(:func:`kb.web.urls.results_json`, the object of ``kb search --json``);
``/api/search.json`` and ``/api/search.csv`` give every hit of a search (up to
MAX_EXPORT_HITS, see kb.web.exports); ``/api`` is the human-readable description
made from the OpenAPI document (``/api/openapi.json``). Errors are JSON
``{"error", "status", "parameter"}`` with a 4xx status (see kb.web.errorpages).
Read-only.
"""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for

from kb.corpus import spreadsheet_safe
from kb.search import search
from kb.vocabulary import MAX_ID_LENGTH
from kb.web.apidocs import describe
from kb.web.errorpages import Missing
from kb.web.exports import as_download, attachment, export_json, exported, public_link
from kb.web.openapi import openapi_document
from kb.web.params import parse_search_args
from kb.web.state import current_index
from kb.web.urls import results_json

bp = Blueprint("api", __name__, url_prefix="/api")

CSV_COLUMNS = ("id", "region", "county", "kind", "number", "section_size", "heading", "text",
               "themes", "url", "source_url", "score")


def _document() -> dict[str, object]:
    """The OpenAPI document, its example item one of the served index."""
    items = current_index().items()
    return openapi_document(current_app.config["BASE_URL"] or "/",
                            example_item_id=items[0].id if items else None)


@bp.get("/", strict_slashes=False)
def index() -> Response | str:
    """The API described for people (``/api``), made from the OpenAPI document; a client
    that asks for JSON rather than HTML gets a short map of the API instead."""
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) == \
            "application/json":
        return jsonify({
            "search": url_for("api.search"),
            "search_json": url_for("api.search_export"),
            "search_csv": url_for("api.search_csv"),
            "item": url_for("api.item", item_id="ID"),
            "openapi": url_for("api.openapi"),
        })
    return render_template("api.html", api=describe(_document()),
                           openapi_url=url_for("api.openapi"))


@bp.get("/search", endpoint="search")
def search_json() -> Response:
    """The search as JSON: exactly ``SearchResults.to_dict()``, hits with their links."""
    req = parse_search_args(request.args, strict=True)
    results = search(current_index(), req.query, req.filters, req.page, req.per_page,
                     sort=req.sort, correct=req.correct)
    return jsonify(results_json(results))


@bp.get("/search.json", endpoint="search_export")
def search_export() -> Response:
    """Every hit of the search (up to MAX_EXPORT_HITS, the bound stated) as JSON."""
    req, results = exported(strict=True)
    return as_download(jsonify(export_json(req, results)), "byregion-treff.json")


@bp.get("/search.csv")
def search_csv() -> Response:
    """Every hit of the search (up to MAX_EXPORT_HITS) as CSV for scripts: comma-separated,
    English headers and codes, one row per item, in one run of the search."""
    _, results = exported(strict=True, highlight=False)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # a BOM so that spreadsheets read UTF-8
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for hit in results.hits:
        it = hit.item
        row = (it.id, it.region, it.county, it.kind, it.number, it.section_size, it.heading,
               it.text, ";".join(it.themes), public_link(it), it.source_url,
               round(hit.score, 4))
        writer.writerow([spreadsheet_safe(v) for v in row])
    return attachment(buffer.getvalue(), "text/csv", "kunnskapsbanken-treff.csv")


@bp.get("/items/<item_id>")
def item(item_id: str) -> Response:
    """One item as ``Item.to_dict()``; 404 JSON when there is none with that id."""
    found = current_index().get_item(item_id) if 0 < len(item_id) <= MAX_ID_LENGTH else None
    if found is None:
        raise Missing(f"Det finnes ikke noe element med id «{item_id[:80]}».", "id")
    return jsonify(found.to_dict())


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API."""
    return jsonify(_document())
