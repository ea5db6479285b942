"""``kb eval`` and ``kb bench``.

Run in-process through click's ``CliRunner`` (``run_kb``); the installed command runs
in a subprocess (``run_kb_process``) for the table a user reads and an exit status a
shell sees.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
from fixture_types import RunKb, RunKbProcess

from kb.corpus import document_path, write_document
from kb.models import Document, Section, SectionItem

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


@pytest.fixture
def small_corpus(tmp_path: Path, project_corpus: Path) -> Path:
    """Two region pages of three advice items each, and queries.json beside the corpus."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(project_corpus / "themes.toml", corpus / "themes.toml")
    for slug, (region, county, advice) in PAGES.items():
        doc = Document(slug=slug, title=region, doc_type="region", region=region, county=county,
                       language="nb", source_url=f"https://example.org/{slug}/",
                       sections=[Section("advice", f"Råd fra {region}",
                                         [SectionItem(t, style="number") for t in advice])])
        document_path(corpus, slug).write_text(write_document(doc), encoding="utf-8")
    (tmp_path / "queries.json").write_text(json.dumps(QUERIES), encoding="utf-8")
    return corpus


def test_kb_eval_prints_the_table_and_exits_0(small_corpus: Path, tmp_path: Path,
                                              run_kb_process: RunKbProcess) -> None:
    """The installed command end to end."""
    result = run_kb_process("--corpus", small_corpus, "--index", tmp_path / "index",
                            "eval", "--queries", tmp_path / "queries.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["query", "q"]
    assert lines[0].split()[2:] == ["kb", "R@10", "kb", "nDCG", "lexical", "+partial", "+themes",
                                    "+related", "hybrid", "fts5", "whoosh"]
    rows = {line.split()[0]: line for line in lines[2:5]}
    assert set(rows) == {"tillit", "phrase", "nettverk"}
    # FTS5 finds both tillit items: recall 1; fts5 nDCG is the last column but one
    assert rows["tillit"].split()[-2] == "1.000"
    assert any(line.startswith("mean") for line in lines)
    assert lines[-3].startswith("themes (27 texts, themes_gold.json)")
    assert lines[-2].startswith("themes (60 texts, themes_heldout.json)")
    assert "cue tagger recall" in lines[-2]
    assert lines[-1] == "semantic: off (KB_SEMANTIC=0)"


# "nettverk -tillit": the one grade-2 item at rank 1 of 2 judged (grades 2 and 1).
NETTVERK_NDCG = 3 / (3 + 1 / math.log2(3))


def test_kb_eval_json_has_every_engine_and_mean(small_corpus: Path, tmp_path: Path,
                                                run_kb_process: RunKbProcess) -> None:
    """In a subprocess: kb.measure.evaluate.evaluate leaves its SearchIndex open, and
    in this process its kept Apertium processes would outlive the test."""
    result = run_kb_process("--corpus", small_corpus, "--index", tmp_path / "index",
                            "eval", "--json", "--queries", tmp_path / "queries.json",
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [q["id"] for q in report["queries"]] == ["tillit", "phrase", "nettverk"]
    perfect = {"recall": 1.0, "ndcg": 1.0}
    # Every engine finds both tillit items and the phrase's one item first.
    for query in report["queries"][:2]:
        assert {engine: query[engine] for engine in ("kb", "fts5", "whoosh")} == {
            "kb": perfect, "fts5": perfect, "whoosh": perfect}, query["id"]
    # kb and FTS5 exclude -tillit; FTS5 finds only the Nettverk item (no synonyms.toml),
    # kb also the møteplasser item, through the theme nettverk cues (Møteplasser og
    # nettverk); Whoosh's default parser has no '-' operator, so it looks for items with
    # both nettverk and tillit, and finds none.
    nettverk = report["queries"][2]
    assert nettverk["kb"] == perfect
    assert nettverk["fts5"] == {"recall": 0.5, "ndcg": pytest.approx(NETTVERK_NDCG, abs=1e-4)}
    assert nettverk["whoosh"] == {"recall": 0.0, "ndcg": 0.0}
    assert report["mean"] == {
        "kb": {"recall": 1.0, "ndcg": 1.0},
        "kb:+themes": {"recall": 1.0, "ndcg": 1.0},  # the theme finds møteplasser
        "kb:+related": {"recall": 1.0, "ndcg": 1.0},
        # the words alone do not, with or without the partial matches
        "kb:lexical": {"recall": pytest.approx(2.5 / 3, abs=1e-4),
                       "ndcg": pytest.approx((2 + NETTVERK_NDCG) / 3, abs=1e-4)},
        "kb:+partial": {"recall": pytest.approx(2.5 / 3, abs=1e-4),
                        "ndcg": pytest.approx((2 + NETTVERK_NDCG) / 3, abs=1e-4)},
        # without the model the hybrid baseline is the words with partial matches
        "hybrid": {"recall": pytest.approx(2.5 / 3, abs=1e-4),
                   "ndcg": pytest.approx((2 + NETTVERK_NDCG) / 3, abs=1e-4)},
        "fts5": {"recall": pytest.approx(2.5 / 3, abs=1e-4),
                 "ndcg": pytest.approx((2 + NETTVERK_NDCG) / 3, abs=1e-4)},
        "whoosh": {"recall": pytest.approx(2 / 3, abs=1e-4),
                   "ndcg": pytest.approx(2 / 3, abs=1e-4)}}
    assert report["unmatched_judgments"] == []
    # the packaged themes gold files, cue tagger only here
    gold, heldout = report["themes"]
    assert gold["file"] == "themes_gold.json" and gold["items"] == 27
    assert heldout["file"] == "themes_heldout.json" and heldout["items"] == 60
    for themes in (gold, heldout):
        assert 0.0 < themes["cue"]["recall"] <= 1.0
        assert 0.0 < themes["cue"]["precision"] <= 1.0
        assert themes["cue_learnt"] is None
        assert themes["semantic"] == "off (KB_SEMANTIC=0)"


def test_kb_eval_on_a_bad_queries_file_exits_2_naming_it(small_corpus: Path, tmp_path: Path,
                                                         run_kb: RunKb) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run_kb("--corpus", small_corpus, "--index", tmp_path / "index",
                    "eval", "--queries", bad)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kb: {bad}") and "not a JSON file" in result.stderr
    assert "Traceback" not in result.stderr


def test_kb_bench_smoke_2000_items_json(run_kb: RunKb) -> None:
    result = run_kb("bench", "--items", "2000", "--rounds", "1", "--json")
    assert result.exit_code == 0, result.stderr
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


def test_kb_bench_on_a_bad_query_file_exits_2(tmp_path: Path,
                                              run_kb_process: RunKbProcess) -> None:
    """The installed command: the exit status a shell sees."""
    bad = tmp_path / "q.json"
    bad.write_text('{"q": 1}', encoding="utf-8")
    result = run_kb_process("bench", "--items", "50", "--queries", bad, cwd=tmp_path)
    assert result.returncode == 2
    assert str(bad) in result.stderr


def test_kb_bench_on_the_corpus_itself_times_serve_too(small_corpus: Path,
                                                       run_kb: RunKb) -> None:
    result = run_kb("--corpus", small_corpus, "bench", "--rounds", "1", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["items"] == 6
    assert report["engines"]["kb"]["serve_first_answer_s"] > 0
    assert "judged" in report["engines"]["kb"]["by_category"]
