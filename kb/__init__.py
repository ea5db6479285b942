"""Byregion lessons-learned knowledge base.

The package is the pipeline, one subpackage a stage::

    raw page ─ ingest ─▶ corpus/*.md ─ index ─▶ index/ ─ search ─▶ web · api · cli
                          (corpus, themes)    (analysis, semantic)

- :mod:`kb.ingest`: bytes of a page -> :class:`~kb.models.Document` -> corpus files
- :mod:`kb.harvest`: region pages on the web -> their main text -> :mod:`kb.ingest`
- :mod:`kb.corpus`: the corpus folder <-> documents and items
- :mod:`kb.themes`: the theme taxonomy and the explainable tagger
- :mod:`kb.analysis`: Norwegian analysis shared by index and query
- :mod:`kb.semantic`: text -> sentence vectors (the pinned model of meaning; optional)
- :mod:`kb.index`: the corpus -> an atomic on-disk build
- :mod:`kb.search`: an open build -> ranked, faceted, highlighted results
- :mod:`kb.web`: the Flask UI and JSON API; :mod:`kb.cli`: the ``kb`` command
- :mod:`kb.measure`: search quality (``kb eval``) and speed (``kb bench``)

Shared by every stage: :mod:`kb.models`, :mod:`kb.vocabulary`, :mod:`kb.errors`,
:mod:`kb.config`, :mod:`kb.tomlfile`.
"""

__version__ = "0.1.0"
