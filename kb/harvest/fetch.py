"""Polite HTTP(S) fetching with a conditional-request cache (stdlib ``urllib`` only).

One request at a time, ``delay`` seconds apart; a User-Agent naming the product;
a timeout on every request; up to ``retries`` more tries after a 5xx answer or a
failed connection, waiting ``backoff`` x 1, 2, 4 ... seconds; ETag and
Last-Modified sent back so that an unchanged page answers 304 from the cache.
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb import __version__
from kb.errors import KbError

USER_AGENT = f"kb-byregion/{__version__} (Byregion-kunnskapsbanken)"


class HarvestFailed(KbError):
    """One or more pages could not be fetched or placed; nothing was written.

    ``failures`` holds (URL, what went wrong: an HTTP status or the reason).
    """

    def __init__(self, failures: list[tuple[str, str]]) -> None:
        self.failures = failures
        super().__init__("; ".join(f"{url}: {why}" for url, why in failures)
                         + " (nothing written)")


@dataclass
class Fetched:
    """A page's body and how it came: status 200 (new or changed) or 304 (from the cache)."""

    url: str
    body: bytes
    status: int
    etag: str | None = None
    last_modified: str | None = None
    slug: str | None = None  # the corpus document it was imported as, when known

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """Fetches pages one at a time through the cache folder ``cache_dir``."""

    def __init__(self, cache_dir: Path, *, delay: float = 1.0, timeout: float = 20.0,
                 retries: int = 3, backoff: float = 1.0, refresh: bool = False,
                 max_bytes: int = 5 * 1024 * 1024,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.cache_dir = Path(cache_dir)
        self.delay, self.timeout, self.retries, self.backoff = delay, timeout, retries, backoff
        self.refresh, self.max_bytes, self.sleep = refresh, max_bytes, sleep
        self._requests = 0

    def fetch(self, url: str) -> Fetched:
        """Return the page at ``url`` (from the cache on 304).

        Raises :class:`urllib.error.HTTPError` for a 4xx or a 5xx left after the
        retries, :class:`OSError` (``URLError``, timeouts) when no answer came, and
        ValueError for a page larger than ``max_bytes``.
        """
        cached = None if self.refresh else self.cached(url)
        headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"}
        if cached is not None and cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached is not None and cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
        for attempt in range(self.retries + 1):
            if self._requests:
                self.sleep(self.delay)
            self._requests += 1
            try:
                return self._get(url, headers)
            except urllib.error.HTTPError as error:
                if error.code == 304 and cached is not None:
                    cached.status = 304
                    return cached
                if error.code < 500 or attempt == self.retries:
                    raise
            except urllib.error.URLError:
                if attempt == self.retries:
                    raise
            self.sleep(self.backoff * 2 ** attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _get(self, url: str, headers: dict[str, str]) -> Fetched:
        request = urllib.request.Request(url, headers=headers)
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            body = response.read(self.max_bytes + 1)
            if len(body) > self.max_bytes:
                raise ValueError(f"larger than {self.max_bytes} bytes")
            return Fetched(url, body, response.status, response.headers.get("ETag"),
                           response.headers.get("Last-Modified"))

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]
        return self.cache_dir / f"{key}.json", self.cache_dir / f"{key}.html"

    def cached(self, url: str) -> Fetched | None:
        """Return the cached copy of ``url`` (status 304), or None when there is none."""
        meta_path, body_path = self._paths(url)
        try:
            meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if meta.get("url") != url:
            return None
        return Fetched(url, body, 304, meta.get("etag"), meta.get("last_modified"),
                       meta.get("slug"))

    def store(self, page: Fetched) -> None:
        """Keep ``page`` (body, validators, slug) in the cache for the next run."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        meta_path, body_path = self._paths(page.url)
        body_path.write_bytes(page.body)
        meta = {"url": page.url, "etag": page.etag, "last_modified": page.last_modified,
                "slug": page.slug}
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
