"""Fixtures of the corpus tests: the raw pages in data/, the project's registry, a tmp corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from corpus_data import SEEDS

from kb.corpus import Registry, load_regions


@pytest.fixture(scope="session")
def registry(project_corpus: Path) -> Registry:
    """The project's region registry."""
    return load_regions(project_corpus / "regions.toml")


@pytest.fixture
def corpus_dir(tmp_path: Path, project_corpus: Path) -> Path:
    """An empty corpus folder holding the project's taxonomy and region registry."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("themes.toml", "regions.toml"):
        shutil.copy(project_corpus / name, folder / name)
    return folder


@pytest.fixture
def seed_corpus(corpus_dir: Path, project_corpus: Path) -> Path:
    """A tmp corpus holding copies of the committed seed documents."""
    for slug, _ in SEEDS.values():
        shutil.copy(project_corpus / f"{slug}.md", corpus_dir / f"{slug}.md")
    return corpus_dir
