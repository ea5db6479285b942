"""No search waits for Apertium where the build or the server could have asked first:
the words dashes make are analysed at build, and a server starts the helper processes
when it opens a build (and each build a refresh opens)."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
from pathlib import Path
from typing import Any

import pytest
from search_data import NO_APERTIUM, BuildIndex

from kb.analysis import Analyzer, Synonyms, apertium
from kb.index import write_index
from kb.models import Item
from kb.search import open_index, search

DASHED = "Regionen valde ein- og fleirkjernestruktur og satsa på forsknings- og utdanningsmiljø."

needs_apertium = pytest.mark.skipif(not apertium.available(), reason=NO_APERTIUM)


def popen_spy(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record every process the Apertium module starts (and start it)."""
    started: list[list[str]] = []
    real = subprocess.Popen

    def spy(args: list[str], *rest: Any, **kwargs: Any) -> Any:
        started.append(list(args))
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(apertium.subprocess, "Popen", spy)
    return started


@needs_apertium
def test_a_built_analyzer_knows_the_words_dashes_make(monkeypatch: pytest.MonkeyPatch) -> None:
    analyzer = Analyzer(Synonyms(), use_apertium=True)
    analyzer.prepare([DASHED])
    analyzer.close()
    kept = pickle.loads(pickle.dumps(analyzer))  # as the build keeps it in its sidecar
    asked: list[list[str]] = []
    monkeypatch.setattr(apertium, "analyse_many",
                        lambda words, run=None: asked.append(list(words)) or {})
    assert "forskningsmiljø" in kept.field_terms(DASHED)["stem"]  # "forsknings-" in full
    kept.forms("einstruktur")  # what marking a hit reads of "ein-"
    assert asked == []  # the words dashes make were answered at build


@needs_apertium
def test_started_helpers_serve_the_first_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    started = popen_spy(monkeypatch)
    kept = apertium.KeptProcesses()
    try:
        kept.start(apertium.kept_commands())
        assert len(started) == 3
        # a Nynorsk-only word goes through all three: none is started again
        found = apertium.analyse(["ikkje", "kommunane", "tillit"], run=kept)
        assert found["kommunane"].lemmas and found["tillit"].lemmas
        kept.start(apertium.kept_commands())  # running ones are kept
        assert len(started) == 3
    finally:
        kept.close()


def test_helpers_that_cannot_start_are_logged(monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    def missing(*args: Any, **kwargs: Any) -> Any:
        raise FileNotFoundError(2, "No such file or directory", "lt-proc")

    monkeypatch.setattr(apertium.subprocess, "Popen", missing)
    analyzer = Analyzer(Synonyms(), use_apertium=True)
    analyzer.start_helpers()  # no exception: queries start them (or go without)
    assert "apertium could not be started" in caplog.text
    analyzer.close()


@needs_apertium
def test_a_warm_index_starts_the_helpers_of_every_build_it_opens(
        tmp_path: Path, build_test_index: BuildIndex, test_items: list[Item],
        project_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = build_test_index(tmp_path / "index", use_apertium=True)
    try:
        started = popen_spy(monkeypatch)
        index.keep_warm()
        assert len(started) == 3
        first = search(index, "kommunane")
        assert first.total and len(started) == 3  # the query used the started ones

        from kb.analysis import load_synonyms
        from kb.themes import load_taxonomy
        changed = [dataclasses.replace(test_items[0], text=DASHED), *test_items[1:]]
        write_index(changed, [], load_taxonomy(project_corpus / "themes.toml"),
                    Analyzer(load_synonyms(project_corpus / "synonyms.toml"),
                             use_apertium=True), "test-2", tmp_path / "index")
        started.clear()
        assert index.refresh()
        assert len(started) == 3  # the new build's analyzer, started at once
        results = search(index, "strukturen")
        assert DASHED in [hit.item.text for hit in results.hits]
        assert len(started) == 3
    finally:
        index.close()


@needs_apertium
def test_a_cold_index_starts_nothing_until_asked(tmp_path: Path, build_test_index: BuildIndex,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    index = build_test_index(tmp_path / "index", use_apertium=True)
    try:
        started = popen_spy(monkeypatch)
        open_index(tmp_path / "index").close()
        assert started == []  # a command-line search opens without starting helpers
    finally:
        index.close()
