"""Index: the corpus folder -> a complete, atomically swapped build on disk.

Takes the corpus (documents, items, taxonomy) and the analysis, writes one
Whoosh index a shard (in parallel for big corpora) beside a sidecar of what
search needs besides Whoosh, and points ``index/current`` at it only when it is
whole; a failed build leaves the served one untouched.

Public names: :func:`build_index`, :func:`write_index`, the on-disk state
:func:`needs_rebuild`, :func:`index_state`, :func:`read_pointer`,
:func:`open_searchers`, :class:`Built`, :data:`SCHEMA_VERSION`, and the shard
writer :func:`write_shard`, :class:`TermsWriter`, :func:`make_schema`,
:data:`TERM_FIELDS`, and :class:`TerminalProgress` (a build's progress bar).
"""

from kb.index.build import Progress, build_index, write_index
from kb.index.progressbar import TerminalProgress
from kb.index.segments import TERM_FIELDS, BuildCodec, TermsWriter, make_schema, write_shard
from kb.index.store import (
    SCHEMA_VERSION,
    Built,
    index_state,
    needs_rebuild,
    open_searchers,
    read_pointer,
)

__all__ = ["SCHEMA_VERSION", "TERM_FIELDS", "BuildCodec", "Built", "Progress", "TerminalProgress",
           "TermsWriter", "build_index", "index_state", "make_schema", "needs_rebuild",
           "open_searchers", "read_pointer", "write_index", "write_shard"]
