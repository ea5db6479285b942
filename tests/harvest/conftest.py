"""A local article site on 127.0.0.1 (http.server in a thread) and a corpus that points at it."""

from __future__ import annotations

import hashlib
import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
SLUGS = ("alesund", "alstahaug", "bjugn")
REGIONS = {"alesund": ("Ålesundregionen", "Møre og Romsdal"),
           "alstahaug": ("Alstahaugregionen", "Nordland"),
           "bjugn": ("Fosenregionen", "Sør-Trøndelag")}


class Site:
    """What the server serves (path -> HTML), answers to give first, and what it was asked."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        self.fail_first: dict[str, list[int]] = {}  # path -> statuses to answer before the page
        self.answers: Counter[tuple[str, int]] = Counter()
        self.agents: set[str] = set()
        self.base = ""

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def count(self, status: int) -> int:
        return sum(n for (_, code), n in self.answers.items() if code == status)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            site.agents.add(self.headers.get("User-Agent", ""))
            pending = site.fail_first.get(self.path)
            if pending:
                self._answer(pending.pop(0), b"<h1>Feil</h1>")
                return
            body = site.pages.get(self.path)
            if body is None:
                self._answer(404, b"<h1>Fant ikke siden</h1>")
                return
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self._answer(304, b"", etag)
                return
            self._answer(200, body, etag)

        def _answer(self, status: int, body: bytes, etag: str | None = None) -> None:
            site.answers[(self.path, status)] += 1
            self.send_response(status)
            if etag:
                self.send_header("ETag", etag)
            if status != 304:
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    """The three seed region pages at /artikkel/<slug>/ on a local server."""
    site = Site()
    for slug in SLUGS:
        site.pages[f"/artikkel/{slug}/"] = (DATA / f"{slug}.html").read_bytes()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def registry_text(site: Site, extra: str = "") -> str:
    """A regions.toml naming the three regions by their pages on ``site``."""
    parts = []
    for slug in SLUGS:
        name, county = REGIONS[slug]
        parts.append(f'[[region]]\nname = "{name}"\nslug = "{slug}"\ncounty = "{county}"\n'
                     f'url = "{site.url(f"/artikkel/{slug}/")}"\n')
    return "\n".join(parts) + extra


@pytest.fixture
def harvest_corpus(tmp_path: Path, project_corpus: Path, site: Site) -> Path:
    """An empty corpus (taxonomy, and a registry pointing at the local site)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(project_corpus / "themes.toml", folder / "themes.toml")
    (folder / "regions.toml").write_text(registry_text(site), encoding="utf-8")
    return folder
