"""An open index under trouble: a refresh that fails keeps serving, a load pairs one build's
sidecar with that build's shards, and a stale index in a folder that cannot be written is
served with a warning."""

from __future__ import annotations

import itertools
import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fixture_types import BuiltCorpus, RunKb

import kb.index.store
import kb.search.searcher
from kb.index.store import LENGTHS, POINTER, write_pointer
from kb.search import SearchIndex, search
from kb.web.app import create_app

SEARCHER_LOG = "kb.search.searcher"


def served(index_dir: Path) -> Path:
    return index_dir / (index_dir / POINTER).read_text(encoding="utf-8").strip()


def test_load_pairs_the_sidecar_with_the_shards_of_the_same_build(
        tmp_path: Path, build_test_index, test_items: list,
        monkeypatch: pytest.MonkeyPatch) -> None:
    totals = {}  # items of a build -> hits of "tillit" in it
    for name, items in (("a", test_items), ("b", test_items[:10])):
        whole = build_test_index(tmp_path / name, use_apertium=False, items=items)
        totals[len(items)] = search(whole, "tillit").total
        whole.close()
    assert len(set(totals.values())) == 2
    builds = [served(tmp_path / "a"), served(tmp_path / "b")]
    calls = itertools.count()
    # index/current names another build at each reading, as when builds are swapped fast
    monkeypatch.setattr(kb.index.store, "read_pointer", lambda _: builds[next(calls) % 2])
    for _ in range(4):
        index = SearchIndex(tmp_path / "a")
        try:
            assert sum(s.doc_count() for s in index.searchers) == len(index.items())
            assert len(index.ord_of_docnum()) == len(index.items())
            assert search(index, "").total == len(index.items())
            index.refresh()
            assert sum(s.doc_count() for s in index.searchers) == len(index.items())
            assert search(index, "tillit").total == totals[len(index.items())]
        finally:
            index.close()


def test_a_refresh_that_fails_keeps_serving_and_retries(
        tmp_path: Path, build_test_index, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    index = build_test_index(tmp_path, use_apertium=False)
    before = search(index, "tillit").to_dict()
    good = served(tmp_path)
    broken = tmp_path / "build-99990101-000000-1-1"
    shutil.copytree(good, broken)
    (broken / LENGTHS).write_bytes(b"")
    opened: list[Path] = []
    real_open_build = kb.index.store.open_build

    def counting(index_dir: Path) -> kb.index.store.OpenBuild:
        opened.append(index_dir)
        return real_open_build(index_dir)

    monkeypatch.setattr(kb.index.store, "open_build", counting)
    try:
        write_pointer(tmp_path, broken.name)
        with caplog.at_level(logging.WARNING, logger=SEARCHER_LOG):
            assert not index.refresh()
            assert not index.refresh()  # retried later, not at every request
        assert len(opened) == 1
        assert "index refresh failed, still serving" in caplog.text and "damaged" in caplog.text
        assert search(index, "tillit").to_dict() == before

        write_pointer(tmp_path, "build-gone")  # names a build that is not there
        assert not index.refresh()
        assert search(index, "tillit").to_dict() == before

        monkeypatch.setattr(kb.search.searcher, "REFRESH_RETRY_S", 0.0)
        write_pointer(tmp_path, broken.name)
        assert not index.refresh()
        assert len(opened) == 3
        build_test_index(tmp_path, use_apertium=False).close()  # a whole new build
        assert index.refresh()
        assert search(index, "tillit").to_dict() == before
    finally:
        index.close()


def test_a_stale_index_that_cannot_be_rebuilt_is_served_with_a_warning(
        built_corpus: BuiltCorpus, corpus_index: SearchIndex, tmp_path: Path,
        copy_corpus: Callable[[Path], Path], run_kb: RunKb,
        read_only: Callable[[Path], None]) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    index_dir = Path(shutil.copytree(built_corpus.index, tmp_path / "index"))
    build = served(index_dir)
    synonyms = corpus / "synonyms.toml"
    synonyms.write_text(synonyms.read_text(encoding="utf-8")
                        + '\n[[group]]\nwords = ["sjokolade", "kakao"]\n', encoding="utf-8")
    read_only(index_dir)
    expected = search(corpus_index, "tillit").total

    done = run_kb("--corpus", corpus, "--index", index_dir, "search", "tillit", "--json")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["total"] == expected
    assert done.stderr.startswith(f"kb search: warning: the index in {index_dir} is stale")
    assert "could not be rebuilt" in done.stderr and "cannot be written" in done.stderr

    warnings: list[str] = []
    app = create_app({"CORPUS_DIR": corpus, "INDEX_DIR": index_dir, "INDEX_WARN": warnings.append,
                      "TESTING": True})
    try:
        response = app.test_client().get("/api/search?q=tillit")
        assert response.status_code == 200 and response.get_json()["total"] == expected
    finally:
        app.extensions["kb.index"].close()
    assert len(warnings) == 1 and "stale" in warnings[0]
    assert served(index_dir) == build


def test_a_cache_made_while_a_refresh_holds_the_reader_lock_cannot_deadlock(
        tmp_path: Path, build_test_index, test_items: list) -> None:
    """Locks are taken reader first, then cache, everywhere (refresh's order): a search
    making the per-build caches waits for the reader lock without holding the cache lock,
    so the refresh holding the reader lock still gets the cache lock."""
    import threading

    from kb.search.caches import BuildCaches

    index = build_test_index(tmp_path / "i", use_apertium=False, items=test_items)
    try:
        index.cache = BuildCaches()  # as after a refresh: nothing made yet
        made: list[int] = []
        with index.reader_lock:  # a refresh in progress
            maker = threading.Thread(target=lambda: made.extend(index.ord_of_docnum()))
            maker.start()
            maker.join(timeout=0.3)  # it waits for the reader lock ...
            assert index._lock.acquire(timeout=10)  # ... and does not hold the cache lock
            index._lock.release()
        maker.join(timeout=30)
        assert not maker.is_alive() and len(made) == len(test_items)
    finally:
        index.close()


def test_a_current_index_is_opened_with_one_read_of_its_sidecar(
        built_corpus: BuiltCorpus, monkeypatch: pytest.MonkeyPatch) -> None:
    from kb.search import ensure_index

    reads: list[Path] = []
    read = kb.index.store.read_sidecar
    monkeypatch.setattr(kb.index.store, "read_sidecar", lambda path: reads.append(path)
                        or read(path))
    index = ensure_index(built_corpus.corpus, built_corpus.index)
    try:
        assert search(index, "tillit").total > 0
    finally:
        index.close()
    assert len(reads) == 1  # not once to see it is current and once more to open it
