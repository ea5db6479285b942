"""The Whoosh index: schema and version, atomic build, open, staleness, and the open index.

Layout of an index folder::

    index/current          name of the build being served (replaced atomically)
    index/build-<stamp>/   a complete build: Whoosh files + ``kb.pickle``
    index/tmp-<stamp>/     a build in progress (removed when it fails)

``kb.pickle`` holds what search needs besides Whoosh: the items, documents and
taxonomy (so the index serves without the corpus), the analyzer state (so a
query is analysed exactly as the index was), the schema version and the corpus
fingerprint. A build writes a fresh folder and swaps ``current`` only when it is
complete, so a failed build leaves the old index serving, and readers of the
old build keep working (the build before the current one is kept).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, NUMERIC, TEXT, Schema

from kb import apertium
from kb.analysis import (
    STOP_WORDS,
    Analyzer,
    fold,
    normalize,
    phrase_starts,
    stem,
    tokenize,
    words_of,
)
from kb.errors import IndexBuildError, KbError
from kb.facets import FacetArrays
from kb.models import KIND_LABELS, Document, Item
from kb.scoring import Leaf, Sum, TermScorer, top
from kb.synonyms import FILE_NAME as SYNONYMS_FILE
from kb.synonyms import load_synonyms

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
# Items are short and a long paragraph is not less relevant for being long: a
# milder length normalisation than BM25's usual B=0.75.
BM25_B = 0.4
BM25_K1 = 1.2
POINTER = "current"
SIDECAR = "kb.pickle"
LENGTHS = "lengths.npy"  # terms per scored field per item (BM25 length normalisation)
TERM_FIELDS = ("exact", "stem", "syn", "part")
SHARD_MIN_ITEMS = 5000  # a corpus this big is written as parallel shards, one per core
MAX_SHARDS = 4
Progress = Callable[[int, int], None]


def make_schema() -> Schema:
    """The Whoosh schema; terms come pre-analysed from :mod:`kb.analysis`.

    No positions are stored: phrases are checked on the item text (fewer postings,
    a faster build).
    """
    words = SpaceSeparatedTokenizer()
    return Schema(
        id=ID(stored=True, unique=True),
        ord=NUMERIC(int, bits=32, stored=False, sortable=True, signed=False),
        **{name: TEXT(analyzer=words, phrase=False) for name in TERM_FIELDS},
    )


def analysis_key() -> str:
    """What an index's analysis depends on besides the corpus (a change means rebuild)."""
    return f"v{SCHEMA_VERSION}-apertium={int(apertium.available())}"


@dataclass
class Built:
    """The sidecar of one build."""

    schema_version: int
    analysis_key: str
    fingerprint: str
    items: list[Item]
    documents: list[Document]
    taxonomy: object
    analyzer: Analyzer


def _read_pointer(index_dir: Path) -> Path | None:
    try:
        name = (index_dir / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = index_dir / name
    return path if name and (path / SIDECAR).exists() else None


def _write_pointer(index_dir: Path, name: str) -> None:
    tmp = index_dir / f".{POINTER}.{os.getpid()}.{threading.get_ident()}"
    tmp.write_text(name + "\n", encoding="utf-8")
    tmp.replace(index_dir / POINTER)


def _clean_old_builds(index_dir: Path, keep: set[str]) -> None:
    builds = sorted(index_dir.glob("build-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in builds:
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)


def _shard_ranges(count: int) -> list[tuple[int, int]]:
    """Contiguous item ranges, one per shard (one shard below SHARD_MIN_ITEMS)."""
    shards = 1
    if count >= SHARD_MIN_ITEMS and "fork" in multiprocessing.get_all_start_methods():
        shards = max(1, min(os.cpu_count() or 1, MAX_SHARDS))
    step = -(-count // shards) if count else 1
    return [(lo, min(lo + step, count)) for lo in range(0, max(count, 1), step)]


def _write_shard(folder: Path, items: list[Item], analyzer: Analyzer, start: int, stop: int,
                 done: Callable[[int], None] | None = None) -> np.ndarray:
    """Write items[start:stop] as one Whoosh index; return their field lengths."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), make_schema())
    writer = ix.writer(limitmb=256)
    lengths = np.zeros((len(TERM_FIELDS), stop - start), dtype=np.float32)
    try:
        for number in range(start, stop):
            item = items[number]
            terms = analyzer.field_terms(item.text)
            for row, name in enumerate(TERM_FIELDS):
                lengths[row, number - start] = len(terms[name])
            writer.add_document(id=item.id, ord=number,
                                **{name: " ".join(terms[name]) for name in TERM_FIELDS})
            if done is not None and (number - start) % 200 == 199:
                done(200)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    ix.close()
    return lengths


# What the forked shard writers work on (set just before forking them).
_SHARD_WORK: dict[str, object] = {}


def _shard_job(job: tuple[str, int, int]) -> np.ndarray:
    """One shard, in a forked worker process."""
    folder, start, stop = job
    items: list[Item] = _SHARD_WORK["items"]  # type: ignore[assignment]
    analyzer: Analyzer = _SHARD_WORK["analyzer"]  # type: ignore[assignment]
    counter = _SHARD_WORK["counter"]

    def done(count: int) -> None:
        with counter.get_lock():  # type: ignore[attr-defined]
            counter.value += count  # type: ignore[attr-defined]

    try:
        return _write_shard(Path(folder), items, analyzer, start, stop, done)
    finally:
        analyzer.close()


def _write_shards(folder: Path, items: list[Item], analyzer: Analyzer,
                  progress: Progress | None) -> np.ndarray:
    """Write the items as shards ``shard-<k>`` (in parallel processes when there are
    many); return the field lengths of every item."""
    ranges = _shard_ranges(len(items))
    total = len(items)
    if len(ranges) == 1:
        seen = [0]

        def done(count: int) -> None:
            seen[0] += count
            if progress is not None:
                progress(min(seen[0], total), total)

        lengths = _write_shard(folder / "shard-0", items, analyzer, 0, total, done)
        if progress is not None:
            progress(total, total)
        return lengths
    analyzer.close()  # the workers start their own Apertium processes if they need any
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    _SHARD_WORK.update(items=items, analyzer=analyzer, counter=counter)
    try:
        with context.Pool(len(ranges)) as pool:
            pending = pool.map_async(_shard_job, [(str(folder / f"shard-{k}"), lo, hi)
                                                  for k, (lo, hi) in enumerate(ranges)])
            while not pending.ready():
                pending.wait(0.25)
                if progress is not None:
                    progress(min(int(counter.value), total), total)
            parts = pending.get()
    finally:
        _SHARD_WORK.clear()
    if progress is not None:
        progress(total, total)
    return np.concatenate(parts, axis=1)


def write_index(items: list[Item], documents: list[Document], taxonomy: object,
                analyzer: Analyzer, fingerprint: str, index_dir: Path, *,
                progress: Progress | None = None) -> Path:
    """Write a complete build of ``items`` beside the served one and swap it in.

    Returns the new build folder. Raises IndexBuildError (the old index keeps
    serving) when anything fails.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**9}"
    tmp = index_dir / f"tmp-{stamp}"
    final = index_dir / f"build-{stamp}"
    try:
        tmp.mkdir()
        analyzer.prepare([it.text for it in items])
        lengths = _write_shards(tmp, items, analyzer, progress)
        built = Built(SCHEMA_VERSION, analysis_key(), fingerprint, list(items),
                      list(documents), taxonomy, analyzer)
        with (tmp / SIDECAR).open("wb") as out:
            pickle.dump(built, out, protocol=pickle.HIGHEST_PROTOCOL)
        np.save(tmp / LENGTHS, lengths)
        tmp.replace(final)
        previous = _read_pointer(index_dir)
        _write_pointer(index_dir, final.name)
    except KbError as error:
        shutil.rmtree(tmp, ignore_errors=True)
        raise IndexBuildError(f"index build failed, the old index is kept: {error}") from error
    except (OSError, ValueError, pickle.PicklingError) as error:
        shutil.rmtree(tmp, ignore_errors=True)
        raise IndexBuildError(f"index build failed in {index_dir}, the old index is kept: "
                              f"{error}") from error
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        analyzer.close()
    _clean_old_builds(index_dir, {final.name} | ({previous.name} if previous else set()))
    return final


def build_index(corpus_dir: Path, index_dir: Path, *, progress: Progress | None = None) -> None:
    """Build the index of the corpus in ``index_dir`` atomically.

    Raises IndexBuildError when the corpus cannot be read or the build fails;
    the previously served index is then untouched.
    """
    from kb.corpus import corpus_fingerprint, load_corpus

    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    try:
        corpus = load_corpus(corpus_dir)
        synonyms = load_synonyms(corpus_dir / SYNONYMS_FILE)
        fingerprint = corpus_fingerprint(corpus_dir)
    except KbError as error:
        raise IndexBuildError(f"index not built, the old index is kept: {error}") from error
    write_index(corpus.items, corpus.documents, corpus.taxonomy, Analyzer(synonyms),
                fingerprint, index_dir, progress=progress)


def index_state(index_dir: Path) -> Built | None:
    """The sidecar of the served build, or None when there is none or it cannot be read."""
    path = _read_pointer(Path(index_dir))
    if path is None:
        return None
    try:
        with (path / SIDECAR).open("rb") as src:
            built = pickle.load(src)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, KeyError):
        return None
    return built if isinstance(built, Built) else None


def needs_rebuild(corpus_dir: Path, index_dir: Path) -> bool:
    """True when there is no index, its schema/analysis is stale, or the corpus changed."""
    from kb.corpus import corpus_fingerprint

    built = index_state(index_dir)
    return (built is None or built.schema_version != SCHEMA_VERSION
            or built.analysis_key != analysis_key()
            or built.fingerprint != corpus_fingerprint(Path(corpus_dir)))


def ensure_index(corpus_dir: Path, index_dir: Path,
                 progress: Progress | None = None) -> SearchIndex:
    """Open the index, building it first when missing, stale or behind the corpus."""
    if needs_rebuild(corpus_dir, index_dir):
        build_index(corpus_dir, index_dir, progress=progress)
    return open_index(index_dir)


def open_index(index_dir: Path) -> SearchIndex:
    """Open the served build; raises IndexBuildError when there is none."""
    return SearchIndex(Path(index_dir))


class SearchIndex:
    """An open index: ONE reusable searcher per shard, and the stored items.

    :meth:`refresh` picks up a build swapped in since. Per-searcher caches
    (facet arrays) are kept in :attr:`cache` and dropped on refresh.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.RLock()
        self.reader_lock = threading.RLock()  # held by whoever reads the Whoosh files
        self._path: Path | None = None
        self._load()

    def _load(self) -> None:
        path = _read_pointer(self.index_dir)
        built = index_state(self.index_dir) if path else None
        if path is None or built is None or built.schema_version != SCHEMA_VERSION:
            raise IndexBuildError(f"no usable index in {self.index_dir}: run 'kb build'")
        shards = sorted(path.glob("shard-*"), key=lambda d: int(d.name.split("-")[1]))
        try:
            if not shards:
                raise OSError("no shard folder")
            indexes = [whoosh_index.open_dir(str(d)) for d in shards]
        except (OSError, ValueError, whoosh_index.IndexError) as error:
            raise IndexBuildError(f"cannot open the index in {path}: {error}") from error
        self._path = path
        self.searchers = [ix.searcher() for ix in indexes]
        self.built = built
        self.analyzer = built.analyzer
        self._items = built.items
        self._by_id = {it.id: it for it in built.items}
        self.cache: dict[str, object] = {}

    @property
    def taxonomy(self):  # noqa: ANN201 - kb.themes.Taxonomy
        """The theme taxonomy the index was built with."""
        return self.built.taxonomy

    def refresh(self) -> bool:
        """Switch to a build swapped in since; return True when it did."""
        if _read_pointer(self.index_dir) == self._path:
            return False
        with self.reader_lock, self._lock:
            if _read_pointer(self.index_dir) == self._path:
                return False
            old_searchers, old_analyzer = self.searchers, self.analyzer
            self._load()
            for searcher in old_searchers:
                searcher.close()
            old_analyzer.close()
            return True

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

    def item_at(self, number: int) -> Item:
        """The item at corpus position ``number``."""
        return self._items[number]

    def documents(self) -> list[Document]:
        """Every document, in corpus order."""
        return list(self.built.documents)

    def ord_of_docnum(self) -> list[int]:
        """Corpus position of each Whoosh document number (cached per searcher)."""
        cached = self.cache.get("ord")
        if cached is None:
            with self.reader_lock:
                cached = [o for searcher in self.searchers
                          for o in searcher.reader().column_reader("ord")]
            self.cache["ord"] = cached
        return cached  # type: ignore[return-value]

    def _cached(self, key: str, make: Callable[[], object]) -> object:
        """A per-searcher cached value (made once; dropped on refresh)."""
        value = self.cache.get(key)
        if value is None:
            with self._lock:
                value = self.cache.get(key)
                if value is None:
                    value = make()
                    self.cache[key] = value
        return value

    def facet_arrays(self) -> FacetArrays:
        """Each document number's facet values (cached per searcher)."""
        return self._cached(  # type: ignore[return-value]
            "facets", lambda: FacetArrays(self._items, self.ord_of_docnum()))

    def scorer(self) -> TermScorer:
        """BM25 over this searcher's postings, with its postings cache."""
        def make() -> TermScorer:
            order = np.asarray(self.ord_of_docnum(), dtype=np.int64)
            lengths = np.load(self._path / LENGTHS)[:, order] if len(order) else np.zeros(
                (len(TERM_FIELDS), 0), dtype=np.float32)
            return TermScorer([searcher.reader() for searcher in self.searchers],
                              {name: lengths[row] for row, name in enumerate(TERM_FIELDS)},
                              b=BM25_B, k1=BM25_K1)
        return self._cached("scorer", make)  # type: ignore[return-value]

    def context_docs(self, keys: set[str]) -> np.ndarray | None:
        """Documents whose region, county, document title or kind (label) holds one of
        the word forms ``keys`` (stems, also of a corpus word a name begins with:
        Ålesund in Ålesundregionen), or None."""
        def make() -> dict[str, np.ndarray]:
            order = self.ord_of_docnum()
            by_key: dict[str, set[int]] = {}
            for docnum, position in enumerate(order):
                item = self._items[position]
                for text in {item.region, item.county, item.title,
                             KIND_LABELS.get(item.kind, "")}:
                    for key in self._context_keys(text):
                        by_key.setdefault(key, set()).add(docnum)
            return {k: np.fromiter(sorted(v), dtype=np.int64) for k, v in by_key.items()}
        found: dict[str, np.ndarray] = self._cached("context", make)  # type: ignore[assignment]
        hits = [found[k] for k in keys if k in found]
        if not hits:
            return None
        return hits[0] if len(hits) == 1 else np.unique(np.concatenate(hits))

    def _context_keys(self, text: str) -> set[str]:
        cached = self.cache.setdefault("context-keys", {})
        keys = cached.get(text)  # type: ignore[union-attr]
        if keys is None:
            keys = set()
            for token in tokenize(text):
                if token.word not in STOP_WORDS:
                    keys |= self.analyzer.forms(token.word).stems
                    vocabulary = self.analyzer.vocabulary
                    keys |= {stem(token.word[:end]) for end in range(4, len(token.word))
                             if token.word[:end] in vocabulary}  # Ålesund|regionen
            cached[text] = keys  # type: ignore[index]
        return keys

    def has_phrase(self, docnum: int, words: tuple[str, ...]) -> bool:
        """True when the item's text holds the phrase (each word as written or stemmed)."""
        item = self._items[self.ord_of_docnum()[docnum]]
        return bool(phrase_starts(words_of(item.text), words))

    def browse_order(self, keep: np.ndarray) -> np.ndarray:
        """Document numbers under the mask: advice first, then corpus order."""
        def make() -> np.ndarray:
            order = np.asarray(self.ord_of_docnum(), dtype=np.int64)
            advice = np.array([self._items[o].kind != "advice" for o in order], dtype=np.int8)
            return np.lexsort((order, advice))
        ranked: np.ndarray = self._cached("browse", make)  # type: ignore[assignment]
        return ranked[keep[ranked]]

    def corrections(self, word: str, limit: int = 3) -> list[str]:
        """Corpus words within 1 (2 for 8+ letters) edits of ``word``, the likeliest first.

        Only words of about the same length and the same first letter are compared.
        """
        by_key: dict[tuple[str, int], list[str]] = self._cached(  # type: ignore[assignment]
            "spelling", self._spelling_buckets)
        maxdist = 1 if len(word) < 8 else 2
        near = []
        for size in range(len(word) - maxdist, len(word) + maxdist + 1):
            for other in by_key.get((word[:1], size), ()):
                if other != word and _within(other, word, maxdist):
                    near.append(other)
        scorer = self.scorer()
        with self.reader_lock:
            frequency = {w: scorer.doc_frequency("exact", w) for w in near}
        near.sort(key=lambda w: (_edits(w, word), -frequency[w], w))
        return near[:limit]

    def _spelling_buckets(self) -> dict[tuple[str, int], list[str]]:
        buckets: dict[tuple[str, int], list[str]] = {}
        for word in sorted(self.analyzer.vocabulary):
            buckets.setdefault((word[:1], len(word)), []).append(word)
        return buckets

    def fold_map(self) -> dict[str, set[str]]:
        """ASCII-folded form → the corpus words it may stand for (moteplass → møteplass)."""
        cached = self.cache.get("fold")
        if cached is None:
            cached = {}
            for word in self.analyzer.vocabulary:
                for key in {fold(word), fold(stem(normalize(word)))}:
                    cached.setdefault(key, set()).add(word)
            self.cache["fold"] = cached
        return cached  # type: ignore[return-value]

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


def _edits(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count one)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _within(a: str, b: str, maxdist: int) -> bool:
    """Whether the edit distance is at most ``maxdist``, giving up on a row past it."""
    if abs(len(a) - len(b)) > maxdist:
        return False
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > maxdist:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= maxdist
