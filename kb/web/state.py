"""The web application's shared state: the one open index, behind a tiny seam.

As flaskr's ``db.py``: :func:`init_app` opens (building first when needed) the
index once and refreshes it before each request; blueprints call
:func:`current_index` and never import the application factory.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from kb.search import SearchIndex, ensure_index

EXTENSION_KEY = "kb.index"


def init_app(app: Flask, corpus_dir: Path, index_dir: Path,
             progress: Callable[[int, int], Any] | None = None,
             warn: Callable[[str], Any] | None = None,
             embedding_progress: Callable[[int, int], Any] | None = None) -> SearchIndex:
    """Open the index of ``corpus_dir`` in ``index_dir`` for ``app`` (building it when
    missing, damaged or stale; ``progress``, ``warn`` and ``embedding_progress``: see
    :func:`kb.search.ensure_index`) and refresh
    it before every request (a failed refresh keeps the open build); return it.

    Raises what :func:`kb.search.ensure_index` raises (IndexBuildError).
    """
    index = ensure_index(corpus_dir, index_dir, progress=progress, warn=warn,
                         embedding_progress=embedding_progress)
    app.extensions[EXTENSION_KEY] = index

    @app.before_request
    def refresh_index() -> None:
        index.refresh()  # cheap unless a rebuild swapped a new index in (thread-safe)

    return index


def current_index() -> SearchIndex:
    """Return the SearchIndex of the application handling this request."""
    return current_index_of(current_app)


def current_index_of(app: Flask) -> SearchIndex:
    """Return the SearchIndex :func:`init_app` opened for ``app``."""
    index: SearchIndex = app.extensions[EXTENSION_KEY]
    return index
