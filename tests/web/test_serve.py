"""`kb serve` run as a user runs it: builds the index, then answers over HTTP (waitress)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from fixture_types import RunKbProcess
from serving import free_port, wait_for

from kb.search import SearchIndex, search
from kb.web.app import url_app
from kb.web.urls import results_json


def test_serve_builds_the_index_and_serves_the_ui_and_api(tmp_path: Path, corpus_copy: Path,
                                                           kb_executable: Path,
                                                           corpus_index: SearchIndex) -> None:
    with url_app().app_context():  # the links the API builds
        expected = json.loads(json.dumps(results_json(search(corpus_index, "tillit"))))
    assert expected["total"] > 0
    port = free_port()
    index = tmp_path / "index"
    process = subprocess.Popen(
        [str(kb_executable), "--corpus", str(corpus_copy), "--index", str(index), "serve",
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        page = wait_for(f"http://127.0.0.1:{port}/?q=tillit", process).decode("utf-8")
        assert f"{expected['total']} treff for «tillit»" in page
        data = json.loads(wait_for(f"http://127.0.0.1:{port}/api/search?q=tillit", process))
        assert data == expected  # the index it built answers as the corpus's index does
        assert any(index.iterdir())  # the index was built on first run
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in stderr.decode("utf-8")


def test_serve_refuses_a_broken_corpus_with_status_2(tmp_path: Path, corpus_copy: Path,
                                                      run_kb_process: RunKbProcess) -> None:
    (corpus_copy / "themes.toml").write_text("[[theme]]\nid = 'x'\n", encoding="utf-8")
    result = run_kb_process("--corpus", corpus_copy, "--index", tmp_path / "index", "serve",
                            "--port", str(free_port()), timeout=120)
    assert result.returncode == 2
    assert "themes.toml" in result.stderr
