"""The learnt tagger: a probe fitted on labelled vectors, one theme gained at most."""

from __future__ import annotations

import numpy as np
import pytest

from kb.themes import LabelledText, Taxonomy, Theme, fit_probe, learnt_themes, training_texts
from kb.themes.evidence import LEARNT

THEMES = ("tillit", "prosess", "klima")


def unit(*weights: float) -> np.ndarray:
    vector = np.array(weights, dtype=np.float64)
    return vector / np.linalg.norm(vector)


# Three clusters, one per theme, in a 3-dimensional space
TEXTS = [LabelledText(f"{theme} {n}", (theme,)) for theme in THEMES for n in range(4)]
VECTORS = np.stack([unit(*[1.0 if k == axis else 0.15 * (n + 1) / 4 for k in range(3)])
                    for axis in range(3) for n in range(4)])


def test_a_probe_learns_each_cluster_and_gives_its_theme() -> None:
    probe = fit_probe(VECTORS, TEXTS, THEMES)
    assert probe is not None and probe.examples == 12
    chance = probe.probabilities(np.stack([unit(1, 0.1, 0.1), unit(0.1, 0.1, 1)]))
    assert chance.shape == (2, 3)
    assert chance[0].argmax() == 0 and chance[1].argmax() == 2
    assert chance[0, 0] > 0.5 > chance[0, 1]


def test_a_row_gains_one_new_theme_with_its_evidence() -> None:
    probe = fit_probe(VECTORS, TEXTS, THEMES)
    assert probe is not None
    rows = np.stack([unit(1, 0.1, 0.1), unit(1, 0.1, 0.1), unit(1, 0.1, 0.1), unit(1, 1, 1)])
    gained = learnt_themes(probe, rows, [(), ("tillit",), (), ()], [True, True, False, True],
                           VECTORS, TEXTS)
    first = gained[0]
    assert first is not None and (first.theme, first.source) == ("tillit", LEARNT)
    closest = int(np.argmax(VECTORS[:4] @ rows[0]))  # of the theme's labelled texts
    assert first.detail == f"«tillit {closest}»"
    assert first.score is not None and first.score >= 0.5
    assert first.runner_up is not None and first.runner_up < first.score
    assert first.similarity == pytest.approx(float(rows[0] @ VECTORS[closest]), abs=1e-4)
    assert gained[1] is None  # has the likeliest theme already; no other reaches 0.5
    assert gained[2] is None  # not eligible (the editor set its themes)
    assert gained[3] is None  # between every cluster: no theme is likely enough


def test_may_themes_are_neither_taught_as_yes_nor_as_no() -> None:
    both = [LabelledText(t.text, t.themes, ("prosess",) if t.themes == ("tillit",) else ())
            for t in TEXTS]
    strict, lenient = fit_probe(VECTORS, TEXTS, THEMES), fit_probe(VECTORS, both, THEMES)
    assert strict is not None and lenient is not None
    row = unit(1, 0.1, 0.1)[None, :]
    assert lenient.probabilities(row)[0, 1] > strict.probabilities(row)[0, 1]


def test_nothing_to_learn_from_is_no_probe_and_lengths_must_agree() -> None:
    assert fit_probe(np.zeros((0, 3)), [], THEMES) is None
    assert fit_probe(VECTORS[:1], TEXTS[:1], ("tillit",)) is None
    with pytest.raises(ValueError, match="12 labelled texts for 11 vectors"):
        fit_probe(VECTORS[:11], TEXTS, THEMES)
    probe = fit_probe(VECTORS, TEXTS, THEMES)
    assert probe is not None
    with pytest.raises(ValueError, match="one entry per item"):
        learnt_themes(probe, VECTORS, [()], [True] * 12, VECTORS, TEXTS)


def test_training_texts_merge_examples_and_labelled_advice() -> None:
    taxonomy = Taxonomy([Theme("tillit", "Tillit", "", ("tillit",), examples=("Stol på folk",)),
                         Theme("prosess", "Prosess", "", ("tid",), examples=("Stol på folk",
                                                                             "Gi det tid"))],
                        labelled=(LabelledText("Gi det tid", ("prosess",), ("tillit",)),
                                  LabelledText("Spis  lunsj", ("tillit",))))
    assert training_texts(taxonomy) == [
        LabelledText("Stol på folk", ("tillit", "prosess")),
        LabelledText("Gi det tid", ("prosess",), ("tillit",)),
        LabelledText("Spis  lunsj", ("tillit",))]
