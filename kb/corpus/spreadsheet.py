"""CSV for spreadsheets: the one formula guard, and items as Norwegian Excel opens them.

:func:`spreadsheet_safe` neutralises a cell a spreadsheet would run as a formula;
every CSV of the product (``kb export``, the web's and the API's) passes its cells
through it. :func:`excel_csv` writes items the way Excel in a Norwegian locale
opens them as columns: UTF-8 after a byte order mark, ``;`` between columns (the
comma is the decimal sign), CRLF line ends, Norwegian headers, and kinds and themes
by their Norwegian labels (``kb export --format csv-excel`` and the search page's
export).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from kb.models import Item
from kb.vocabulary import EXCEL_HEADERS, KIND_LABELS

# A text cell starting with one of these is a formula (or becomes one) in a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def spreadsheet_safe(value: object) -> object:
    """Return ``value`` as a CSV cell no spreadsheet runs as a formula: text that starts
    with one of :data:`FORMULA_TRIGGERS` gets a leading single quote (OWASP's advice);
    anything else comes back unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class NorwegianExcel(csv.excel):
    """Excel's own CSV dialect with the Norwegian list separator: ``;`` and CRLF."""

    delimiter = ";"
    lineterminator = "\r\n"


def excel_row(number: int, item: Item, theme_label: Callable[[str], str],
              link: str) -> list[object]:
    """Return one item's cells in :data:`EXCEL_HEADERS` order (before the formula guard):
    ``number`` is its place in the export, ``link`` its address on the web."""
    return [number, item.region, item.county, KIND_LABELS.get(item.kind, item.kind),
            item.number, item.section_size, item.heading, item.text,
            ", ".join(theme_label(t) for t in item.themes), ", ".join(item.municipalities),
            link, item.source_url, item.id]


def excel_csv(items: Iterable[Item], theme_label: Callable[[str], str],
              link: Callable[[Item], str]) -> Iterator[str]:
    """Yield the CSV text of ``items`` in the Norwegian Excel dialect, a line at a time:
    first the byte order mark and the header line, then one line per item, numbered
    from 1. ``theme_label`` names a theme id, ``link`` gives an item's web address."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect=NorwegianExcel)

    def line(cells: Iterable[object]) -> str:
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield BOM + line(EXCEL_HEADERS)
    for number, item in enumerate(items, start=1):
        yield line(excel_row(number, item, theme_label, link(item)))
