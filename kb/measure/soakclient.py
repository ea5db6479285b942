"""The HTTP side of ``kb soak``: a loopback client that times each request and judges its answer."""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from kb.measure.soakmix import SoakRequest

REQUEST_TIMEOUT = 30.0  # seconds for one request, body included


class SoakFailed(RuntimeError):
    """The soak could not run (the server did not start, nothing to edit ...)."""


@dataclass(frozen=True)
class Answer:
    """One request's outcome: its type, the status (0: no answer), milliseconds taken,
    the failure ("5xx", "connection", "unexpected status") or None, and a one-line sample."""

    kind: str
    status: int
    ms: float
    failure: str | None = None
    sample: str = ""


class Client:
    """GETs against one server on the loopback interface, never through a proxy."""

    def __init__(self, base_url: str, timeout: float = REQUEST_TIMEOUT) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def _get(self, path: str) -> tuple[int, bytes, str]:
        """Return (status, body, problem): status 0 and the problem when nothing answered."""
        try:
            with self._opener.open(self.base_url + path, timeout=self.timeout) as response:
                return int(response.status), response.read(), ""
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read(), ""
        except (OSError, http.client.HTTPException) as error:  # URLError is an OSError
            return 0, b"", f"{type(error).__name__}: {error}"

    def get(self, path: str) -> Answer:
        """GET ``path``; return its status and time (no judgement)."""
        start = time.perf_counter()
        status, _, problem = self._get(path)
        return Answer("", status, (time.perf_counter() - start) * 1000, sample=problem)

    def fetch(self, request: SoakRequest) -> Answer:
        """GET ``request`` and judge the answer: 200 is right; for an odd input, anything
        below 500. A 5xx, no answer, or another status is a failure."""
        start = time.perf_counter()
        status, _, problem = self._get(request.path)
        ms = (time.perf_counter() - start) * 1000
        if status == 0:
            failure: str | None = "connection"
        elif status >= 500:
            failure = "5xx"
        elif status != 200 and not request.odd:
            failure = "unexpected status"
        else:
            failure = None
        sample = f"GET {request.path[:120]} -> {status or problem}" if failure else ""
        return Answer(request.kind, status, ms, failure, sample)

    def serves(self, word: str) -> bool:
        """True when a search for ``word`` finds an item whose text holds it."""
        status, body, _ = self._get("/api/search?" + urlencode({"q": word}))
        if status != 200:
            return False
        hits = json.loads(body).get("hits", [])
        return any(word in hit.get("text", "") for hit in hits)
