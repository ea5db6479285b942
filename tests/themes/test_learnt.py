"""The learnt tagger: regressions on labelled vectors and wording, one theme gained at most."""

from __future__ import annotations

import numpy as np
import pytest

from kb.themes import LabelledText, Taxonomy, Theme, fit_probe, learnt_themes, training_texts
from kb.themes.evidence import LEARNT
from kb.themes.learnt import THRESHOLD, ThemeProbe, labels
from kb.themes.wording import fit_wording

THEMES = ("tillit", "prosess", "klima")
WORDS = {"tillit": "tillitsbygging", "prosess": "prosessledelse", "klima": "klimatilpasning"}


def unit(*weights: float) -> np.ndarray:
    vector = np.array(weights, dtype=np.float64)
    return vector / np.linalg.norm(vector)


# Three clusters, one per theme, in a 3-dimensional space; each theme's texts share a word
# of their own and a filler every text has.
TEXTS = [LabelledText(f"vi jobber med {WORDS[theme]} nummer {n}", (theme,))
         for theme in THEMES for n in range(4)]
VECTORS = np.stack([unit(*[1.0 if k == axis else 0.15 * (n + 1) / 4 for k in range(3)])
                    for axis in range(3) for n in range(4)])
MIDDLE = unit(1, 1, 1)  # as near every cluster


def probe() -> ThemeProbe:
    fitted = fit_probe(VECTORS, TEXTS, THEMES)
    assert fitted is not None
    return fitted


def test_a_probe_learns_each_cluster_by_meaning_and_by_wording() -> None:
    fitted = probe()
    assert fitted.examples == 12 and fitted.wording is not None
    chance = fitted.probabilities(np.stack([unit(1, 0.1, 0.1), unit(0.1, 0.1, 1)]),
                                  ["tillitsbygging", "klimatilpasning"])
    assert chance.shape == (2, 3)
    assert chance[0].argmax() == 0 and chance[1].argmax() == 2
    assert chance[0, 0] > 0.5 > chance[0, 1]
    # the wording alone tells a text whose vector is between the clusters
    by_words = fitted.probabilities(MIDDLE[None, :], ["mer prosessledelse nå"])
    assert by_words[0].argmax() == 1
    with pytest.raises(ValueError, match="1 texts for 2 vectors"):
        fitted.probabilities(VECTORS[:2], ["tillit"])


def test_a_row_gains_one_new_theme_with_its_evidence() -> None:
    fitted = probe()
    near = unit(1, 0.1, 0.1)
    rows = np.stack([near, near, near, MIDDLE, MIDDLE])
    texts = ["vi jobber med tillitsbygging", "vi jobber med tillitsbygging",
             "vi jobber med tillitsbygging", "vi jobber", "vi jobber med prosessledelse"]
    gained = learnt_themes(fitted, rows, texts, [(), ("tillit",), (), (), ()],
                           [True, True, False, True, True], VECTORS, TEXTS)
    first = gained[0]
    assert first is not None and (first.theme, first.source) == ("tillit", LEARNT)
    closest = int(np.argmax(VECTORS[:4] @ near))  # of the theme's labelled texts
    assert first.detail == f"«{TEXTS[closest].text}»"
    assert first.score is not None and first.score >= THRESHOLD
    assert first.runner_up is not None and first.runner_up < first.score
    assert first.similarity == pytest.approx(float(near @ VECTORS[closest]), abs=1e-4)
    assert first.words[0] == "tillitsbygging"
    assert "«tillitsbygging»" in first.describe()
    assert gained[1] is None  # has the likeliest theme already; no other is likely enough
    assert gained[2] is None  # not eligible (the editor set its themes)
    assert gained[3] is None  # between every cluster, in words every theme has: none
    last = gained[4]  # between every cluster, but worded as one theme
    assert last is not None and last.theme == "prosess" and last.words == ("prosessledelse",)


def test_may_themes_are_neither_taught_as_yes_nor_as_no() -> None:
    both = [LabelledText(t.text, t.themes, ("prosess",) if t.themes == ("tillit",) else ())
            for t in TEXTS]
    strict, lenient = fit_probe(VECTORS, TEXTS, THEMES), fit_probe(VECTORS, both, THEMES)
    assert strict is not None and lenient is not None
    row, text = unit(1, 0.1, 0.1)[None, :], ["vi jobber med tillitsbygging"]
    assert lenient.probabilities(row, text)[0, 1] > strict.probabilities(row, text)[0, 1]
    target, counted = labels(both, THEMES)
    assert target[0].tolist() == [1.0, 0.0, 0.0] and counted[0].tolist() == [1.0, 0.0, 1.0]


def test_a_theme_without_a_positive_text_is_never_likely() -> None:
    fitted = fit_probe(VECTORS, TEXTS, (*THEMES, "kultur"))
    assert fitted is not None and fitted.meaning[3] is None
    assert fitted.probabilities(VECTORS[:1], [TEXTS[0].text])[0, 3] == 0.0


def test_texts_sharing_no_ngram_give_no_wording_and_meaning_decides() -> None:
    target, counted = labels(TEXTS[:2], THEMES)
    assert fit_wording(["ab", "cd"], target, counted) is None
    texts = [LabelledText(f"{'abcdefghijkl'[n]}", t.themes) for n, t in enumerate(TEXTS)]
    fitted = fit_probe(VECTORS, texts, THEMES)
    assert fitted is not None and fitted.wording is None
    assert fitted.probabilities(VECTORS[:1], ["x"])[0].argmax() == 0


def test_nothing_to_learn_from_is_no_probe_and_lengths_must_agree() -> None:
    assert fit_probe(np.zeros((0, 3)), [], THEMES) is None
    assert fit_probe(VECTORS[:1], TEXTS[:1], ("tillit",)) is None
    with pytest.raises(ValueError, match="12 labelled texts for 11 vectors"):
        fit_probe(VECTORS[:11], TEXTS, THEMES)
    with pytest.raises(ValueError, match="one entry per item"):
        learnt_themes(probe(), VECTORS, [t.text for t in TEXTS], [()], [True] * 12,
                      VECTORS, TEXTS)


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


def test_fitting_twice_gives_the_same_probabilities() -> None:
    texts = [t.text for t in TEXTS]
    first, again = probe().probabilities(VECTORS, texts), probe().probabilities(VECTORS, texts)
    assert np.array_equal(first, again)
