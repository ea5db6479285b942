"""Themes the cues miss, from the nearest labelled texts in a sentence-vector space.

Pure: takes arrays (vectors made elsewhere, by :mod:`kb.semantic`) and never
loads a model. Each theme is represented by *prototypes*, labelled texts of the
taxonomy: its editor-written ``examples``, its cue words and its description
(:func:`theme_prototypes`). An item's score for a theme is its cosine to the
nearest prototype of that theme, standardised per theme over a background of
typical items (the corpus), so that a theme with many prototypes, or
prototypes close to everything, does not win by default.

An item gains at most ONE theme, the best one it does not have yet, and only
when it stands out: its standardised score reaches ``min_z`` and leads the next
theme by ``min_margin``. Items whose themes the editor set are never passed in
as eligible. Each theme gained comes with its :class:`Evidence`: the prototype
that gave it and the similarity.

The defaults were chosen by leave-one-out over the taxonomy's examples, not on
any gold file: with this small 4-bit model the signal is weak, so it is kept
strict (a wrong theme costs more than a missed one).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from kb.themes.taxonomy import Taxonomy

MIN_Z = 2.0        # standardised score the best new theme must reach
MIN_MARGIN = 0.3   # and its lead over the next new theme
MIN_BACKGROUND = 8  # fewer background rows than this: no per-theme standardisation, no tags
_CHUNK = 4096

# Where a theme came from (Evidence.source)
CUE, OVERRIDE, NEAREST, GIVEN = "cue", "override", "nearest", "given"
# What a prototype is (Prototype.kind)
EXAMPLE, CUE_WORD, DESCRIPTION = "example", "cue word", "description"


@dataclass(frozen=True)
class Prototype:
    """A labelled text of a theme: one of its examples, cue words or its description."""

    theme: str
    kind: str
    text: str


@dataclass(frozen=True)
class Evidence:
    """Why an item has a theme.

    ``source`` is ``cue`` (``detail``: the cue and the word it matched), ``override``
    (the editor set it), ``nearest`` (``detail``: the prototype's kind and text,
    ``similarity`` its cosine to the item, ``score`` the standardised score and
    ``runner_up`` that of the next theme) or ``given`` (the build was handed it).
    """

    theme: str
    source: str
    detail: str = ""
    similarity: float | None = None
    score: float | None = None
    runner_up: float | None = None

    def describe(self) -> str:
        """One line for people: what gave the theme."""
        if self.source == NEAREST:
            return (f"nearest {self.detail} (cosine {self.similarity:.3f}, "
                    f"standardised {self.score:.2f}, next theme {self.runner_up:.2f})")
        if self.source == CUE:
            return f"cue {self.detail}"
        if self.source == OVERRIDE:
            return "set by the editor (<!-- themes: ... --> in the corpus file)"
        return "given to the build with the item"


def theme_prototypes(taxonomy: Taxonomy) -> list[Prototype]:
    """Every prototype of the taxonomy: per theme its examples, cue words, description.

    Cue words lose their match markers (``=tid`` -> ``tid``); a repeated text is kept once
    per theme.
    """
    out: list[Prototype] = []
    for theme in taxonomy:
        seen: set[str] = set()
        texts = [(EXAMPLE, t) for t in theme.examples]
        texts += [(CUE_WORD, c.strip("=*")) for c in theme.cues]
        if theme.description:
            texts.append((DESCRIPTION, f"{theme.label}: {theme.description}"))
        for kind, text in texts:
            if text and text not in seen:
                seen.add(text)
                out.append(Prototype(theme.id, kind, text))
    return out


def theme_scores(vectors: np.ndarray, prototypes: np.ndarray,
                 labels: Sequence[Prototype],
                 themes: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return, per row of ``vectors`` and per theme, the best cosine to that theme's
    prototypes (-inf where a theme has none) and the index of that prototype (-1).

    Shapes: (n, len(themes)) float32 and int64. Vectors and prototypes are L2-normalised
    rows; raises ValueError when ``labels`` does not match ``prototypes``.
    """
    if len(labels) != len(prototypes):
        raise ValueError(f"{len(labels)} labels for {len(prototypes)} prototype vectors")
    n = len(vectors)
    best = np.full((n, len(themes)), -np.inf, dtype=np.float32)
    which = np.full((n, len(themes)), -1, dtype=np.int64)
    column = {theme: k for k, theme in enumerate(themes)}
    groups: dict[int, list[int]] = {}
    for row, label in enumerate(labels):
        if label.theme in column:
            groups.setdefault(column[label.theme], []).append(row)
    for lo in range(0, n, _CHUNK):
        sims = vectors[lo:lo + _CHUNK] @ prototypes.T
        for k, rows in groups.items():
            part = sims[:, rows]
            pick = part.argmax(axis=1)
            best[lo:lo + _CHUNK, k] = part[np.arange(len(part)), pick]
            which[lo:lo + _CHUNK, k] = np.asarray(rows)[pick]
    return best, which


def nearest_themes(vectors: np.ndarray, prototypes: np.ndarray,
                   labels: Sequence[Prototype], themes: Sequence[str],
                   known: Sequence[Collection[str]], eligible: Sequence[bool] | np.ndarray,
                   background: np.ndarray | None = None, *, min_z: float = MIN_Z,
                   min_margin: float = MIN_MARGIN) -> list[Evidence | None]:
    """Return, per row of ``vectors``, the theme it gains and why, or None.

    ``known``: each row's themes already (never gained again); ``eligible``: rows that
    may gain a theme (editor-set rows must not be); ``background``: vectors of
    typical items for the per-theme standardisation (default: ``vectors``). With fewer
    than :data:`MIN_BACKGROUND` background rows nothing is gained. Raises ValueError
    when the lengths disagree.
    """
    if not (len(vectors) == len(known) == len(eligible)):
        raise ValueError("vectors, known and eligible must have one entry per item")
    out: list[Evidence | None] = [None] * len(vectors)
    rows = np.flatnonzero(np.asarray(eligible, dtype=bool))
    if len(rows) == 0 or len(prototypes) == 0 or len(themes) < 2:
        return out
    back = vectors if background is None else background
    if len(back) < MIN_BACKGROUND:
        return out
    base, _ = theme_scores(back, prototypes, labels, themes)
    has = np.isfinite(base).all(axis=0)
    mean = np.where(has, np.where(np.isfinite(base), base, 0).mean(axis=0), 0.0)
    spread = np.where(has, np.where(np.isfinite(base), base, 0).std(axis=0), 1.0)
    spread = np.maximum(spread, 1e-3)
    best, which = theme_scores(vectors[rows], prototypes, labels, themes)
    z = np.where(has, (best - mean) / spread, -np.inf)
    index = {theme: k for k, theme in enumerate(themes)}
    for at, row in enumerate(rows.tolist()):
        scores = z[at].copy()
        for theme in known[row]:
            if theme in index:
                scores[index[theme]] = -np.inf
        order = np.argsort(-scores, kind="stable")
        top, second = scores[order[0]], scores[order[1]]
        if not np.isfinite(top) or top < min_z or top - second < min_margin:
            continue
        proto = labels[int(which[at, order[0]])]
        out[row] = Evidence(themes[order[0]], NEAREST, f"{proto.kind} «{proto.text}»",
                            round(float(best[at, order[0]]), 4), round(float(top), 3),
                            round(float(second), 3) if np.isfinite(second) else float("-inf"))
    return out
