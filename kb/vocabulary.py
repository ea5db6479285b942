"""The product's fixed vocabularies, in one place for the models, CLI, web and API.

Document types, languages, item and section kinds with their Norwegian labels,
facet names, fact fields and labels, export formats, search limits and the slug
pattern. Every stage reads these names from here, never from a copy.
"""

from __future__ import annotations

import re

DOC_TYPES = ("region", "programme", "news")
LANGUAGES = ("nb", "nn")

# Item kinds, in the order a region page presents them. "documents" is a section
# kind only (the empty "Dokumenter" heading); it never yields items.
ITEM_KINDS = ("summary", "goal", "result", "advice", "after", "application", "article", "fact")
SECTION_KINDS = (*ITEM_KINDS[:-1], "documents")

# The words the Norwegian UI uses for the kinds.
KIND_LABELS = {
    "goal": "Mål",
    "result": "Resultat",
    "advice": "Råd",
    "after": "Videre arbeid",
    "application": "Fra søknaden",
    "summary": "Sammendrag",
    "article": "Artikkel",
    "fact": "Fakta",
}

FACET_FIELDS = ("theme", "region", "county", "kind")

# The facts box of a region page: its fields, and the labels fact items are
# shown under, in the order of the box.
FACT_FIELDS = ("applicant", "partners", "population", "area_km2")
FACT_LABELS = {
    "applicant": "Søkerkommune",
    "partners": "Samarbeidskommuner",
    "population": "Folketall i regionen",
    "area_km2": "Areal i regionen",
}

# Formats of a page to import, and of an export of the corpus.
PAGE_FORMATS = ("text", "markdown", "html")
EXPORT_FORMATS = ("jsonl", "csv", "json")

DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100
MAX_QUERY_LENGTH = 500  # characters; a longer query is refused (SearchQueryError)

# A document's slug: the corpus file's name and its page's URL segment.
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
