"""One logistic regression per theme (scikit-learn), the learnt tagger's building block.

scikit-learn is imported when a regression is fitted, not with the package: it takes
over a second to import, and searching never needs it (only a build with a model does).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

MAX_ITER = 2000  # solver iterations
RANDOM_STATE = 0  # liblinear shuffles the rows: fixed, so that a rebuild tags alike


def fit_binary(x: object, target: np.ndarray, weight: np.ndarray, c: float,
               solver: str) -> LogisticRegression | None:
    """Return one theme's logistic regression (inverse L2 penalty ``c``, scikit-learn's
    ``solver``) on the rows of ``x`` (a dense array or a SciPy sparse matrix) with
    ``target`` 0/1 and ``weight`` 0 for rows left out, or None when the counted rows are
    not both positive and negative."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    counted = target[weight > 0]
    if not counted.any() or counted.all():
        return None
    model = LogisticRegression(C=c, max_iter=MAX_ITER, solver=solver, random_state=RANDOM_STATE)
    with warnings.catch_warnings():  # a rare slow fit is still the best fit found
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, target, sample_weight=weight)
    return model


def fit_columns(x: object, target: np.ndarray, weight: np.ndarray, c: float,
                solver: str) -> tuple[LogisticRegression | None, ...]:
    """Return :func:`fit_binary` of every column of ``target`` and ``weight``."""
    return tuple(fit_binary(x, target[:, k], weight[:, k], c, solver)
                 for k in range(target.shape[1]))


def column_probabilities(models: Sequence[LogisticRegression | None], x: object,
                         rows: int) -> np.ndarray:
    """Return the (rows, models) probability of each model's positive class (0 where a
    model is None)."""
    out = np.zeros((rows, len(models)))
    for k, model in enumerate(models):
        if model is not None and rows:
            out[:, k] = model.predict_proba(x)[:, 1]
    return out
