"""The benchmark's embedding figures, measured apart from the (lexical) builds.

``kb bench`` builds its corpora without vectors, so that its build and query
figures stay those of the word index. What the model of meaning would add is
measured here on a sample: passages embedded per second with one thread a core
(as ``kb build`` embeds), and the time to embed one query with the threads
``kb serve`` uses (``KB_SEMANTIC_THREADS``, default one a core up to 4). On the
real corpus, whole searches are timed too, every signal on, as ``kb serve``
answers them: over a build with vectors, its threads and its helper processes,
each query's first search and then rounds with the query vectors forgotten, so
every vector is made anew (as for a stream of never-seen questions). Each runs in its own
spawned process, since the thread count is fixed when the model loads; model
loading is not timed.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from random import Random
from typing import Any

SAMPLE = 500
QUERIES = 100


def _passages(texts: list[str], threads: int) -> dict[str, Any]:
    """Child: embed ``texts`` as passages in one batch; the rate and the model's status."""
    from kb.semantic import DESCRIPTION, load_embedder, unavailable_reason

    embedder = load_embedder(threads=threads)
    if embedder is None:
        return {"semantic": f"off ({unavailable_reason()})"}
    start = time.perf_counter()
    embedder.passages(texts)
    seconds = time.perf_counter() - start
    return {"semantic": f"on ({DESCRIPTION})", "items": len(texts), "threads": threads,
            "seconds": round(seconds, 3),
            "items_per_s": round(len(texts) / seconds, 1) if seconds else 0.0}


def _queries(queries: list[str]) -> dict[str, Any]:
    """Child: embed each query once, as the search gives it to the model, with kb serve's
    threads; latency percentiles in ms."""
    import numpy as np

    from kb.search.querysyntax import for_meaning
    from kb.semantic import load_embedder

    embedder = load_embedder()
    if embedder is None or not queries:
        return {}
    embedder.query("oppvarming")  # the first call pays for page faults of the model
    times = []
    for query in queries:
        start = time.perf_counter()
        embedder.query(for_meaning(query))
        times.append((time.perf_counter() - start) * 1000)
    return {"queries": len(times), "query_threads": getattr(embedder, "threads", 1),
            "query_p50_ms": round(float(np.percentile(times, 50)), 2),
            "query_p95_ms": round(float(np.percentile(times, 95)), 2)}


def _searches(corpus_dir: str, index_dir: str, queries: list[str], rounds: int,
              seed: int) -> dict[str, Any]:
    """Child: build ``corpus_dir`` with vectors into ``index_dir`` and time whole searches
    (all signals, as kb serve opens the index): each query once, the first search of a
    fresh process (``first``), then ``rounds`` rounds in a shuffled order with the query
    vectors forgotten before each, so every vector is made again; ms percentiles (of the
    rounds also apart for the searches that asked the model and those the words
    answered alone), and how many searches asked the model."""
    import numpy as np

    from kb.search import ensure_index, search
    from kb.semantic import load_embedder

    if load_embedder() is None or not queries:
        return {}
    index = ensure_index(Path(corpus_dir), Path(index_dir))
    index.keep_warm()  # as kb serve does
    rng = Random(seed)
    try:
        search(index, "oppvarming av modellen")  # page faults of the model and the index
        first = _timed(index, queries, search)
        timed: list[tuple[float, bool]] = []
        for _ in range(rounds):
            index.forget_query_vectors()
            order = list(queries)
            rng.shuffle(order)
            timed += _timed(index, order, search)
    finally:
        index.close()

    def ms(values: list[float], p: float) -> float:
        return round(float(np.percentile(values, p)), 2)

    first_ms = [t for t, _ in first]
    figures: dict[str, Any] = {
        "searches": len(first), "searches_embedded": sum(used for _, used in first),
        "search_rounds": rounds,
        "search_first_p50_ms": ms(first_ms, 50), "search_first_p95_ms": ms(first_ms, 95)}
    times = [t for t, _ in timed]
    if times:
        figures.update({"search_p50_ms": ms(times, 50), "search_p95_ms": ms(times, 95),
                        "search_max_ms": round(max(times), 2)})
        for key, part in (("meaning", [t for t, used in timed if used]),
                          ("words", [t for t, used in timed if not used])):
            if part:
                figures[f"search_{key}_p50_ms"] = ms(part, 50)
                figures[f"search_{key}_p95_ms"] = ms(part, 95)
    return figures


def _timed(index: Any, queries: list[str], search: Any) -> list[tuple[float, bool]]:
    """(ms, whether it asked the model) of one search per query."""
    out = []
    for query in queries:
        start = time.perf_counter()
        results = search(index, query)
        out.append(((time.perf_counter() - start) * 1000, results.meaning_used))
    return out


def measure_searches(corpus_dir: Path, queries: Sequence[str], *, rounds: int = 5,
                     seed: int = 1) -> dict[str, Any]:
    """Time whole searches with every signal on over ``corpus_dir`` built with vectors
    (in a temporary folder, in a child process; see :func:`_searches`); {} when the
    model cannot load."""
    asked = list(dict.fromkeys(q for q in queries if q.strip()))
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="kb-bench-meaning-") as folder, \
            ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        figures: dict[str, Any] = pool.submit(_searches, str(corpus_dir),
                                              str(Path(folder) / "index"), asked, rounds,
                                              seed).result()
        return figures


def measure_embedding(texts: Sequence[str], queries: Sequence[str], *, sample: int = SAMPLE,
                      seed: int = 1) -> dict[str, Any] | None:
    """Embed a sample of ``texts`` (at most ``sample``, drawn with ``seed``) and up to
    :data:`QUERIES` of ``queries`` in child processes; return the figures (``semantic``
    says whether the model was available), or None when ``sample`` is 0."""
    if sample <= 0 or not texts:
        return None
    rng = Random(seed)
    picked = list(texts) if len(texts) <= sample else rng.sample(list(texts), sample)
    asked = list(dict.fromkeys(q for q in queries if q.strip()))[:QUERIES]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        figures = pool.submit(_passages, picked, os.cpu_count() or 1).result()
    if "items" in figures:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            figures.update(pool.submit(_queries, asked).result())
    return figures


def format_embedding(figures: dict[str, Any]) -> str:
    """One line for the bench report."""
    if "items" not in figures:
        return f"embedding: semantic {figures['semantic']}: not measured"
    line = (f"embedding (not in the builds above, which are lexical): {figures['items']} items "
            f"sampled, {figures['items_per_s']:.1f} items/s with {figures['threads']} "
            f"thread(s)")
    if "query_p50_ms" in figures:
        line += (f"; one query {figures['query_p50_ms']:.1f} ms p50, "
                 f"{figures['query_p95_ms']:.1f} ms p95 with {figures['query_threads']} "
                 "thread(s)")
    line += f"; semantic {figures['semantic']}"
    if "search_first_p50_ms" in figures:
        line += (f"\nwhole searches, every signal on (real corpus built with vectors, "
                 f"opened as kb serve opens it, every query's vector made anew): "
                 f"{figures['searches']} queries, {figures['searches_embedded']} asked the "
                 f"model; each query's first search in a fresh process p50 "
                 f"{figures['search_first_p50_ms']:.2f} ms, p95 "
                 f"{figures['search_first_p95_ms']:.2f} ms")
    if "search_p50_ms" in figures:
        line += (f"; then {figures['search_rounds']} rounds, vectors forgotten before each: "
                 f"p50 {figures['search_p50_ms']:.2f} ms, p95 {figures['search_p95_ms']:.2f} ms, "
                 f"max {figures['search_max_ms']:.2f} ms")
        for key, what in (("meaning", "those that asked the model"),
                          ("words", "those the words answered alone")):
            if f"search_{key}_p50_ms" in figures:
                line += (f"; {what} p50 {figures[f'search_{key}_p50_ms']:.2f} ms, "
                         f"p95 {figures[f'search_{key}_p95_ms']:.2f} ms")
    return line
