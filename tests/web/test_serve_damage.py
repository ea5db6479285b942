"""A real ``kb serve`` whose index is damaged beneath it: it keeps running (Whoosh reads
without mmap: no SIGBUS), and serves the build ``kb build`` makes once it finds the damage."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from fixture_types import BuiltCorpus, RunKbProcess
from serving import fetch, free_port, interrupt, wait_for

from kb.index.store import POINTER
from kb.search import SearchIndex, search


def served(index_dir: Path) -> Path:
    return index_dir / (index_dir / POINTER).read_text(encoding="utf-8").strip()


def test_kb_serve_survives_a_segment_cut_beneath_it_and_serves_the_rebuild(
        built_corpus: BuiltCorpus, corpus_index: SearchIndex, tmp_path: Path,
        kb_executable: Path, run_kb_process: RunKbProcess) -> None:
    index_dir = Path(shutil.copytree(built_corpus.index, tmp_path / "index"))
    expected = search(corpus_index, "tillit").total
    port = free_port()
    url = f"http://127.0.0.1:{port}/api/search?q=tillit"
    args = ["--corpus", str(built_corpus.corpus), "--index", str(index_dir)]
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    process = subprocess.Popen([str(kb_executable), *args, "serve", "--port", str(port)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert json.loads(wait_for(url, process))["total"] == expected
        for seg in served(index_dir).glob("shard-*/*.seg"):
            os.truncate(seg, seg.stat().st_size // 3)
        for query in ("tillit", "samarbeid", "kommune*", "n%C3%A6ringsliv"):
            status, _ = fetch(f"http://127.0.0.1:{port}/api/search?q={query}")
            assert status in (200, 500)
            assert process.poll() is None  # no SIGBUS
        rebuilt = run_kb_process(*args, "build")
        assert rebuilt.returncode == 0, rebuilt.stderr
        assert "index written" in rebuilt.stderr  # the damage was found: not "up to date"
        status, body = fetch(url)
        assert status == 200 and json.loads(body)["total"] == expected
    finally:
        interrupt(process)
