"""The terminal's progress bars of a build: one a stage, the embedding's before the items'."""

from __future__ import annotations

import pytest

from kb.index import TerminalProgress


def test_each_stage_has_its_bar_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    with TerminalProgress() as progress:
        for done in (0, 4, 10):
            progress.embedding(done, 10)
        progress(0, 3)
        progress(3, 3)
    err = capsys.readouterr().err
    assert err.index("Lager vektorer") < err.index("Indekserer")
    assert err.count("Lager vektorer") == 1 and err.count("Indekserer") == 1


def test_a_build_from_the_cache_shows_only_the_items(capsys: pytest.CaptureFixture[str]) -> None:
    with TerminalProgress() as progress:
        progress(2, 2)
    err = capsys.readouterr().err
    assert "Indekserer" in err and "Lager vektorer" not in err


def test_nothing_built_shows_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with TerminalProgress():
        pass
    assert capsys.readouterr().err == ""
