"""Raw page text (captured text, Markdown or HTML) -> :class:`Document`. Pure: no files.

Region pages are split at the headings :mod:`kb.ingest.headings` recognises; the
title's section is the summary, the facts box goes to ``Document.facts``.
Programme pages and news items become one article section per subheading,
their paragraphs the items. Nothing is dropped silently: every block lands in
exactly one item, is a heading or a fact, or is site boilerplate reported in
``ImportResult.skipped``; a line that cannot be placed raises
:class:`ImportFailed` naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from kb.corpus import Registry
from kb.errors import ImportFailed
from kb.ingest.blocks import Block
from kb.ingest.boilerplate import find_boilerplate, split_caption
from kb.ingest.facts import FactError, add_fact, fact_field, make_facts
from kb.ingest.headings import heading_kind, looks_like_title, region_from_title, words
from kb.ingest.pagelines import FORMATS, page_blocks, page_format
from kb.models import Document, Facts, Section, SectionItem
from kb.vocabulary import DOC_TYPES, SECTION_KINDS

_NYNORSK = frozenset(
    "ikkje eit dei kommunane korleis frå meir berre kva kvar vere vore desse regionane "
    "byregionane gjere gje sjølv sjølve heile saman fleire kome vidare betre noko nokon "
    "kvarandre deira hjå eg me vart mykje ei òg no innanfor utvikla fylka kommunar "
    "deltakarar nettverka samspelet framtida".split())
_BOKMAL = frozenset(
    "ikke et de kommunene hvordan fra mer bare hva hver være vært disse regionene "
    "byregionene gjøre gi selv hele sammen flere komme videre bedre noe noen hverandre "
    "deres hos jeg ble mye også innenfor utviklet fylkene kommuner deltakere nettverkene "
    "samspillet fremtiden".split())
_SLUG_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


@dataclass
class PageHints:
    """What the caller knows that the page may not say (all optional)."""

    source_url: str | None = None
    county: str | None = None
    region: str | None = None
    doc_type: str | None = None
    fmt: str | None = None


@dataclass
class ImportResult:
    """The document of a page, the boilerplate left out (line, text) and warnings."""

    document: Document
    skipped: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_page(text: str, name: str = "<page>", hints: PageHints | None = None,
               registry: Registry | None = None) -> ImportResult:
    """Return the :class:`Document` of one raw page and what was left out.

    ``name`` is the page's file name (used in messages, for the format and as a
    last resort for the slug). Raises :class:`ImportFailed` (with the line) for
    an empty page or a line that cannot be placed.
    """
    hints = hints or PageHints()
    registry = registry or Registry([])
    fmt = hints.fmt or page_format(name, text)
    if fmt not in FORMATS:
        raise ImportFailed(name, f"unknown page format '{fmt}' (one of {', '.join(FORMATS)})")
    if hints.doc_type is not None and hints.doc_type not in DOC_TYPES:
        raise ImportFailed(
            name, f"unknown doc type '{hints.doc_type}' (one of {', '.join(DOC_TYPES)})")
    blocks = page_blocks(text, fmt)
    chrome = find_boilerplate(blocks)
    skipped = [(blocks[i].line, blocks[i].text) for i in sorted(chrome)]
    content = [b for i, b in enumerate(blocks) if i not in chrome]
    for block in content:
        caption = split_caption(block.text) if block.style == "paragraph" else None
        if caption is not None:
            skipped.append((block.line, caption[0]))
            block.text = caption[1]
    skipped.sort(key=lambda left_out: left_out[0])
    if not content:
        raise ImportFailed(name, "the page has no text to import")
    by_url = registry.by_url(hints.source_url) if hints.source_url else None
    doc_type = hints.doc_type or ("region" if by_url else
                                  _doc_type(content, bool(chrome), registry))
    title, body = _title(content, doc_type)
    first = Section("summary" if doc_type == "region" else "article",
                    title.text if title else "", [], line=title.line if title else None)
    if doc_type == "region":
        sections, facts, facts_heading = _region_sections(body, first, name)
    else:
        sections, facts, facts_heading = _article_sections(body, first), None, None
    if not sections and facts is None:  # a facts heading and nothing else ("FAKTA")
        raise ImportFailed(name, "the page has no text to import (only the facts heading "
                                 f"'{facts_heading}', with no facts under it)",
                           line=content[0].line)
    document = Document(
        slug="", title=title.text if title else "", doc_type=doc_type, region="", county="",
        language=detect_language(sections), source_url="", facts=facts,
        sections=sections, facts_heading=facts_heading,
    )
    warnings = _place(document, name, hints, registry)
    return ImportResult(document, skipped, warnings)


def detect_language(sections: list[Section]) -> str:
    """Return "nn" when the text has more typical Nynorsk than Bokmål words, else "nb"."""
    nn = nb = 0
    for section in sections:
        for text in (section.heading, *(item.text for item in section.items)):
            for word in words(text):
                nn += word in _NYNORSK
                nb += word in _BOKMAL
    return "nn" if nn > nb else "nb"


def slug_from(value: str) -> str:
    """Return a corpus slug: the last path segment of a URL or file name, in [a-z0-9-]."""
    segment = value.rstrip("/").rsplit("/", 1)[-1]
    segment = re.sub(r"[?#].*$", "", segment)
    if "." in segment and not segment.startswith("."):
        stem = PurePath(segment).stem
        segment = stem if stem else segment
    segment = segment.lower().translate(_SLUG_LETTERS)
    return re.sub(r"[^a-z0-9]+", "-", segment).strip("-")


def _doc_type(content: list[Block], news: bool, registry: Registry) -> str:
    """Region page when its headings say so, news when it carries a news site's chrome."""
    kinds = {_kind_of(b) for b in content} - {None, "documents", "summary", "article"}
    first = content[0].text
    region = region_from_title(first)
    named = registry.find(region) is not None or region != first.strip()
    if len(kinds) >= 2 or (kinds and named):
        return "region"
    if news:
        return "news"
    return "region" if kinds or named else "programme"


def _title(content: list[Block], doc_type: str) -> tuple[Block | None, list[Block]]:
    first = content[0]
    if first.style != "paragraph" or not (first.heading or looks_like_title(first.text)):
        return None, content
    if doc_type == "region" and heading_kind(first.text) is not None and first.heading != 1:
        return None, content
    return first, content[1:]


def _item(block: Block) -> SectionItem:
    return SectionItem(block.text, line=block.line, themes=block.themes, style=block.style)


def _kind_of(block: Block) -> str | None:
    """The kind a block given as a heading stands for (Markdown ``{: .kind }`` first)."""
    if block.kind in (*SECTION_KINDS, "facts") and block.heading:
        return block.kind
    if block.style != "paragraph":
        return None
    return heading_kind(block.text)


def _region_sections(blocks: list[Block], first: Section,
                     name: str) -> tuple[list[Section], Facts | None, str | None]:
    sections = [first]
    facts: dict[str, Any] = {}
    facts_heading: str | None = None
    in_facts = False
    for block in blocks:
        kind = _kind_of(block)
        if kind == "summary" and block.heading:
            sections.append(Section("summary", block.text, [], line=block.line))
            in_facts = False
        elif kind == "facts":
            if facts_heading is not None:
                raise ImportFailed(name, "a second facts box heading", line=block.line)
            facts_heading, in_facts = block.text, True
        elif kind is not None:
            sections.append(Section(kind, block.text, [], line=block.line))
            in_facts = False
        elif in_facts or (fact_field(block.text) and _starts_facts(block.text)):
            in_facts = True
            _read_fact(block, facts, name)
        else:
            sections[-1].items.append(_item(block))
    if sections[0].heading == "" and not sections[0].items:
        sections.pop(0)
    return sections, (make_facts(facts) if facts else None), facts_heading


def _starts_facts(text: str) -> bool:
    found = fact_field(text)
    return found is not None and found[0] in ("applicant", "population", "area_km2")


def _read_fact(block: Block, facts: dict[str, Any], name: str) -> None:
    found = fact_field(block.text)
    if found is None:
        raise ImportFailed(
            name, "cannot place this line: it stands in the facts box but is not a fact "
            "('Søkerkommune:', 'Samarbeidskommuner:', 'Folketall i regionen:', "
            f"'Areal i regionen:'): {block.text[:80]!r}", line=block.line)
    try:
        add_fact(facts, *found)
    except FactError as error:
        raise ImportFailed(name, f"cannot read this fact: {error}", line=block.line) from error


def _article_sections(blocks: list[Block], first: Section) -> list[Section]:
    sections = [first]
    for block in blocks:
        subheading = block.heading or (
            block.style == "paragraph" and not block.joined and block.blank_before
            and block.blank_after and looks_like_title(block.text) and block.text[:1].isupper())
        if subheading:
            sections.append(Section("article", block.text, [], line=block.line))
        elif block.marker == "–" and block.blank_before and block.blank_after:
            # A paragraph opening with a dash is a quotation, not a one-bullet list.
            sections[-1].items.append(SectionItem(f"– {block.text}", line=block.line,
                                                  themes=block.themes))
        else:
            sections[-1].items.append(_item(block))
    if sections[0].heading == "" and not sections[0].items:
        sections.pop(0)
    return sections


def _place(doc: Document, name: str, hints: PageHints, registry: Registry) -> list[str]:
    """Fill in region, county, slug, source URL and title; return warnings."""
    warnings: list[str] = []
    by_url = registry.by_url(hints.source_url) if hints.source_url else None
    if hints.region is not None:
        doc.region = hints.region.strip()
    elif by_url is not None:  # a region's page, whatever its title says
        doc.region = by_url.name
    elif doc.doc_type == "region":
        doc.region = region_from_title(doc.title)
    known = registry.find(doc.region)
    if known is not None:
        doc.region = known.name
    own_page = known if doc.doc_type == "region" else None
    doc.source_url = (hints.source_url or (own_page.url if own_page else "")).strip()
    if doc.source_url:
        doc.slug = slug_from(doc.source_url)
    elif own_page is not None:
        doc.slug = own_page.slug
    else:
        doc.slug = slug_from(PurePath(name).name)
        warnings.append(f"{name}: no source URL known (--source-url); slug '{doc.slug}' "
                        "taken from the file name")
    if not doc.slug:
        raise ImportFailed(name, "cannot make a slug from the source URL or the file name")
    doc.county = (hints.county or (known.county if known else "")).strip()
    if not doc.county and (doc.region or doc.doc_type == "region"):
        warnings.append(f"{name}: county unknown for region '{doc.region}' (give --county)")
    if not doc.title:
        doc.title = doc.region or doc.slug
        for section in doc.sections[:1]:
            if not section.heading:
                section.heading = doc.title
    return warnings
