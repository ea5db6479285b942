"""The learnt tagger's reading of a text's wording: its words' character n-grams.

A TF-IDF over the character 3- to 5-grams inside each word (scikit-learn's
``char_wb``) sees the stems, endings and compound parts a theme is written with
("tilflytt" in "tilflyttere" and "tilflyttingsarbeid"), so one logistic regression
per theme learns from the labelled texts which of them speak for it, the cue list's
job done from examples. Measured by cross-validation with the rest of the tagger
(:mod:`kb.themes.learnt`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from kb.analysis.words import STOP_WORDS
from kb.themes.regression import column_probabilities, fit_columns

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

C_WORDING = 10.0  # inverse L2 penalty of the regressions on n-grams
# liblinear (coordinate descent) fits the themes' regressions over ~11,000 n-grams in
# 0.35 s where L-BFGS took 3.9 s; cross-validated tagging was the same (recall 0.854,
# precision 0.814 against 0.853, 0.813).
SOLVER = "liblinear"
NGRAMS = (3, 5)   # character n-gram lengths, within words
MIN_TEXTS = 2     # an n-gram counts when this many labelled texts have it
WORDS_SHOWN = 3   # words named in a gained theme's evidence
_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class Wording:
    """The fitted n-gram vocabulary and one regression per theme column (None: the theme
    had no positive text)."""

    vectorizer: TfidfVectorizer
    models: tuple[LogisticRegression | None, ...]

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Return the (texts, themes) probability of each theme by the wording."""
        return column_probabilities(self.models, self.vectorizer.transform(list(texts)),
                                    len(texts))

    def weighty_words(self, text: str, column: int, count: int = WORDS_SHOWN) -> tuple[str, ...]:
        """Return up to ``count`` words of ``text`` (not stop words) whose n-grams speak
        most for the theme of ``column`` (each word scored alone, strongest first; none
        that speak against)."""
        model = self.models[column]
        words = [word for word in dict.fromkeys(w.lower() for w in _WORD.findall(text))
                 if word not in STOP_WORDS]
        if model is None or not words:
            return ()
        weights = np.asarray(self.vectorizer.transform(words) @ model.coef_[0]).ravel()
        order = np.argsort(-weights, kind="stable")[:count]
        return tuple(words[k] for k in order.tolist() if weights[k] > 0)


def fit_wording(texts: Sequence[str], target: np.ndarray, weight: np.ndarray) -> Wording | None:
    """Fit the wording regressions on ``texts`` (``target``/``weight``: one column per
    theme, see :func:`kb.themes.learnt.labels`), or return None when no n-gram occurs in
    :data:`MIN_TEXTS` texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # see kb.themes.regression

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, sublinear_tf=True,
                                 min_df=MIN_TEXTS, lowercase=True, dtype=np.float64)
    try:
        x = vectorizer.fit_transform(list(texts))
    except ValueError:  # an empty vocabulary: too few texts share an n-gram
        return None
    return Wording(vectorizer, fit_columns(x, target, weight, C_WORDING, SOLVER))
