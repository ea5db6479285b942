"""``kb soak``: ``kb serve`` under steady load while the index is rebuilt beneath it.

Copies the corpus into a temporary folder, starts ``kb serve`` (a real subprocess,
on a free port of 127.0.0.1 only) over the copy and a fresh index folder, and runs
``clients`` threads for ``seconds``, each sending one request after another drawn
from :mod:`kb.measure.soakmix`. Meanwhile the index is rebuilt ``rebuilds`` times,
spread over the run: each time one item of the copied corpus gets a new word and
``kb build`` runs as a subprocess, so the server swaps builds in under load.
After the last rebuild the server must serve the edited item.

Errors: answers 5xx, connection errors and timeouts, any other status than 200 to
a request that should succeed, a failed rebuild, and a last edit not served. The
odd inputs' 4xx answers are counted apart and are not errors. Latency is timed
around each whole request (connection, answer, body) in the client.

Bounded: the run stops by itself after ``seconds`` (longer only while a rebuild
it started finishes, each within :data:`BUILD_TIMEOUT`); the server is stopped
and the temporary folder removed whatever happens.
"""

from __future__ import annotations

import contextlib
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.measure.bench import percentile
from kb.measure.processes import free_port, stop
from kb.measure.soakclient import Answer, Client, SoakFailed
from kb.measure.soakmix import ODD, RequestMix, request_mix

__all__ = ["SoakFailed", "SoakReport", "format_report", "run_soak"]

START_TIMEOUT = 300.0  # seconds for kb serve to build the first index and answer
BUILD_TIMEOUT = 300.0  # seconds for one kb build
KB_COMMAND = [sys.executable, "-c", "from kb.cli import main; main()"]
Progress = Callable[[str], None]


@dataclass
class SoakReport:
    """What ``kb soak`` measured (see :meth:`to_dict` for the fields)."""

    seconds: float
    clients: int
    rebuilds_requested: int
    distinct: int  # distinct requests in the mix
    requests: int
    errors: int
    odd_4xx: int
    latencies: list[float]  # p50, p95, p99, max (ms)
    rebuilds: int  # rebuilds that succeeded
    rebuild_s: list[float]
    served_last_edit: bool | None  # None: no rebuild succeeded last
    failures: dict[str, int]  # errors by type
    statuses: dict[str, int]
    by_kind: dict[str, list[float]]  # request type -> [requests, p50 ms, p95 ms]
    samples: list[str]  # a few failed requests

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``kb soak --json``: requests, errors, p50_ms, p95_ms, p99_ms, rebuilds,
        then the details."""
        p50, p95, p99, top = (round(ms, 2) for ms in self.latencies)
        return {
            "requests": self.requests, "errors": self.errors, "p50_ms": p50, "p95_ms": p95,
            "p99_ms": p99, "rebuilds": self.rebuilds, "max_ms": top,
            "seconds": round(self.seconds, 2), "clients": self.clients,
            "requests_per_s": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "rebuilds_requested": self.rebuilds_requested,
            "rebuild_s": [round(s, 2) for s in self.rebuild_s],
            "served_last_edit": self.served_last_edit, "odd_4xx": self.odd_4xx,
            "errors_by_type": self.failures, "statuses": self.statuses,
            "distinct_requests": self.distinct,
            "by_type": {kind: {"requests": int(n), "p50_ms": round(a, 2), "p95_ms": round(b, 2)}
                        for kind, (n, a, b) in self.by_kind.items()},
            "error_samples": self.samples,
        }


class _Editor:
    """Edits one list item of the copied corpus: its line gets a new marker word each time."""

    def __init__(self, corpus: Path) -> None:
        for path in sorted(corpus.glob("*.md")):
            lines = path.read_text(encoding="utf-8").split("\n")
            body = [i for i, line in enumerate(lines) if line == "---"][1:2]
            found = next((i for i in range(body[0] + 1 if body else len(lines), len(lines))
                          if lines[i].startswith("- ") and "<!--" not in lines[i]
                          and not lines[i].endswith("\\")), None)
            if found is not None:
                self.path, self.lines, self.line = path, lines, found
                self.original = lines[found]
                return
        raise SoakFailed(f"no list item to edit in {corpus}")

    @property
    def slug(self) -> str:
        return self.path.stem

    def edit(self, number: int) -> str:
        """Give the item the marker word of rebuild ``number``; return the word."""
        letters = ""
        while True:
            number, rest = divmod(number, 26)
            letters = "abcdefghijklmnopqrstuvwxyz"[rest] + letters
            if not number:
                break
        marker = f"soakprove{letters}"
        self.lines[self.line] = f"{self.original} {marker}"
        self.path.write_text("\n".join(self.lines), encoding="utf-8")
        return marker


@contextlib.contextmanager
def _server(corpus: Path, index: Path, log: Path, say: Progress) -> Iterator[Client]:
    """Run ``kb serve`` on a free port of 127.0.0.1 until the block ends; yield a client.

    Raises SoakFailed (with the end of the server's log) when it does not answer
    within START_TIMEOUT. The server is stopped (terminated, then killed) at the end.
    """
    port = free_port()
    with log.open("wb") as output:
        server = subprocess.Popen(
            [*KB_COMMAND, "--corpus", str(corpus), "--index", str(index), "serve",
             "--host", "127.0.0.1", "--port", str(port)],
            stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)
    try:
        client = Client(f"http://127.0.0.1:{port}")
        say(f"waiting for kb serve on 127.0.0.1:{port} (it builds the index first)")
        deadline = time.monotonic() + START_TIMEOUT
        while client.get("/api/").status != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise SoakFailed(f"kb serve did not start (status {server.poll()}): {tail}")
            time.sleep(0.1)
        yield client
    finally:
        stop(server)


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """Turn SIGTERM into SystemExit while the block runs (in the main thread), so that a
    terminated soak still stops its server and removes its folder."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _rebuild(corpus: Path, index: Path) -> tuple[bool, float, str]:
    """Run ``kb build``; return whether it succeeded, its seconds and its error output."""
    start = time.perf_counter()
    try:
        done = subprocess.run([*KB_COMMAND, "--corpus", str(corpus), "--index", str(index),
                               "build"], stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=BUILD_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return False, time.perf_counter() - start, f"kb build took over {BUILD_TIMEOUT:.0f} s"
    return done.returncode == 0, time.perf_counter() - start, done.stderr[-500:]


def _load(client: Client, mix: RequestMix, seed: int, stop: threading.Event,
          answers: list[Answer]) -> None:
    """One client thread: requests drawn from ``mix`` until ``stop`` is set."""
    rng = random.Random(seed)
    while not stop.is_set():
        answers.append(client.fetch(mix.pick(rng)))


def run_soak(corpus_dir: Path, seconds: float = 30.0, clients: int = 4, rebuilds: int = 2,
             *, seed: int = 1, progress: Progress | None = None) -> SoakReport:
    """Soak ``kb serve`` over a copy of ``corpus_dir``; see the module doc.

    Raises :class:`~kb.errors.CorpusError` for a corpus that cannot be read and
    :class:`SoakFailed` when the server cannot be started.
    """
    from kb.corpus import load_corpus

    say = progress or (lambda message: None)
    source = load_corpus(corpus_dir)  # errors name the user's files, not the copy's
    with _stopped_by_sigterm(), tempfile.TemporaryDirectory(prefix="kb-soak-") as work:
        corpus, index = Path(work) / "corpus", Path(work) / "index"
        shutil.copytree(corpus_dir, corpus, ignore=shutil.ignore_patterns(".*"))
        editor = _Editor(corpus)
        mix = request_mix(source, seed, skip_items_of=editor.slug)
        with _server(corpus, index, Path(work) / "serve.log", say) as client:
            stop = threading.Event()
            answers: list[list[Answer]] = [[] for _ in range(clients)]
            threads = [threading.Thread(target=_load, daemon=True,
                                        args=(client, mix, seed * 1000 + n, stop, answers[n]))
                       for n in range(clients)]
            say(f"{clients} clients for {seconds:g} s, {rebuilds} rebuild(s), "
                f"{len(mix)} distinct requests")
            start = time.monotonic()
            for thread in threads:
                thread.start()
            built: list[tuple[bool, float, str]] = []
            marker = ""
            try:
                for number in range(rebuilds):
                    time.sleep(max(0.0, start + seconds * (number + 1) / (rebuilds + 1)
                                   - time.monotonic()))
                    marker = editor.edit(number)
                    say(f"rebuild {number + 1} of {rebuilds}")
                    built.append(_rebuild(corpus, index))
                time.sleep(max(0.0, start + seconds - time.monotonic()))
            finally:
                stop.set()
                for thread in threads:
                    thread.join(timeout=client.timeout + 5)
            elapsed = time.monotonic() - start
            served = client.serves(marker) if marker and built[-1][0] else None
    flat = [answer for per_client in answers for answer in per_client]
    return _report(flat, built, served, elapsed, clients, rebuilds, len(mix))


def _report(answers: list[Answer], built: list[tuple[bool, float, str]], served: bool | None,
            elapsed: float, clients: int, rebuilds: int, distinct: int) -> SoakReport:
    failures = Counter(a.failure for a in answers if a.failure)
    failures.update({"rebuild failed": sum(1 for ok, _, _ in built if not ok)})
    if served is False:
        failures["last edit not served"] += 1
    by_kind: dict[str, list[float]] = {}
    for answer in answers:
        by_kind.setdefault(answer.kind, []).append(answer.ms)
    latencies = [a.ms for a in answers]
    return SoakReport(
        seconds=elapsed, clients=clients, rebuilds_requested=rebuilds, distinct=distinct,
        requests=len(answers), errors=sum(failures.values()),
        odd_4xx=sum(1 for a in answers if a.kind == ODD and 400 <= a.status < 500),
        latencies=[percentile(latencies, p) for p in (50, 95, 99)] + [max(latencies, default=0)],
        rebuilds=sum(1 for ok, _, _ in built if ok), rebuild_s=[s for _, s, _ in built],
        served_last_edit=served, failures={k: v for k, v in failures.items() if v},
        statuses=dict(sorted(Counter(str(a.status) for a in answers).items())),
        by_kind={kind: [float(len(ms)), percentile(ms, 50), percentile(ms, 95)]
                 for kind, ms in sorted(by_kind.items())},
        samples=[a.sample for a in answers if a.failure][:5]
        + [f"kb build: {err.strip()}" for ok, _, err in built if not ok][:2],
    )


def format_report(report: SoakReport) -> str:
    """Render the report as plain text: totals, latency, rebuilds, and per request type."""
    p50, p95, p99, top = report.latencies
    rate = report.requests / report.seconds if report.seconds else 0.0
    served = {True: "; the last edit was served", False: "; the last edit was NOT served",
              None: ""}[report.served_last_edit]
    lines = [
        f"kb soak: {report.seconds:.1f} s, {report.clients} clients, kb serve on 127.0.0.1 "
        f"over a copy of the corpus ({report.distinct} distinct requests)",
        f"requests  {report.requests} ({rate:.0f}/s)   errors {report.errors}   "
        f"odd inputs refused with 4xx {report.odd_4xx} (not errors)",
        f"latency   p50 {p50:.1f} ms   p95 {p95:.1f} ms   p99 {p99:.1f} ms   max {top:.1f} ms",
        f"rebuilds  {report.rebuilds} of {report.rebuilds_requested} ("
        + ", ".join(f"{s:.1f} s" for s in report.rebuild_s) + f"){served}",
        f"statuses  {', '.join(f'{k}: {v}' for k, v in report.statuses.items())}",
    ]
    if report.failures:
        lines.append("errors    " + ", ".join(f"{k}: {v}" for k, v in report.failures.items()))
        lines += [f"  {sample}" for sample in report.samples]
    lines += ["", f"{'request type':<14}{'requests':>10}{'p50 ms':>9}{'p95 ms':>9}"]
    lines += [f"{kind:<14}{int(n):>10}{a:>9.1f}{b:>9.1f}"
              for kind, (n, a, b) in report.by_kind.items()]
    return "\n".join(lines)
