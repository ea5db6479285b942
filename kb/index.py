"""The Whoosh index: schema version, atomic build in shards, open, staleness.

Layout of an index folder::

    index/current          name of the build being served (replaced atomically)
    index/build-<stamp>/   a complete build: ``shard-<k>/`` Whoosh indexes, ``kb.pickle``,
                           ``lengths.npy``
    index/tmp-<stamp>/     a build in progress (removed when it fails)

``kb.pickle`` holds what search needs besides Whoosh: the items, documents and
taxonomy (so the index serves without the corpus), the analyzer state (so a
query is analysed exactly as the index was), the schema version and the corpus
fingerprint. A build writes a fresh folder and swaps ``current`` only when it is
complete, so a failed build leaves the old index serving, and readers of the
old build keep working (the build before the current one is kept). Each shard
is written by :mod:`kb.segmentwriter` (schema, codec, segment writer), whose
public names are re-exported here.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh import index as whoosh_index

from kb import apertium
from kb.analysis import Analyzer
from kb.errors import IndexBuildError, KbError
from kb.forked import run_forked
from kb.models import Document, Item
from kb.segmentwriter import TERM_FIELDS, BuildCodec, TermsWriter, make_schema, write_shard
from kb.synonyms import FILE_NAME as SYNONYMS_FILE
from kb.synonyms import load_synonyms

if TYPE_CHECKING:
    from kb.searchindex import SearchIndex

__all__ = ["BM25_B", "BM25_K1", "LENGTHS", "MAX_SHARDS", "POINTER", "SCHEMA_VERSION",
           "SHARD_MIN_ITEMS", "SIDECAR", "TERM_FIELDS", "BuildCodec", "Built", "Progress",
           "TermsWriter", "analysis_key", "build_index", "ensure_index", "index_state",
           "make_schema", "needs_rebuild", "open_index", "open_searchers", "read_pointer",
           "write_index", "write_shard"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3
# Items are short and a long paragraph is not less relevant for being long: a
# milder length normalisation than BM25's usual B=0.75.
BM25_B = 0.4
BM25_K1 = 1.2
POINTER = "current"
SIDECAR = "kb.pickle"
LENGTHS = "lengths.npy"  # terms per scored field per item (BM25 length normalisation)
SHARD_MIN_ITEMS = 5000  # a corpus this big is written as parallel shards, one per core
MAX_SHARDS = 4
Progress = Callable[[int, int], None]


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


def read_pointer(index_dir: Path) -> Path | None:
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
    # fork() is unsafe in a threaded process (and warned about from Python 3.12 on).
    can_fork = hasattr(os, "fork") and (sys.version_info < (3, 12)
                                        or threading.active_count() == 1)
    if count >= SHARD_MIN_ITEMS and can_fork:
        shards = max(1, min(os.cpu_count() or 1, MAX_SHARDS))
    step = -(-count // shards) if count else 1
    return [(lo, min(lo + step, count)) for lo in range(0, max(count, 1), step)]


def _write_shards(folder: Path, items: list[Item], analyzer: Analyzer,
                  progress: Progress | None, meanwhile: Callable[[], None]) -> np.ndarray:
    """Write the items as shards ``shard-<k>`` (in forked processes when there are
    many; ``meanwhile`` runs here while they work, else after the one shard); return
    the field lengths of every item. Raises OSError when a shard fails."""
    ranges = _shard_ranges(len(items))
    total = len(items)
    if len(ranges) == 1:
        seen = [0]

        def done(count: int) -> None:
            seen[0] += count
            if progress is not None:
                progress(min(seen[0], total), total)

        lengths = write_shard(folder / "shard-0", items, analyzer, 0, total, done)
        meanwhile()
        if progress is not None:
            progress(total, total)
        return lengths
    analyzer.close()  # the children start their own Apertium processes if they need any
    jobs = [partial(write_shard, folder / f"shard-{k}", items, analyzer, lo, hi)
            for k, (lo, hi) in enumerate(ranges)]
    parts = run_forked(jobs, total, progress, meanwhile, name="shard writer",
                       child_exit=analyzer.close)
    if progress is not None:
        progress(total, total)
    return np.concatenate(parts, axis=1)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a build, then restore it.

    A build allocates millions of objects that live until its end (items, terms,
    postings); the collector would walk them again and again to find no cycles
    (a third of a 100,000-item build). Forked shard writers inherit the pause.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_index(items: list[Item], documents: list[Document], taxonomy: object,
                analyzer: Analyzer, fingerprint: str, index_dir: Path, *,
                progress: Progress | None = None) -> Path:
    """Write a complete build of ``items`` beside the served one and swap it in.

    Returns the new build folder. Raises IndexBuildError (the old index keeps
    serving) when anything fails.
    """
    with _collector_paused():
        return _write_index(items, documents, taxonomy, analyzer, fingerprint, index_dir,
                            progress)


def _write_index(items: list[Item], documents: list[Document], taxonomy: object,
                 analyzer: Analyzer, fingerprint: str, index_dir: Path,
                 progress: Progress | None) -> Path:
    index_dir.mkdir(parents=True, exist_ok=True)
    stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**9}"
    tmp = index_dir / f"tmp-{stamp}"
    final = index_dir / f"build-{stamp}"
    try:
        tmp.mkdir()
        analyzer.prepare([it.text for it in items])

        def write_sidecar() -> None:
            built = Built(SCHEMA_VERSION, analysis_key(), fingerprint, list(items),
                          list(documents), taxonomy, analyzer)
            with (tmp / SIDECAR).open("wb") as out:
                pickle.dump(built, out, protocol=pickle.HIGHEST_PROTOCOL)

        lengths = _write_shards(tmp, items, analyzer, progress, write_sidecar)
        np.save(tmp / LENGTHS, lengths)
        tmp.replace(final)
        previous = read_pointer(index_dir)
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
    with _collector_paused():
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
    path = read_pointer(Path(index_dir))
    if path is None:
        return None
    try:
        with (path / SIDECAR).open("rb") as src:
            built = pickle.load(src)
    except Exception as error:  # unpickling a damaged file can raise almost anything
        log.warning("index sidecar %s unreadable (%s); the index will be rebuilt",
                    path / SIDECAR, error)
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
    from kb.searchindex import SearchIndex

    return SearchIndex(Path(index_dir))


def open_searchers(path: Path) -> list[Any]:
    """One Whoosh searcher per shard of a build folder; raises IndexBuildError."""
    shards = sorted(path.glob("shard-*"), key=lambda d: int(d.name.split("-")[1]))
    try:
        if not shards:
            raise OSError("no shard folder")
        return [whoosh_index.open_dir(str(d)).searcher() for d in shards]
    except (OSError, ValueError, whoosh_index.IndexError, AttributeError, ImportError,
            pickle.UnpicklingError) as error:
        raise IndexBuildError(f"cannot open the index in {path}: {error}") from error


def __getattr__(name: str) -> Any:
    """``kb.index.SearchIndex`` (defined in :mod:`kb.searchindex`)."""
    if name == "SearchIndex":
        from kb.searchindex import SearchIndex

        return SearchIndex
    raise AttributeError(f"module 'kb.index' has no attribute {name!r}")
