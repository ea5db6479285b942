"""The measuring commands: ``kb eval`` (search quality), ``kb bench`` (speed) and
``kb soak`` (the server under load while the index is rebuilt).

Registered on the ``kb`` group by :mod:`kb.cli`; they print figures and exit 0
whatever the figures are (2 on bad input, 1 when a measurement cannot run).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kb.cli.common import Paths, fails_cleanly, pass_paths


def _echo_json(data: Any) -> None:
    """Print ``data`` as the commands' --json does."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _progress(command: str) -> Callable[[str], None]:
    """A progress callback printing "kb <command>: <message>" on stderr."""
    return lambda message: click.echo(f"kb {command}: {message}", err=True)


def _show(report: Any, as_json: bool, text: Callable[[Any], str]) -> None:
    """Print a bench or soak report: its ``to_dict()`` as JSON, or ``text(report)``."""
    if as_json:
        _echo_json(report.to_dict())
    else:
        click.echo(text(report))


@click.command("eval")
@click.option("--queries", "queries", metavar="FILE", multiple=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Judged queries (repeatable; default: the packaged sets, single words "
                   "kb/data/eval_queries.json, questions kb/data/eval_practice.json, a second "
                   "writer's questions kb/data/eval_dev.json and questions written blind to "
                   "the system kb/data/eval_blind.json).")
@click.option("--themes", "themes_gold", metavar="FILE", multiple=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Themes gold file (repeatable; default: the packaged "
                   "kb/data/themes_gold.json and kb/data/themes_heldout.json).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@pass_paths
@fails_cleanly
def eval_command(paths: Paths, queries: tuple[Path, ...], themes_gold: tuple[Path, ...],
                 as_json: bool) -> None:
    """Score search quality: recall@10 and nDCG@10 of kb (all signals; the words alone,
    then adding partial matches, themes, related words) beside SQLite FTS5 and plain
    Whoosh, on each set of judged queries, and theme tagging on each themes gold file:
    recall and precision, cues alone and with the learnt tagger.

    Exits 0 whatever the scores; 2 on a bad corpus, queries or themes file. With one
    --queries file, --json prints that set's report; else {"sets": [...]}.
    """
    from kb.measure.evaluate import DEFAULT_SETS, evaluate, format_report
    from kb.measure.themes_eval import DEFAULT_THEME_SETS

    sets = list(queries) or list(DEFAULT_SETS)
    theme_sets = themes_gold or DEFAULT_THEME_SETS
    reports = [evaluate(paths.corpus, paths.index, path,
                        theme_sets if n == len(sets) - 1 else ())
               for n, path in enumerate(sets)]
    if as_json:
        data = (reports[0].to_dict() if len(reports) == 1 else
                {"sets": [{"file": str(path), **report.to_dict()}
                          for path, report in zip(sets, reports, strict=True)]})
        _echo_json(data)
        return
    for n, (path, report) in enumerate(zip(sets, reports, strict=True)):
        if len(sets) > 1:
            click.echo(("\n" if n else "") + f"== {path.name}")
        click.echo(format_report(report))


@click.command()
@click.option("--items", "items", metavar="N", default=None, type=click.IntRange(min=1),
              help="Generate a corpus of N items shaped like the real one "
                   "(default: benchmark the corpus itself).")
@click.option("--queries", "queries", metavar="FILE", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Queries to run: JSON list (strings or {q, filters}) or one a line "
                   "(default: a generated mix).")
@click.option("--seed", "seed", metavar="S", default=1, show_default=True, type=int,
              help="Seed of the generated corpus and query mix.")
@click.option("--rounds", "rounds", metavar="R", default=5, show_default=True,
              type=click.IntRange(1, 100), help="Timed rounds over the query mix.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--profile", "profile", metavar="DIR", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Write cProfile statistics of each engine's build and queries to DIR "
                   "(<engine>-build.prof, <engine>-search.prof; timings include the "
                   "profiler's overhead).")
@click.option("--embed-sample", "embed_sample", metavar="N", default=500, show_default=True,
              type=click.IntRange(min=0),
              help="Time the model of meaning on N sampled items and the queries (0: not); "
                   "the builds themselves are lexical.")
@pass_paths
@fails_cleanly
def bench(paths: Paths, items: int | None, queries: Path | None, seed: int, rounds: int,
          as_json: bool, profile: Path | None, embed_sample: int) -> None:
    """Time kb's index build and search beside SQLite FTS5 on the same items and queries."""

    from kb.measure.bench import BenchFailed, format_report, run_bench

    if profile is not None:
        profile.mkdir(parents=True, exist_ok=True)
    try:
        report = run_bench(paths.corpus, items, queries, seed=seed, rounds=rounds,
                           profile_dir=profile, embed_sample=embed_sample,
                           progress=_progress("bench"))
    except BenchFailed as error:
        _progress("bench")(str(error))
        sys.exit(1)
    _show(report, as_json, format_report)


@click.command()
@click.option("--seconds", "seconds", metavar="S", default=30.0, show_default=True,
              type=click.FloatRange(1, 3600), help="How long the clients send requests.")
@click.option("--clients", "clients", metavar="C", default=4, show_default=True,
              type=click.IntRange(1, 64), help="Client threads, each one request at a time.")
@click.option("--rebuilds", "rebuilds", metavar="R", default=2, show_default=True,
              type=click.IntRange(0, 100),
              help="Index rebuilds during the run, each after a small edit of the corpus copy.")
@click.option("--seed", "seed", metavar="N", default=1, show_default=True, type=int,
              help="Seed of the query mix and of the clients' draws.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@pass_paths
@fails_cleanly
def soak(paths: Paths, seconds: float, clients: int, rebuilds: int, seed: int,
         as_json: bool) -> None:
    """Load kb serve (on 127.0.0.1, over a copy of the corpus) with realistic requests
    while the index is rebuilt; print requests, errors, latency and rebuilds.

    Exits 0 whatever the figures; 2 on a bad corpus, 1 when the server cannot start.
    """

    from kb.measure.soak import SoakFailed, format_report, run_soak

    try:
        report = run_soak(paths.corpus, seconds, clients, rebuilds, seed=seed,
                          progress=_progress("soak"))
    except SoakFailed as error:
        _progress("soak")(str(error))
        sys.exit(1)
    _show(report, as_json, format_report)
