"""Where the corpus and the index live, the import size limit and the served base URL.

Defaults are the project's ``corpus/`` and ``index/`` folders; the environment
variables ``KB_CORPUS_DIR`` / ``KB_INDEX_DIR`` and the CLI options ``--corpus`` /
``--index`` override them. ``KB_MAX_PAGE_BYTES`` (``kb import --max-bytes``) sets
the largest page import reads; ``KB_BASE_URL`` (``kb serve --base-url``) the
address the API's CSV links start with (default: none, the links are relative).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from kb.errors import KbError
from kb.vocabulary import DEFAULT_MAX_PAGE_BYTES, is_web_url

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


class SettingError(KbError):
    """A setting from the environment that cannot be used; the message names the variable."""


def max_page_bytes(override: int | None = None) -> int:
    """Return the largest page ``kb import`` reads, in bytes: ``override``, else
    ``$KB_MAX_PAGE_BYTES``, else :data:`~kb.vocabulary.DEFAULT_MAX_PAGE_BYTES`.

    Raises :class:`SettingError` when the variable is not a whole number of at least 1.
    """
    if override is not None:
        return override
    env = os.environ.get("KB_MAX_PAGE_BYTES", "").strip()
    if not env:
        return DEFAULT_MAX_PAGE_BYTES
    if not env.isdigit() or int(env) < 1:
        raise SettingError(f"KB_MAX_PAGE_BYTES must be a whole number of bytes (at least 1), "
                           f"not {env[:40]!r}")
    return int(env)


def base_url(override: str | None = None, name: str = "--base-url") -> str:
    """Return the base URL links in exports start with, without a trailing '/':
    ``override`` (a setting called ``name``), else ``$KB_BASE_URL``, else "" (relative
    links).

    Raises :class:`SettingError` naming the setting when the value is not an http(s)
    address with a host, or has a query or fragment.
    """
    if override is None:
        override, name = os.environ.get("KB_BASE_URL", ""), "KB_BASE_URL"
    value = override.strip()
    if value and (not is_web_url(value) or urlsplit(value).query or urlsplit(value).fragment):
        raise SettingError(f"{name} must be an http:// or https:// address with a host and "
                           f"no query or fragment, not {value[:80]!r}")
    return value.rstrip("/")
