"""Which items a query lists, and in what order: all words first, then the rest.

Four signals per document number, each optional but the first:

- *coverage*: the share of the query's word groups an item holds (at any level:
  as written, stem, synonym, related word, compound parts, context; a compound
  word of which it holds only some parts counts :data:`PART_HELD`);
- *lexical*: the BM25 sum over those levels;
- *theme*: the share of the themes the query names or cues that the item is tagged
  with;
- *dense*: the cosine of the query's and the item's sentence vectors.

Items holding every word come first (tier 1). Meaning is computed only where the
words fall short (see :data:`MEANING_BELOW`). Below them, without a dead end,
come the items that hold some of the words, carry a theme the query is about,
or (only when some query word is found in the corpus at all, so that nonsense
still finds nothing) are among the nearest in meaning (tier 2). Within each
tier the signals are fused by a convex combination of their scores, each scaled
to [0, 1] (min-max: the words over the items holding any, meaning over every
item; the theme share is on that scale already: an item tagged with every theme of
the query counts 1, with one of two 0.5). The tiers keep exact, well-supported
matches on top; within them meaning and themes fill in where the words fail.

Scores rather than reciprocal ranks: a reciprocal-rank fusion throws away how far
apart the candidates are (the item far nearest in meaning counts as much more as
the second-best as any rank above its neighbour), and on both judged sets at once
(kb eval) the convex combination measured better: questions nDCG@10 0.769 ->
0.795, recall@10 0.792 -> 0.864, single words 0.997 either way. Bruch et al.,
"An Analysis of Fusion Functions for Hybrid Retrieval" (ACM TOIS 2023) found the
same over many collections. kb eval keeps that comparison on every judged set: its
``hybrid`` column is the plain reciprocal-rank hybrid (:mod:`kb.measure.hybrid`).

Measured and left out (kb eval on the practice, dev and blind questions and
scripts/eval-unseen-pages.sh): a hubness correction of meaning (each item's cosine
less half its mean cosine to its ten nearest items) lifted meaning alone on every
set (unseen pages nDCG@10 0.288 -> 0.371) but, fused, cost the practice set 0.024
and the blind set 0.018: short advice ("Lag gode møteplasser") is near everything
and is what the questions ask for. A fusion learnt from the judged questions (a
pairwise logistic regression over these signals, coverage, the nearest-ten flag,
the item's kind and length), trained on two sets and tested on the others, did not
beat these fixed weights on the held-out sets (blind 0.723 -> 0.64-0.70).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Words 1 : meaning 1.5 : theme 1.5, each on a [0, 1] scale. Measured with kb eval on
# both judged sets at once, the words' weight held at 1: questions nDCG@10 is
# 0.788-0.809 (recall@10 0.85-0.86) for meaning 1.25-3 with a theme weight of 1.5-2.5,
# and falls to 0.77-0.78 with the theme at 1 (the single words stay 0.997-0.999
# throughout); a point inside the plateau where no signal outweighs the other two.
W_LEXICAL = 1.0  # the words themselves
W_DENSE = 1.5  # the cosine to the query's vector
W_THEME = 1.5  # an item tagged with every theme the query names or cues (a share: less)
DENSE_CANDIDATES = 10  # items admitted on meaning alone: the nearest this many
# Meaning is asked for (and the query embedded) only where the words fall short: a query
# word the index does not hold as such (only inside compounds, through related words or
# a correction), or fewer items than this holding every word under the filters. Where
# the words do not fall short it would only reorder a full page of exact matches
# (measured: no better).
MEANING_BELOW = 10
# A query word matched but not held (a compound of which an item holds only some parts:
# "kommunene" for "fylkeskommunen") counts this share of a word held in the coverage: the
# item ranks among those holding some of the words, never with those holding them all.
PART_HELD = 0.5
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
    theme: np.ndarray | None = None  # float32 in [0, 1]: share of the query's themes held
    dense: np.ndarray | None = None  # float32 cosine to the query


@dataclass(frozen=True)
class Ranking:
    """The listed items and their order, per document number."""

    listed: np.ndarray  # bool: shown at all
    full: np.ndarray  # bool: holds every query word (tier 1)
    score: np.ndarray  # float: higher first; tier 1 is above tier 2


def _scaled(key: np.ndarray, among: np.ndarray) -> np.ndarray:
    """``key`` scaled to [0, 1] over the documents of ``among`` (min-max; 1 where they all
    score the same), 0 elsewhere (float32)."""
    if not among.any():
        return np.zeros(len(key), dtype=np.float32)
    values = key[among]
    low, high = float(values.min()), float(values.max())
    if high > low:
        scaled = (key - np.float32(low)).astype(np.float32)
        scaled *= np.float32(1.0 / (high - low))
    else:
        scaled = np.ones(len(key), dtype=np.float32)
    scaled *= among
    return scaled


def rank(signals: Signals, partial: bool = True) -> Ranking:
    """Fuse the signals into the listed items and their scores (see the module text).

    ``partial`` False: only the all-word matches are listed, or, when no item holds
    every word, the items holding most of them (the words alone, without tier 2).
    """
    coverage = signals.coverage
    full = coverage >= 1.0
    held = coverage > 0
    top_lexical = float(signals.lexical.max()) if len(signals.lexical) else 0.0
    # More of the query's words first, then the BM25 sum (float32 throughout: at 100,000
    # items every temporary array counts).
    lexical_key = (signals.lexical * np.float32(0.5 / (top_lexical + 1.0))).astype(np.float32)
    lexical_key += coverage
    about = signals.theme if signals.theme is not None and signals.theme.any() else None
    dense = signals.dense
    if not partial and held.any():
        held = coverage >= coverage.max()  # only the items holding the most words
    if not partial or (about is None and dense is None):
        # The words alone: their own order is the fused order, without ranking every match.
        lexical_key += full * np.float32(TIER_GAP)
        lexical_key *= held
        return Ranking(listed=held, full=full, score=lexical_key)
    fused = W_LEXICAL * _scaled(lexical_key, held)
    listed = held.copy()
    if about is not None:
        fused += W_THEME * about
        listed |= about > 0
    if dense is not None:
        fused += W_DENSE * _scaled(dense, np.ones(len(dense), dtype=bool))
        if held.any():  # meaning fills in only where some word was found at all
            count = min(DENSE_CANDIDATES, len(dense))
            listed[np.argpartition(-dense, count - 1)[:count]] = True
    fused += full * np.float32(TIER_GAP)
    fused *= listed
    return Ranking(listed=listed, full=full, score=fused)  # full implies held, so listed
