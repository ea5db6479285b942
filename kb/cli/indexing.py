"""The commands that write or serve the index: ``kb build`` and ``kb serve``.

Registered on the ``kb`` group by :mod:`kb.cli`.
"""

from __future__ import annotations

import click

from kb.cli.common import Paths, base_url_option, fails_cleanly, pass_paths


@click.command()
@click.option("--force", is_flag=True, help="Rebuild even when the index is up to date.")
@click.option("--wait", "wait", metavar="SECONDS", default=300.0, show_default=True,
              type=click.FloatRange(min=0),
              help="How long to wait for another build of the same index folder to finish "
                   "(0: give up at once).")
@pass_paths
@fails_cleanly
def build(paths: Paths, force: bool, wait: float) -> None:
    """Build the search index from the corpus (atomically: the old index serves until done).

    Where the model of meaning loads, the build embeds new text (one thread a core)
    and says how fast; KB_SEMANTIC=0 builds without it. A damaged index (files that
    differ from the checksums its build wrote) is rebuilt. One build at a time: while
    another runs, this one waits for it (at most --wait seconds, then exits 2 with
    "another build is running (pid N)"); without --force it builds nothing when the
    other build left the index up to date.
    """
    import os

    from kb.index import TerminalProgress, build_index, needs_rebuild, read_pointer
    from kb.semantic import DESCRIPTION, load_embedder

    load_embedder(threads=os.cpu_count() or 1)  # the first load fixes the thread count
    if not force and not needs_rebuild(paths.corpus, paths.index):
        click.echo(f"kb build: the index in {paths.index} is up to date", err=True)
        return
    served = read_pointer(paths.index)
    with TerminalProgress() as progress:
        written = build_index(
            paths.corpus, paths.index, progress=progress, force=force, wait=wait,
            embedding_progress=progress.embedding,
            waiting=lambda message: click.echo(f"kb build: {message}", err=True),
            on_semantic=lambda info: click.echo(f"kb build: {info.describe(DESCRIPTION)}",
                                                err=True))
    if not force and written == served:
        click.echo(f"kb build: the index in {paths.index} is up to date", err=True)
        return
    click.echo(f"kb build: index written to {paths.index}", err=True)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Request threads of the waitress server.")
@click.option("--base-url", "base_url", metavar="URL", default=None, callback=base_url_option,
              help="Public address the CSV export's item links start with, e.g. "
                   "https://kb.example.no (default: $KB_BASE_URL, else relative links).")
@pass_paths
@fails_cleanly
def serve(paths: Paths, host: str, port: int, threads: int, base_url: str | None) -> None:
    """Build the index when it is missing, damaged or the corpus changed, then serve the web UI.

    Where the index folder cannot be written, a stale but whole index is served with
    a warning; a damaged one that cannot be rebuilt is refused (exit 2).

    Served by waitress (a production WSGI server); read-only. Links in exports
    never take their host from a request's Host header, only from --base-url.
    """
    import waitress

    from kb.web.app import create_app

    def progress(done: int, total: int) -> None:
        click.echo(f"kb serve: indekserer {done}/{total} elementer", err=True)

    told = -1  # the tenth of the embedding last told

    def embedding(done: int, total: int) -> None:
        nonlocal told
        tenth = done * 10 // max(total, 1)
        if tenth != told:  # a line each tenth: a first run embeds a thousand texts
            told = tenth
            click.echo(f"kb serve: lager vektorer {done}/{total} tekster", err=True)

    def warn(message: str) -> None:
        click.echo(f"kb serve: warning: {message}", err=True)

    app = create_app({"CORPUS_DIR": paths.corpus, "INDEX_DIR": paths.index,
                      "INDEX_PROGRESS": progress, "INDEX_EMBEDDING_PROGRESS": embedding,
                      "INDEX_WARN": warn, "BASE_URL": base_url, "KEEP_WARM": True})
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"kb serve: http://{shown}:{port}/ (Ctrl+C stopper)", err=True)
    waitress.serve(app, host=host, port=port, threads=threads, ident="kb")
