"""Index: the corpus folder -> a complete, atomically swapped build on disk.

Takes the corpus (documents, items, taxonomy), the analysis and, where it
loads, the model of meaning (:mod:`kb.semantic`); writes one Whoosh index a
shard (in parallel for big corpora) beside a sidecar of what search needs
besides Whoosh and the items' passage vectors (their themes completed by the
learnt tagger), and points ``index/current`` at it only when it is whole; a
failed build leaves the served one untouched.

Public names: :func:`build_index`, :func:`write_index`, the on-disk state
:func:`needs_rebuild`, :func:`index_state`, :func:`read_pointer`,
:func:`read_vectors`, :func:`open_searchers`, :func:`open_build` (a whole build, checked
against its manifest: :func:`damage`), :class:`Built`, :class:`SemanticInfo`,
:data:`SCHEMA_VERSION`, :func:`theme_evidence` and :func:`format_explanation` (why an
item has each theme), the shard writer :func:`write_shard`, :class:`TermsWriter`,
:func:`make_schema`, :data:`TERM_FIELDS`, and :class:`TerminalProgress` (a build's
progress bar); the build lock's :data:`LOCK_WAIT_S` and :class:`IndexNotWritable`.
"""

from kb.index.build import Progress, build_index, write_index
from kb.index.explain import format_explanation, theme_evidence
from kb.index.lock import LOCK_WAIT_S, IndexNotWritable
from kb.index.progressbar import TerminalProgress
from kb.index.segments import TERM_FIELDS, BuildCodec, TermsWriter, make_schema, write_shard
from kb.index.store import (
    SCHEMA_VERSION,
    Built,
    OpenBuild,
    damage,
    index_state,
    needs_rebuild,
    open_build,
    open_searchers,
    read_pointer,
    read_vectors,
)
from kb.index.vectors import SemanticInfo

__all__ = ["LOCK_WAIT_S", "SCHEMA_VERSION", "TERM_FIELDS", "BuildCodec", "Built",
           "IndexNotWritable", "OpenBuild", "Progress", "SemanticInfo", "TerminalProgress",
           "TermsWriter", "build_index", "damage", "format_explanation", "index_state",
           "make_schema", "needs_rebuild", "open_build", "open_searchers", "read_pointer",
           "read_vectors", "theme_evidence", "write_index", "write_shard"]
