"""The meaning part of a build: passage vectors of the items, and the themes they add.

After the items are read and before the shards are written, a build with a
model (:mod:`kb.semantic`) embeds every item's text (through the index folder's
vector cache, so a rebuild embeds only new text) and the labelled texts of the
taxonomy (its examples and ``labelled.toml``), fits the learnt tagger on them
(:mod:`kb.themes.learnt`) and lets it add the theme an advice or goal item's
cues missed. Items the editor set themes on are never changed. The vectors are
stored with the build (``vectors.npy``, rows in item order); without a model the
build has none and says why.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kb.models import Item
from kb.semantic import Embedder, Lookup, VectorCache
from kb.themes import Evidence, LabelledText, Taxonomy, fit_probe, learnt_themes, training_texts

log = logging.getLogger(__name__)

# Kinds that may gain a theme from the learnt tagger: those that say what to do, as the
# labelled texts it learnt from do (reports of results, facts and articles are unlike them).
LEARNT_KINDS = frozenset({"advice", "goal"})


@dataclass(frozen=True)
class SemanticInfo:
    """What a build did for meaning: the model (None: no vectors, ``note`` says why) and
    the embedding it did: texts needed, texts embedded now (the rest came from the cache),
    seconds spent embedding."""

    model_id: str | None
    note: str = ""
    texts: int = 0
    embedded: int = 0
    seconds: float = 0.0
    themes_added: int = 0

    @property
    def rate(self) -> float:
        """Texts embedded per second by this build (0.0 when all came from the cache)."""
        return self.embedded / self.seconds if self.embedded and self.seconds > 0 else 0.0

    def describe(self, model: str = "") -> str:
        """One line on what the build did for meaning (``model``: how to name the model)."""
        if self.model_id is None:
            return f"semantic off ({self.note or 'no model'}): lexical only, no vectors"
        name = model or self.model_id
        added = (f"; {self.themes_added} theme(s) added by the learnt tagger"
                 if self.themes_added else "")
        if not self.embedded:
            return f"vectors of all {self.texts} texts from the cache ({name}){added}"
        return (f"embedded {self.embedded} new texts of {self.texts} in {self.seconds:.1f} s: "
                f"{self.rate:.1f} items/s ({name}){added}")


@dataclass
class Meaning:
    """The items with their final themes, their vectors (item order) and the evidence of
    each theme the vectors gave (by item id)."""

    items: list[Item]
    vectors: np.ndarray | None
    evidence: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)
    info: SemanticInfo = SemanticInfo(None, "no model")


def eligible(items: Sequence[Item]) -> np.ndarray:
    """Rows that may gain a theme: advice and goals whose themes the editor did not set."""
    return np.array([it.kind in LEARNT_KINDS and not it.themes_overridden for it in items],
                    dtype=bool)


def learnt_gains(taxonomy: Taxonomy, labelled: Sequence[LabelledText], embedder: Embedder,
                 cache: VectorCache, vectors: np.ndarray, texts: Sequence[str],
                 known: Sequence[Collection[str]], eligible: Sequence[bool] | np.ndarray,
                 progress: Callable[[int], object] | None = None,
                 ) -> tuple[list[Evidence | None], Lookup]:
    """The theme each row of ``vectors`` gains from the learnt tagger fitted on
    ``labelled``, the taxonomy's :func:`kb.themes.training_texts` (None: none; see
    :func:`kb.themes.learnt_themes` for ``known`` and ``eligible``), and the lookup of
    those texts' vectors through ``cache`` (``progress``: see
    :meth:`VectorCache.vectors`). Raises what the model raises."""
    train, lookup = cache.vectors([t.text for t in labelled], embedder.passages, progress)
    probe = fit_probe(train, labelled, taxonomy.ids)
    if probe is None:
        return [None] * len(vectors), lookup
    return learnt_themes(probe, vectors, texts, known, eligible, train, labelled), lookup


class _Told:
    """Embedding progress over several cache lookups: ``progress(done, total)`` with
    each lookup's count after those of the lookups before it."""

    def __init__(self, progress: Callable[[int, int], object] | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def start(self) -> None:
        """Tell ``0 of total`` when there is anything to embed."""
        if self.progress is not None and self.total:
            self.progress(0, self.total)

    def lookup(self) -> Callable[[int], None]:
        """The chunk callback of the next lookup (see :meth:`VectorCache.vectors`)."""
        before = self.done

        def report(done: int) -> None:
            self.done = min(self.total, before + done)
            if self.progress is not None:
                self.progress(self.done, self.total)
        return report


def add_meaning(items: list[Item], taxonomy: Taxonomy | None, embedder: Embedder | None,
                index_dir: Path, note: str = "",
                progress: Callable[[int, int], object] | None = None) -> Meaning:
    """Embed ``items`` and add the themes their vectors give; see the module doc.

    Without ``embedder`` the items come back unchanged with no vectors (``note`` says
    why). ``progress(done, total)`` follows the texts the model embeds (the items' and
    the labelled texts' not in the cache), when there are any. Raises what the model
    raises (the build then fails and the old index serves).
    """
    if embedder is None:
        return Meaning(list(items), None, {}, SemanticInfo(None, note or "no model"))
    cache = VectorCache(index_dir, embedder.model_id, embedder.dim)
    learns = taxonomy is not None and len(taxonomy) > 1
    item_texts = [it.text for it in items]
    labelled = training_texts(taxonomy) if taxonomy is not None and learns else []
    told = _Told(progress, cache.missing(item_texts + [t.text for t in labelled]))
    told.start()
    vectors, lookup = cache.vectors(item_texts, embedder.passages, told.lookup())
    texts, embedded, seconds = lookup.texts, lookup.embedded, lookup.seconds
    final = list(items)
    evidence: dict[str, tuple[Evidence, ...]] = {}
    if taxonomy is not None and learns:
        gained, extra = learnt_gains(taxonomy, labelled, embedder, cache, vectors, item_texts,
                                     [it.themes for it in items], eligible(items), told.lookup())
        texts, embedded, seconds = (texts + extra.texts, embedded + extra.embedded,
                                    seconds + extra.seconds)
        order = {theme: n for n, theme in enumerate(taxonomy.ids)}
        for row, found in enumerate(gained):
            if found is not None:
                item = items[row]
                themes = tuple(sorted({*item.themes, found.theme},
                                      key=lambda t: order.get(t, len(order))))
                final[row] = dataclasses.replace(item, themes=themes)
                evidence[item.id] = (found,)
    cache.save()
    info = SemanticInfo(embedder.model_id, "", texts, embedded, seconds, len(evidence))
    if embedded:
        log.info("embedded %d new texts of %d in %.1f s (%.1f a second)", embedded, texts,
                 seconds, info.rate)
    return Meaning(final, vectors, evidence, info)
