"""``kb import``, ``check``, ``export`` and ``stats``.

Run in-process through click's ``CliRunner`` (``run_kb``); the installed command runs
in a subprocess (``run_kb_process``) where the exit status a shell sees, or the
environment variable, is the point.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from corpus_data import DATA, SEEDS
from fixture_types import RunKb, RunKbProcess

from kb.corpus import read_document

IMPORTED_LINE = re.compile(r"^imported: .*$", re.M)
ITEM_KEYS = {"id", "doc", "title", "doc_type", "region", "county", "kind", "heading",
             "position", "text", "themes"}
FACT_KEYS = {"applicant", "partners", "population", "population_date", "area_km2"}


def _seed_args(file: str) -> list[str]:
    args = [str(DATA / "seeds" / file)]
    for key, value in SEEDS[file][1].items():
        args += [f"--{key.replace('_', '-')}", value]
    return args


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def imported(corpus_dir: Path, run_kb: RunKb) -> Path:
    """A tmp corpus with the five seeds imported through the command line."""
    for file in sorted(SEEDS):
        result = run_kb("--corpus", corpus_dir, "import", *_seed_args(file))
        assert result.exit_code == 0, result.stderr
    return corpus_dir


def test_import_writes_the_seeds_as_committed(corpus_dir: Path, project_corpus: Path,
                                               run_kb: RunKb) -> None:
    """New pages: the committed files' bytes, each dated with the time of its import."""
    start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for file in sorted(SEEDS):
        assert run_kb("--corpus", corpus_dir, "import", *_seed_args(file)).exit_code == 0
    end = dt.datetime.now(dt.UTC)
    for slug, _ in SEEDS.values():
        text = (corpus_dir / f"{slug}.md").read_text(encoding="utf-8")
        imported = read_document(text, slug).imported
        assert imported is not None and start <= imported <= end
        assert imported.utcoffset() == dt.timedelta(0) and imported.microsecond == 0
        committed = (project_corpus / f"{slug}.md").read_text(encoding="utf-8")
        assert IMPORTED_LINE.sub("", text) == IMPORTED_LINE.sub("", committed)


def test_reimporting_the_seeds_keeps_the_committed_files_and_dates(
        seed_corpus: Path, project_corpus: Path, run_kb: RunKb) -> None:
    for file in sorted(SEEDS):
        result = run_kb("--corpus", seed_corpus, "import", "--replace", *_seed_args(file))
        assert result.exit_code == 0, result.stderr
    for slug, _ in SEEDS.values():
        committed = (project_corpus / f"{slug}.md").read_bytes()
        assert IMPORTED_LINE.search(committed.decode()), f"{slug}.md has no imported: date"
        assert (seed_corpus / f"{slug}.md").read_bytes() == committed


def test_import_reports_boilerplate_and_summary(corpus_dir: Path, run_kb: RunKb) -> None:
    result = run_kb("--corpus", corpus_dir, "import", *_seed_args("001_0aa67e1460c53890.txt"))
    assert result.exit_code == 0, result.stderr
    assert "8855-byregionsamling-i-alesund.md: news 'Byregionsamling i Ålesund'" in result.stdout
    assert "12 boilerplate line(s) left out" in result.stdout
    assert "001_0aa67e1460c53890.txt:35: left out as site boilerplate: Org.nr." in result.stderr


def test_import_existing_document_exits_2_and_leaves_the_corpus(
        imported: Path, run_kb_process: RunKbProcess) -> None:
    """The installed command: the exit statuses a shell sees."""
    before = _snapshot(imported)
    page = DATA / "seeds" / "000_c23aa7f238a0f9c8.txt"
    result = run_kb_process("--corpus", imported, "import", page)
    assert result.returncode == 2
    assert str(page) in result.stderr and "exists already" in result.stderr
    assert "--replace" in result.stderr
    assert _snapshot(imported) == before
    again = run_kb_process("--corpus", imported, "import", "--replace", page)
    assert again.returncode == 0, again.stderr
    assert _snapshot(imported) == before  # same page, same bytes


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty"),
    (b"\n \r\n\t\n", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
])
def test_import_empty_or_binary_exits_2_naming_the_file(imported: Path, tmp_path: Path,
                                                         run_kb: RunKb, content: bytes,
                                                         message: str) -> None:
    before = _snapshot(imported)
    page = tmp_path / "side.txt"
    page.write_bytes(content)
    result = run_kb("--corpus", imported, "import", page)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kb: {page}") and message in result.stderr
    assert _snapshot(imported) == before


def test_import_of_several_pages_is_all_or_nothing(corpus_dir: Path, tmp_path: Path,
                                                   run_kb: RunKb) -> None:
    good = DATA / "pages" / "rana.txt"
    bad = tmp_path / "tom.txt"
    bad.write_bytes(b"")
    result = run_kb("--corpus", corpus_dir, "import", good, bad)
    assert result.exit_code == 2 and str(bad) in result.stderr
    assert not list(corpus_dir.glob("*.md"))
    both = run_kb("--corpus", corpus_dir, "import", good, DATA / "pages" / "tromso.txt")
    assert both.exit_code == 0, both.stderr
    assert sorted(p.name for p in corpus_dir.glob("*.md")) == ["rana.md", "tromso.md"]


def test_import_line_that_cannot_be_placed_names_file_and_line(corpus_dir: Path, tmp_path: Path,
                                                               run_kb: RunKb) -> None:
    page = tmp_path / "side.txt"
    page.write_text("Testregionen\n\nResultater\n\n • Noe\n\nFakta Testregionen\n\n"
                    "Søkerkommune: A\nFolketall i regionen: mange\n", encoding="utf-8")
    result = run_kb("--corpus", corpus_dir, "import", page)
    assert result.exit_code == 2
    assert f"{page}:10: cannot read this fact" in result.stderr
    assert not list(corpus_dir.glob("*.md"))


def test_unknown_county_imports_with_a_warning_and_check_warns(corpus_dir: Path, tmp_path: Path,
                                                               run_kb: RunKb) -> None:
    page = tmp_path / "nyregion.txt"
    page.write_text("Nyregionen\n\nResultater\n\n • Mer tillit\n", encoding="utf-8")
    result = run_kb("--corpus", corpus_dir, "import", page,
                    "--source-url", "https://example.org/artikkel/nyregion/")
    assert result.exit_code == 0, result.stderr
    assert "county unknown for region 'Nyregionen'" in result.stderr
    check = run_kb("--corpus", corpus_dir, "check")
    assert check.exit_code == 0
    assert f"{corpus_dir / 'nyregion.md'}:5: warning: county unknown" in check.stdout


def test_source_url_with_several_pages_is_a_usage_error(corpus_dir: Path, run_kb: RunKb) -> None:
    result = run_kb("--corpus", corpus_dir, "import", "--source-url", "https://x.org/a/",
                    DATA / "pages" / "rana.txt", DATA / "pages" / "tromso.txt")
    assert result.exit_code == 2 and "--source-url" in result.stderr


def test_check_clean_and_broken(imported: Path, run_kb_process: RunKbProcess) -> None:
    """The installed command: the exit statuses a shell or a CI job sees."""
    clean = run_kb_process("--corpus", imported, "check")
    assert (clean.returncode, clean.stdout) == (0, "")
    path = imported / "alstahaug.md"
    text = path.read_text(encoding="utf-8").replace("{: .advice }", "{: .tips }")
    path.write_text(text.replace("title: Alstahaugregionen\n", ""), encoding="utf-8")
    broken = run_kb_process("--corpus", imported, "check")
    assert broken.returncode == 2
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(lines, start=1) if ".tips" in row)
    assert f"{path}:{line}: error: unknown kind class '.tips'" in broken.stdout
    assert f"{path}:1: error: missing title" in broken.stdout
    assert "2 error(s)" in broken.stderr
    export = run_kb_process("--corpus", imported, "export")
    assert export.returncode == 2 and str(path) in export.stderr


def test_export_jsonl_csv_and_json(imported: Path, run_kb: RunKb) -> None:
    jsonl = run_kb("--corpus", imported, "export", "--format", "jsonl")
    assert jsonl.exit_code == 0, jsonl.stderr
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert len(rows) == 102
    assert all(ITEM_KEYS <= set(row) for row in rows)
    advice = [r for r in rows if r["kind"] == "advice" and r["doc"] == "alesund"]
    assert [r["text"] for r in advice][0] == "Bruk tid på å skape tillit"
    assert advice[0]["themes"] == ["tillit", "prosess"]
    assert advice[0]["region"] == "Ålesundregionen" and advice[0]["county"] == "Møre og Romsdal"

    table = run_kb("--corpus", imported, "export", "--format", "csv")
    assert table.exit_code == 0, table.stderr
    records = list(csv.DictReader(io.StringIO(table.stdout)))
    assert [r["id"] for r in records] == [r["id"] for r in rows]
    assert records[0].keys() >= ITEM_KEYS
    assert next(r for r in records if r["id"] == advice[0]["id"])["themes"] == "tillit; prosess"

    whole = run_kb("--corpus", imported, "export", "--format", "json")
    assert whole.exit_code == 0, whole.stderr
    data = json.loads(whole.stdout)
    assert set(data) == {"documents", "items"}
    assert data["items"] == rows
    docs = {d["slug"]: d for d in data["documents"]}
    assert set(docs) == {slug for slug, _ in SEEDS.values()}
    assert all({"slug", "title", "doc_type", "region", "county", "language", "source_url",
                "facts"} <= set(d) for d in docs.values())
    assert docs["alesund"]["facts"] == {
        "applicant": "Ålesund", "partners": ["Sula", "Haram", "Giske", "Skodje", "Ørskog",
                                             "Sandøy"],
        "population": 76680, "population_date": "1.jan 2015", "area_km2": 555.0}
    assert set(docs["dette-er-byregionprogrammet"]["facts"]) == FACT_KEYS
    assert {r["doc"] for r in data["items"]} <= set(docs)


def test_stats_and_environment_variable(imported: Path, run_kb_process: RunKbProcess) -> None:
    """The installed command, its corpus named by $KB_CORPUS_DIR as a shell sets it."""
    human = run_kb_process("stats", env={"KB_CORPUS_DIR": str(imported)})
    assert human.returncode == 0, human.stderr
    assert human.stdout.startswith("5 documents (1 news, 3 region, 1 programme), 102 items")
    counts = json.loads(run_kb_process("--corpus", imported, "stats", "--json").stdout)
    assert counts["kinds"] == {"summary": 3, "goal": 9, "result": 24, "advice": 9, "after": 10,
                               "application": 20, "article": 15, "fact": 12}
    assert counts["per_document"]["alesund"] == {
        "summary": 1, "goal": 5, "result": 13, "advice": 3, "after": 5, "application": 8,
        "fact": 4}
    assert counts["regions"]["Ålesundregionen"] == 47
    # three items of alesund.md and three of bjugn.md, Ålesund's summary and Bjugn's goal
    assert counts["themes"]["tillit"] == 8


def test_import_html_page_and_corpus_markdown_file(corpus_dir: Path, tmp_path: Path,
                                                   project_corpus: Path, run_kb: RunKb) -> None:
    page = tmp_path / "side.html"
    page.write_text(
        "<html><body><h1>Byregioner fase 2 – Haugesundregionen</h1><p>Regionen skal vokse.</p>"
        "<h2>Resultater</h2><ul><li>Mer tillit</li><li>Nye møteplasser</li></ul>"
        "<h2>Fakta Haugesundregionen</h2><p>Søkerkommune: Haugesund</p></body></html>",
        encoding="utf-8")
    edited = tmp_path / "utkast.md"
    edited.write_bytes((project_corpus / "alstahaug.md").read_bytes())
    result = run_kb("--corpus", corpus_dir, "import", page, edited)
    assert result.exit_code == 0, result.stderr
    copied = (corpus_dir / "alstahaug.md").read_text(encoding="utf-8")
    original = edited.read_text(encoding="utf-8")
    assert IMPORTED_LINE.sub("", copied) == IMPORTED_LINE.sub("", original)
    # new to this corpus: dated now, not with the date the file came with
    assert read_document(copied).imported != read_document(original).imported
    written = (corpus_dir / "haugesund.md").read_text(encoding="utf-8")
    assert "region: Haugesundregionen\ncounty: Rogaland og Hordaland\n" in written
    assert "## Resultater {: .result }\n\n- Mer tillit\n- Nye møteplasser\n" in written
    assert run_kb("--corpus", corpus_dir, "check").exit_code == 0
