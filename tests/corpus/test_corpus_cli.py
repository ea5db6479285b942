"""``kb import``, ``check``, ``export`` and ``stats`` run as a user runs them, in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_data import DATA, SEEDS

KB = str(Path(sys.executable).parent / "kb")
ITEM_KEYS = {"id", "doc", "title", "doc_type", "region", "county", "kind", "heading",
             "position", "text", "themes"}
FACT_KEYS = {"applicant", "partners", "population", "population_date", "area_km2"}


def kb(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("KB_CORPUS_DIR", "KB_INDEX_DIR")}
    full_env.update(env or {})
    return subprocess.run([KB, *args], capture_output=True, text=True, env=full_env,
                          timeout=120, check=False)


def _seed_args(file: str) -> list[str]:
    args = [str(DATA / "seeds" / file)]
    for key, value in SEEDS[file][1].items():
        args += [f"--{key.replace('_', '-')}", value]
    return args


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def imported(corpus_dir: Path) -> Path:
    """A tmp corpus with the five seeds imported through the command line."""
    for file in sorted(SEEDS):
        result = kb("--corpus", str(corpus_dir), "import", *_seed_args(file))
        assert result.returncode == 0, result.stderr
    return corpus_dir


def test_import_writes_the_seeds_as_committed(imported):
    project = Path(__file__).resolve().parents[2] / "corpus"
    for slug, _ in SEEDS.values():
        assert (imported / f"{slug}.md").read_bytes() == (project / f"{slug}.md").read_bytes()


def test_import_reports_boilerplate_and_summary(corpus_dir):
    result = kb("--corpus", str(corpus_dir), "import", *_seed_args("001_0aa67e1460c53890.txt"))
    assert result.returncode == 0, result.stderr
    assert "8855-byregionsamling-i-alesund.md: news 'Byregionsamling i Ålesund'" in result.stdout
    assert "11 boilerplate line(s) left out" in result.stdout
    assert "001_0aa67e1460c53890.txt:35: left out as site boilerplate: Org.nr." in result.stderr


def test_import_existing_document_exits_2_and_leaves_the_corpus(imported):
    before = _snapshot(imported)
    page = DATA / "seeds" / "000_c23aa7f238a0f9c8.txt"
    result = kb("--corpus", str(imported), "import", str(page))
    assert result.returncode == 2
    assert str(page) in result.stderr and "exists already" in result.stderr
    assert "--replace" in result.stderr
    assert _snapshot(imported) == before
    again = kb("--corpus", str(imported), "import", "--replace", str(page))
    assert again.returncode == 0, again.stderr
    assert _snapshot(imported) == before  # same page, same bytes


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty"),
    (b"\n \r\n\t\n", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
])
def test_import_empty_or_binary_exits_2_naming_the_file(imported, tmp_path, content, message):
    before = _snapshot(imported)
    page = tmp_path / "side.txt"
    page.write_bytes(content)
    result = kb("--corpus", str(imported), "import", str(page))
    assert result.returncode == 2
    assert result.stderr.startswith(f"kb: {page}") and message in result.stderr
    assert _snapshot(imported) == before


def test_import_of_several_pages_is_all_or_nothing(corpus_dir, tmp_path):
    good = DATA / "pages" / "rana.txt"
    bad = tmp_path / "tom.txt"
    bad.write_bytes(b"")
    result = kb("--corpus", str(corpus_dir), "import", str(good), str(bad))
    assert result.returncode == 2 and str(bad) in result.stderr
    assert not list(corpus_dir.glob("*.md"))
    both = kb("--corpus", str(corpus_dir), "import", str(good), str(DATA / "pages" / "tromso.txt"))
    assert both.returncode == 0, both.stderr
    assert sorted(p.name for p in corpus_dir.glob("*.md")) == ["rana.md", "tromso.md"]


def test_import_line_that_cannot_be_placed_names_file_and_line(corpus_dir, tmp_path):
    page = tmp_path / "side.txt"
    page.write_text("Testregionen\n\nResultater\n\n • Noe\n\nFakta Testregionen\n\n"
                    "Søkerkommune: A\nFolketall i regionen: mange\n", encoding="utf-8")
    result = kb("--corpus", str(corpus_dir), "import", str(page))
    assert result.returncode == 2
    assert f"{page}:10: cannot read this fact" in result.stderr
    assert not list(corpus_dir.glob("*.md"))


def test_unknown_county_imports_with_a_warning_and_check_warns(corpus_dir, tmp_path):
    page = tmp_path / "nyregion.txt"
    page.write_text("Nyregionen\n\nResultater\n\n • Mer tillit\n", encoding="utf-8")
    result = kb("--corpus", str(corpus_dir), "import", str(page),
                "--source-url", "https://example.org/artikkel/nyregion/")
    assert result.returncode == 0, result.stderr
    assert "county unknown for region 'Nyregionen'" in result.stderr
    check = kb("--corpus", str(corpus_dir), "check")
    assert check.returncode == 0
    assert f"{corpus_dir / 'nyregion.md'}:5: warning: county unknown" in check.stdout


def test_source_url_with_several_pages_is_a_usage_error(corpus_dir):
    result = kb("--corpus", str(corpus_dir), "import", "--source-url", "https://x.org/a/",
                str(DATA / "pages" / "rana.txt"), str(DATA / "pages" / "tromso.txt"))
    assert result.returncode == 2 and "--source-url" in result.stderr


def test_check_clean_and_broken(imported):
    clean = kb("--corpus", str(imported), "check")
    assert (clean.returncode, clean.stdout) == (0, "")
    path = imported / "alstahaug.md"
    text = path.read_text(encoding="utf-8").replace("{: .advice }", "{: .tips }")
    path.write_text(text.replace("title: Alstahaugregionen\n", ""), encoding="utf-8")
    broken = kb("--corpus", str(imported), "check")
    assert broken.returncode == 2
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(lines, start=1) if ".tips" in row)
    assert f"{path}:{line}: error: unknown kind class '.tips'" in broken.stdout
    assert f"{path}:1: error: missing title" in broken.stdout
    assert "2 error(s)" in broken.stderr
    export = kb("--corpus", str(imported), "export")
    assert export.returncode == 2 and str(path) in export.stderr


def test_export_jsonl_csv_and_json(imported):
    jsonl = kb("--corpus", str(imported), "export", "--format", "jsonl")
    assert jsonl.returncode == 0, jsonl.stderr
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert len(rows) == 102
    assert all(ITEM_KEYS <= set(row) for row in rows)
    advice = [r for r in rows if r["kind"] == "advice" and r["doc"] == "alesund"]
    assert [r["text"] for r in advice][0] == "Bruk tid på å skape tillit"
    assert advice[0]["themes"] == ["tillit", "prosess"]
    assert advice[0]["region"] == "Ålesundregionen" and advice[0]["county"] == "Møre og Romsdal"

    table = kb("--corpus", str(imported), "export", "--format", "csv")
    assert table.returncode == 0, table.stderr
    records = list(csv.DictReader(io.StringIO(table.stdout)))
    assert [r["id"] for r in records] == [r["id"] for r in rows]
    assert records[0].keys() >= ITEM_KEYS
    assert next(r for r in records if r["id"] == advice[0]["id"])["themes"] == "tillit; prosess"

    whole = kb("--corpus", str(imported), "export", "--format", "json")
    assert whole.returncode == 0, whole.stderr
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


def test_stats_and_environment_variable(imported):
    human = kb("stats", env={"KB_CORPUS_DIR": str(imported)})
    assert human.returncode == 0, human.stderr
    assert human.stdout.startswith("5 documents (1 news, 3 region, 1 programme), 102 items")
    counts = json.loads(kb("--corpus", str(imported), "stats", "--json").stdout)
    assert counts["kinds"] == {"summary": 3, "goal": 9, "result": 24, "advice": 9, "after": 10,
                               "application": 20, "article": 15, "fact": 12}
    assert counts["per_document"]["alesund"] == {
        "summary": 1, "goal": 5, "result": 13, "advice": 3, "after": 5, "application": 8,
        "fact": 4}
    assert counts["regions"]["Ålesundregionen"] == 47
    assert counts["themes"]["tillit"] >= 1


def test_import_html_page_and_corpus_markdown_file(corpus_dir, tmp_path):
    page = tmp_path / "side.html"
    page.write_text(
        "<html><body><h1>Byregioner fase 2 – Haugesundregionen</h1><p>Regionen skal vokse.</p>"
        "<h2>Resultater</h2><ul><li>Mer tillit</li><li>Nye møteplasser</li></ul>"
        "<h2>Fakta Haugesundregionen</h2><p>Søkerkommune: Haugesund</p></body></html>",
        encoding="utf-8")
    edited = tmp_path / "utkast.md"
    project = Path(__file__).resolve().parents[2] / "corpus"
    edited.write_bytes((project / "alstahaug.md").read_bytes())
    result = kb("--corpus", str(corpus_dir), "import", str(page), str(edited))
    assert result.returncode == 0, result.stderr
    assert (corpus_dir / "alstahaug.md").read_bytes() == edited.read_bytes()
    written = (corpus_dir / "haugesund.md").read_text(encoding="utf-8")
    assert "region: Haugesundregionen\ncounty: Rogaland og Hordaland\n" in written
    assert "## Resultater {: .result }\n\n- Mer tillit\n- Nye møteplasser\n" in written
    assert kb("--corpus", str(corpus_dir), "check").returncode == 0
