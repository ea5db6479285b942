"""Ingest: the bytes of a captured page -> a :class:`~kb.models.Document` -> corpus files.

Takes a page as captured text, Markdown or HTML (any common encoding), finds its
sections (typo-tolerant headings), items, facts box and site boilerplate, and
``kb import`` saves the documents into the corpus folder, all or none.

Public names: :func:`parse_page` (text -> Document, pure), :func:`import_pages`
(files -> corpus), :func:`read_text` / :func:`decode` (bytes -> text),
:class:`PageHints`, :class:`ImportResult`, :func:`slug_from`, :func:`label_words`
(the fact labels it knows).
"""

from kb.ingest.facts import label_words
from kb.ingest.importer import import_pages
from kb.ingest.parse import ImportResult, PageHints, parse_page, slug_from
from kb.ingest.textio import decode, read_text

__all__ = ["ImportResult", "PageHints", "decode", "import_pages", "label_words", "parse_page",
           "read_text", "slug_from"]
