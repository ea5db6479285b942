"""The Flask application factory (the web UI and the JSON API).

``create_app()`` makes sure the index is built and fresh (``kb.index.ensure_index``)
once, keeps one :class:`~kb.index.SearchIndex` for the application's life and
refreshes it before each request so that a swapped-in rebuild is picked up.
The application is read-only: every route answers GET (and HEAD) only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from kb import config
from kb.index import SearchIndex, ensure_index

EXTENSION_KEY = "kb.index"

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class IndexHolder:
    """The application's one SearchIndex and the corpus folder it was built from."""

    def __init__(self, index: SearchIndex, corpus_dir: Path) -> None:
        self.index = index
        self.corpus_dir = corpus_dir


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Return the web application over the index of ``CORPUS_DIR`` in ``INDEX_DIR``.

    ``test_config`` may set ``CORPUS_DIR``, ``INDEX_DIR`` (default: kb.config's),
    ``INDEX_PROGRESS`` (a progress callback for a build) and any Flask setting.
    Raises what ``ensure_index`` raises (CorpusError, IndexBuildError) when the
    index cannot be built.
    """
    project_root = config.PROJECT_ROOT
    app = Flask(__name__, template_folder=str(project_root / "templates"),
                static_folder="static")
    app.config.from_mapping(CORPUS_DIR=None, INDEX_DIR=None, INDEX_PROGRESS=None)
    if test_config:
        app.config.from_mapping(test_config)
    corpus_dir = config.corpus_dir(app.config["CORPUS_DIR"])
    index_dir = config.index_dir(app.config["INDEX_DIR"])
    progress: Callable[..., Any] | None = app.config["INDEX_PROGRESS"]
    index = ensure_index(corpus_dir, index_dir, progress=progress)
    app.extensions[EXTENSION_KEY] = IndexHolder(index, corpus_dir)

    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from kb import api, errorpages, web

    app.register_blueprint(web.bp)
    app.register_blueprint(api.bp)
    errorpages.register(app)

    @app.before_request
    def refresh_index() -> None:
        index.refresh()  # cheap unless a rebuild swapped a new index in (thread-safe)

    @app.after_request
    def add_security_headers(response: Any) -> Any:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


def current_index() -> SearchIndex:
    """Return the SearchIndex of the application handling this request."""
    holder: IndexHolder = current_app.extensions[EXTENSION_KEY]
    return holder.index


def current_corpus_dir() -> Path:
    """Return the corpus folder of the application handling this request."""
    holder: IndexHolder = current_app.extensions[EXTENSION_KEY]
    return holder.corpus_dir
