"""Themes the learnt tagger adds in a build: never to an editor's item, always with evidence.

A stand-in embedder gives every text a direction of its own, so an item whose
text IS a labelled text (a theme's example, or advice in labelled.toml) is as
near it as can be and unrelated to everything else: the rule under test, not
the model's sense of meaning.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from semantic_data import THEMES, write_corpus

from kb.index import build_index, index_state, theme_evidence
from kb.themes.evidence import CUE, GIVEN, LEARNT, OVERRIDE

KB = [str(Path(sys.executable).parent / "kb")]
EXAMPLE = "Samle aktørene jevnlig til felles møter"  # an example of moteplasser in THEMES
LABELLED = "Ta en kaffe med folkene i nabokommunen"  # labelled tillit in labelled.toml


class Directions:
    """A stand-in model: each distinct text a direction of its own, at right angles to
    every other text's (so only equal texts are near)."""

    model_id = "test/directions"
    dim = 512

    def __init__(self) -> None:
        self.axes: dict[str, int] = {}

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        vector[self.axes.setdefault(text, len(self.axes))] = 1.0
        return vector

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim))

    def query(self, text: str) -> np.ndarray:
        return self._vector(text)


PAGES = [
    ("alfa", "Alfaregionen", "advice", [
        (EXAMPLE, None),                 # gains moteplasser from its twin example
        (EXAMPLE, ("tillit",)),          # the editor said tillit: stays tillit
        ("Bruk tid på å skape tillit", None),
        (LABELLED, None),                # gains tillit from labelled.toml
    ]),
    ("beta", "Betaregionen", "result", [(f"Punkt {n} om ymse saker i regionen", None)
                                        for n in range(16)]),
]


@pytest.fixture(scope="module")
def corpus_and_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("evidence")
    corpus = write_corpus(root / "corpus", PAGES, THEMES)
    (corpus / "labelled.toml").write_text(
        f'[[text]]\ntext = "{LABELLED}"\nthemes = ["tillit"]\nmay = ["moteplasser"]\n',
        encoding="utf-8")
    build_index(corpus, root / "index", embedder=Directions())
    return corpus, root / "index"


def test_an_item_gains_the_theme_learnt_from_its_twin_example_and_keeps_the_evidence(
        corpus_and_index: tuple[Path, Path]) -> None:
    _, index_dir = corpus_and_index
    built = index_state(index_dir)
    assert built is not None
    plain, edited = [it for it in built.items if it.text == EXAMPLE]
    assert plain.themes == ("moteplasser",)
    [evidence] = built.evidence[plain.id]
    assert (evidence.theme, evidence.source) == ("moteplasser", LEARNT)
    assert evidence.detail == f"«{EXAMPLE}»"
    assert evidence.similarity == pytest.approx(1.0, abs=1e-3)
    assert evidence.score is not None and evidence.score >= 0.5
    assert evidence.runner_up is not None and evidence.runner_up < 0.5
    assert "probability" in evidence.describe() and EXAMPLE in evidence.describe()
    # and the item's own words that spoke for the theme in the wording regressions
    assert evidence.words and all(word in EXAMPLE.lower().split() for word in evidence.words)
    assert f"«{evidence.words[0]}»" in evidence.describe()
    # the labelled advice of labelled.toml teaches the tagger too
    coffee = next(it for it in built.items if it.text == LABELLED)
    assert coffee.themes == ("tillit",)
    assert built.evidence[coffee.id][0].detail == f"«{LABELLED}»"
    assert built.semantic.themes_added == 2
    # the item of no labelled text and the result lines gain nothing
    others = [it for it in built.items if it.text not in (EXAMPLE, LABELLED)]
    assert all(it.id not in built.evidence for it in others)


def test_the_editors_themes_are_never_changed(corpus_and_index: tuple[Path, Path]) -> None:
    _, index_dir = corpus_and_index
    built = index_state(index_dir)
    assert built is not None
    edited = [it for it in built.items if it.text == EXAMPLE and it.themes_overridden]
    assert [it.themes for it in edited] == [("tillit",)]
    assert edited[0].id not in built.evidence
    assert theme_evidence(built, edited[0])[0].source == OVERRIDE


def test_every_theme_of_every_item_is_explained(corpus_and_index: tuple[Path, Path]) -> None:
    _, index_dir = corpus_and_index
    built = index_state(index_dir)
    assert built is not None
    for item in built.items:
        evidence = theme_evidence(built, item)
        assert [e.theme for e in evidence] == list(item.themes)
        assert all(e.source != GIVEN for e in evidence)
    trust = next(it for it in built.items if it.text == "Bruk tid på å skape tillit")
    assert [(e.theme, e.source, e.detail) for e in theme_evidence(built, trust)] == [
        ("tillit", CUE, "'tillit' in «tillit»")]


def test_kb_themes_lists_counts_and_explains_without_the_model(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", PAGES, THEMES)
    env = {**os.environ, "KB_SEMANTIC": "0", "PYTHONWARNINGS": "error"}
    base = [*KB, "--corpus", str(corpus), "--index", str(tmp_path / "index"), "themes"]
    listing = subprocess.run(base, env=env, capture_output=True, text=True, timeout=300,
                             check=False)
    assert listing.returncode == 0, listing.stderr
    counts = {line.split()[0]: int(line.split()[1]) for line in listing.stdout.splitlines()}
    assert counts == {"tillit": 2, "moteplasser": 0, "samferdsel": 0, "kunnskap": 0}
    built = index_state(tmp_path / "index")
    assert built is not None and built.semantic.model_id is None
    plain = next(it for it in built.items if it.text == EXAMPLE and not it.themes_overridden)
    result = subprocess.run([*base, "--explain", plain.id], env=env, capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "no themes"  # no cue, and no model to add one
    missing = subprocess.run([*base, "--explain", "alfa--advice-00000000"], env=env,
                             capture_output=True, text=True, timeout=300, check=False)
    assert missing.returncode == 2 and "no item 'alfa--advice-00000000'" in missing.stderr
