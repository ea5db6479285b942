"""Regions side by side (pure): which region pages a request chose, and their goals,
results and advice in rows by theme.

:func:`choose_regions` reads the ``region`` values of ``/sammenlign`` (document
slugs of region pages) and says, in Norwegian, everything wrong with them;
:func:`side_by_side` lays the chosen regions' items out as one table per kind: a row
per theme (taxonomy order; an item with several themes is in each of their rows,
shortened after the first),
a column per region, the items without a theme in a last row. Nothing here knows
Flask.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kb.models import Document, Item
from kb.vocabulary import (
    COMPARE_KINDS,
    COMPARE_MAX_REGIONS,
    COMPARE_MIN_REGIONS,
    MAX_SLUG_LENGTH,
    SLUG_PATTERN,
)

# The kinds' headings on the page (plural where Norwegian has one).
KIND_HEADINGS = {"goal": "Mål", "result": "Resultater", "advice": "Råd"}
UNTAGGED_LABEL = "Uten tema"
MAX_PROBLEMS = 5  # problems listed on the page; the rest are alike
_SHOWN = 40  # characters of a bad value repeated on the page
_NUMBERS = {2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks"}


def number_word(number: int) -> str:
    """Return a small count as a Norwegian word ("to", "fire"), a larger one as digits."""
    return _NUMBERS.get(number, str(number))


@dataclass(frozen=True)
class Choice:
    """The region pages a request chose (known ones, in its order) and what is wrong
    with the choice (Norwegian sentences; empty when it can be compared)."""

    documents: list[Document]
    problems: list[str] = field(default_factory=list)

    @property
    def slugs(self) -> list[str]:
        return [doc.slug for doc in self.documents]


def _shown(value: str) -> str:
    return value if len(value) <= _SHOWN else value[:_SHOWN - 1] + "…"


def choose_regions(values: Sequence[str], regions: Mapping[str, Document]) -> Choice:
    """Return the region pages ``values`` name (``regions``: the region pages by slug)
    and the problems of the choice: a value that is no slug, one named twice, one that
    is no region page, fewer than COMPARE_MIN_REGIONS or more than COMPARE_MAX_REGIONS.
    Empty values are ignored. Never raises."""
    wanted = [value.strip().lower() for value in values if value.strip()]
    problems: list[str] = []
    chosen: list[Document] = []
    seen: set[str] = set()
    for value in wanted:
        if value in seen:
            if value in regions:
                problems.append(f"«{regions[value].region or value}» er valgt mer enn én gang.")
            continue
        seen.add(value)
        if len(value) > MAX_SLUG_LENGTH or not SLUG_PATTERN.match(value):
            problems.append(f"«{_shown(value)}» er ikke navnet på en region.")
        elif value not in regions:
            problems.append(f"Det finnes ingen regionside «{_shown(value)}».")
        else:
            chosen.append(regions[value])
    if len(seen) > COMPARE_MAX_REGIONS:
        problems.insert(0, f"Du kan sammenligne høyst {number_word(COMPARE_MAX_REGIONS)} "
                           f"regioner om gangen, men valgte {number_word(len(seen))}.")
    elif len(seen) < COMPARE_MIN_REGIONS:
        problems.insert(0, f"Velg minst {number_word(COMPARE_MIN_REGIONS)} regioner å "
                           f"sammenligne.")
    unique = list(dict.fromkeys(problems))
    if len(unique) > MAX_PROBLEMS:
        unique = [*unique[:MAX_PROBLEMS], f"… og {len(unique) - MAX_PROBLEMS} til."]
    return Choice(chosen, unique)


@dataclass(frozen=True)
class Placed:
    """An item in a cell; ``first`` is False where a row above shows it already (the
    page shortens it there)."""

    item: Item
    first: bool = True


@dataclass(frozen=True)
class Row:
    """One theme's items, a list per region (``theme`` is "" for the untagged row)."""

    theme: str
    label: str
    cells: list[list[Placed]]


@dataclass(frozen=True)
class KindTable:
    """The items of one kind: ``rows`` by theme, ``counts`` of items per region."""

    kind: str
    label: str
    rows: list[Row]
    counts: list[int]


def side_by_side(documents: Sequence[Document], items: Sequence[Item],
                 themes: Sequence[tuple[str, str]],
                 kinds: Sequence[str] = COMPARE_KINDS) -> list[KindTable]:
    """Return a table per kind of ``kinds`` over ``documents`` (the columns, in order):
    a row per theme of ``themes`` ((id, label), taxonomy order) that some region's item
    of the kind carries, then a row of the items without one of them; items keep their
    page order in a cell, marked ``first`` in the first row that shows them. Rows no
    region fills are left out."""
    slugs = [doc.slug for doc in documents]
    known = {tid for tid, _ in themes}
    tables = []
    for kind in kinds:
        columns = [[it for it in items if it.doc == slug and it.kind == kind] for slug in slugs]
        shown: set[str] = set()
        rows = []
        for tid, label in [*themes, ("", UNTAGGED_LABEL)]:
            cells = [[Placed(it, it.id not in shown) for it in column
                      if (tid in it.themes if tid else known.isdisjoint(it.themes))]
                     for column in columns]
            if any(cells):
                rows.append(Row(tid, label, cells))
                shown.update(placed.item.id for cell in cells for placed in cell)
        tables.append(KindTable(kind, KIND_HEADINGS.get(kind, kind), rows,
                                [len(column) for column in columns]))
    return tables
