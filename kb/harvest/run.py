"""``kb harvest``: fetch region pages, keep their main text, import them all or none."""

from __future__ import annotations

import tempfile
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kb.corpus import REGIONS_FILE, document_path, load_regions
from kb.errors import ImportFailed, KbError
from kb.harvest.extract import main_content
from kb.harvest.fetch import Fetched, Fetcher, HarvestFailed
from kb.ingest import decode, import_pages, slug_from
from kb.vocabulary import DEFAULT_MAX_PAGE_BYTES, is_web_url


@dataclass
class HarvestReport:
    """What a harvest did: pages fetched (200), answered 304, and one line a page."""

    fetched: int = 0
    not_modified: int = 0
    lines: list[str] = field(default_factory=list)


def harvest(urls: list[str], corpus_dir: Path, fetcher: Fetcher, *, dry_run: bool = False,
            max_bytes: int = DEFAULT_MAX_PAGE_BYTES,
            warn: Callable[[str], None] = lambda message: None) -> HarvestReport:
    """Fetch ``urls`` (none: every page URL of the registry) and import them into
    ``corpus_dir``, replacing their documents; return what was done.

    A page answered 304 whose document exists is left as it is. With ``dry_run``
    nothing is written (corpus or cache). Raises :class:`HarvestFailed` naming
    each URL that could not be fetched (with its HTTP status) or placed; then
    nothing is written. Raises :class:`KbError` when there is no URL to fetch.
    """
    corpus_dir = Path(corpus_dir)
    urls = list(urls) or load_regions(corpus_dir / REGIONS_FILE).page_urls()
    if not urls:
        raise KbError(f"kb harvest: no URL given and none in {corpus_dir / REGIONS_FILE}")
    bad = [(u, "not an http:// or https:// address with a host") for u in urls
           if not is_web_url(u)]
    if bad:
        raise HarvestFailed(bad)
    report = HarvestReport()
    pages: list[Fetched] = []
    failures: list[tuple[str, str]] = []
    for url in dict.fromkeys(urls):
        try:
            page = fetcher.fetch(url)
        except urllib.error.HTTPError as error:
            failures.append((url, f"HTTP {error.code} {error.reason}"))
            continue
        except (OSError, ValueError) as error:
            failures.append((url, f"not fetched: {getattr(error, 'reason', error)}"))
            continue
        if page.not_modified:
            report.not_modified += 1
        else:
            report.fetched += 1
        pages.append(page)
    if failures:
        raise HarvestFailed(failures)
    todo = [p for p in pages if not (p.not_modified and p.slug
                                     and document_path(corpus_dir, p.slug).exists())]
    report.lines += [f"{p.url}: not modified (304), {p.slug}.md left as it is"
                     for p in pages if p not in todo]
    if todo:
        report.lines += _import(todo, corpus_dir, fetcher, dry_run, max_bytes, warn)
    return report


def _import(pages: list[Fetched], corpus_dir: Path, fetcher: Fetcher, dry_run: bool,
            max_bytes: int, warn: Callable[[str], None]) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="kb-harvest-") as folder:
        files: dict[Path, str] = {}
        for number, page in enumerate(pages, start=1):
            path = Path(folder) / f"{number:03d}-{slug_from(page.url) or 'page'}.html"
            try:
                text = main_content(decode(page.body, page.url))
            except KbError as error:
                raise HarvestFailed([(page.url, str(error))]) from error
            path.write_text(text, encoding="utf-8")
            files[path] = page.url

        def named(message: str) -> str:
            for path, url in files.items():
                message = message.replace(str(path), url)
            return message

        try:
            lines = import_pages(list(files), corpus_dir, replace=True, fmt="html",
                                 max_bytes=max_bytes, sources=files, dry_run=dry_run,
                                 warn=lambda message: warn(named(message)))
        except ImportFailed as error:
            url = files.get(Path(error.path), error.path)
            where = f"line {error.line} of its main text: " if error.line else ""
            raise HarvestFailed([(url, f"cannot be placed: {where}{error.message}")]) from error
    if not dry_run:
        for page in pages:
            page.slug = slug_from(page.url)
            fetcher.store(page)
    return [named(line) for line in lines]
