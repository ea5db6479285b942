"""Passage vectors cached by text hash, one file per model, so a rebuild embeds only new text.

The file lives in the index folder, beside (not inside) the build folders::

    index/vectors-<model>.npz   keys (sha1 of the text, 20 bytes a row), vectors, model id

It is written whole to a temporary file and renamed over the old one, so a
reader never sees half a file and a failed write leaves the old cache. Rows the
last use did not need are dropped once they outnumber the rows it did need (and
more than :data:`SPARE_ROWS` of them), so the file follows the corpus.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

SPARE_ROWS = 10_000
EMBED_CHUNK = 64  # texts given to the model at a time, so that progress can be told
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def text_key(text: str) -> bytes:
    """The cache key of a passage: the sha1 of its UTF-8 text."""
    return hashlib.sha1(text.encode("utf-8")).digest()


def cache_path(folder: Path, model_id: str) -> Path:
    """Where the cache of ``model_id`` lives in the index folder ``folder``."""
    return Path(folder) / f"vectors-{_UNSAFE.sub('_', model_id)}.npz"


@dataclass(frozen=True)
class Lookup:
    """What :meth:`VectorCache.vectors` did: rows asked for, rows embedded now, seconds."""

    texts: int
    embedded: int
    seconds: float

    @property
    def rate(self) -> float:
        """Texts embedded per second (0.0 when nothing was embedded)."""
        return self.embedded / self.seconds if self.embedded and self.seconds > 0 else 0.0


class VectorCache:
    """The passage vectors of one model in one index folder.

    :meth:`vectors` gives the vectors of texts, embedding only those not cached;
    :meth:`save` writes the cache back (atomically).
    """

    def __init__(self, folder: Path, model_id: str, dim: int) -> None:
        self.path = cache_path(folder, model_id)
        self.model_id = model_id
        self.dim = dim
        self._rows: dict[bytes, np.ndarray] = {}
        self._used: set[bytes] = set()
        self._dirty = False
        self._lock = threading.Lock()
        self._read()

    def __len__(self) -> int:
        return len(self._rows)

    def _read(self) -> None:
        try:
            with np.load(self.path, allow_pickle=False) as data:
                model = str(data["model"])
                keys, vectors = data["keys"], data["vectors"]
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
            log.warning("vector cache %s unreadable (%s): starting a new one", self.path, error)
            return
        if model != self.model_id or vectors.ndim != 2 or vectors.shape[1] != self.dim \
                or len(keys) != len(vectors):
            log.warning("vector cache %s is of another model or shape: starting a new one",
                        self.path)
            return
        self._rows = {bytes(k): v for k, v in zip(keys, vectors, strict=True)}

    def missing(self, texts: Sequence[str]) -> int:
        """How many distinct texts of ``texts`` are not cached (would be embedded)."""
        keys = {text_key(t) for t in texts}
        with self._lock:
            return sum(k not in self._rows for k in keys)

    def vectors(self, texts: Sequence[str], embed: Callable[[Sequence[str]], np.ndarray],
                progress: Callable[[int], object] | None = None) -> tuple[np.ndarray, Lookup]:
        """Return the (len(texts), dim) float32 vectors of ``texts`` and what it took.

        Texts not cached are embedded by ``embed`` (each distinct text once,
        :data:`EMBED_CHUNK` at a time) and added; ``progress(n)`` is told the number
        embedded after each chunk. Raises what ``embed`` raises, and ValueError
        when it returns the wrong shape.
        """
        keys = [text_key(t) for t in texts]
        with self._lock:
            missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._rows}
        start = time.perf_counter()
        todo = list(missing.items())
        for first in range(0, len(todo), EMBED_CHUNK):
            chunk = todo[first:first + EMBED_CHUNK]
            new = np.asarray(embed([text for _, text in chunk]), dtype=np.float32)
            if new.shape != (len(chunk), self.dim):
                raise ValueError(f"the model gave vectors of shape {new.shape}, "
                                 f"expected {(len(chunk), self.dim)}")
            with self._lock:
                self._rows.update(zip((key for key, _ in chunk), new, strict=True))
                self._dirty = True
            if progress is not None:
                progress(first + len(chunk))
        seconds = time.perf_counter() - start
        with self._lock:
            self._used.update(keys)
            out = (np.stack([self._rows[k] for k in keys]) if keys
                   else np.zeros((0, self.dim), dtype=np.float32))
        return out.astype(np.float32, copy=False), Lookup(len(texts), len(missing), seconds)

    def save(self) -> None:
        """Write the cache when it changed (atomic rename); log, never raise, on failure."""
        with self._lock:
            spare = len(self._rows) - len(self._used)
            if spare > max(len(self._used), SPARE_ROWS):
                self._rows = {k: v for k, v in self._rows.items() if k in self._used}
                self._dirty = True
            if not self._dirty:
                return
            keys = np.frombuffer(b"".join(self._rows), dtype=np.uint8).reshape(-1, 20)
            vectors = (np.stack(list(self._rows.values())) if self._rows
                       else np.zeros((0, self.dim), dtype=np.float32))
            self._dirty = False
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}")
        try:
            with tmp.open("wb") as out:
                np.savez(out, keys=keys, vectors=vectors, model=np.array(self.model_id))
            tmp.replace(self.path)
        except OSError as error:
            tmp.unlink(missing_ok=True)
            log.warning("vector cache %s not written: %s", self.path, error)
