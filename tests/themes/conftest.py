"""Fixtures of the theme tests: the product's own taxonomy and a tagger over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.themes import Tagger, Taxonomy, load_taxonomy

PROJECT_THEMES = Path(__file__).resolve().parents[2] / "corpus" / "themes.toml"


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy(PROJECT_THEMES)


@pytest.fixture(scope="session")
def tagger(taxonomy: Taxonomy) -> Tagger:
    return Tagger(taxonomy)
