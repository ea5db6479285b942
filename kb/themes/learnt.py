"""Themes the cues miss, learnt from labelled texts: by their meaning and by their wording.

Pure: takes arrays (vectors made elsewhere, by :mod:`kb.semantic`) and texts, and
never loads a model. The labelled texts are the taxonomy's ``examples`` (each a
positive example of its theme) and the labelled advice of ``labelled.toml``
(:mod:`kb.themes.labelled`: its ``themes`` positive, its ``may`` themes left
out, every other theme negative). :func:`fit_probe` fits two logistic regressions
per theme (scikit-learn): one on the texts' sentence vectors (their meaning) and
one on the character n-grams of their words (:mod:`kb.themes.wording`: the word
stems, endings and compound parts a theme is written with). A theme's probability
is the mean of the two. :func:`learnt_themes` gives an item at most ONE theme it
does not have yet: the likeliest, when its probability reaches :data:`THRESHOLD`.
Each theme gained comes with its :class:`~kb.themes.evidence.Evidence`: the
probability, that of the next theme, the closest labelled text of the theme and
the item's words that weighed most for it.

The settings were chosen by five-fold cross-validation on the 1,000 labelled texts
(never on a gold file). Added to the cues (recall 0.744 at precision 0.821), the two
together found recall 0.852 at precision 0.813 there, where the former probe on meaning
alone found 0.833 at 0.807 and the wording alone 0.813 at 0.813: the vectors know what
a text is about when it shares no word with the labelled ones, the n-grams know this
field's words that the small model reads vaguely.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from kb.themes.evidence import LEARNT, Evidence
from kb.themes.labelled import LabelledText
from kb.themes.regression import column_probabilities, fit_columns
from kb.themes.taxonomy import Taxonomy
from kb.themes.wording import Wording, fit_wording

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

THRESHOLD = 0.3   # mean probability a theme must reach to be gained
C_MEANING = 30.0  # inverse L2 penalty of the regressions on sentence vectors (unit length)
SOLVER = "lbfgs"  # on 384 dense dimensions: 0.45 s for every theme (liblinear: 1.1 s)


@dataclass(frozen=True)
class ThemeProbe:
    """The fitted learnt tagger: per theme (in ``themes`` order) a regression on sentence
    vectors (None: the theme had no positive text), and ``wording``, the regressions on
    the texts' character n-grams (None: too few texts for a vocabulary). ``examples``: the
    labelled texts it was fitted on."""

    themes: tuple[str, ...]
    meaning: tuple[LogisticRegression | None, ...]
    wording: Wording | None
    examples: int

    def probabilities(self, vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """Return the probability of each theme (columns in ``themes`` order) per row:
        the mean of the meaning's and the wording's (the meaning's alone without a
        wording). Raises ValueError when ``vectors`` and ``texts`` differ in length."""
        if len(vectors) != len(texts):
            raise ValueError(f"{len(texts)} texts for {len(vectors)} vectors")
        x = np.asarray(vectors, dtype=np.float64)
        meaning = column_probabilities(self.meaning, x, len(x))
        if self.wording is None:
            return meaning
        meaning += self.wording.probabilities(texts)
        meaning /= 2.0
        return meaning


def training_texts(taxonomy: Taxonomy) -> list[LabelledText]:
    """The texts the probe learns from: each theme's examples, then the labelled advice.

    An example written for two themes is one text positive for both; a labelled text
    that is also an example keeps its own labels and gains the example's theme.
    """
    merged: dict[str, tuple[set[str], set[str]]] = {}
    for theme in taxonomy:
        for example in theme.examples:
            merged.setdefault(" ".join(example.split()), (set(), set()))[0].add(theme.id)
    for text in taxonomy.labelled:
        must, may = merged.setdefault(text.text, (set(), set()))
        must.update(text.themes)
        may.update(text.may)
    order = {theme: n for n, theme in enumerate(taxonomy.ids)}
    return [LabelledText(text, tuple(sorted(must, key=order.__getitem__)),
                         tuple(sorted(may - must, key=order.__getitem__)))
            for text, (must, may) in merged.items()]


def labels(texts: Sequence[LabelledText], themes: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return the (texts, themes) targets (1: a theme of the text) and sample weights (0:
    a ``may`` theme of the text, neither taught as yes nor as no; else 1)."""
    column = {theme: k for k, theme in enumerate(themes)}
    target = np.zeros((len(texts), len(themes)))
    counted = np.ones((len(texts), len(themes)))
    for row, text in enumerate(texts):
        for theme in text.themes:
            if theme in column:
                target[row, column[theme]] = 1.0
        for theme in text.may:
            if theme in column:
                counted[row, column[theme]] = 0.0
    return target, counted


def fit_probe(vectors: np.ndarray, texts: Sequence[LabelledText],
              themes: Sequence[str]) -> ThemeProbe | None:
    """Fit the probe on ``texts`` and their ``vectors`` (one L2-normalised row each).

    Returns None when there is nothing to learn from (no text, or fewer than two
    themes). Raises ValueError when ``texts`` and ``vectors`` differ in length.
    """
    if len(texts) != len(vectors):
        raise ValueError(f"{len(texts)} labelled texts for {len(vectors)} vectors")
    if not texts or len(themes) < 2:
        return None
    target, counted = labels(texts, themes)
    x = np.asarray(vectors, dtype=np.float64)
    return ThemeProbe(tuple(themes), fit_columns(x, target, counted, C_MEANING, SOLVER),
                      fit_wording([t.text for t in texts], target, counted), len(texts))


def learnt_themes(probe: ThemeProbe, vectors: np.ndarray, texts: Sequence[str],
                  known: Sequence[Collection[str]], eligible: Sequence[bool] | np.ndarray,
                  train_vectors: np.ndarray, train_texts: Sequence[LabelledText], *,
                  threshold: float = THRESHOLD) -> list[Evidence | None]:
    """Return, per row of ``vectors`` (and its text in ``texts``), the theme it gains and
    why, or None.

    ``known``: each row's themes already (never gained again); ``eligible``: rows that
    may gain a theme (editor-set rows must not be); ``train_vectors``/``train_texts``:
    what the probe learnt from, for the closest labelled text in the evidence. Raises
    ValueError when the lengths disagree.
    """
    if not (len(vectors) == len(texts) == len(known) == len(eligible)):
        raise ValueError("vectors, texts, known and eligible must have one entry per item")
    out: list[Evidence | None] = [None] * len(vectors)
    rows = np.flatnonzero(np.asarray(eligible, dtype=bool))
    if len(rows) == 0:
        return out
    chance = probe.probabilities(vectors[rows], [texts[row] for row in rows.tolist()])
    index = {theme: k for k, theme in enumerate(probe.themes)}
    for at, row in enumerate(rows.tolist()):
        scores = chance[at].copy()
        for theme in known[row]:
            if theme in index:
                scores[index[theme]] = -1.0
        order = np.argsort(-scores, kind="stable")
        top, second = float(scores[order[0]]), float(max(scores[order[1]], 0.0))
        if top < threshold:
            continue
        theme = probe.themes[int(order[0])]
        closest, cosine = _closest(vectors[row], theme, train_vectors, train_texts)
        words = (probe.wording.weighty_words(texts[row], int(order[0]))
                 if probe.wording is not None else ())
        out[row] = Evidence(theme, LEARNT, f"«{closest}»" if closest else "", round(cosine, 4),
                            round(top, 3), round(second, 3), words)
    return out


def _closest(vector: np.ndarray, theme: str, train_vectors: np.ndarray,
             train_texts: Sequence[LabelledText]) -> tuple[str, float]:
    """The labelled text of ``theme`` nearest ``vector`` and its cosine ("", 0.0: none)."""
    rows = [n for n, text in enumerate(train_texts) if theme in text.themes]
    if not rows:
        return "", 0.0
    sims = train_vectors[rows] @ vector
    best = int(np.argmax(sims))
    return train_texts[rows[best]].text, float(sims[best])
