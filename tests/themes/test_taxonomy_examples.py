"""The ``examples`` of a theme in the taxonomy file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.errors import CorpusError
from kb.themes import Taxonomy, load_taxonomy

THEME = '''[[theme]]
id = "tillit"
label = "Tillit"
cues = ["tillit"]
{examples}
'''


def write(tmp_path: Path, examples: str) -> Path:
    path = tmp_path / "themes.toml"
    path.write_text(THEME.format(examples=examples), encoding="utf-8")
    return path


def test_examples_are_read_with_white_space_folded(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(write(tmp_path, 'examples = ["Stol på  hverandre", "Vær raus"]'))
    assert taxonomy.themes[0].examples == ("Stol på hverandre", "Vær raus")


def test_examples_are_optional(tmp_path: Path) -> None:
    assert load_taxonomy(write(tmp_path, "")).themes[0].examples == ()


@pytest.mark.parametrize(("examples", "message"), [
    ('examples = "Stol på hverandre"', "must be a list of texts"),
    ('examples = ["Stol på hverandre", 3]', "is not a text"),
    ('examples = ["  "]', "is not a text"),
    ('examples = ["Vær raus", "Vær  raus"]', "listed twice"),
])
def test_bad_examples_are_named_with_their_line(tmp_path: Path, examples: str,
                                                message: str) -> None:
    with pytest.raises(CorpusError, match=message) as caught:
        load_taxonomy(write(tmp_path, examples))
    assert caught.value.line == 5


def test_every_theme_of_the_product_has_examples(taxonomy: Taxonomy) -> None:
    for theme in taxonomy:
        assert len(theme.examples) >= 3, theme.id
