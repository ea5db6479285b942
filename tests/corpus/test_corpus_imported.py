"""The ``imported:`` date of a corpus file: written by the importer, checked by the reader,
kept in the build."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from corpus_data import DATA
from fixture_types import RunKb

from kb.corpus import read_document, same_content, write_document
from kb.errors import CorpusError
from kb.index import build_index
from kb.ingest import import_pages
from kb.search import open_index

UTC = dt.UTC
FIRST = dt.datetime(2024, 5, 1, 12, 30, 15, 999, tzinfo=UTC)
LATER = dt.datetime(2025, 1, 2, 8, 0, tzinfo=UTC)
PAGE = DATA / "pages" / "rana.txt"
HEAD = "---\ntitle: T\ndoc_type: news\nlanguage: nb\n"
BODY = "---\n\n# T {: .article }\n\nTekst.\n"


def _imported(corpus: Path, slug: str) -> dt.datetime | None:
    return read_document((corpus / f"{slug}.md").read_text(encoding="utf-8")).imported


def test_a_new_page_is_dated_with_the_import_time_to_the_second(corpus_dir: Path) -> None:
    import_pages([PAGE], corpus_dir, now=FIRST)
    text = (corpus_dir / "rana.md").read_text(encoding="utf-8")
    assert "\nimported: 2024-05-01T12:30:15+00:00\n" in text
    assert _imported(corpus_dir, "rana") == FIRST.replace(microsecond=0)


def test_a_time_in_another_zone_is_written_in_utc(corpus_dir: Path) -> None:
    oslo = dt.timezone(dt.timedelta(hours=2))
    import_pages([PAGE], corpus_dir, now=dt.datetime(2024, 5, 1, 14, 0, tzinfo=oslo))
    assert "\nimported: 2024-05-01T12:00:00+00:00\n" in \
        (corpus_dir / "rana.md").read_text(encoding="utf-8")


def test_an_unchanged_page_keeps_its_date_and_bytes(corpus_dir: Path) -> None:
    import_pages([PAGE], corpus_dir, now=FIRST)
    before = (corpus_dir / "rana.md").read_bytes()
    lines = import_pages([PAGE], corpus_dir, replace=True, now=LATER, dry_run=True)
    assert lines[0].startswith("unchanged: ")
    import_pages([PAGE], corpus_dir, replace=True, now=LATER)
    assert (corpus_dir / "rana.md").read_bytes() == before


def test_a_changed_page_gets_the_new_date(corpus_dir: Path, tmp_path: Path) -> None:
    import_pages([PAGE], corpus_dir, now=FIRST)
    changed = tmp_path / "rana.txt"
    text = PAGE.read_text(encoding="utf-8")
    paragraph = next(line for line in text.splitlines() if len(line) > 60)
    changed.write_text(text.replace(paragraph, paragraph + " Og litt til."), encoding="utf-8")
    lines = import_pages([changed], corpus_dir, replace=True, now=LATER, dry_run=True)
    assert lines[0].startswith("changed: ")
    assert _imported(corpus_dir, "rana") == FIRST.replace(microsecond=0)  # a dry run writes nothing
    import_pages([changed], corpus_dir, replace=True, now=LATER)
    assert _imported(corpus_dir, "rana") == LATER
    assert "Og litt til." in (corpus_dir / "rana.md").read_text(encoding="utf-8")


def test_an_undated_file_of_the_same_content_is_dated_when_imported_again(
        corpus_dir: Path) -> None:
    import_pages([PAGE], corpus_dir, now=FIRST)
    path = corpus_dir / "rana.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "imported: 2024-05-01T12:30:15+00:00\n", ""), encoding="utf-8")
    assert _imported(corpus_dir, "rana") is None
    import_pages([PAGE], corpus_dir, replace=True, now=LATER)
    assert _imported(corpus_dir, "rana") == LATER


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-05-01T12:30:15+00:00", dt.datetime(2024, 5, 1, 12, 30, 15, tzinfo=UTC)),
    ("2024-05-01T12:30:15Z", dt.datetime(2024, 5, 1, 12, 30, 15, tzinfo=UTC)),
    ("2024-05-01T14:30:15+02:00", dt.datetime(2024, 5, 1, 12, 30, 15, tzinfo=UTC)),
    ("'2024-05-01T12:30:15+00:00'", dt.datetime(2024, 5, 1, 12, 30, 15, tzinfo=UTC)),
    ("2024-05-01", dt.datetime(2024, 5, 1, tzinfo=UTC)),
    ("'2024-05-01'", dt.datetime(2024, 5, 1, tzinfo=UTC)),
])
def test_reader_takes_iso_dates_and_date_times(value: str, expected: dt.datetime) -> None:
    doc = read_document(f"{HEAD}imported: {value}\n{BODY}")
    assert doc.imported == expected
    assert doc.imported is not None and doc.imported.utcoffset() is not None


def test_a_date_time_round_trips_with_its_offset() -> None:
    doc = read_document(f"{HEAD}imported: 2024-05-01T14:30:15+02:00\n{BODY}")
    text = write_document(doc)
    assert "\nimported: 2024-05-01T14:30:15+02:00\n" in text
    assert same_content(read_document(text), doc)


def test_a_file_without_the_date_stays_valid_and_is_written_without_it() -> None:
    doc = read_document(HEAD + BODY)
    assert doc.imported is None
    assert "imported" not in write_document(doc)


@pytest.mark.parametrize(("value", "message"), [
    ("i går", "'imported' must be an ISO 8601 date or date-time"),
    ("2024-13-01", "impossible date"),
    ("'2024-13-01'", "'imported' must be an ISO 8601 date or date-time"),
    ("2024-05-01T12:00:00", "'imported' needs a time zone"),
    ("2024-05-01 12:00:00", "'imported' needs a time zone"),
    ("20240501", "'imported' must be an ISO 8601 date or date-time"),
    ("[2024-05-01]", "'imported' must be an ISO 8601 date or date-time"),
    ("true", "'imported' must be an ISO 8601 date or date-time"),
])
def test_reader_names_file_and_line_of_a_bad_date(value: str, message: str) -> None:
    with pytest.raises(CorpusError, match=message) as caught:
        read_document(f"{HEAD}imported: {value}\n{BODY}", "corpus/x.md")
    assert str(caught.value).startswith("corpus/x.md:5: ")


def test_check_reports_a_bad_date_at_its_line(seed_corpus: Path, run_kb: RunKb) -> None:
    path = seed_corpus / "alstahaug.md"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines, start=1) if line.startswith("imported:"))
    lines[number - 1] = "imported: forrige uke\n"
    path.write_text("".join(lines), encoding="utf-8")
    result = run_kb("--corpus", seed_corpus, "check")
    assert result.exit_code == 2
    assert f"{path}:{number}: error: 'imported' must be an ISO 8601 date" in result.stdout


def test_the_build_keeps_each_documents_date(seed_corpus: Path, tmp_path: Path,
                                             project_corpus: Path) -> None:
    shutil.copy(project_corpus / "synonyms.toml", seed_corpus)
    build_index(seed_corpus, tmp_path / "index")
    index = open_index(tmp_path / "index")
    try:
        served = {doc.slug: doc.imported for doc in index.documents()}
    finally:
        index.close()
    committed = {path.stem: read_document(path.read_text(encoding="utf-8")).imported
                 for path in seed_corpus.glob("*.md")}
    assert served == committed
    assert all(isinstance(value, dt.datetime) for value in served.values())
