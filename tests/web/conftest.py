"""Fixtures of the web tests: a real index over a tmp copy of the corpus, an app, a client.

The corpus copy gets one extra paragraph holding HTML (written escaped, as the
corpus writer does), so that the tests can show it reaches every page as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import CHROMIUM, CHROMIUM_ARGS
from flask import Flask
from flask.testing import FlaskClient

from kb.search import SearchIndex
from kb.web.app import create_app
from kb.web.state import current_index

HTML_TEXT = "Skriptprøve med <b>fet</b> tekst og <script>alert(1)</script> i seg."
HTML_LINE = r"Skriptprøve med \<b>fet\</b> tekst og \<script>alert(1)\</script> i seg."


def add_html_paragraph(corpus: Path) -> None:
    """Append HTML_TEXT as a paragraph to the summary section of alesund.md."""
    path = corpus / "alesund.md"
    text = path.read_text(encoding="utf-8")
    summary = re.search(r"^# .*\{: \.summary \}\n\n(?:.+\n)+", text, re.M)
    assert summary, "alesund.md has no summary section"
    end = summary.end()
    path.write_text(text[:end] + "\n" + HTML_LINE + "\n" + text[end:], encoding="utf-8")


@pytest.fixture(scope="session")
def html_text() -> str:
    """The text of the corpus copy's item that holds HTML."""
    return HTML_TEXT


@pytest.fixture(scope="session")
def web_corpus(tmp_path_factory: pytest.TempPathFactory,
               copy_corpus: Callable[[Path], Path]) -> Path:
    """A copy of the project's corpus with the HTML paragraph added (read only)."""
    corpus = copy_corpus(tmp_path_factory.mktemp("web") / "corpus")
    add_html_paragraph(corpus)
    return corpus


@pytest.fixture(scope="session")
def app(web_corpus: Path) -> Iterator[Flask]:
    """The app over :func:`web_corpus`; it builds the index beside the corpus copy."""
    app = create_app({"TESTING": True, "CORPUS_DIR": web_corpus,
                      "INDEX_DIR": web_corpus.parent / "index"})
    yield app
    with app.app_context():
        current_index().close()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    """A test client of the app."""
    return app.test_client()


@pytest.fixture()
def index(app: Flask) -> Iterator[SearchIndex]:
    """The index the app serves."""
    with app.app_context():
        yield current_index()


@pytest.fixture(scope="session")
def base_url(app: Flask) -> Iterator[str]:
    """Serve the app with waitress on a free port of 127.0.0.1 for the browser tests."""
    import threading

    import waitress

    server: Any = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the browser tests of this process."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
