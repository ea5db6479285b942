"""Document -> Items: ids, anchors, positions, goal levels, fact items and themes.

An item's id is ``<slug>--<kind>-<8 hex of sha1 of its whitespace-folded text>``
(``-2``, ``-3`` on a repeat within the document), so it survives rebuilds and
edits elsewhere; the anchor is the part after ``--``.
"""

from __future__ import annotations

import hashlib
import re

from kb.models import Document, Facts, Item
from kb.themes import Tagger
from kb.vocabulary import FACT_LABELS

FACTS_HEADING = "Fakta"
# Kinds whose items may carry a goal level prefix ("Hovedmål:", "Delmål 2:").
_LEVELLED = ("goal", "application")
# A goal's level prefix, kept in the item's text: "Hovedmål:", "Delmål 2:", "Effektmål:".
_GOAL_LEVEL = re.compile(
    r"^(?P<level>(?:hoved|hovud|del|effekt|resultat|samfunns|prosjekt|over\w*)m[åa]l"
    r"(?:\s*\d+)?)\s*:",
    re.IGNORECASE,
)


def item_anchor(kind: str, text: str) -> str:
    """Return the anchor of an item before repeats are numbered: ``<kind>-<8 hex>``."""
    folded = " ".join(text.split())
    return f"{kind}-{hashlib.sha1(folded.encode('utf-8')).hexdigest()[:8]}"


def document_items(doc: Document, tagger: Tagger | None = None,
                   municipalities: tuple[str, ...] | None = None) -> list[Item]:
    """Return the items of ``doc`` in page order, facts last.

    Themes come from the editor's override where the item has one, else from
    ``tagger`` (none without a tagger). ``municipalities`` defaults to the
    document's own facts (applicant first, then partners).
    """
    if municipalities is None:
        municipalities = doc.facts.municipalities if doc.facts else ()
    rows: list[tuple[str, str, int, int, str, tuple[str, ...] | None, int | None]] = []
    for section in doc.sections:
        if section.kind == "documents":
            continue
        size = len(section.items)
        for number, entry in enumerate(section.items, start=1):
            rows.append((section.kind, section.heading, number, size, entry.text,
                         entry.themes, entry.line))
    if doc.facts is not None:
        lines = fact_lines(doc.facts)
        heading = doc.facts_heading or FACTS_HEADING
        rows += [("fact", heading, n, len(lines), text, None, None)
                 for n, text in enumerate(lines, start=1)]
    items: list[Item] = []
    seen: dict[str, int] = {}
    for position, (kind, heading, number, size, text, override, line) in enumerate(rows, 1):
        anchor = item_anchor(kind, text)
        seen[anchor] = seen.get(anchor, 0) + 1
        if seen[anchor] > 1:
            anchor = f"{anchor}-{seen[anchor]}"
        if override is not None:
            themes = override
        else:
            themes = tagger.tag(text) if tagger is not None else ()
        items.append(Item(
            id=f"{doc.slug}--{anchor}", anchor=anchor, doc=doc.slug, title=doc.title,
            doc_type=doc.doc_type, region=doc.region, county=doc.county,
            language=doc.language, kind=kind, heading=heading, position=position,
            number=number, section_size=size, text=text, themes=tuple(themes),
            municipalities=tuple(municipalities),
            level=goal_level(text) if kind in _LEVELLED else None,
            source_url=doc.source_url, line=line, themes_overridden=override is not None,
        ))
    return items


def format_number(number: float) -> str:
    """Return ``number`` as Norwegian text: "76 680", "555", "2,5"."""
    if number == int(number):
        return f"{int(number):,}".replace(",", " ")
    whole, _, fraction = f"{number:.6f}".rstrip("0").partition(".")
    return f"{int(whole):,}".replace(",", " ") + "," + fraction


def fact_lines(facts: Facts) -> list[str]:
    """Return the fact items' texts, one a fact ("Folketall i regionen: 76 680 (1.jan 2015)")."""
    lines = []
    if facts.applicant:
        lines.append(f"{FACT_LABELS['applicant']}: {facts.applicant}")
    if facts.partners:
        lines.append(f"{FACT_LABELS['partners']}: {', '.join(facts.partners)}")
    if facts.population is not None:
        date = f" ({facts.population_date})" if facts.population_date else ""
        lines.append(f"{FACT_LABELS['population']}: {format_number(facts.population)}{date}")
    if facts.area_km2 is not None:
        lines.append(f"{FACT_LABELS['area_km2']}: {format_number(facts.area_km2)} km²")
    return lines


def goal_level(text: str) -> str | None:
    """Return the goal level prefix of ``text`` ("Hovedmål", "Delmål 2"), else None."""
    match = _GOAL_LEVEL.match(text.strip())
    return " ".join(match["level"].split()) if match else None
