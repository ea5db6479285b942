"""``kb eval`` and ``kb bench`` run as a user runs them: the installed command, in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb.config import PROJECT_ROOT
from kb.corpus import document_path, write_document
from kb.models import Document, Section, SectionItem

# The console script installed beside the interpreter running the tests.
KB = [str(Path(sys.executable).parent / "kb")]

PAGES = {
    "alesund": ("Ålesundregionen", "Møre og Romsdal", [
        "Bruk tid på å skape tillit",
        "Lag gode møteplasser",
        "Få på plass et bedre kollektivtilbud som binder regionen sammen",
    ]),
    "bodo": ("Bodøregionen", "Nordland", [
        "Mer tillit mellom kommunene",
        "Regional utvikling krever samarbeid over kommunegrensene",
        "Nettverk for næringslivet i hele regionen",
    ]),
}

QUERIES = {"queries": [
    {"id": "tillit", "q": "tillit", "relevant": [
        {"text": "Bruk tid på å skape tillit", "grade": 2},
        {"text": "Mer tillit mellom kommunene", "grade": 2}]},
    {"id": "phrase", "q": '"regional utvikling"', "relevant": [
        {"text": "Regional utvikling krever samarbeid", "grade": 2}]},
    {"id": "nettverk", "q": "nettverk -tillit", "relevant": [
        {"text": "Nettverk for næringslivet", "grade": 2},
        {"text": "Lag gode møteplasser", "grade": 1}]},
]}


def run_kb(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    env.pop("KB_CORPUS_DIR", None)
    env.pop("KB_INDEX_DIR", None)
    return subprocess.run([*KB, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(PROJECT_ROOT / "corpus" / "themes.toml", corpus / "themes.toml")
    for slug, (region, county, advice) in PAGES.items():
        doc = Document(slug=slug, title=region, doc_type="region", region=region, county=county,
                       language="nb", source_url=f"https://example.org/{slug}/",
                       sections=[Section("advice", f"Råd fra {region}",
                                         [SectionItem(t, style="number") for t in advice])])
        document_path(corpus, slug).write_text(write_document(doc), encoding="utf-8")
    (tmp_path / "queries.json").write_text(json.dumps(QUERIES), encoding="utf-8")
    return corpus


def test_kb_eval_prints_the_table_and_exits_0(small_corpus: Path, tmp_path: Path) -> None:
    result = run_kb("--corpus", str(small_corpus), "--index", str(tmp_path / "index"),
                    "eval", "--queries", str(tmp_path / "queries.json"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["query", "q"]
    assert "whoosh nDCG" in lines[0] and "fts5 nDCG" in lines[0] and "kb R@10" in lines[0]
    rows = {line.split()[0]: line for line in lines[2:5]}
    assert set(rows) == {"tillit", "phrase", "nettverk"}
    # FTS5 finds both tillit items: recall 1; fts5 nDCG is the third number column
    assert rows["tillit"].split()[-2] == "1.000"
    assert any(line.startswith("mean") for line in lines)
    assert lines[-2].startswith("themes (") and "cue tagger recall" in lines[-2]
    assert lines[-1] == "semantic: off (KB_SEMANTIC=0)"


def test_kb_eval_json_has_every_engine_and_mean(small_corpus: Path, tmp_path: Path) -> None:
    result = run_kb("--corpus", str(small_corpus), "--index", str(tmp_path / "index"),
                    "eval", "--json", "--queries", str(tmp_path / "queries.json"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [q["id"] for q in report["queries"]] == ["tillit", "phrase", "nettverk"]
    for engine in ("kb", "fts5", "whoosh"):
        assert 0.0 <= report["mean"][engine]["ndcg"] <= 1.0
        assert 0.0 <= report["mean"][engine]["recall"] <= 1.0
    assert report["queries"][0]["fts5"] == {"recall": 1.0, "ndcg": 1.0}
    assert report["unmatched_judgments"] == []
    themes = report["themes"]  # the packaged themes gold file, cue tagger only here
    assert themes["file"] == "themes_gold.json" and themes["items"] > 20
    assert 0.0 < themes["cue"]["recall"] <= 1.0 and 0.0 < themes["cue"]["precision"] <= 1.0
    assert themes["cue_nearest"] is None
    assert themes["semantic"] == "off (KB_SEMANTIC=0)"


def test_kb_eval_on_a_bad_queries_file_exits_2_naming_it(small_corpus: Path,
                                                         tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run_kb("--corpus", str(small_corpus), "--index", str(tmp_path / "index"),
                    "eval", "--queries", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert str(bad) in result.stderr and "Traceback" not in result.stderr


def test_kb_bench_smoke_2000_items_json(tmp_path: Path) -> None:
    result = run_kb("bench", "--items", "2000", "--rounds", "1", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"items", "engines", "ratios", "embedding"}
    # the builds are lexical; the model's own figures are measured apart (off in the tests)
    assert report["embedding"] == {"semantic": "off (KB_SEMANTIC=0)"}
    assert report["items"] == 2000
    assert set(report["engines"]) == {"kb", "fts5"}
    for figures in report["engines"].values():
        for key in ("build_s", "items_per_s", "p50_ms", "p95_ms", "p99_ms", "peak_rss_mb"):
            assert isinstance(figures[key], int | float) and figures[key] > 0, key
        assert figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"]
    assert set(report["ratios"]) == {"p50", "p95", "build"}


def test_kb_bench_on_a_bad_query_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "q.json"
    bad.write_text('{"q": 1}', encoding="utf-8")
    result = run_kb("bench", "--items", "50", "--queries", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert str(bad) in result.stderr


def test_kb_bench_on_the_corpus_itself_times_serve_too(small_corpus: Path,
                                                       tmp_path: Path) -> None:
    result = run_kb("--corpus", str(small_corpus), "bench", "--rounds", "1", "--json",
                    cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["items"] == 6
    assert report["engines"]["kb"]["serve_first_answer_s"] > 0
    assert "judged" in report["engines"]["kb"]["by_category"]
