"""Building an index: the corpus folder -> a complete build folder, swapped in atomically.

One build at a time holds the index folder's build lock (:mod:`kb.index.lock`; a
second waits, bounded); under it a build first removes the ``tmp-*`` folders of
killed builds, then writes a fresh ``tmp-*`` folder beside the served one, ends it
with the checksums of its files (:mod:`kb.index.manifest`) and swaps
``index/current`` (see :mod:`kb.index.store`) only when it is complete, so a
failed build leaves the old index serving. Clean-up never removes the build
``current`` names, any build newer than it, or the one before it (readers of the
old build keep working). Each shard is written by
:mod:`kb.index.segments`; a big corpus is written in parallel shards by forked
writers (:mod:`kb.index.forked`). Before them, a build with a model of meaning
embeds the items and adds the themes their vectors give (:mod:`kb.index.vectors`).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import pickle
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Literal

import numpy as np

import kb.index.store as store
from kb.analysis import Analyzer, load_related, load_synonyms
from kb.analysis.related import FILE_NAME as RELATED_FILE
from kb.analysis.synonyms import FILE_NAME as SYNONYMS_FILE
from kb.corpus import (
    Municipalities,
    Registry,
    collect_municipalities,
    corpus_fingerprint,
    load_corpus,
)
from kb.errors import IndexBuildError, KbError
from kb.index.forked import run_forked
from kb.index.lock import LOCK_WAIT_S, IndexNotWritable, build_lock, remove_dead_builds
from kb.index.manifest import write_manifest
from kb.index.segments import write_shard
from kb.index.vectors import SemanticInfo, add_meaning
from kb.models import Document, Item
from kb.semantic import Embedder, load_embedder, unavailable_reason
from kb.themes import Taxonomy

SHARD_MIN_ITEMS = 5000  # a corpus this big is written as parallel shards, one per core
MAX_SHARDS = 4
Progress = Callable[[int, int], None]
SemanticReport = Callable[[SemanticInfo], None]


Waiting = Callable[[str], None]


def _clean_old_builds(index_dir: Path, previous: Path | None) -> None:
    """Remove the builds older than the one ``index/current`` names now, except ``previous``
    (the one served before it). Keeps everything when the pointer names no build."""
    current = store.read_pointer(index_dir)
    if current is None:
        return
    try:
        cutoff = current.stat().st_mtime  # a build's folder is last changed when it completes
    except OSError:
        return
    keep = {current.name} | ({previous.name} if previous is not None else set())
    for path in index_dir.glob("build-*"):
        try:
            if path.name in keep or path.stat().st_mtime >= cutoff:
                continue
        except OSError:
            continue
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


def write_index(items: list[Item], documents: list[Document], taxonomy: Taxonomy,
                analyzer: Analyzer, fingerprint: str, index_dir: Path, *,
                progress: Progress | None = None, embedder: Embedder | None = None,
                semantic_note: str = "", on_semantic: SemanticReport | None = None,
                wait: float = LOCK_WAIT_S, waiting: Waiting | None = None,
                municipalities: Municipalities | None = None,
                registry: Registry | None = None,
                embedding_progress: Progress | None = None) -> Path:
    """Write a complete build of ``items`` beside the served one and swap it in.

    With ``embedder`` the build has vectors and the themes they add; without, none
    (``semantic_note`` says why). ``municipalities`` default to those of the documents'
    facts, ``registry`` (the region registry the pages list regions from) to an empty
    one. ``progress(done, total)`` follows the items written, ``embedding_progress``
    the texts the model embeds (see :func:`kb.index.vectors.add_meaning`), and
    ``on_semantic`` is told what the embedding did.
    ``wait`` and ``waiting``: see :func:`kb.index.lock.build_lock`. Returns the new
    build folder. Raises IndexBuildError (the old index keeps serving) when anything
    fails or another build holds the lock for longer than ``wait`` seconds.
    """
    if municipalities is None:
        municipalities = collect_municipalities(documents)
    with build_lock(Path(index_dir), wait, waiting), _collector_paused():
        return _write_index(items, documents, taxonomy, analyzer, fingerprint, index_dir,
                            progress, embedder, semantic_note, on_semantic, municipalities,
                            registry or Registry([]), embedding_progress)


def _context_texts(items: list[Item]) -> set[str]:
    """What a search reads of the items besides their text: the words naming where each
    stands (kb.search.context), its heading among them (the hits show it too)."""
    return {text for it in items
            for text in (*it.place_names(), *it.municipalities) if text}


def _write_index(items: list[Item], documents: list[Document], taxonomy: Taxonomy,
                 analyzer: Analyzer, fingerprint: str, index_dir: Path,
                 progress: Progress | None, embedder: Embedder | None, semantic_note: str,
                 on_semantic: SemanticReport | None, municipalities: Municipalities,
                 registry: Registry, embedding_progress: Progress | None) -> Path:
    index_dir.mkdir(parents=True, exist_ok=True)
    remove_dead_builds(index_dir)
    stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**9}"
    tmp = index_dir / f"tmp-{stamp}"
    final = index_dir / f"build-{stamp}"
    try:
        tmp.mkdir()
    except OSError as error:
        raise IndexNotWritable(f"the index folder {index_dir} cannot be written: "
                               f"{error.strerror or error}") from error
    try:
        meaning = add_meaning(items, taxonomy, embedder, index_dir, semantic_note,
                              embedding_progress)
        items = meaning.items
        if meaning.vectors is not None:
            np.save(tmp / store.VECTORS, meaning.vectors)
        analyzer.prepare([it.text for it in items])
        analyzer.warm(_context_texts(items))
        semantic = meaning.info

        def write_sidecar() -> None:
            built = store.Built(store.SCHEMA_VERSION,
                                store.analysis_key(semantic.model_id or "off"), fingerprint,
                                list(items), list(documents), taxonomy, analyzer, semantic,
                                meaning.evidence, dt.datetime.now(dt.UTC).replace(microsecond=0),
                                municipalities, registry)
            with (tmp / store.SIDECAR).open("wb") as out:
                pickle.dump(built, out, protocol=pickle.HIGHEST_PROTOCOL)

        lengths = _write_shards(tmp, items, analyzer, progress, write_sidecar)
        np.save(tmp / store.LENGTHS, lengths)
        write_manifest(tmp)
        tmp.replace(final)
        previous = store.read_pointer(index_dir)
        store.write_pointer(index_dir, final.name)
    except KbError as error:
        shutil.rmtree(tmp, ignore_errors=True)
        raise IndexBuildError(f"index build failed, the old index is kept: {error}") from error
    except (OSError, ValueError, RuntimeError, pickle.PicklingError) as error:
        shutil.rmtree(tmp, ignore_errors=True)
        raise IndexBuildError(f"index build failed in {index_dir}, the old index is kept: "
                              f"{error}") from error
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        analyzer.close()
    _clean_old_builds(index_dir, previous)
    if on_semantic is not None:
        on_semantic(semantic)
    return final


def build_index(corpus_dir: Path, index_dir: Path, *, progress: Progress | None = None,
                embedder: Embedder | None | Literal["auto"] = "auto",
                on_semantic: SemanticReport | None = None, force: bool = True,
                wait: float = LOCK_WAIT_S, waiting: Waiting | None = None,
                embedding_progress: Progress | None = None) -> Path:
    """Build the index of the corpus in ``index_dir`` atomically; return the build folder.

    ``progress(done, total)`` follows the items written and ``embedding_progress``
    the texts the model embeds first (none when all come from the vector cache).

    ``embedder`` "auto" uses :func:`kb.semantic.load_embedder` (none where the model
    cannot load); None builds without vectors. Without ``force``, a build that finds
    the index up to date once it holds the build lock (another build just made it)
    builds nothing and returns the served build. ``wait``, ``waiting``: see
    :func:`kb.index.lock.build_lock`. Raises IndexBuildError when the corpus cannot be
    read, the build fails or another build keeps the lock (IndexNotWritable when the
    index folder cannot be written); the previously served index is then untouched.
    """
    note = ""
    if embedder == "auto":
        embedder = load_embedder()
        note = (unavailable_reason() or "") if embedder is None else ""
    elif embedder is None:
        note = "built without a model (asked for)"
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    with build_lock(index_dir, wait, waiting), _collector_paused():
        served = store.read_pointer(index_dir)
        if not force and served is not None and not store.needs_rebuild(corpus_dir, index_dir):
            return served
        try:
            corpus = load_corpus(corpus_dir)
            synonyms = load_synonyms(corpus_dir / SYNONYMS_FILE)
            related = load_related(corpus_dir / RELATED_FILE)
            fingerprint = corpus_fingerprint(corpus_dir)
        except KbError as error:
            raise IndexBuildError(f"index not built, the old index is kept: {error}") from error
        return _write_index(corpus.items, corpus.documents, corpus.taxonomy,
                            Analyzer(synonyms, related=related), fingerprint, index_dir,
                            progress, embedder, note, on_semantic, corpus.municipalities,
                            corpus.registry, embedding_progress)


