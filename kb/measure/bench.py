"""The speed benchmark: kb's index and search beside SQLite FTS5 on the same items.

Each engine runs in its own process (:mod:`kb.measure.benchengines`, which says what
each engine does per query and how peak memory is read).

Both builds start from the same corpus folder, so both include reading it
(``load_s`` says how much of fts5's build that is). The builds run one after the
other; then every query runs once per engine as a warm-up, then ``rounds``
times, the engines interleaved query by query (which one goes first alternates).
Latency is timed inside the engine's process around the search call alone.
The warm-up round is reported too (``first_p50_ms``, ``first_p95_ms``): each
query's first run, before any per-searcher or page cache holds its terms, which
is closer to what a stream of never-seen queries costs.

Without an item count the benchmark runs on the corpus itself (the real corpus
targets: p95, and ``kb serve``'s first answer on an existing index, timed from
the start of the process to its first answered search).

The builds are lexical (no passage vectors), so these figures stay those of the
word index; embedding throughput and query embedding time are measured apart,
on a sample (:mod:`kb.measure.benchembed`).
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.measure.benchdata import (
    BenchQuery,
    generate_corpus,
    judged_queries,
    load_bench_queries,
    query_mix,
)
from kb.measure.benchembed import SAMPLE, format_embedding, measure_embedding, measure_searches
from kb.measure.benchengines import BenchFailed, EngineProcess, serve_first_answer

__all__ = ["BenchFailed", "BenchReport", "format_report", "measure", "percentile", "run_bench"]

ENGINES = ("kb", "fts5")
Progress = Callable[[str], None]


@dataclass
class BenchReport:
    """What ``kb bench`` measured: item count, per-engine figures, kb/fts5 ratios."""

    items: int
    engines: dict[str, dict[str, Any]]
    corpus: str
    queries: int
    rounds: int
    embedding: dict[str, Any] | None = None

    @property
    def ratios(self) -> dict[str, float]:
        kb, fts5 = self.engines["kb"], self.engines["fts5"]
        return {"p50": _ratio(kb["p50_ms"], fts5["p50_ms"]),
                "p95": _ratio(kb["p95_ms"], fts5["p95_ms"]),
                "build": _ratio(kb["build_s"], fts5["build_s"])}

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``kb bench --json``: ``{"items", "engines", "ratios", "embedding"}``."""
        return {"items": self.items, "engines": self.engines, "ratios": self.ratios,
                "embedding": self.embedding}


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else float("inf")


def percentile(values: list[float], p: float) -> float:
    """Return the ``p``-th percentile (0-100) of ``values``, linearly interpolated."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _figures(engine: EngineProcess, built: dict[str, float], memory: dict[str, int],
             items: int) -> dict[str, Any]:
    lat = engine.latencies
    figures: dict[str, Any] = {
        "build_s": round(built["build_s"], 3),
        "items_per_s": round(items / built["build_s"]) if built["build_s"] else 0,
        "p50_ms": round(percentile(lat, 50), 3),
        "p95_ms": round(percentile(lat, 95), 3),
        "p99_ms": round(percentile(lat, 99), 3),
        "peak_rss_mb": round((memory["own_kib"] + memory["children_kib"]) / 1024, 1),
        "index_mb": round(built["index_bytes"] / 2**20, 2),
        "first_p50_ms": round(percentile(engine.first, 50), 3),
        "first_p95_ms": round(percentile(engine.first, 95), 3),
        "mean_ms": round(sum(lat) / len(lat), 3) if lat else 0.0,
        "max_ms": round(max(lat), 3) if lat else 0.0,
        "own_rss_mb": round(memory["own_kib"] / 1024, 1),
        "zero_hit_queries": engine.zero_hit,
        "by_category": {cat: {"p50_ms": round(percentile(v, 50), 3),
                              "p95_ms": round(percentile(v, 95), 3)}
                        for cat, v in sorted(engine.by_category.items())},
    }
    if "load_s" in built:
        figures["load_s"] = round(built["load_s"], 3)
    return figures


def measure(corpus_dir: Path, queries: list[BenchQuery], items: int, *, rounds: int = 5,
            seed: int = 1, corpus: str = "", serve: bool = False,
            profile_dir: Path | None = None, progress: Progress | None = None) -> BenchReport:
    """Build both engines over ``corpus_dir`` and time ``queries`` on each; see the module doc.

    With ``serve``, also time ``kb serve``'s first answer on the index kb built; with
    ``profile_dir``, write each engine's cProfile statistics there (the timings then
    include the profiler's overhead).
    """
    say = progress or (lambda message: None)
    engines: dict[str, EngineProcess] = {}
    built: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as work:
        try:
            for name in ENGINES:
                say(f"building {name} over {items:,} items")
                engines[name] = EngineProcess(name, corpus_dir, Path(work), profile_dir)
                built[name] = engines[name].receive()[1]
            order = random.Random(seed)
            say(f"warming up, then {rounds} rounds of {len(queries)} queries")
            for number in range(rounds + 1):
                shuffled = list(queries)
                order.shuffle(shuffled)
                for position, query in enumerate(shuffled):
                    first, second = ENGINES if (number + position) % 2 else ENGINES[::-1]
                    engines[first].run(query, record=number > 0)
                    engines[second].run(query, record=number > 0)
            memory = {name: engine.finish() for name, engine in engines.items()}
        finally:
            for engine in engines.values():
                engine.kill()
        figures = {name: _figures(engines[name], built[name], memory[name], items)
                   for name in ENGINES}
        if serve:
            say("timing kb serve's first answer on the index just built")
            figures["kb"]["serve_first_answer_s"] = round(
                serve_first_answer(corpus_dir, Path(work) / "kb-index"), 3)
    return BenchReport(items=items, engines=figures, corpus=corpus, queries=len(queries),
                       rounds=rounds)


def run_bench(corpus_dir: Path, items: int | None = None, queries_file: Path | None = None,
              *, seed: int = 1, rounds: int = 5, profile_dir: Path | None = None,
              progress: Progress | None = None, embed_sample: int = SAMPLE) -> BenchReport:
    """Benchmark kb against FTS5 and return the report.

    Then, unless ``embed_sample`` is 0, time the model of meaning on a sample of that
    many items and on the queries (apart from the builds, which are lexical).

    With ``items``: a deterministic generated corpus of that many items (vocabulary,
    regions and taxonomy taken from ``corpus_dir``), written to a temporary folder.
    Without: the corpus in ``corpus_dir`` itself. The query mix is generated from
    the items (``seed``) unless ``queries_file`` gives one. Raises
    :class:`~kb.errors.InputError` for a bad queries file or corpus, and
    :class:`BenchFailed` when an engine fails.
    """
    from kb.corpus import load_corpus

    say = progress or (lambda message: None)
    source = load_corpus(corpus_dir)
    explicit = load_bench_queries(queries_file) if queries_file else None
    theme_ids = list(source.taxonomy.ids)
    if items is None:
        regions = sorted({(it.region, it.county) for it in source.items if it.region})
        queries = explicit or [
            *query_mix([it.text for it in source.items], regions, theme_ids, seed),
            *judged_queries()]
        report = measure(corpus_dir, queries, len(source.items), rounds=rounds, seed=seed,
                         corpus=f"real corpus {corpus_dir}", serve=True,
                         profile_dir=profile_dir, progress=progress)
        texts = [it.text for it in source.items]
    else:
        with tempfile.TemporaryDirectory(prefix="kb-bench-corpus-") as folder:
            say(f"generating {items:,} items (seed {seed})")
            workload = generate_corpus(source, corpus_dir, Path(folder), items, seed)
            queries = explicit or query_mix(workload.texts, workload.regions, theme_ids, seed)
            report = measure(Path(folder), queries, items, rounds=rounds, seed=seed,
                             corpus=f"generated, seed {seed}", profile_dir=profile_dir,
                             progress=progress)
            texts = workload.texts
    if embed_sample > 0:
        say(f"timing the model of meaning on {min(embed_sample, len(texts))} items "
            "and the queries")
        report.embedding = measure_embedding(texts, [q.q for q in queries],
                                             sample=embed_sample, seed=seed)
        if items is None and report.embedding is not None and "items" in report.embedding:
            say("timing whole searches with every signal on (a build with vectors)")
            report.embedding.update(measure_searches(corpus_dir, [q.q for q in queries],
                                                     rounds=rounds, seed=seed))
    return report


def format_report(report: BenchReport) -> str:
    """Render the report as a plain-text table with the kb/FTS5 ratios."""
    head = (f"{'engine':<8}{'build s':>9}{'items/s':>10}{'index MB':>10}{'p50 ms':>9}"
            f"{'p95 ms':>9}{'p99 ms':>9}{'peak RSS MB':>13}{'1st p50':>9}{'1st p95':>9}")
    lines = [f"{report.items:,} items ({report.corpus}); {report.queries} queries x "
             f"{report.rounds} rounds after a warm-up, engines interleaved",
             head, "-" * len(head)]
    for name, e in report.engines.items():
        lines.append(f"{name:<8}{e['build_s']:>9.2f}{e['items_per_s']:>10,}{e['index_mb']:>10.1f}"
                     f"{e['p50_ms']:>9.2f}{e['p95_ms']:>9.2f}{e['p99_ms']:>9.2f}"
                     f"{e['peak_rss_mb']:>13.1f}{e['first_p50_ms']:>9.2f}"
                     f"{e['first_p95_ms']:>9.2f}")
    ratios = report.ratios
    lines.append(f"kb/fts5: p50 {ratios['p50']:.2f}x, p95 {ratios['p95']:.2f}x, "
                 f"build {ratios['build']:.2f}x  (1st: each query's first run, the warm-up)")
    if "serve_first_answer_s" in report.engines["kb"]:
        lines.append(f"kb serve: first search answered "
                     f"{report.engines['kb']['serve_first_answer_s']:.2f} s after start "
                     "(existing index)")
    lines.append("")
    lines.append(f"{'p50 / p95 ms by query type':<28}" + "".join(f"{n:>20}" for n in ENGINES))
    categories = report.engines["kb"]["by_category"]
    for cat in categories:
        cells = "".join(
            f"{e['by_category'][cat]['p50_ms']:>10.2f}{e['by_category'][cat]['p95_ms']:>10.2f}"
            for e in report.engines.values())
        lines.append(f"{cat:<28}{cells}")
    if report.embedding is not None:
        lines += ["", format_embedding(report.embedding)]
    return "\n".join(lines)
