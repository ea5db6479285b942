"""The benchmark's engines, each built and queried in its own spawned child process.

A child starts from a fresh interpreter, so its peak memory (``ru_maxrss`` of the
process itself plus that of its largest own child, kb's shard writers) is the
engine's own. The parent sends one query at a time and gets back the time the
search call took inside the child and the number of matches.

- kb: :func:`kb.index.build.build_index` from the corpus folder (its real build path,
  without passage vectors: the model of meaning is timed apart), then
  :func:`kb.search.engine.search` with ``per_page=10``: top 10 with highlights and
  every facet's counts.
- fts5: :func:`kb.corpus.folder.load_corpus` of the same folder, then
  :class:`kb.measure.baselines.Fts5Index` on disk; each query returns the top 10 by bm25
  with ``snippet()``, the total and every facet's counts by GROUP BY.

Also here: timing ``kb serve``'s first answer on an existing index.
"""

from __future__ import annotations

import cProfile
import multiprocessing
import os
import resource
import subprocess
import sys
import time
import traceback
import urllib.request
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kb.measure.benchdata import BenchQuery
from kb.measure.processes import free_port, stop


class BenchFailed(RuntimeError):
    """An engine failed during the benchmark; the message holds its traceback."""


def _serve_engine(engine: str, corpus_dir: str, work_dir: str, conn: Connection,
                    profile_dir: str | None = None) -> None:
    """Child process: build ``engine`` over the corpus, then answer queries until None.

    With ``profile_dir``, the build and the queries run under cProfile and their
    statistics are written there as ``<engine>-build.prof`` / ``<engine>-search.prof``.
    """
    try:
        profiler = cProfile.Profile() if profile_dir else None
        if profiler:
            profiler.enable()
        run_query, figures = _build(engine, Path(corpus_dir), Path(work_dir))
        if profile_dir and profiler:
            profiler.disable()
            profiler.dump_stats(str(Path(profile_dir) / f"{engine}-build.prof"))
            profiler = cProfile.Profile()
        conn.send(("ready", figures))
        while (message := conn.recv()) is not None:
            query, filters = message
            if profiler:
                profiler.enable()
            start = time.perf_counter()
            total = run_query(query, filters)
            elapsed = time.perf_counter() - start
            if profiler:
                profiler.disable()
            conn.send((elapsed, total))
        if profile_dir and profiler:
            profiler.dump_stats(str(Path(profile_dir) / f"{engine}-search.prof"))
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        conn.send(("done", {"own_kib": own, "children_kib": children}))
    except BaseException:
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


def _folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _build(engine: str, corpus_dir: Path,
           work_dir: Path) -> tuple[Callable[..., int], dict[str, float]]:
    from kb.corpus import load_corpus

    if engine == "kb":
        from kb.index import build_index
        from kb.search import open_index, search

        index_dir = work_dir / "kb-index"
        start = time.perf_counter()
        build_index(corpus_dir, index_dir, embedder=None)
        build_s = time.perf_counter() - start
        index = open_index(index_dir)
        figures: dict[str, float] = {"build_s": build_s,
                                     "index_bytes": _folder_bytes(index_dir)}
        return (lambda q, f: search(index, q, f or None, per_page=10).total), figures
    from kb.measure.baselines import Fts5Index

    path = work_dir / "fts5.sqlite"
    start = time.perf_counter()
    items = load_corpus(corpus_dir).items
    load_s = time.perf_counter() - start
    fts5 = Fts5Index(items, path)
    build_s = time.perf_counter() - start
    del items
    figures = {"build_s": build_s, "load_s": load_s, "index_bytes": path.stat().st_size}
    return (lambda q, f: fts5.search(q, f, limit=10).total), figures


class EngineProcess:
    """The parent's handle on one engine's child process."""

    def __init__(self, name: str, corpus_dir: Path, work_dir: Path,
                 profile_dir: Path | None = None) -> None:
        context = multiprocessing.get_context("spawn")
        self.name = name
        self.conn, child_conn = context.Pipe()
        self.process = context.Process(target=_serve_engine, daemon=True,
                                       args=(name, str(corpus_dir), str(work_dir), child_conn,
                                             str(profile_dir) if profile_dir else None))
        self.process.start()
        child_conn.close()
        self.latencies: list[float] = []
        self.first: list[float] = []  # the warm-up round: each query's first run
        self.by_category: dict[str, list[float]] = {}
        self.zero_hit = 0

    def receive(self) -> Any:
        try:
            message = self.conn.recv()
        except EOFError:
            raise BenchFailed(f"{self.name}: the engine's process ended "
                              f"(exit code {self.process.exitcode})") from None
        if isinstance(message, tuple) and message and message[0] == "error":
            raise BenchFailed(f"{self.name} failed:\n{message[1]}")
        return message

    def run(self, query: BenchQuery, record: bool) -> None:
        self.conn.send((query.q, query.filters))
        elapsed, total = self.receive()
        if not record:
            self.first.append(elapsed * 1000)
        else:
            self.latencies.append(elapsed * 1000)
            self.by_category.setdefault(query.category, []).append(elapsed * 1000)
            self.zero_hit += total == 0

    def finish(self) -> dict[str, int]:
        self.conn.send(None)
        memory: dict[str, int]
        _, memory = self.receive()
        self.process.join(timeout=30)
        return memory

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def serve_first_answer(corpus_dir: Path, index_dir: Path, timeout: float = 60.0) -> float:
    """Start ``kb serve`` on an existing index; return seconds until it answers a search.

    Polls ``/?q=tillit`` every 20 ms. Raises BenchFailed when the server exits or
    does not answer within ``timeout`` seconds; the server is stopped either way.
    """
    port = free_port()
    command = [sys.executable, "-c", "from kb.cli import main; main()", "--corpus",
               str(corpus_dir), "--index", str(index_dir), "serve", "--port", str(port)]
    env = {**os.environ, "KB_SEMANTIC": "0"}  # the index is lexical: serve it as built
    start = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=env)
    assert server.stderr is not None  # piped
    try:
        while time.perf_counter() - start < timeout:
            if server.poll() is not None:
                raise BenchFailed(f"kb serve exited: {server.stderr.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/?q=tillit",
                                            timeout=timeout) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - start
            except OSError:
                time.sleep(0.02)
        raise BenchFailed(f"kb serve did not answer within {timeout:.0f} s")
    finally:
        stop(server)
        server.stderr.close()
