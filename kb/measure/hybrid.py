"""A standard hybrid of words and meaning, as a baseline for kb's fused ranking.

Reciprocal-rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009) of two rankings of
the same index: kb's words with partial matches below (``kb:+partial``) and the
sentence model's ranking of every item by the cosine to the query as typed, the
words weighted 2 and meaning 1. It is the plain hybrid that kb's convex fusion with
themes and related words has to beat (:mod:`kb.search.ranking` says why kb fuses
scores rather than ranks); where the model is not available it is the words alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from kb.vocabulary import MAX_PER_PAGE

if TYPE_CHECKING:  # kb.search is imported where a ranking is asked for, as in evaluate()
    from kb.search.searcher import SearchIndex

RRF_K = 60  # the constant of Cormack et al.: how slowly a lower rank stops counting
W_WORDS = 2.0
W_MEANING = 1.0
DEPTH = MAX_PER_PAGE  # how deep the words' ranking is read: kb's largest page


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], weights: Sequence[float],
                           k: int = RRF_K) -> list[str]:
    """Fuse rankings of ids: each id scores sum(weight / (k + rank)), rank from 1.

    Returns the ids of every ranking, best first (ties in the order first seen).
    Raises ValueError when rankings and weights differ in number.
    """
    if len(rankings) != len(weights):
        raise ValueError(f"{len(rankings)} rankings but {len(weights)} weights")
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, key in enumerate(ranking, start=1):
            fused[key] = fused.get(key, 0.0) + weight / (k + rank)
    return sorted(fused, key=lambda key: -fused[key])


def hybrid_ranking(index: SearchIndex, query: str, limit: int = 10) -> list[str]:
    """The ids of the ``limit`` items the hybrid ranks first for ``query``.

    Raises what :func:`kb.search.engine.search` and the model raise.
    """
    from kb.search import search
    from kb.search.ranking import PARTIAL

    ranked_words = [hit.item.id for hit in search(index, query, per_page=DEPTH,
                                                  signals=frozenset({PARTIAL})).hits]
    cosine = index.dense_scores(query)
    if cosine is None:
        return ranked_words[:limit]
    order = np.asarray(index.ord_of_docnum())
    ranked_meaning = [index.item_at(int(order[docnum])).id
                      for docnum in np.argsort(-cosine, kind="stable")]
    fused = reciprocal_rank_fusion([ranked_words, ranked_meaning], [W_WORDS, W_MEANING])
    return fused[:limit]
