"""Fixtures of the theme tests: the product's own taxonomy and a tagger over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.themes import Tagger, Taxonomy, load_taxonomy


@pytest.fixture(scope="session")
def taxonomy(project_corpus: Path) -> Taxonomy:
    """The product's taxonomy, corpus/themes.toml."""
    return load_taxonomy(project_corpus / "themes.toml")


@pytest.fixture(scope="session")
def tagger(taxonomy: Taxonomy) -> Tagger:
    """A tagger over the product's taxonomy."""
    return Tagger(taxonomy)
