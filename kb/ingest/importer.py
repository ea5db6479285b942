"""``kb import``: raw page files -> documents -> corpus files, all pages or none.

Reads and decodes each file (at most ``max_bytes`` a page), parses it (a Markdown
file that already is a corpus file is read as one), and saves every document
only when all parsed. A source URL must be an http(s) address. A page whose
document says something new gets the import time as its ``imported`` date; one that
says what its corpus file says keeps the file's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace as replace_fields
from pathlib import Path

from kb.corpus import (
    REGIONS_FILE,
    document_path,
    load_regions,
    read_document,
    same_content,
    save_documents,
    write_document,
)
from kb.corpus.dates import import_time
from kb.errors import CorpusError, ImportFailed
from kb.ingest.parse import ImportResult, PageHints, parse_page, slug_from
from kb.ingest.textio import read_text
from kb.models import Document
from kb.vocabulary import DEFAULT_MAX_PAGE_BYTES, is_web_url


def import_pages(pages: list[Path], corpus_dir: Path, *, replace: bool = False,
                 source_url: str | None = None, county: str | None = None,
                 region: str | None = None, doc_type: str | None = None,
                 fmt: str | None = None, max_bytes: int = DEFAULT_MAX_PAGE_BYTES,
                 warn: Callable[[str], None] = lambda message: None,
                 sources: dict[Path, str] | None = None, dry_run: bool = False,
                 now: dt.datetime | None = None) -> list[str]:
    """Import ``pages`` into ``corpus_dir``; return one summary line per page.

    ``sources`` gives a page its own source URL (``kb harvest``); with ``dry_run``
    every check runs but nothing is written, and each line starts with what would
    happen to the document (``new``, ``changed`` or ``unchanged``). A new or changed
    document is dated ``now`` (an aware time; default: the current time), to the second;
    an unchanged one keeps its file's ``imported`` date.

    Boilerplate left out and warnings (unknown county, slug from the file name)
    go to ``warn``. Raises :class:`ImportFailed` naming the file (and line) when
    a page is empty, binary, larger than ``max_bytes``, cannot be placed, has a
    source URL that is not http(s) or a slug too long for an item id, or its
    document exists already without ``replace``; then nothing is written.
    """
    if source_url is not None and not is_web_url(source_url.strip()):
        raise ImportFailed(str(pages[0]) if pages else "--source-url",
                           f"--source-url must be an http:// or https:// address with a host, "
                           f"not {source_url[:80]!r}")
    source_url = source_url.strip() if source_url is not None else None
    registry = load_regions(Path(corpus_dir) / REGIONS_FILE)
    hints = PageHints(source_url=source_url, county=county, region=region,
                      doc_type=doc_type, fmt=fmt)
    results: list[tuple[Path, ImportResult]] = []
    for page in pages:
        text = read_text(page, max_bytes)
        own = replace_fields(hints, source_url=sources[page]) if sources and page in sources \
            else hints
        if _is_corpus_file(page, text, fmt):
            result = ImportResult(_corpus_document(read_document(text, str(page)), page, own))
        else:
            result = parse_page(text, str(page), own, registry)
        for line, skipped in result.skipped:
            warn(f"{page}:{line}: left out as site boilerplate: {skipped}")
        for message in result.warnings:
            warn(f"warning: {message}")
        results.append((page, result))
    stamp = import_time(now)
    for _, result in results:
        result.document.imported = _import_date(Path(corpus_dir), result.document, stamp)
    states = [_state(Path(corpus_dir), r.document) for _, r in results]
    targets = save_documents([(str(page), r.document) for page, r in results], corpus_dir,
                             replace=replace, dry_run=dry_run)
    lines = [_summary(page, result, target) for (page, result), target in zip(results, targets,
                                                                             strict=True)]
    return [f"{state}: {line}" for state, line in zip(states, lines, strict=True)] if dry_run \
        else lines


def _import_date(corpus_dir: Path, doc: Document, now: dt.datetime) -> dt.datetime:
    """The ``imported`` date of ``doc``: its corpus file's when the file says the same
    (dates aside) and has one, else ``now``."""
    target = document_path(corpus_dir, doc.slug)
    try:
        old = read_document(target.read_text(encoding="utf-8"), str(target))
    except (OSError, UnicodeDecodeError, CorpusError):  # none yet, or not readable: new
        return now
    if old.imported is not None and same_content(replace_fields(old, imported=None),
                                                 replace_fields(doc, imported=None)):
        return old.imported
    return now


def _state(corpus_dir: Path, doc: Document) -> str:
    """What saving ``doc`` would do to its file: new, changed or unchanged."""
    target = document_path(corpus_dir, doc.slug)
    if not target.exists():
        return "new"
    return "unchanged" if target.read_text(encoding="utf-8") == write_document(doc) else "changed"


def _is_corpus_file(page: Path, text: str, fmt: str | None) -> bool:
    markdown = fmt == "markdown" or (fmt is None and page.suffix.lower() in (".md", ".markdown"))
    return markdown and text.lstrip("\ufeff").startswith("---")


def _corpus_document(doc: Document, page: Path, hints: PageHints) -> Document:
    doc.source_url = hints.source_url or doc.source_url
    doc.slug = slug_from(doc.source_url) if doc.source_url else slug_from(page.name)
    doc.county = hints.county if hints.county is not None else doc.county
    doc.region = hints.region if hints.region is not None else doc.region
    doc.doc_type = hints.doc_type or doc.doc_type
    doc.path = None
    return doc


def _summary(page: Path, result: ImportResult, target: Path) -> str:
    doc = result.document
    items = sum(len(s.items) for s in doc.sections)
    facts = " and facts" if doc.facts is not None else ""
    skipped = f", {len(result.skipped)} boilerplate line(s) left out" if result.skipped else ""
    return (f"{page} -> {target}: {doc.doc_type} '{doc.title}', {len(doc.sections)} sections, "
            f"{items} items{facts}{skipped}")
