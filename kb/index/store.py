"""The on-disk state of an index folder: which build is served, its sidecar, its shards.

Layout of an index folder::

    index/current          name of the build being served (replaced atomically)
    index/build-<stamp>/   a complete build: ``shard-<k>/`` Whoosh indexes, ``kb.pickle``,
                           ``lengths.npy``, ``vectors.npy`` (when built with a model) and
                           ``manifest.json``, the size and SHA-256 of each of them
    index/tmp-<stamp>-<pid>-<ns>/  a build in progress (removed when it fails, and by
                           the next build when its process was killed)
    index/build.lock       held (flock) by the one build running (:mod:`kb.index.lock`)
    index/vectors-<model>.npz  passage vectors by text hash (:mod:`kb.semantic.cache`)

``kb.pickle`` holds what search needs besides Whoosh: the items, documents,
taxonomy, municipalities and region registry (so the index serves without the corpus), the analyzer
state (so a query is analysed exactly as the index was), the schema version and the corpus
fingerprint, the model the vectors were made with (or why there are none) and the
evidence of the themes the vectors added. A build whose files do not match its
manifest (:mod:`kb.index.manifest`) is damaged: it is never served, and counts as
missing for :func:`index_state` and :func:`needs_rebuild`. Whoosh's files are read
without ``mmap``, so a file damaged under a running server gives errors, never a
SIGBUS. Both the build (:mod:`kb.index.build`) and the searcher
(:mod:`kb.search.searcher`) read and write this state through this module only.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import pickle
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.filedb.filestore import FileStorage

from kb.analysis import Analyzer, apertium
from kb.corpus import Municipalities, Registry, corpus_fingerprint
from kb.errors import IndexBuildError
from kb.index.manifest import verify_build
from kb.index.vectors import SemanticInfo
from kb.models import Document, Item
from kb.semantic import semantic_key
from kb.themes import Evidence, Taxonomy

log = logging.getLogger(__name__)

# 5: vectors, the model id and theme evidence in the sidecar; 6: manifest; 7: municipalities;
# 8: the region registry; 9: learnt theme evidence, the taxonomy's labelled advice;
# 10: far derivation roots of -ikk/-iker/-isk words in the part field; 11: the learnt
# tagger reads the wording too (themes may differ; evidence names the words)
SCHEMA_VERSION = 11
POINTER = "current"
SIDECAR = "kb.pickle"
LENGTHS = "lengths.npy"  # terms per scored field per item (BM25 length normalisation)
VECTORS = "vectors.npy"  # passage vectors, one row per item in item order (float32)


def analysis_key(semantic: str | None = None) -> str:
    """What an index's analysis depends on besides the corpus (a change means rebuild):
    the schema, Apertium, and ``semantic``, the model id of the vectors or ``off``
    (default: what :func:`kb.semantic.semantic_key` says now, loading the model)."""
    semantic = semantic_key() if semantic is None else semantic
    return f"v{SCHEMA_VERSION}-apertium={int(apertium.available())}-semantic={semantic}"


@dataclass
class Built:
    """The sidecar of one build.

    ``semantic`` says which model made ``vectors.npy`` (``model_id`` None: the build
    has no vectors, and ``note`` why); ``evidence`` holds, by item id, why the vectors
    gave an item a theme (cue themes are explained from ``taxonomy``, see
    :func:`kb.index.explain.theme_evidence`); ``municipalities`` are the regions'
    municipalities (:mod:`kb.corpus.municipalities`) and ``registry`` the region registry
    (``regions.toml``: every region of the programme listed), so that no page reads the
    corpus.
    """

    schema_version: int
    analysis_key: str
    fingerprint: str
    items: list[Item]
    documents: list[Document]
    taxonomy: Taxonomy
    analyzer: Analyzer
    semantic: SemanticInfo = SemanticInfo(None, "built without a model")
    evidence: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)
    built_at: dt.datetime | None = None  # when the build was made (UTC); None in older builds
    municipalities: Municipalities = field(default_factory=Municipalities)
    registry: Registry = field(default_factory=lambda: Registry([]))


def read_pointer(index_dir: Path) -> Path | None:
    """The build folder ``index/current`` names, or None when there is none (or no sidecar)."""
    try:
        name = (index_dir / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = index_dir / name
    return path if name and (path / SIDECAR).exists() else None


def write_pointer(index_dir: Path, name: str) -> None:
    """Point ``index/current`` at the build folder ``name`` (atomic replace). Raises OSError."""
    tmp = index_dir / f".{POINTER}.{os.getpid()}.{threading.get_ident()}"
    tmp.write_text(name + "\n", encoding="utf-8")
    tmp.replace(index_dir / POINTER)


def read_sidecar(path: Path) -> Built | None:
    """The sidecar of the build folder ``path``, or None when it cannot be read."""
    try:
        with (path / SIDECAR).open("rb") as src:
            built = pickle.load(src)
    except Exception as error:  # unpickling a damaged file can raise almost anything
        log.warning("index sidecar %s unreadable (%s); the index will be rebuilt",
                    path / SIDECAR, error)
        return None
    return built if isinstance(built, Built) else None


def damage(path: Path) -> str | None:
    """What is wrong with the files of the build folder ``path`` (see
    :func:`kb.index.manifest.verify_build`), or None when it is whole. Never raises."""
    return verify_build(path)


def index_state(index_dir: Path) -> Built | None:
    """The sidecar of the served build, or None when there is none, it cannot be read or
    the build is damaged (logged)."""
    path = read_pointer(Path(index_dir))
    if path is None:
        return None
    problem = damage(path)
    if problem is not None:
        log.warning("index build %s is damaged (%s); it will be rebuilt", path, problem)
        return None
    return read_sidecar(path)


def read_vectors(path: Path) -> np.ndarray | None:
    """The passage vectors of the build folder ``path`` (read into memory, not mapped: a
    file damaged later cannot stop the process; item order), or None when it has none or
    they cannot be read."""
    try:
        vectors: np.ndarray = np.load(path / VECTORS, allow_pickle=False)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        log.warning("index vectors %s unreadable (%s): searching without them",
                    path / VECTORS, error)
        return None
    return vectors


def is_current(built: Built, corpus_dir: Path) -> bool:
    """True when ``built`` has this schema and analysis (the semantic model included) and
    was built from the corpus as it is now."""
    return (built.schema_version == SCHEMA_VERSION and built.analysis_key == analysis_key()
            and built.fingerprint == corpus_fingerprint(Path(corpus_dir)))


def needs_rebuild(corpus_dir: Path, index_dir: Path) -> bool:
    """True when there is no index, it is damaged, its schema/analysis is stale (the
    semantic model became available or went away included), or the corpus changed."""
    built = index_state(index_dir)
    return built is None or not is_current(built, corpus_dir)


def open_searchers(path: Path) -> list[Any]:
    """One Whoosh searcher per shard of a build folder, reading its files without mmap;
    raises IndexBuildError."""
    shards = sorted(path.glob("shard-*"), key=lambda d: int(d.name.split("-")[1]))
    searchers: list[Any] = []
    try:
        if not shards:
            raise OSError("no shard folder")
        for shard in shards:
            storage = FileStorage(str(shard), supports_mmap=False, readonly=True)
            searchers.append(storage.open_index().searcher())
        return searchers
    except Exception as error:  # a damaged segment can raise almost anything
        for searcher in searchers:
            searcher.close()
        raise IndexBuildError(f"cannot open the index in {path}: {error}") from error




@dataclass
class OpenBuild:
    """One build opened whole: its folder, sidecar, field lengths (fields x items) and
    one Whoosh searcher per shard, all of the same build."""

    path: Path
    built: Built
    lengths: np.ndarray
    searchers: list[Any]


def open_build(index_dir: Path) -> OpenBuild:
    """Open the build ``index/current`` names, reading the pointer once, after checking its
    files against its manifest. Raises IndexBuildError when there is none, it is damaged,
    of another schema or cannot be read."""
    path = read_pointer(Path(index_dir))
    if path is None:
        raise IndexBuildError(f"no usable index in {index_dir}: run 'kb build'")
    problem = damage(path)
    if problem is not None:
        raise IndexBuildError(f"the index build {path} is damaged ({problem}): "
                              f"run 'kb build' to rebuild it from the corpus")
    built = read_sidecar(path)
    if built is None or built.schema_version != SCHEMA_VERSION:
        raise IndexBuildError(f"no usable index in {index_dir}: run 'kb build'")
    try:
        lengths: np.ndarray = np.load(path / LENGTHS, allow_pickle=False)
    except (OSError, ValueError, EOFError) as error:
        raise IndexBuildError(f"cannot read {path / LENGTHS}: {error}") from error
    if lengths.ndim != 2 or lengths.shape[1] != len(built.items):
        raise IndexBuildError(f"{path / LENGTHS} has shape {lengths.shape}, not one column "
                              f"per item ({len(built.items)})")
    return OpenBuild(path, built, lengths, open_searchers(path))
