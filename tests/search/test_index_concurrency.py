"""Builds of one index folder at the same time, and builds killed midway: one build at a
time (the build lock), the served build and the one before always kept, leftovers of
killed builds swept by the next build, and the index answering throughout."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from fixture_types import BuiltCorpus

from kb.corpus import load_corpus
from kb.errors import IndexBuildError
from kb.index import damage
from kb.index.build import _clean_old_builds
from kb.index.lock import build_lock, remove_dead_builds
from kb.index.store import POINTER, SIDECAR, write_pointer
from kb.measure.benchdata import generate_corpus
from kb.search import SearchIndex, open_index, search
from kb.web.app import create_app

DEAD_PID = 4_194_305  # above Linux's largest pid: no such process
ROUNDS = 3
BUILDS_AT_ONCE = 3
KILL_AFTER_S = (0.1, 0.4, 0.8, 1.2)  # one killed-build trial each


def served(index_dir: Path) -> Path:
    return index_dir / (index_dir / POINTER).read_text(encoding="utf-8").strip()


def folders(index_dir: Path, prefix: str) -> list[str]:
    return sorted(p.name for p in index_dir.glob(f"{prefix}-*"))


def kb_build(kb: Path, corpus: Path, index_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "KB_SEMANTIC": "0", "PYTHONWARNINGS": "error"}
    return subprocess.Popen([str(kb), "--corpus", str(corpus), "--index", str(index_dir),
                             "build", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(run: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str]:
    """Wait for a ``kb build``; return its exit status and its stderr."""
    _, stderr = run.communicate(timeout=timeout)
    return run.returncode, stderr


def test_builds_at_once_keep_a_valid_index_served_throughout(
        built_corpus: BuiltCorpus, corpus_index: SearchIndex, tmp_path: Path,
        kb_executable: Path) -> None:
    index_dir = Path(shutil.copytree(built_corpus.index, tmp_path / "index"))
    app = create_app({"CORPUS_DIR": built_corpus.corpus, "INDEX_DIR": index_dir,
                      "TESTING": True})
    expected = search(corpus_index, "tillit").total
    answers: list[tuple[int, int | None]] = []
    stop = threading.Event()

    def client() -> None:
        with app.test_client() as browser:
            while not stop.is_set():
                response = browser.get("/api/search?q=tillit")
                total = response.get_json()["total"] if response.status_code == 200 else None
                answers.append((response.status_code, total))

    thread = threading.Thread(target=client)
    thread.start()
    waited = 0
    try:
        for _ in range(ROUNDS):
            runs = [kb_build(kb_executable, built_corpus.corpus, index_dir, "--force")
                    for _ in range(BUILDS_AT_ONCE)]
            results = [finish(run) for run in runs]
            assert [status for status, _ in results] == [0] * BUILDS_AT_ONCE, results
            waited += sum("another build is running (pid " in err for _, err in results)
            current = served(index_dir)
            assert damage(current) is None
            builds = folders(index_dir, "build")
            assert current.name in builds and len(builds) == 2  # current and the one before
            assert folders(index_dir, "tmp") == []
    finally:
        stop.set()
        thread.join(timeout=60)
        app.extensions["kb.index"].close()
    assert waited >= 1  # the builds did meet the lock
    assert len(answers) > ROUNDS
    assert set(answers) == {(200, expected)}


def test_killed_builds_leave_nothing_after_the_next_build(
        tmp_path: Path, project_corpus: Path, kb_executable: Path) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    generate_corpus(load_corpus(project_corpus), project_corpus, corpus, 3000)
    status, stderr = finish(kb_build(kb_executable, corpus, index_dir))
    assert status == 0, stderr
    killed, last_killed = 0, False
    for delay in KILL_AFTER_S:
        run = kb_build(kb_executable, corpus, index_dir, "--force")
        deadline = time.monotonic() + 120
        while not folders(index_dir, "tmp") and run.poll() is None:
            assert time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.01)
        time.sleep(delay)
        last_killed = run.poll() is None
        if last_killed:
            run.send_signal(signal.SIGKILL)
            killed += 1
        finish(run, 60)
        index = open_index(index_dir)  # whatever happened, a whole build is served
        assert search(index, "").total == 3000
        index.close()
    assert killed >= 2
    if last_killed:  # a build that ran to its end swept what the killed ones before it left
        assert folders(index_dir, "tmp")
    status, stderr = finish(kb_build(kb_executable, corpus, index_dir, "--force", "--wait", "0"))
    assert status == 0, stderr  # --wait 0: the killed builds left no lock held
    assert folders(index_dir, "tmp") == []
    assert len(folders(index_dir, "build")) == 2
    assert damage(served(index_dir)) is None


def test_a_second_build_waits_then_gives_up_naming_the_first(tmp_path: Path,
                                                            built_corpus: BuiltCorpus,
                                                            kb_executable: Path) -> None:
    index_dir = Path(shutil.copytree(built_corpus.index, tmp_path / "index"))
    told: list[str] = []
    with build_lock(index_dir):
        with pytest.raises(IndexBuildError, match=f"another build is running \\(pid "
                                                  f"{os.getpid()}\\)"):
            with build_lock(index_dir, wait=0.3, waiting=told.append):
                pass
        status, stderr = finish(kb_build(kb_executable, built_corpus.corpus, index_dir,
                                         "--force", "--wait", "0"))
        assert status == 2
        assert f"another build is running (pid {os.getpid()})" in stderr
    assert told == [f"another build is running (pid {os.getpid()}); waiting up to 0.3 s"]
    with build_lock(index_dir, wait=0):  # released
        pass


def fake_build(index_dir: Path, name: str, mtime: float) -> Path:
    path = index_dir / name
    path.mkdir(parents=True)
    (path / SIDECAR).write_bytes(b"")
    os.utime(path, (mtime, mtime))
    return path


def test_clean_up_never_removes_the_current_build_or_a_newer_one(tmp_path: Path) -> None:
    now = time.time()
    oldest = fake_build(tmp_path, "build-1", now - 40)
    before = fake_build(tmp_path, "build-2", now - 30)
    current = fake_build(tmp_path, "build-4", now - 20)
    newer = fake_build(tmp_path, "build-3", now - 10)  # made by a build not yet swapped in
    write_pointer(tmp_path, current.name)
    _clean_old_builds(tmp_path, before)
    assert folders(tmp_path, "build") == ["build-2", "build-3", "build-4"]
    assert not oldest.exists() and newer.exists()
    write_pointer(tmp_path, "build-gone")  # names no build: nothing is removed
    _clean_old_builds(tmp_path, None)
    assert folders(tmp_path, "build") == ["build-2", "build-3", "build-4"]


def test_sweep_removes_tmp_folders_of_dead_or_old_builds_only(tmp_path: Path) -> None:
    now = time.time()
    dead = tmp_path / f"tmp-20260101-120000-{DEAD_PID}-123"
    live = tmp_path / f"tmp-20260101-120000-{os.getpid()}-456"
    old = tmp_path / f"tmp-20260101-120000-{os.getpid()}-789"
    other = tmp_path / "tmp-something-else"
    for path in (dead, live, old, other):
        (path / "shard-0").mkdir(parents=True)
    os.utime(old, (now - 7200, now - 7200))
    assert sorted(remove_dead_builds(tmp_path, now)) == sorted([dead, old])
    assert folders(tmp_path, "tmp") == [live.name, other.name]
