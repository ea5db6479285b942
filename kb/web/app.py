"""The Flask application factory (the web UI and the JSON API).

``create_app()`` opens the index through :mod:`kb.web.state` (building it first
when missing or stale), registers the page and API blueprints and the error
handler. The application is read-only: every route answers GET (and HEAD) only.
Templates and static files travel with the package (``kb.web.templates`` is the
project's top-level ``templates/`` folder, mapped in by ``pyproject.toml``), so an
installed wheel serves every page. ``url_app()`` has the routes alone, for building
the web's URLs outside a request (``kb search``).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from flask import Flask

from kb import config
from kb.web import (
    api,
    compare,
    coverage,
    errorpages,
    exports,
    feed,
    municipalities,
    pages,
    state,
)

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
# url_for needs a server name outside a request; url_app() builds paths only, never hosts.
URL_APP_SERVER_NAME = "localhost"


# A template every page extends: the folder that holds it holds the page templates.
BASE_TEMPLATE = "base.html"


def template_folder() -> Path:
    """The folder of the page templates: the installed package's ``kb.web.templates``,
    or the checkout's ``templates/`` when ``kb`` is imported from a source tree (an
    editable install's import hook does not resolve ``kb.web.templates``).

    A candidate counts only when it holds the templates, so an empty or partial
    ``kb/web/templates`` folder falls through. Raises RuntimeError when no candidate
    holds them (a broken install), at start-up rather than on every page.
    """
    spec = find_spec("kb.web.templates")
    locations = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    for folder in [*locations, config.PROJECT_ROOT / "templates"]:
        if (folder / BASE_TEMPLATE).is_file():
            return folder
    raise RuntimeError("the page templates (kb.web.templates) are missing: reinstall kb")


def _add_routes(app: Flask) -> None:
    """Register the page, export, comparison, coverage, feed and API blueprints: every
    route of the web and the helpers its templates share."""
    app.register_blueprint(pages.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(compare.bp)
    app.register_blueprint(coverage.bp)
    app.register_blueprint(feed.bp)
    app.register_blueprint(municipalities.bp)
    app.register_blueprint(api.bp)


def url_app() -> Flask:
    """Return an application with the web's routes alone (no index, nothing served), to
    build its URLs outside a request: ``with url_app().app_context(): item_url(item)``."""
    app = Flask(__name__)
    app.config["SERVER_NAME"] = URL_APP_SERVER_NAME
    _add_routes(app)
    return app


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Return the web application over the index of ``CORPUS_DIR`` in ``INDEX_DIR``.

    ``test_config`` may set ``CORPUS_DIR``, ``INDEX_DIR`` (default: kb.config's),
    ``INDEX_PROGRESS`` and ``INDEX_EMBEDDING_PROGRESS`` (a build's progress callbacks,
    see :func:`kb.search.ensure_index`), ``INDEX_WARN`` (told when a
    stale index is served because it cannot be rebuilt), ``BASE_URL`` (the public
    address export links start with; default ``$KB_BASE_URL``, else relative links),
    ``KEEP_WARM`` (start the index's helper processes at once: see
    :meth:`kb.search.SearchIndex.keep_warm`; ``kb serve`` sets it) and any Flask
    setting. Raises SettingError for a bad base URL, and what ``ensure_index`` raises
    (CorpusError, IndexBuildError) when the index cannot be built.
    """
    app = Flask(__name__, template_folder=str(template_folder()), static_folder="static")
    app.config.from_mapping(CORPUS_DIR=None, INDEX_DIR=None, INDEX_PROGRESS=None,
                            INDEX_EMBEDDING_PROGRESS=None, INDEX_WARN=None, BASE_URL=None,
                            KEEP_WARM=False)
    if test_config:
        app.config.from_mapping(test_config)
    app.config["BASE_URL"] = config.base_url(app.config["BASE_URL"], "BASE_URL")
    state.init_app(app, config.corpus_dir(app.config["CORPUS_DIR"]),
                   config.index_dir(app.config["INDEX_DIR"]), app.config["INDEX_PROGRESS"],
                   app.config["INDEX_WARN"], app.config["INDEX_EMBEDDING_PROGRESS"])
    if app.config["KEEP_WARM"]:
        state.current_index_of(app).keep_warm()

    app.json.sort_keys = False  # type: ignore[attr-defined]  # DefaultJSONProvider's setting
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # DefaultJSONProvider's setting
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    _add_routes(app)
    errorpages.register(app)

    @app.after_request
    def add_security_headers(response: Any) -> Any:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
