"""``kb harvest``: fetch region pages over HTTP(S) and import their main text."""

from __future__ import annotations

import click

from kb.cli.common import Paths, fails_cleanly, pass_paths

CACHE_FOLDER = "harvest-cache"


@click.command("harvest")
@click.argument("urls", nargs=-1)
@click.option("--refresh", is_flag=True, help="Fetch every page again, whatever the cache says.")
@click.option("--dry-run", "dry_run", is_flag=True,
              help="Fetch and check, then say what would change; write nothing.")
@click.option("--delay", default=1.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds between two requests.")
@click.option("--timeout", default=20.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds to wait for an answer.")
@click.option("--retries", default=3, show_default=True, type=click.IntRange(0, 10),
              help="More tries after a 5xx answer or a failed connection (backoff 1, 2, 4 s).")
@click.option("--backoff", default=1.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds before the first retry (doubled for each next one).")
@click.option("--max-bytes", "max_bytes", metavar="N", default=None, type=click.IntRange(min=1),
              help="Refuse a page larger than N bytes (default: $KB_MAX_PAGE_BYTES or 5 MiB).")
@pass_paths
@fails_cleanly
def harvest(paths: Paths, urls: tuple[str, ...], refresh: bool, dry_run: bool, delay: float,
            timeout: float, retries: int, backoff: float, max_bytes: int | None) -> None:
    """Fetch region pages (default: every page URL in regions.toml) and import their main text.

    One request at a time, --delay apart, with conditional requests against a
    cache in the index folder, so a second run fetches only what changed. All
    pages or none: a page that cannot be fetched or placed is named with its
    status, the corpus is left untouched and the exit status is 2.
    """
    from kb import config
    from kb.harvest import Fetcher
    from kb.harvest import harvest as run_harvest

    limit = config.max_page_bytes(max_bytes)
    fetcher = Fetcher(paths.index / CACHE_FOLDER, delay=delay, timeout=timeout, retries=retries,
                      backoff=backoff, refresh=refresh, max_bytes=limit)
    report = run_harvest(list(urls), paths.corpus, fetcher, dry_run=dry_run, max_bytes=limit,
                         warn=lambda message: click.echo(f"kb harvest: {message}", err=True))
    for line in report.lines:
        click.echo(line)
    done = "checked, nothing written (--dry-run)" if dry_run else "imported"
    click.echo(f"kb harvest: {report.fetched} page(s) fetched, {report.not_modified} not "
               f"modified; {done}", err=True)
