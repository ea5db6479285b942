"""Browsing views over all items: groupings and the theme x region overview (pure).

The theme page, the all-advice page and the overview count and group
``SearchIndex.items()`` with these functions; nothing here knows Flask. Every grouping
lists an item once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kb.models import Item
from kb.vocabulary import ITEM_KINDS

# Advice first: it is what a newcomer came for.
KIND_ORDER = ("advice", *(k for k in ITEM_KINDS if k != "advice"))
HEAT_LEVELS = 5


@dataclass(frozen=True)
class Group:
    """Items under one heading of a browsing page (a theme, a region, a kind)."""

    key: str
    label: str
    items: list[Item]


def regions_in_order(items: Iterable[Item]) -> list[str]:
    """Return the regions of ``items`` in corpus order, without the empty region."""
    return list(dict.fromkeys(it.region for it in items if it.region))


def by_region(items: Sequence[Item]) -> list[Group]:
    """Group items by region, regions in corpus order, items in their document order."""
    return [Group(region, region, [it for it in items if it.region == region])
            for region in regions_in_order(items)]


def by_section(items: Sequence[Item]) -> list[Group]:
    """Group items by the section they stood in (document and heading), sections in the
    order they first appear; ``key`` is the document's slug, ``label`` the heading."""
    sections: dict[tuple[str, str], list[Item]] = {}
    for it in items:
        sections.setdefault((it.doc, it.heading), []).append(it)
    return [Group(doc, heading, members) for (doc, heading), members in sections.items()]


def theme_counts(items: Sequence[Item],
                 themes: Sequence[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """Return (id, label, how many of ``items`` have it) of each theme some item has, in
    the order of ``themes``."""
    return [(tid, label, n) for tid, label in themes
            if (n := sum(1 for it in items if tid in it.themes))]


def by_kind(items: Sequence[Item], labels: dict[str, str]) -> list[Group]:
    """Group items by kind, advice first, then the order a region page uses."""
    return [Group(kind, labels.get(kind, kind), [it for it in items if it.kind == kind])
            for kind in KIND_ORDER if any(it.kind == kind for it in items)]


@dataclass(frozen=True)
class Cell:
    theme: str
    region: str
    count: int
    level: int  # 0 (none) .. HEAT_LEVELS (the most in the grid)


@dataclass(frozen=True)
class Overview:
    """Counts of items per theme and region, with a colour level per cell."""

    themes: list[tuple[str, str]]
    regions: list[str]
    rows: list[list[Cell]]  # one row per region, one cell per theme
    theme_totals: list[int]
    region_totals: list[int]
    maximum: int


def overview(items: Sequence[Item], themes: Sequence[tuple[str, str]]) -> Overview:
    """Count ``items`` per (region, theme); regions in corpus order, themes as given."""
    regions = regions_in_order(items)
    counts = {(r, t): 0 for r in regions for t, _ in themes}
    for it in items:
        for tid in it.themes:
            if (it.region, tid) in counts:
                counts[(it.region, tid)] += 1
    maximum = max(counts.values(), default=0)

    def level(count: int) -> int:
        return 0 if count == 0 or maximum == 0 else max(1, -(-count * HEAT_LEVELS // maximum))

    rows = [[Cell(t, r, counts[(r, t)], level(counts[(r, t)])) for t, _ in themes]
            for r in regions]
    theme_totals = [sum(counts[(r, t)] for r in regions) for t, _ in themes]
    region_totals = [sum(1 for it in items if it.region == r and it.themes) for r in regions]
    return Overview(list(themes), regions, rows, theme_totals, region_totals, maximum)
