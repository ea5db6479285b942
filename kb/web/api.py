"""The JSON API: the search page's twin, items, a CSV export, and its OpenAPI description.

``/api/search`` answers exactly ``SearchResults.to_dict()`` with each hit's link
(:func:`kb.web.urls.results_json`, the object of ``kb search --json``); errors are
JSON ``{"error", "status", "parameter"}`` with a 4xx status (see kb.web.errorpages).
Read-only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    request,
    stream_with_context,
    url_for,
)

from kb.corpus import spreadsheet_safe
from kb.models import Hit
from kb.search import search
from kb.vocabulary import MAX_ID_LENGTH, MAX_PER_PAGE
from kb.web.errorpages import Missing
from kb.web.openapi import openapi_document
from kb.web.params import parse_search_args
from kb.web.state import current_index
from kb.web.urls import item_url, results_json

bp = Blueprint("api", __name__, url_prefix="/api")

CSV_COLUMNS = ("id", "region", "county", "kind", "number", "section_size", "heading", "text",
               "themes", "url", "source_url", "score")
MAX_CSV_ROWS = 10_000


@bp.get("/")
def index() -> Response:
    """A short map of the API."""
    return jsonify({
        "search": url_for("api.search"),
        "search_csv": url_for("api.search_csv"),
        "item": url_for("api.item", item_id="ID"),
        "openapi": url_for("api.openapi"),
    })


@bp.get("/search", endpoint="search")
def search_json() -> Response:
    """The search as JSON: exactly ``SearchResults.to_dict()``, hits with their links."""
    req = parse_search_args(request.args, strict=True)
    results = search(current_index(), req.query, req.filters, req.page, req.per_page)
    return jsonify(results_json(results))


def _csv_rows(hits: Iterator[Hit], base_url: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + flush()  # a BOM so that spreadsheets read UTF-8
    for hit in hits:
        it = hit.item
        row = (it.id, it.region, it.county, it.kind, it.number, it.section_size, it.heading,
               it.text, ";".join(it.themes), base_url + item_url(it), it.source_url,
               round(hit.score, 4))
        writer.writerow([spreadsheet_safe(v) for v in row])
        yield flush()


@bp.get("/search.csv")
def search_csv() -> Response:
    """Every hit of the search (not one page) as CSV, one row per item."""
    req = parse_search_args(request.args, strict=True, allow_per_page=False)
    index = current_index()
    first = search(index, req.query, req.filters, 1, MAX_PER_PAGE)

    def all_hits() -> Iterator[Hit]:
        yield from first.hits
        pages = min(first.pages, MAX_CSV_ROWS // MAX_PER_PAGE)
        for page in range(2, pages + 1):
            yield from search(index, req.query, req.filters, page, MAX_PER_PAGE).hits

    # The links' host is configured (BASE_URL), never the request's Host header.
    base_url = current_app.config["BASE_URL"]
    # Streamed in the request's context: each row's link is built from the routes.
    response = Response(stream_with_context(_csv_rows(all_hits(), base_url)),
                        mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="kunnskapsbanken-treff.csv"'
    return response


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
    return jsonify(openapi_document(current_app.config["BASE_URL"] or "/"))
