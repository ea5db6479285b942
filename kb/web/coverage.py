"""The coverage line: which of the programme's city regions the knowledge base holds.

:func:`region_coverage` (pure) sets the served build's region pages beside the region
registry (``regions.toml``) and the number of regions that took part
(:data:`~kb.vocabulary.PROGRAMME_REGIONS`): the regions held, each with its pages and
when they were imported, the registered regions not held yet, and how many took part
without being registered. :func:`norwegian_date` writes a moment as a Norwegian date
("22. november 2026"). The blueprint hands both to every template: ``site_coverage()``
(the front page and ``/regioner`` show it) and the ``norwegian_date`` filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import Blueprint

from kb.corpus import Registry, norwegian_order
from kb.models import Document
from kb.vocabulary import DISPLAY_TIME_ZONE, MONTH_NAMES, PROGRAMME_REGIONS
from kb.web.state import current_index

bp = Blueprint("coverage", __name__)


@dataclass(frozen=True)
class HeldRegion:
    """A region the knowledge base holds: its name and its region pages (corpus order)."""

    name: str
    pages: tuple[Document, ...]

    @property
    def imported(self) -> dt.datetime | None:
        """When its newest page was imported; None when no page says."""
        return max((p.imported for p in self.pages if p.imported is not None), default=None)


@dataclass(frozen=True)
class Coverage:
    """The regions held (Norwegian alphabetical order), the registered regions not held
    yet (their names, same order) and how many regions took part in all."""

    held: tuple[HeldRegion, ...]
    missing: tuple[str, ...]
    total: int

    @property
    def imported_together(self) -> dt.datetime | None:
        """When the regions held were imported, if all on one day in Norway (the newest
        moment; the line then gives the date once), else None."""
        moments = [r.imported for r in self.held if r.imported is not None]
        if len(self.held) < 2 or len(moments) < len(self.held):
            return None
        return max(moments) if len({norwegian_date(m) for m in moments}) == 1 else None

    @property
    def unlisted(self) -> int:
        """How many regions took part that are neither held nor in the registry."""
        return max(0, self.total - len(self.held) - len(self.missing))


def region_coverage(documents: Sequence[Document], registry: Registry,
                    total: int = PROGRAMME_REGIONS) -> Coverage:
    """Return the coverage of the region pages among ``documents`` against ``registry``
    and ``total`` regions (at least as many as are held or registered). A page belongs to
    the registry's region of its region name or slug (so an alias or an old title counts
    once), else to its own region name."""
    held: dict[str, list[Document]] = {}
    for doc in documents:
        if doc.doc_type != "region":
            continue
        entry = registry.find(doc.region) or registry.by_slug(doc.slug)
        name = entry.name if entry is not None else (doc.region or doc.title)
        held.setdefault(name, []).append(doc)
    missing = [r.name for r in registry.regions if r.name not in held]
    regions = (HeldRegion(name, tuple(pages)) for name, pages in held.items())
    return Coverage(tuple(sorted(regions, key=lambda r: norwegian_order(r.name))),
                    tuple(sorted(missing, key=norwegian_order)),
                    max(total, len(held) + len(missing)))


def norwegian_date(moment: dt.datetime) -> str:
    """Return ``moment``'s date in Norway as Norwegian writes it: "22. november 2026"
    (a moment without a time zone is read as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    day = moment.astimezone(ZoneInfo(DISPLAY_TIME_ZONE)).date()
    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"


def site_coverage() -> Coverage:
    """The coverage of the served build."""
    index = current_index()
    return region_coverage(index.documents(), index.registry)


@bp.app_context_processor
def coverage_helpers() -> dict[str, object]:
    return {"site_coverage": site_coverage}


bp.add_app_template_filter(norwegian_date, "norwegian_date")
