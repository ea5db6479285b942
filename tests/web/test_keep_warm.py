"""``kb serve`` opens its index warm (the analysis' helper processes started before the
first search); an application made for a test or a one-off script does not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import waitress
from fixture_types import RunKb

from kb.search import SearchIndex
from kb.web.app import create_app
from kb.web.state import current_index


@pytest.fixture()
def warmed(monkeypatch: pytest.MonkeyPatch) -> list[SearchIndex]:
    """The indexes keep_warm was called on (and it runs as it would)."""
    calls: list[SearchIndex] = []
    real = SearchIndex.keep_warm

    def spy(self: SearchIndex) -> None:
        calls.append(self)
        real(self)

    monkeypatch.setattr(SearchIndex, "keep_warm", spy)
    return calls


@pytest.mark.parametrize("keep_warm", [True, False])
def test_the_app_keeps_its_index_warm_when_asked(web_corpus: Path, warmed: list[SearchIndex],
                                                 keep_warm: bool) -> None:
    made = create_app({"TESTING": True, "CORPUS_DIR": web_corpus,
                       "INDEX_DIR": web_corpus.parent / "index", "KEEP_WARM": keep_warm})
    with made.app_context():
        index = current_index()
        try:
            assert warmed == ([index] if keep_warm else [])
            response = made.test_client().get("/api/search?q=kommunane")
            assert response.status_code == 200 and response.json["total"] > 0
        finally:
            index.close()


def test_kb_serve_serves_a_warm_index(corpus_copy: Path, tmp_path: Path, run_kb: RunKb,
                                      warmed: list[SearchIndex],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[Any] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **options: served.append(app))
    result = run_kb("--corpus", corpus_copy, "--index", tmp_path / "index", "serve")
    assert result.exit_code == 0, result.stderr
    assert len(served) == 1 and len(warmed) == 1
    with served[0].app_context():
        assert current_index() is warmed[0]
        current_index().close()
