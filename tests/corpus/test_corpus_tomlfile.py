"""Every TOML data file of the corpus folder reports bad TOML and bad bytes with file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kb.analysis import load_related, load_synonyms
from kb.corpus import load_regions
from kb.errors import CorpusError
from kb.themes import load_labelled, load_taxonomy

LOADERS: list[tuple[str, Callable[[Path], Any]]] = [
    ("regions.toml", load_regions),
    ("related.toml", load_related),
    ("synonyms.toml", load_synonyms),
    ("themes.toml", load_taxonomy),
    ("labelled.toml", lambda path: load_labelled(path, ("tillit",))),
]


@pytest.mark.parametrize(("name", "load"), LOADERS)
def test_bad_toml_names_file_and_line(tmp_path: Path, name: str,
                                      load: Callable[[Path], Any]) -> None:
    path = tmp_path / name
    path.write_text("# a comment\n\n[[group]]\nwords = bare\nx = 1\n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        load(path)
    assert caught.value.path == str(path)
    assert caught.value.line == 4
    assert caught.value.message.startswith("not valid TOML")


@pytest.mark.parametrize(("name", "load"), LOADERS)
def test_bytes_that_are_not_utf8_name_their_line(tmp_path: Path, name: str,
                                                 load: Callable[[Path], Any]) -> None:
    path = tmp_path / name
    path.write_bytes(b"# first\n# second \xe6\xf8\xe5 in Latin-1\n")
    with pytest.raises(CorpusError) as caught:
        load(path)
    assert (caught.value.path, caught.value.line, caught.value.message) == (
        str(path), 2, "not UTF-8 text")
