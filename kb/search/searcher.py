"""An open index: one reusable searcher per shard, the stored items, per-build caches.

Opened by :mod:`kb.search.opening`; search goes through :func:`kb.search.engine.search`.
A refresh that fails keeps serving the build it has.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np

from kb.analysis import STOP_WORDS, fold, normalize, stem, tokenize
from kb.analysis.words import phrase_starts, words_of
from kb.corpus import Municipalities, Registry
from kb.errors import IndexBuildError
from kb.index import TERM_FIELDS, store
from kb.models import Document, Item
from kb.search.caches import BuildCaches
from kb.search.context import context_postings
from kb.search.dense import DenseScorer, QueryVectors, open_dense
from kb.search.facets import FacetArrays
from kb.search.scoring import Leaf, Sum, TermScorer, top
from kb.search.spelling import Spelling
from kb.themes import Tagger, Taxonomy, ThemeMatch

# Items are short and a long paragraph is not less relevant for being long: a
# milder length normalisation than BM25's usual B=0.75.
BM25_B = 0.4
BM25_K1 = 1.2
REFRESH_RETRY_S = 2.0  # a refresh that failed is tried again after this long

T = TypeVar("T")
log = logging.getLogger(__name__)


class SearchIndex:
    """An open index: ONE reusable searcher per shard, and the stored items.

    :meth:`refresh` picks up a build swapped in since. Per-build caches
    (facet arrays, postings, spelling ...) are kept in :attr:`cache` and dropped
    on refresh.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.RLock()
        self.reader_lock = threading.RLock()  # held by whoever reads the Whoosh files
        self._path: Path | None = None
        self._queries = QueryVectors()  # query vectors by model: kept across refreshes
        self._failed: tuple[Path | None, float] | None = None  # the last refresh that failed
        self._warm = False  # start each build's helper processes when it opens
        self._load()

    def keep_warm(self) -> None:
        """Start the analysis' helper processes (Apertium) of this build and of every
        build a refresh opens, so that no search waits for them to start (a server's
        choice: a short-lived command would start processes it may never use)."""
        self._warm = True
        self.analyzer.start_helpers()

    def _load(self) -> None:
        """Open the build ``index/current`` names (see :func:`kb.index.store.open_build`);
        raises IndexBuildError, changing nothing."""
        opened = store.open_build(self.index_dir)
        self._path = opened.path
        self.searchers = opened.searchers
        self.built = opened.built
        self.analyzer = opened.built.analyzer
        self._items = opened.built.items
        self._by_id = {it.id: it for it in opened.built.items}
        self._lengths = opened.lengths
        self.cache = BuildCaches()

    @property
    def taxonomy(self) -> Taxonomy:
        """The theme taxonomy the index was built with."""
        return self.built.taxonomy

    @property
    def municipalities(self) -> Municipalities:
        """The municipalities of the build's regions (:mod:`kb.corpus.municipalities`)."""
        return self.built.municipalities

    @property
    def registry(self) -> Registry:
        """The region registry the index was built with (``regions.toml``)."""
        return self.built.registry

    def refresh(self) -> bool:
        """Switch to a build swapped in since; return True when it did.

        When the new build cannot be opened (damaged, removed meanwhile ...) the open
        one keeps serving: a warning is logged and a later call tries again (after
        :data:`REFRESH_RETRY_S`, or at once when ``index/current`` changes again).
        Never raises for a build that cannot be opened.
        """
        if not self._due(store.read_pointer(self.index_dir)):
            return False
        with self.reader_lock, self._lock:
            target = store.read_pointer(self.index_dir)
            if not self._due(target):
                return False
            old_searchers, old_analyzer = self.searchers, self.analyzer
            try:
                self._load()
            except (IndexBuildError, OSError) as error:
                self._failed = (target, time.monotonic())
                log.warning("index refresh failed, still serving %s: %s", self._path, error)
                return False
            self._failed = None
            if self._warm:
                self.analyzer.start_helpers()
            for searcher in old_searchers:
                searcher.close()
            old_analyzer.close()
            return True

    def _due(self, target: Path | None) -> bool:
        """True when ``target`` is another build than the open one, and not one whose
        opening failed less than REFRESH_RETRY_S ago."""
        failed = self._failed
        return target != self._path and (failed is None or failed[0] != target or
                                         time.monotonic() - failed[1] >= REFRESH_RETRY_S)

    def forget_query_vectors(self) -> None:
        """Empty the cache of query vectors, so that each query is embedded again (what
        the benchmark does to time never-seen queries on a server that has run a while)."""
        self._queries.clear()

    def close(self) -> None:
        """Release the searchers and the analyzer's helper processes."""
        for searcher in self.searchers:
            searcher.close()
        self.analyzer.close()

    def get_item(self, item_id: str) -> Item | None:
        """The item with this id, or None."""
        return self._by_id.get(item_id)

    def items(self) -> list[Item]:
        """Every item, in corpus order."""
        return list(self._items)

    def items_of(self, doc: str) -> list[Item]:
        """The items of the document with slug ``doc``, in corpus order (none for an
        unknown slug); grouped once per build, so a page does not read every item."""
        return list(self._cached("by_doc", lambda: self._grouped("doc")).get(doc, ()))

    def items_in_region(self, region: str) -> list[Item]:
        """The items of ``region`` (from every document about it), in corpus order; none
        for an unknown region. Grouped once per build."""
        return list(self._cached("by_region", lambda: self._grouped("region")).get(region, ()))

    def _grouped(self, attribute: str) -> dict[str, list[Item]]:
        grouped: dict[str, list[Item]] = {}
        for item in self._items:
            grouped.setdefault(getattr(item, attribute), []).append(item)
        return grouped

    def item_at(self, number: int) -> Item:
        """The item at corpus position ``number``."""
        return self._items[number]

    def documents(self) -> list[Document]:
        """Every document, in corpus order."""
        return list(self.built.documents)

    @property
    def semantic(self) -> bool:
        """True when this build has passage vectors and their model is loaded here
        (loads the model on first use)."""
        return self._dense() is not None

    def dense_scores(self, query: str) -> np.ndarray | None:
        """The cosine of ``query`` to every item, indexed by Whoosh document number (like
        the other per-docnum arrays: see :meth:`ord_of_docnum`), as float32; None when the
        build has no vectors, their model cannot load here, or the query is blank.
        Query vectors are cached (LRU). Raises what the model raises."""
        dense = self._dense()
        return None if dense is None else dense.scores(query)

    def _dense(self) -> DenseScorer | None:
        """The build's dense scorer, made once per build (None: no vectors or no model)."""
        cache = self.cache
        if cache.dense_checked:
            return cache.dense
        with self.reader_lock, self._lock:  # in refresh's order (see _cached)
            if not cache.dense_checked:
                cache.dense = self._make_dense()
                cache.dense_checked = True
        return cache.dense

    def _make_dense(self) -> DenseScorer | None:
        if self._path is None:
            return None
        return open_dense(self._path, self.built.semantic.model_id,
                          lambda: np.asarray(self.ord_of_docnum(), dtype=np.int64),
                          self._queries)

    def ord_of_docnum(self) -> list[int]:
        """Corpus position of each Whoosh document number (cached per build)."""
        def make() -> list[int]:
            with self.reader_lock:
                return [o for searcher in self.searchers
                        for o in searcher.reader().column_reader("ord")]
        return self._cached("ord", make)

    def _cached(self, name: str, make: Callable[[], T]) -> T:
        """The cache field ``name``, made once by ``make`` (dropped on refresh)."""
        value = getattr(self.cache, name)
        if value is None:
            # The locks are always taken in this order (reader, then cache), as refresh
            # takes them: a maker that reads the index (ord) cannot deadlock with it.
            with self.reader_lock, self._lock:
                value = getattr(self.cache, name)
                if value is None:
                    value = make()
                    setattr(self.cache, name, value)
        made: T = value  # getattr on the cache field of type T | None, set above
        return made

    def facet_arrays(self) -> FacetArrays:
        """Each document number's facet values (cached per build)."""
        return self._cached("facets", lambda: FacetArrays(self._items, self.ord_of_docnum()))

    def theme_cues(self, text: str) -> list[ThemeMatch]:
        """Every cue of the build's taxonomy that ``text`` holds, with its theme and words."""
        return self._cached("tagger", lambda: Tagger(self.taxonomy)).explain(text)

    def theme_mask(self, themes: tuple[str, ...]) -> np.ndarray:
        """Which document numbers are tagged with one of ``themes`` (a bool mask)."""
        return self.facet_arrays().passes("theme", themes)

    def scorer(self) -> TermScorer:
        """BM25 over this searcher's postings, with its postings cache."""
        def make() -> TermScorer:
            order = np.asarray(self.ord_of_docnum(), dtype=np.int64)
            lengths = self._lengths[:, order] if len(order) else np.zeros(
                (len(TERM_FIELDS), 0), dtype=np.float32)
            return TermScorer([searcher.reader() for searcher in self.searchers],
                              {name: lengths[row] for row, name in enumerate(TERM_FIELDS)},
                              b=BM25_B, k1=BM25_K1)
        return self._cached("scorer", make)

    def context_docs(self, keys: set[str]) -> np.ndarray | None:
        """Documents that the word forms ``keys`` name by their context (region, county,
        title, kind, heading, municipalities: see :mod:`kb.search.context`), or None."""
        found = self._cached("context", lambda: context_postings(
            self._items, self.ord_of_docnum(), self.analyzer))
        hits = [found[k] for k in keys if k in found]
        if not hits:
            return None
        if len(hits) == 1:
            return hits[0]
        # A mask rather than np.unique, whose first call imports numpy.ma (~25 ms).
        named = np.zeros(len(self.ord_of_docnum()), dtype=bool)
        named[np.concatenate(hits)] = True
        return np.flatnonzero(named)

    def has_phrase(self, docnum: int, words: tuple[str, ...]) -> bool:
        """True when the item's text holds the phrase (each word as written or stemmed)."""
        item = self._items[self.ord_of_docnum()[docnum]]
        return bool(phrase_starts(words_of(item.text), words))

    def phrase_docs(self, words: tuple[str, ...], candidates: Callable[[], np.ndarray]
                    ) -> np.ndarray:
        """The documents among ``candidates()`` (those holding every word of the phrase)
        whose text holds the phrase; cached per build, the check reads each text."""
        known = self.cache.phrases
        found = known.get(words)
        if found is None:
            found = np.array([d for d in candidates() if self.has_phrase(int(d), words)],
                             dtype=np.int64)
            found.setflags(write=False)
            known.remember(words, found)
        return found

    def browse_order(self, keep: np.ndarray) -> np.ndarray:
        """Document numbers under the mask: advice first, then corpus order."""
        def make() -> np.ndarray:
            order = np.asarray(self.ord_of_docnum(), dtype=np.int64)
            advice = np.array([self._items[o].kind != "advice" for o in order], dtype=np.int8)
            return np.lexsort((order, advice))
        ranked = self._cached("browse", make)
        kept: np.ndarray = ranked[keep[ranked]]
        return kept

    def corrections(self, word: str, limit: int = 3) -> list[str]:
        """Corpus words within 1 (2 for 8+ letters) edits of ``word``, the likeliest first."""
        known = self.cache.corrections
        found = known.get((word, limit))
        if found is not None:
            return list(found)
        spelling = self._cached("spelling", lambda: Spelling(self.analyzer.vocabulary))
        scorer = self.scorer()

        def frequency(words: list[str]) -> dict[str, int]:
            with self.reader_lock:
                return {w: scorer.doc_frequency("exact", w) for w in words}

        return list(known.remember((word, limit), spelling.near(word, frequency, limit)))

    def fold_map(self) -> dict[str, set[str]]:
        """ASCII-folded form → the corpus words it may stand for (moteplass → møteplass)."""
        def make() -> dict[str, set[str]]:
            found: dict[str, set[str]] = {}
            for word in self.analyzer.vocabulary:
                for key in {fold(word), fold(stem(normalize(word)))}:
                    found.setdefault(key, set()).add(word)
            return found
        return self._cached("fold", make)

    def similar(self, item_id: str, limit: int = 5) -> list[Item]:
        """Items most like this one (shared stems, BM25), from OTHER regions."""
        item = self.get_item(item_id)
        if item is None:
            return []
        terms = sorted({t for word in tokenize(item.text) if word.word not in STOP_WORDS
                        for t in self.analyzer.forms(word.word).stems})
        if not terms:
            return []
        order = self.ord_of_docnum()
        with self.reader_lock:
            scores = self.scorer().evaluate(Sum(tuple(Leaf("stem", t) for t in terms)))
        found = top(scores, np.flatnonzero(scores > 0), limit * 10 + 20)
        out: list[Item] = []
        for docnum in found:
            other = self._items[order[docnum]]
            if other.region != item.region and other.id != item.id and other.kind != "fact":
                out.append(other)
                if len(out) == limit:
                    break
        return out
