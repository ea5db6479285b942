"""Corpus: the corpus folder <-> documents and items.

One Markdown file a document (YAML front matter, sections with their kind,
one item a bullet or paragraph, editor's theme overrides) beside the data
files ``themes.toml``, ``regions.toml``, ``synonyms.toml`` and ``related.toml``
(the last two read by :mod:`kb.analysis`). Gives the
documents, their :class:`~kb.models.Item` s (stable ids, anchors, themes) and a
fingerprint that says when the index is behind; saves atomically.

Public names: :func:`load_corpus`, :func:`check_corpus`, :func:`corpus_fingerprint`,
:func:`save_documents`, :func:`read_document`, :func:`write_document`,
:func:`document_items`, :func:`load_regions`, :func:`export`, :func:`spreadsheet_safe`
(a CSV cell no spreadsheet runs as a formula), :func:`excel_csv` (items as Norwegian
Excel opens them), :func:`corpus_stats`,
:class:`Corpus`, :class:`Problem`, :class:`Registry`; the regions' municipalities:
:func:`collect_municipalities`, :class:`Municipalities`, :class:`Municipality`,
:class:`Membership`, :func:`municipality_slug`, :data:`APPLICANT`, :data:`PARTNER`;
:func:`norwegian_order` (names in Norwegian alphabetical order).
"""

from kb.corpus.export import corpus_stats, export, format_stats
from kb.corpus.fileformat import Problem, parse_document, read_document, write_document
from kb.corpus.folder import (
    Corpus,
    check_corpus,
    corpus_fingerprint,
    document_path,
    load_corpus,
    same_content,
    save_documents,
)
from kb.corpus.items import document_items, fact_lines
from kb.corpus.municipalities import (
    APPLICANT,
    PARTNER,
    Membership,
    Municipalities,
    Municipality,
    collect_municipalities,
    municipality_slug,
    norwegian_order,
)
from kb.corpus.regions import REGIONS_FILE, Region, Registry, load_regions
from kb.corpus.spreadsheet import excel_csv, spreadsheet_safe

__all__ = ["APPLICANT", "PARTNER", "REGIONS_FILE", "Corpus", "Membership", "Municipalities",
           "Municipality", "Problem", "Region", "Registry", "check_corpus",
           "collect_municipalities", "corpus_fingerprint", "corpus_stats", "document_items",
           "document_path", "excel_csv", "export", "fact_lines", "format_stats", "load_corpus",
           "load_regions", "municipality_slug", "norwegian_order", "parse_document",
           "read_document", "same_content", "save_documents", "spreadsheet_safe",
           "write_document"]
