"""Byregion lessons-learned knowledge base.

The pipeline, one module a stage: raw page -> ``importer`` -> corpus Markdown
(``corpus``) -> ``index`` -> ``search`` -> web / API / CLI.
"""

__version__ = "0.1.0"
