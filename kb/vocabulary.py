"""The product's fixed vocabularies, in one place for the models, CLI, web and API.

Document types, languages, item and section kinds with their Norwegian labels,
facet names, fact fields and labels, export formats, sort orders and their labels,
search, export and import limits, how many regions took part, month names and the time
zone of shown dates,
the slug pattern and its longest length, and which source URLs are links.
Every stage reads these names from here, never from a copy.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

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

# The search's facets, and their titles in the UI and the CLI's text. "municipality" is
# many-valued, like "theme": every item of a region has the region's municipalities.
FACET_FIELDS = ("theme", "region", "county", "kind", "municipality")
FACET_LABELS = {"theme": "Tema", "kind": "Type", "region": "Region", "county": "Fylke",
                "municipality": "Kommune"}

# How many city regions took part in the programme (phase 2, 2016-2018: 37 regions, 213
# municipalities; sources [S1], [S2] in corpus/regions.toml): the whole the coverage line
# of the front page and /regioner counts the regions held against.
PROGRAMME_REGIONS = 37

# Dates on the pages: Norwegian month names, and the time zone a moment is shown in
# (the corpus stores UTC; an import at 00:30 in Norway is dated that Norwegian day).
MONTH_NAMES = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
               "september", "oktober", "november", "desember")
DISPLAY_TIME_ZONE = "Europe/Oslo"

# Regions side by side (/sammenlign): how many at once, and the kinds compared, in order.
COMPARE_MIN_REGIONS = 2
COMPARE_MAX_REGIONS = 4
COMPARE_KINDS = ("goal", "result", "advice")

# The facts box of a region page: its fields, and the labels fact items are
# shown under, in the order of the box.
FACT_FIELDS = ("applicant", "partners", "population", "area_km2")
FACT_LABELS = {
    "applicant": "Søkerkommune",
    "partners": "Samarbeidskommuner",
    "population": "Folketall i regionen",
    "area_km2": "Areal i regionen",
}

# Formats of a page to import, and of an export of the corpus ("csv": comma, English
# headers and codes, for scripts; "csv-excel": what Norwegian Excel opens as columns, see
# kb.corpus.spreadsheet).
PAGE_FORMATS = ("text", "markdown", "html")
EXPORT_FORMATS = ("jsonl", "csv", "json", "csv-excel")

# The orders a search may list its hits in (``sort``), the first the default, and the
# words the UI uses for them. Sorting by region or kind keeps the all-word matches first
# and the best first within a region or kind; kinds sort advice first, as browsing does.
SORT_ORDERS = ("relevance", "region", "kind")
SORT_LABELS = {"relevance": "Relevans", "region": "Region", "kind": "Type"}
KIND_SORT_ORDER = ("advice", "goal", "result", "after", "application", "summary", "article",
                   "fact")

# The most hits an export of a search holds (JSON, both CSVs); the exports say so.
MAX_EXPORT_HITS = 1000

# The columns of the CSV for Norwegian Excel (kb.corpus.spreadsheet), in order.
EXCEL_HEADERS = ("Nr", "Region", "Fylke", "Type", "Nummer i listen", "Antall i listen",
                 "Overskrift", "Tekst", "Tema", "Kommuner", "Lenke", "Originalside", "Id")

DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100
MAX_QUERY_LENGTH = 500  # characters; a longer query is refused (SearchQueryError)

# A document's slug: the corpus file's name and its page's URL segment.
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# An item's id is "<slug>--<kind>-<8 hex>", with "-2", "-3" ... on a repeat within
# its document (kb.corpus.items). The web accepts ids of at most MAX_ID_LENGTH
# characters, so a slug may be as long as what is left beside the longest kind and
# room for a repeat suffix of up to "-9999".
MAX_ID_LENGTH = 200
_REPEAT_SUFFIX_ROOM = len("-9999")
MAX_SLUG_LENGTH = (MAX_ID_LENGTH - len("--") - max(len(k) for k in ITEM_KINDS) - len("-") - 8
                   - _REPEAT_SUFFIX_ROOM)

# The largest page `kb import` reads (bytes; --max-bytes, $KB_MAX_PAGE_BYTES).
DEFAULT_MAX_PAGE_BYTES = 5 * 1024 * 1024

# The only schemes a source URL may have: anything else (javascript:, data:, file: ...)
# is refused by import and check, and never rendered as a link.
WEB_URL_SCHEMES = ("http", "https")


def is_web_url(url: object) -> bool:
    """True when ``url`` is an http(s) address with a host and no white space or
    control characters: the only source URLs kept and rendered as links."""
    if not isinstance(url, str) or not url or any(c.isspace() or ord(c) < 32 or ord(c) == 127
                                                  for c in url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # a malformed address, e.g. an unclosed [IPv6 bracket
        return False
    return parts.scheme.lower() in WEB_URL_SCHEMES and bool(host)
