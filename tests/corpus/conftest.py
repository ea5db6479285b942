"""Fixtures of the corpus tests: the raw pages in data/, the project's registry, a tmp corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from corpus_data import PROJECT_CORPUS, SEEDS

from kb.corpus import Registry, load_regions


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The project's region registry."""
    return load_regions(PROJECT_CORPUS / "regions.toml")


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """An empty corpus folder holding the project's taxonomy and region registry."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("themes.toml", "regions.toml"):
        shutil.copy(PROJECT_CORPUS / name, folder / name)
    return folder


@pytest.fixture
def seed_corpus(corpus_dir: Path) -> Path:
    """A tmp corpus holding copies of the committed seed documents."""
    for slug, _ in SEEDS.values():
        shutil.copy(PROJECT_CORPUS / f"{slug}.md", corpus_dir / f"{slug}.md")
    return corpus_dir
