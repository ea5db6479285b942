"""Themes the cues miss, learnt from labelled texts in a sentence-vector space.

Pure: takes arrays (vectors made elsewhere, by :mod:`kb.semantic`) and never
loads a model. The labelled texts are the taxonomy's ``examples`` (each a
positive example of its theme) and the labelled advice of ``labelled.toml``
(:mod:`kb.themes.labelled`: its ``themes`` positive, its ``may`` themes left
out, every other theme negative). :func:`fit_probe` fits one logistic
regression per theme on their vectors (a linear probe; plain gradient descent,
deterministic), and :func:`learnt_themes` gives an item at most ONE theme it
does not have yet: the likeliest, when its probability reaches
:data:`THRESHOLD`. Each theme gained comes with its
:class:`~kb.themes.evidence.Evidence`: the probability, that of the next theme
and the closest labelled text of the theme.

The settings were chosen by five-fold cross-validation on the labelled advice
(never on a gold file): a linear probe over every labelled text generalises
to advice worded unlike the cues better than the nearest single example does.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from kb.themes.evidence import LEARNT, Evidence
from kb.themes.labelled import LabelledText
from kb.themes.taxonomy import Taxonomy

THRESHOLD = 0.5   # probability a theme must reach to be gained
PENALTY = 1e-3    # L2 penalty on the weights
STEPS = 800       # gradient descent steps
RATE = 0.5        # step size
_SCALE = 10.0     # unit vectors lie close together: scaled, plain descent converges in STEPS


@dataclass(frozen=True)
class ThemeProbe:
    """One logistic regression per theme over sentence vectors: ``weights`` (dim x themes),
    ``bias`` (themes), fitted on ``examples`` labelled texts."""

    themes: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    examples: int

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Return the probability of each theme (columns in ``themes`` order) per row."""
        return _sigmoid(np.asarray(vectors, dtype=np.float64) * _SCALE @ self.weights
                        + self.bias)


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
    x = np.asarray(vectors, dtype=np.float64) * _SCALE
    weights = np.zeros((x.shape[1], len(themes)))
    bias = np.zeros(len(themes))
    for _ in range(STEPS):
        predicted = _sigmoid(x @ weights + bias)
        error = (predicted - target) * counted
        weights -= RATE * (x.T @ error / len(x) + PENALTY * weights)
        bias -= RATE * error.mean(axis=0)
    return ThemeProbe(tuple(themes), weights, bias, len(texts))


def learnt_themes(probe: ThemeProbe, vectors: np.ndarray, known: Sequence[Collection[str]],
                  eligible: Sequence[bool] | np.ndarray, train_vectors: np.ndarray,
                  train_texts: Sequence[LabelledText], *,
                  threshold: float = THRESHOLD) -> list[Evidence | None]:
    """Return, per row of ``vectors``, the theme it gains and why, or None.

    ``known``: each row's themes already (never gained again); ``eligible``: rows that
    may gain a theme (editor-set rows must not be); ``train_vectors``/``train_texts``:
    what the probe learnt from, for the closest labelled text in the evidence. Raises
    ValueError when the lengths disagree.
    """
    if not (len(vectors) == len(known) == len(eligible)):
        raise ValueError("vectors, known and eligible must have one entry per item")
    out: list[Evidence | None] = [None] * len(vectors)
    rows = np.flatnonzero(np.asarray(eligible, dtype=bool))
    if len(rows) == 0:
        return out
    chance = probe.probabilities(vectors[rows])
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
        out[row] = Evidence(theme, LEARNT, f"«{closest}»" if closest else "", round(cosine, 4),
                            round(top, 3), round(second, 3))
    return out


def _sigmoid(logits: np.ndarray) -> np.ndarray:
    """The logistic function, clipped so that no logit overflows."""
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logits, -50.0, 50.0))))


def _closest(vector: np.ndarray, theme: str, train_vectors: np.ndarray,
             train_texts: Sequence[LabelledText]) -> tuple[str, float]:
    """The labelled text of ``theme`` nearest ``vector`` and its cosine ("", 0.0: none)."""
    rows = [n for n, text in enumerate(train_texts) if theme in text.themes]
    if not rows:
        return "", 0.0
    sims = train_vectors[rows] @ vector
    best = int(np.argmax(sims))
    return train_texts[rows[best]].text, float(sims[best])
