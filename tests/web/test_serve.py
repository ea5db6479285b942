"""`kb serve` run as a user runs it: builds the index, then answers over HTTP (waitress)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from serving import free_port, wait_for

PROJECT = Path(__file__).resolve().parents[2]
KB = Path(sys.executable).with_name("kb")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(PROJECT / "corpus", target)
    return target


def test_serve_builds_the_index_and_serves_the_ui_and_api(tmp_path: Path, corpus: Path) -> None:
    port = free_port()
    index = tmp_path / "index"
    process = subprocess.Popen(
        [str(KB), "--corpus", str(corpus), "--index", str(index), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        page = wait_for(f"http://127.0.0.1:{port}/?q=tillit", process).decode("utf-8")
        assert "treff for «tillit»" in page
        data = json.loads(wait_for(f"http://127.0.0.1:{port}/api/search?q=tillit", process))
        assert data["total"] > 0
        assert any(index.iterdir())  # the index was built on first run
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in stderr.decode("utf-8")


def test_serve_refuses_a_broken_corpus_with_status_2(tmp_path: Path, corpus: Path) -> None:
    (corpus / "themes.toml").write_text("[[theme]]\nid = 'x'\n", encoding="utf-8")
    result = subprocess.run(
        [str(KB), "--corpus", str(corpus), "--index", str(tmp_path / "index"), "serve",
         "--port", str(free_port())],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "themes.toml" in result.stderr
