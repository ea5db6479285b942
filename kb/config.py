"""Where the corpus and the index live.

Defaults are the project's ``corpus/`` and ``index/`` folders; the environment
variables ``KB_CORPUS_DIR`` / ``KB_INDEX_DIR`` and the CLI options ``--corpus`` /
``--index`` override them.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"


def corpus_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the corpus folder: ``override``, else ``$KB_CORPUS_DIR``, else ``corpus/``."""
    if override:
        return Path(override)
    env = os.environ.get("KB_CORPUS_DIR")
    return Path(env) if env else PROJECT_ROOT / "corpus"


def index_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the index folder: ``override``, else ``$KB_INDEX_DIR``, else ``index/``."""
    if override:
        return Path(override)
    env = os.environ.get("KB_INDEX_DIR")
    return Path(env) if env else PROJECT_ROOT / "index"
