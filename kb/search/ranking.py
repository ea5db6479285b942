"""Which items a query lists, and in what order: all words first, then the rest.

Four signals per document number, each optional but the first:

- *coverage*: the share of the query's word groups an item holds (at any level:
  as written, stem, synonym, related word, compound part, context);
- *lexical*: the BM25 sum over those levels;
- *theme*: the item is tagged with a theme the query names or cues;
- *dense*: the cosine of the query's and the item's sentence vectors.

Items holding every word come first (tier 1). Meaning is computed only where the
words fall short (see :data:`MEANING_BELOW`). Below them, without a dead end,
come the items that hold some of the words, carry a theme the query is about,
or (only when some query word is found in the corpus at all, so that nonsense
still finds nothing) are among the nearest in meaning (tier 2). Within each
tier the signals are fused by reciprocal rank with the lexical ranking weighted
above meaning, so exact, well-supported matches stay on top and meaning fills
in where the words fail.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RRF_K = 60.0  # reciprocal-rank constant: how fast a lower rank stops counting
W_LEXICAL = 2.0  # the words themselves
# Lexical 2 : theme 1 : meaning 0.5. Measured with kb eval on both judged sets at once
# (single words and practitioners' questions): nDCG@10 is flat for a theme weight of
# 0.75-1.5 and a meaning weight of 0.25-0.75 (questions 0.768-0.774), while meaning at
# 1.0 costs the single words 0.99 -> 0.98; the middle of that plateau is kept.
W_DENSE = 0.5
W_THEME = 1.0  # an item about a theme the query names, below its words
DENSE_CANDIDATES = 10  # items admitted on meaning alone: the nearest this many
# Meaning is asked for (and the query embedded) only where the words fall short: a query
# word the index does not hold as such (only inside compounds, through related words or
# a correction), or fewer items than this holding every word under the filters. Where
# the words do not fall short it would only reorder a full page of exact matches
# (measured: no better).
MEANING_BELOW = 10
TIER_GAP = 10.0  # above any fused score: every all-word match ranks first

# The signals a search may use besides the query's own words (all by default; kb eval
# measures each one's part by adding them one at a time, in this order).
PARTIAL = "partial"  # items holding some of the words, below those holding all
THEMES = "themes"    # items tagged with a theme the query names or cues
RELATED = "related"  # related words (corpus/related.toml) as evidence for a word
MEANING = "meaning"  # the sentence model's nearest items
SIGNAL_LADDER = (PARTIAL, THEMES, RELATED, MEANING)
ALL_SIGNALS = frozenset(SIGNAL_LADDER)


@dataclass(frozen=True)
class Signals:
    """What one query found, per document number."""

    coverage: np.ndarray  # float32 in [0, 1]: share of the query's word groups held
    lexical: np.ndarray  # float32 BM25 sum
    theme: np.ndarray | None = None  # bool: tagged with a theme the query is about
    dense: np.ndarray | None = None  # float32 cosine to the query


@dataclass(frozen=True)
class Ranking:
    """The listed items and their order, per document number."""

    listed: np.ndarray  # bool: shown at all
    full: np.ndarray  # bool: holds every query word (tier 1)
    score: np.ndarray  # float: higher first; tier 1 is above tier 2


def _ranks(key: np.ndarray, among: np.ndarray) -> np.ndarray:
    """1-based rank of each document under ``among`` by ``key`` (highest first);
    infinity elsewhere."""
    ranks = np.full(len(key), np.inf, dtype=np.float32)
    members = np.flatnonzero(among)
    if len(members):
        # (members are in document order, and numpy's sort is deterministic: ties rank
        # the same way every time)
        ordered = members[np.argsort(-key[members])]
        ranks[ordered] = np.arange(1, len(ordered) + 1, dtype=np.float32)
    return ranks


def rank(signals: Signals, partial: bool = True) -> Ranking:
    """Fuse the signals into the listed items and their scores (see the module text).

    ``partial`` False: only the all-word matches are listed, or, when no item holds
    every word, the items holding most of them (the words alone, without tier 2).
    """
    coverage = signals.coverage
    full = coverage >= 1.0
    held = coverage > 0
    top_lexical = float(signals.lexical.max()) if len(signals.lexical) else 0.0
    # More of the query's words first, then the BM25 sum.
    lexical_key = coverage + signals.lexical / (top_lexical + 1.0) / 2.0
    about = signals.theme if signals.theme is not None and signals.theme.any() else None
    dense = signals.dense
    if not partial and held.any():
        held = coverage >= coverage.max()  # only the items holding the most words
    if not partial or (about is None and dense is None):
        # The words alone: their own order is the fused order, without ranking every match.
        return Ranking(listed=held, full=full, score=np.where(held, lexical_key + TIER_GAP * full,
                                                              0.0))
    fused = W_LEXICAL / (RRF_K + _ranks(lexical_key, held))
    listed = held.copy()
    if about is not None:
        theme_key = dense if dense is not None else lexical_key
        fused += W_THEME / (RRF_K + _ranks(theme_key, about))
        listed |= about
    if dense is not None:
        fused += W_DENSE / (RRF_K + _ranks(dense, np.ones(len(dense), dtype=bool)))
        if held.any():  # meaning fills in only where some word was found at all
            count = min(DENSE_CANDIDATES, len(dense))
            listed[np.argpartition(-dense, count - 1)[:count]] = True
    score = np.where(listed, fused + TIER_GAP * full, 0.0)
    return Ranking(listed=listed, full=full, score=score)  # full implies held, so listed
