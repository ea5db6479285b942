"""The index on disk: atomic builds, staleness, refresh, items served without the corpus."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import click
import pytest
from fixture_types import BuiltCorpus, RunKb, RunKbProcess

import kb.index.build
import kb.index.store
from kb.analysis import Analyzer, Synonyms
from kb.errors import IndexBuildError
from kb.index import build_index, index_state, needs_rebuild, write_index
from kb.index.store import POINTER
from kb.search import SearchIndex, ensure_index, format_results, open_index, search
from kb.web.app import url_app
from kb.web.urls import item_url, results_json


def builds(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.iterdir() if p.is_dir())


def test_failed_build_keeps_the_old_index_serving(tmp_path: Path, build_test_index,
                                                  test_items: list,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    index = build_test_index(tmp_path, use_apertium=False)
    before = search(index, "tillit").total
    served = (tmp_path / POINTER).read_text()

    def broken(self: Analyzer, text: str) -> dict[str, list[str]]:
        if "Kollektivtilbudet" in text:
            raise OSError("disk full")
        return original(self, text)

    original = Analyzer.field_terms
    monkeypatch.setattr(Analyzer, "field_terms", broken)
    with pytest.raises(IndexBuildError, match="old index is kept"):
        write_index(test_items, [], index.taxonomy, Analyzer(Synonyms(), use_apertium=False),
                    "other", tmp_path)
    assert (tmp_path / POINTER).read_text() == served
    assert not [name for name in builds(tmp_path) if name.startswith("tmp-")]
    assert not index.refresh()
    assert search(index, "tillit").total == before
    reopened = open_index(tmp_path)
    assert search(reopened, "tillit").total == before
    reopened.close()
    index.close()


def test_readers_keep_working_during_a_rebuild_and_refresh_after(
        tmp_path: Path, build_test_index, test_items: list) -> None:
    build = build_test_index
    index = build(tmp_path, use_apertium=False)
    assert search(index, "sjokoladefabrikk").total == 0
    before = search(index, "tillit").to_dict()
    assert before["total"] == 5
    items = list(test_items)
    items[0] = items[0].__class__(**{**items[0].__dict__, "text": "Ny sjokoladefabrikk"})
    second = build(tmp_path, use_apertium=False, items=items)
    assert search(index, "tillit").to_dict() == before  # the old searcher still answers
    assert search(index, "sjokoladefabrikk").total == 0
    assert index.refresh()
    assert search(index, "sjokoladefabrikk").total == 1
    assert not index.refresh()
    build(tmp_path, use_apertium=False).close()  # a third build: the oldest is removed
    assert len([n for n in builds(tmp_path) if n.startswith("build-")]) == 2
    index.close()
    second.close()


def test_index_serves_items_without_the_corpus(corpus_copy: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir)
    from kb.corpus import load_corpus

    corpus = load_corpus(corpus_copy)
    for path in corpus_copy.iterdir():
        path.unlink()
    index = open_index(index_dir)
    assert [it.id for it in index.items()] == [it.id for it in corpus.items]
    assert [d.slug for d in index.documents()] == [d.slug for d in corpus.documents]
    first = corpus.items[0]
    assert index.get_item(first.id) == first
    assert index.get_item("finnes-ikke") is None
    assert index.taxonomy.ids == corpus.taxonomy.ids
    index.close()


def test_ensure_index_rebuilds_when_stale(corpus_copy: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    index_dir = tmp_path / "index"
    assert needs_rebuild(corpus_copy, index_dir)
    ensure_index(corpus_copy, index_dir).close()
    first = (index_dir / POINTER).read_text()
    assert not needs_rebuild(corpus_copy, index_dir)
    ensure_index(corpus_copy, index_dir).close()
    assert (index_dir / POINTER).read_text() == first  # unchanged corpus: no rebuild

    monkeypatch.setattr(kb.index.store, "SCHEMA_VERSION", kb.index.store.SCHEMA_VERSION + 1)
    assert needs_rebuild(corpus_copy, index_dir)
    ensure_index(corpus_copy, index_dir).close()
    second = (index_dir / POINTER).read_text()
    assert second != first
    state = index_state(index_dir)
    assert state is not None and state.schema_version == kb.index.store.SCHEMA_VERSION

    synonyms = corpus_copy / "synonyms.toml"
    synonyms.write_text(synonyms.read_text(encoding="utf-8")
                        + '\n[[group]]\nwords = ["sjokolade", "kakao"]\n', encoding="utf-8")
    assert needs_rebuild(corpus_copy, index_dir)
    ensure_index(corpus_copy, index_dir).close()
    assert (index_dir / POINTER).read_text() != second


def test_a_damaged_index_sidecar_is_rebuilt_not_fatal(built_corpus: BuiltCorpus,
                                                       corpus_index: SearchIndex,
                                                       tmp_path: Path) -> None:
    index_dir = shutil.copytree(built_corpus.index, tmp_path / "index")
    build = index_dir / (index_dir / POINTER).read_text().strip()
    (build / "kb.pickle").write_bytes(b"garbage\n")
    assert index_state(index_dir) is None
    assert needs_rebuild(built_corpus.corpus, index_dir)
    index = ensure_index(built_corpus.corpus, index_dir)
    try:
        assert (index_dir / POINTER).read_text().strip() != build.name
        expected = search(corpus_index, "tillit").to_dict()
        assert expected["total"] > 0
        assert search(index, "tillit").to_dict() == expected  # rebuilt: answers as before
    finally:
        index.close()


def test_broken_corpus_keeps_the_old_index(corpus_copy: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir)
    served = (index_dir / POINTER).read_text()
    (corpus_copy / "synonyms.toml").write_text("[[group]]\nwords = [\"to ord\", \"x\"]\n",
                                               encoding="utf-8")
    with pytest.raises(IndexBuildError, match="synonyms.toml"):
        build_index(corpus_copy, index_dir)
    assert (index_dir / POINTER).read_text() == served


def test_open_without_an_index_says_so(tmp_path: Path) -> None:
    with pytest.raises(IndexBuildError, match="kb build"):
        open_index(tmp_path / "nothing")


def test_cli_search_builds_then_prints_the_api_json(corpus_copy: Path, tmp_path: Path,
                                                    run_kb_process: RunKbProcess) -> None:
    """The installed command end to end: the first search builds the index."""
    index_dir = tmp_path / "index"
    args = ("--corpus", corpus_copy, "--index", index_dir)
    done = run_kb_process(*args, "search", "tillit", "--kind", "result", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    index = open_index(index_dir)
    with url_app().app_context():
        assert printed == results_json(search(index, "tillit", {"kind": ["result"]}))
    index.close()

    human = run_kb_process(*args, "search", "tilit", cwd=tmp_path)
    assert human.returncode == 0, human.stderr
    assert "Viser treff for «tillit»" in human.stdout and "treff" in human.stdout
    assert "\x1b[" not in human.stdout  # no terminal styling in a pipe


def test_cli_search_prints_the_results_as_text(built_corpus: BuiltCorpus,
                                               corpus_index: SearchIndex,
                                               run_kb: RunKb) -> None:
    done = run_kb("--corpus", built_corpus.corpus, "--index", built_corpus.index,
                  "search", "tilit")
    assert done.exit_code == 0, done.stderr
    expected = search(corpus_index, "tilit")
    assert expected.total > 0 and expected.did_you_mean == "tillit"
    with url_app().app_context():  # the links kb search prints
        assert done.stdout == click.unstyle(format_results(expected, item_url)) + "\n"
    lines = done.stdout.splitlines()
    assert lines[0] == f"{expected.total} treff for «tillit» (side 1 av 1)"
    assert ("Viser treff for «tillit». Søk i stedet etter «tilit»: kb search --no-correct"
            in lines[1:4])
    literal = run_kb("--corpus", built_corpus.corpus, "--index", built_corpus.index,
                     "search", "tilit", "--no-correct")
    assert literal.exit_code == 0, literal.stderr
    assert literal.stdout.splitlines()[:2] == ["0 treff for «tilit»", "Mente du «tillit»?"]
    assert done.stderr == ""  # the index was up to date: no build, no progress


def test_cli_search_json_is_the_api_json(built_corpus: BuiltCorpus, corpus_index: SearchIndex,
                                         run_kb: RunKb) -> None:
    done = run_kb("--corpus", built_corpus.corpus, "--index", built_corpus.index,
                  "search", "tillit", "--kind", "result", "--region", "Fosenregionen",
                  "--per-page", "2", "--json")
    assert done.exit_code == 0, done.stderr
    expected = search(corpus_index, "tillit",
                      {"kind": ["result"], "region": ["Fosenregionen"]}, per_page=2)
    assert expected.total > 0
    with url_app().app_context():
        assert json.loads(done.stdout) == results_json(expected)


def test_cli_build_up_to_date_then_forced(built_corpus: BuiltCorpus, tmp_path: Path,
                                          run_kb: RunKb) -> None:
    index_dir = shutil.copytree(built_corpus.index, tmp_path / "index")
    served = (index_dir / POINTER).read_text()
    args = ("--corpus", built_corpus.corpus, "--index", index_dir)
    built = run_kb(*args, "build")
    assert built.exit_code == 0
    assert built.stderr == f"kb build: the index in {index_dir} is up to date\n"
    assert (index_dir / POINTER).read_text() == served
    forced = run_kb(*args, "build", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert forced.stderr.endswith(f"kb build: index written to {index_dir}\n")
    assert (index_dir / POINTER).read_text() != served
    assert not needs_rebuild(built_corpus.corpus, index_dir)


def test_cli_search_too_long_exits_2(built_corpus: BuiltCorpus, run_kb: RunKb) -> None:
    bad = run_kb("--corpus", built_corpus.corpus, "--index", built_corpus.index,
                 "search", "x" * 600)
    assert bad.exit_code == 2
    assert bad.stdout == ""
    assert bad.stderr == "kb: Søket er for langt: 600 tegn (høyst 500).\n"


def test_project_files_exist(project_corpus: Path) -> None:
    assert (project_corpus / "synonyms.toml").exists()


def test_concurrent_searches_and_a_refresh(tmp_path: Path, build_test_index) -> None:
    index = build_test_index(tmp_path, use_apertium=False)
    expected = {q: search(index, q).to_dict() for q in ("tillit", "samspel", '"fra ord"', "")}
    errors: list[BaseException] = []

    def searching() -> None:
        try:
            for _ in range(15):
                for query, want in expected.items():
                    got = search(index, query).to_dict()
                    assert got["total"] == want["total"]
                    assert [h["id"] for h in got["hits"]] == [h["id"] for h in want["hits"]]
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=searching) for _ in range(4)]
    for thread in threads:
        thread.start()
    build_test_index(tmp_path, use_apertium=False).close()
    index.refresh()
    for thread in threads:
        thread.join()
    assert not errors
    index.close()


def test_a_sharded_build_answers_like_a_single_index(tmp_path: Path, build_test_index,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    single = build_test_index(tmp_path / "one", use_apertium=False)
    monkeypatch.setattr(kb.index.build, "SHARD_MIN_ITEMS", 4)
    monkeypatch.setattr(kb.index.build, "MAX_SHARDS", 3)
    monkeypatch.setattr(kb.index.build.os, "cpu_count", lambda: 3)
    sharded = build_test_index(tmp_path / "three", use_apertium=False)
    assert len(sharded.searchers) == 3
    for query in ("tillit", "samspel", "kollektiv", '"fra ord til handling"', "tilit",
                  "møteplasser -lag", "kollektivt*", ""):
        assert search(sharded, query).to_dict() == search(single, query).to_dict(), query
    item = single.items()[3]
    assert sharded.similar(item.id) == single.similar(item.id)
    single.close()
    sharded.close()


def test_a_failing_shard_writer_keeps_the_old_index(tmp_path: Path, build_test_index,
                                                    test_items: list,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    index = build_test_index(tmp_path, use_apertium=False)
    served = (tmp_path / POINTER).read_text()
    before = search(index, "tillit").to_dict()
    assert before["total"] == 5
    monkeypatch.setattr(kb.index.build, "SHARD_MIN_ITEMS", 4)
    monkeypatch.setattr(kb.index.build.os, "cpu_count", lambda: 2)
    original = Analyzer.field_terms

    def broken(self: Analyzer, text: str) -> dict[str, list[str]]:
        if "Kollektivtilbudet" in text:  # in one of the shards (a forked writer)
            raise OSError("disk full")
        return original(self, text)

    monkeypatch.setattr(Analyzer, "field_terms", broken)
    with pytest.raises(IndexBuildError, match="disk full"):
        write_index(test_items, [], index.taxonomy, Analyzer(Synonyms(), use_apertium=False),
                    "other", tmp_path)
    assert (tmp_path / POINTER).read_text() == served
    assert not [name for name in builds(tmp_path) if name.startswith("tmp-")]
    assert search(index, "tillit").to_dict() == before
    index.close()


def test_context_documents_of_several_names_are_their_union(index: SearchIndex) -> None:
    alone = {key: index.context_docs({key}) for key in ("nordland", "trøndelag", "gammaregion")}
    assert all(found is not None and len(found) for found in alone.values()), alone
    union = sorted({int(d) for found in alone.values() if found is not None for d in found})
    both = index.context_docs(set(alone) | {"ikke-et-sted"})
    assert both is not None and [int(d) for d in both] == union
    assert index.context_docs({"ikke-et-sted"}) is None


def test_the_items_of_a_document_are_those_it_holds_in_corpus_order(index: SearchIndex) -> None:
    every = index.items()
    for doc in {it.doc for it in every}:
        assert index.items_of(doc) == [it for it in every if it.doc == doc]
    assert index.items_of("finnes-ikke") == []
    some = index.items_of(every[0].doc)
    some.clear()  # the caller's copy
    assert index.items_of(every[0].doc)


def test_the_items_of_a_region_are_those_about_it_in_corpus_order(index: SearchIndex) -> None:
    every = index.items()
    for region in {it.region for it in every if it.region}:
        assert index.items_in_region(region) == [it for it in every if it.region == region]
    assert index.items_in_region("Ingen region") == []
