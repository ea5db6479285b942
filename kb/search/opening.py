"""Opening the index: the served build as it is, or built first when it must be.

:func:`open_index` opens the served build (refusing a damaged one);
:func:`ensure_index` builds it first when it is missing, damaged or stale, and
serves a stale but whole index with a warning where the index folder cannot be
written (read-only, no permission).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from kb.errors import IndexBuildError
from kb.index import IndexNotWritable, Progress, build_index, store
from kb.search.searcher import SearchIndex

log = logging.getLogger(__name__)


def open_index(index_dir: Path) -> SearchIndex:
    """Open the served build; raises IndexBuildError when there is none or it is damaged."""
    return SearchIndex(Path(index_dir))


def ensure_index(corpus_dir: Path, index_dir: Path, progress: Progress | None = None,
                 warn: Callable[[str], object] | None = None,
                 embedding_progress: Progress | None = None) -> SearchIndex:
    """Open the index, building it first when missing, damaged, stale or behind the corpus.

    A build tells ``progress`` and ``embedding_progress`` how it goes (see
    :func:`kb.index.build.build_index`).

    Where the index folder cannot be written, a whole index of this schema is opened
    as it is with a warning, given to ``warn`` (the command line prints it on stderr)
    or else logged. Raises what
    :func:`kb.index.build.build_index` raises (IndexBuildError), and IndexBuildError
    when the index cannot be rebuilt and cannot be served.
    """
    # The served build is opened (and its sidecar read) once: when it is whole and
    # current, that is the index; else it is closed and rebuilt.
    try:
        index = open_index(index_dir)
    except IndexBuildError as unusable:  # none, damaged or of another schema
        log.info("%s; building it", unusable)  # a damaged one was logged when found
    else:
        if store.is_current(index.built, corpus_dir):
            return index
        index.close()
    try:
        build_index(corpus_dir, index_dir, progress=progress, force=False,
                    embedding_progress=embedding_progress)
    except IndexNotWritable as error:
        try:
            index = open_index(index_dir)
        except IndexBuildError as unusable:
            raise IndexBuildError(f"{unusable}; and it cannot be rebuilt: {error}") from error
        message = (f"the index in {index_dir} is stale (the corpus or the analysis "
                   f"changed) and could not be rebuilt: {error}; serving it as it is")
        if warn is not None:
            warn(message)
        else:
            log.warning("%s", message)
        return index
    return open_index(index_dir)
