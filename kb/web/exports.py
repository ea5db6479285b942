"""Exports of a search: every hit, up to MAX_EXPORT_HITS, in one run of the search.

The search page offers CSV for Norwegian Excel (``/treff.csv``, this blueprint) and
JSON (``/api/search.json``); scripts also have the plain CSV (``/api/search.csv``).
All of them honour the query, every filter, the sort and ``correct``, as the page
does. Links in the CSVs start with the configured base URL, never the request's Host.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, request

from kb.corpus import excel_csv
from kb.models import Item, SearchResults
from kb.search import search_all
from kb.vocabulary import MAX_EXPORT_HITS
from kb.web.params import SearchRequest, parse_search_args
from kb.web.state import current_index
from kb.web.urls import item_url

bp = Blueprint("exports", __name__)

EXCEL_FILE_NAME = "byregion-treff.csv"


def exported(*, strict: bool, highlight: bool = True) -> tuple[SearchRequest, SearchResults]:
    """The request's search and every hit of it (up to MAX_EXPORT_HITS); ``highlight``
    False for an export without the marked text (CSV). Raises SearchQueryError for a bad
    parameter (``strict``: an unknown one too)."""
    req = parse_search_args(request.args, strict=strict, allow_per_page=False)
    results = search_all(current_index(), req.query, req.filters, sort=req.sort,
                         correct=req.correct, limit=MAX_EXPORT_HITS, highlight=highlight)
    return req, results


def public_link(item: Item) -> str:
    """The item's address on its document page, from the configured base URL."""
    base: str = current_app.config["BASE_URL"]
    return base + item_url(item)


def attachment(text: str, mimetype: str, file_name: str) -> Response:
    """A download of ``text`` (UTF-8) named ``file_name``."""
    return as_download(Response(text, mimetype=mimetype),  # text/*: charset=utf-8 added
                       file_name)


def as_download(response: Response, file_name: str) -> Response:
    """``response`` offered as a file named ``file_name`` (returned, changed)."""
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def export_json(req: SearchRequest, results: SearchResults) -> dict[str, Any]:
    """Every exported hit with its link, and what was searched: the query, filters, sort,
    the total, the bound (``limit``) and whether the hits stop at it (``truncated``)."""
    return {
        "query": results.query,
        "filters": req.filters,
        "sort": results.sort,
        "did_you_mean": results.did_you_mean,
        "corrected": results.corrected,
        "total": results.total,
        "limit": MAX_EXPORT_HITS,
        "truncated": results.total > len(results.hits),
        "hits": [hit.to_dict(item_url(hit.item)) for hit in results.hits],
    }


@bp.get("/treff.csv")
def excel() -> Response:
    """Every hit of the page's search as CSV for Norwegian Excel (kb.corpus.spreadsheet)."""
    _, results = exported(strict=False, highlight=False)
    text = "".join(excel_csv((hit.item for hit in results.hits),
                             current_index().taxonomy.label, public_link))
    return attachment(text, "text/csv", EXCEL_FILE_NAME)
