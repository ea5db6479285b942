"""The web's links to items, built from its own routes, for the pages, the API and ``kb search``.

A hit's link is Flask's ``url_for`` on the ``web.document`` route with the item's
anchor, so the pages, ``/api/search``, its CSV twin and ``kb search`` (in an
application context of :func:`kb.web.app.url_app`) give the same URL for an item.
A link from a search page carries the search's parameters (``state``), so that the
page it opens leads back to exactly that search.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import url_for

from kb.models import Item, SearchResults


def _search_args(query: str, state: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """URL arguments of a search (name -> values): ``state``'s pairs when given, else
    ``q=query``."""
    args: dict[str, Any] = {}
    for name, value in state or ([("q", query)] if query.strip() else []):
        args.setdefault(name, []).append(value)
    return args


def item_url(item: Item, query: str = "", *, state: Sequence[tuple[str, str]] = ()) -> str:
    """Return the path of ``item`` on its document page (``#anchor``), with the search it
    was found by: ``state`` (a search's URL parameters) when given, else ``?q=query``
    when given, so that the page marks the query's words and leads back to the search.

    Needs an application context of an app with the web's routes (a request's, or
    :func:`kb.web.app.url_app`'s); raises RuntimeError without one.
    """
    return url_for("web.document", slug=item.doc, _anchor=item.anchor, _external=False,
                   **_search_args(query, state))


def item_page_url(item: Item, *, state: Sequence[tuple[str, str]] = ()) -> str:
    """Return the path of ``item``'s own page (similar items), with the search's
    parameters ``state``. Raises what :func:`item_url` raises."""
    return url_for("web.item", item_id=item.id, _external=False, **_search_args("", state))


def results_json(results: SearchResults) -> dict[str, Any]:
    """Return ``results`` as ``/api/search`` and ``kb search --json`` give them, each hit
    with its :func:`item_url`. Raises what item_url raises."""
    return results.to_dict(item_url)
