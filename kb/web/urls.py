"""The web's links to items, built from its own routes, for the pages, the API and ``kb search``.

A hit's link is Flask's ``url_for`` on the ``web.document`` route with the item's
anchor, so the pages, ``/api/search``, its CSV twin and ``kb search`` (in an
application context of :func:`kb.web.app.url_app`) give the same URL for an item.
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from kb.models import Item, SearchResults


def item_url(item: Item, query: str = "") -> str:
    """Return the path of ``item`` on its document page (``#anchor``), with ``?q=query``
    when given so that the page marks the query's words.

    Needs an application context of an app with the web's routes (a request's, or
    :func:`kb.web.app.url_app`'s); raises RuntimeError without one.
    """
    args = {"q": query} if query.strip() else {}
    return url_for("web.document", slug=item.doc, _anchor=item.anchor, _external=False, **args)


def results_json(results: SearchResults) -> dict[str, Any]:
    """Return ``results`` as ``/api/search`` and ``kb search --json`` give them, each hit
    with its :func:`item_url`. Raises what item_url raises."""
    return results.to_dict(item_url)
