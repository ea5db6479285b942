"""The data model: documents, their sections, items, and search results.

Plain dataclasses with no behaviour beyond small derived values, shared by every
stage of the pipeline (importer, corpus, index, search, web, CLI).

Vocabulary:
- *Document*: one source page (region page, programme page or news item).
- *Section*: a heading of the page and the lines under it, with its *kind*.
- *Item*: the unit that is indexed and returned by search (one goal, one result,
  one piece of advice (råd), one paragraph, one fact ...).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kb.vocabulary import FACET_FIELDS, KIND_LABELS


@dataclass(frozen=True)
class Facts:
    """The facts box of a region page. Any field may be missing on a cut page."""

    applicant: str | None = None
    partners: tuple[str, ...] = ()
    population: int | None = None
    population_date: str | None = None
    area_km2: float | None = None

    @property
    def municipalities(self) -> tuple[str, ...]:
        """Applicant first, then the partner municipalities."""
        return ((self.applicant,) if self.applicant else ()) + self.partners


@dataclass
class SectionItem:
    """One item's text as it stands in a section, before it becomes an :class:`Item`.

    ``line`` is the 1-based line it starts on in its source (raw page or corpus
    file); ``themes`` is the editor's override (None: let the tagger decide);
    ``style`` is how the page set it: "paragraph", "bullet" or "number" (the
    corpus writer keeps it, so goals stay a bulleted and advice a numbered list).
    """

    text: str
    line: int | None = None
    themes: tuple[str, ...] | None = None
    style: str = "paragraph"


@dataclass
class Section:
    """A heading (verbatim) and its items in order."""

    kind: str
    heading: str
    items: list[SectionItem] = field(default_factory=list)
    line: int | None = None


@dataclass
class Document:
    """One source page as kept in the corpus.

    ``imported`` is when the importer last wrote the page with new content (an aware
    date-time; None for a corpus file without the field).
    """

    slug: str
    title: str
    doc_type: str
    region: str
    county: str
    language: str
    source_url: str
    facts: Facts | None = None
    sections: list[Section] = field(default_factory=list)
    facts_heading: str | None = None
    path: str | None = None
    imported: dt.datetime | None = None


@dataclass(frozen=True)
class Item:
    """One searchable unit.

    ``id`` is stable across rebuilds of unchanged text and unique in the corpus;
    ``anchor`` is the HTML id of the item on its document's page. ``position`` is
    the item's 1-based place in its document; ``number`` its 1-based place in its
    section and ``section_size`` the number of items there ("Råd 1 av 3").
    ``level`` is a goal's level taken from its prefix ("Hovedmål", "Delmål 2").
    ``themes_overridden`` is True when the editor set the themes in the corpus file:
    no tagger changes them then.
    """

    id: str
    anchor: str
    doc: str
    title: str
    doc_type: str
    region: str
    county: str
    language: str
    kind: str
    heading: str
    position: int
    number: int
    section_size: int
    text: str
    themes: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    level: str | None = None
    source_url: str = ""
    line: int | None = None
    themes_overridden: bool = False

    def place_names(self) -> tuple[str, str, str, str, str]:
        """The names of where the item stands, which a query word may name (kb.search.
        context): its region, county, document title, kind (as labelled) and the heading
        of its section ("Fosenregionens råd for samarbeid om regional utvikling")."""
        return self.region, self.county, self.title, KIND_LABELS.get(self.kind, ""), self.heading

    def to_dict(self) -> dict[str, Any]:
        """Return every field as JSON-ready values (tuples become lists)."""
        return {
            "id": self.id,
            "anchor": self.anchor,
            "doc": self.doc,
            "title": self.title,
            "doc_type": self.doc_type,
            "region": self.region,
            "county": self.county,
            "language": self.language,
            "kind": self.kind,
            "heading": self.heading,
            "position": self.position,
            "number": self.number,
            "section_size": self.section_size,
            "level": self.level,
            "text": self.text,
            "themes": list(self.themes),
            "municipalities": list(self.municipalities),
            "source_url": self.source_url,
        }


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet with its count over all matching items."""

    value: str
    label: str
    count: int
    selected: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label, "count": self.count,
                "selected": self.selected}


@dataclass(frozen=True)
class MatchReasons:
    """Why a hit is listed: the query's words it holds and those it lacks (as typed; a
    group of alternatives as "a OR b"), the labels of the query's themes it is tagged
    with, and its place by meaning among all items (1 = nearest; None: not asked)."""

    held: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    meaning_place: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"held": list(self.held), "missing": list(self.missing),
                "themes": list(self.themes), "meaning_place": self.meaning_place}


@dataclass(frozen=True)
class Hit:
    """One search result: the item's fields plus its highlighted text and score.

    ``partial`` is True when the item does not hold every query word (it is
    listed below the all-word matches: some of the words, a theme the query is
    about, or close in meaning); ``why`` says which (None: a search without words).
    A hit has no URL: the front ends build links from their own routes.
    """

    item: Item
    highlight: str
    score: float
    partial: bool = False
    why: MatchReasons | None = None

    def to_dict(self, url: str | None = None) -> dict[str, Any]:
        """The hit as the JSON API returns it, with ``url`` (its link) when given."""
        it = self.item
        data: dict[str, Any] = {
            "id": it.id,
            "doc": it.doc,
            "title": it.title,
            "region": it.region,
            "county": it.county,
            "kind": it.kind,
            "heading": it.heading,
            "text": it.text,
            "highlight": self.highlight,
            "themes": list(it.themes),
            "url": url,
            "source_url": it.source_url,
            "score": round(self.score, 4),
            "partial": self.partial,
            "number": it.number,
            "section_size": it.section_size,
            "level": it.level,
            "why": None if self.why is None else self.why.to_dict(),
        }
        if url is None:
            del data["url"]
        return data


@dataclass
class SearchResults:
    """What one search returns, for every front end alike.

    ``partial`` is True when no item matched every word and the hits are the
    best partial matches instead. ``matched_all`` counts the items (under the
    filters) that hold every query word: they come first, and the other
    ``total - matched_all`` follow. ``query_themes`` are the themes the query
    names or cues, each with the number of items tagged with it (a one-click
    filter). ``semantic`` says whether meaning (sentence vectors) was at hand for this
    search (the build has vectors, their model is loaded here, the signal was asked
    for); ``meaning_used`` whether it took part: it is asked only where the words fall
    short (kb.search.ranking.MEANING_BELOW).
    ``corrected`` is True when misspelt words were searched as ``did_you_mean``
    spells them (the hits are for the corrected words); ``did_you_mean`` alone (not
    corrected) offers the correction. ``sort`` is the order of the hits
    (kb.vocabulary.SORT_ORDERS).
    """

    query: str
    total: int
    page: int
    per_page: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    did_you_mean: str | None = None
    partial: bool = False
    matched_all: int = 0
    query_themes: list[FacetValue] = field(default_factory=list)
    semantic: bool = False
    meaning_used: bool = False
    corrected: bool = False
    sort: str = "relevance"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_dict(self, item_url: Callable[[Item], str] | None = None) -> dict[str, Any]:
        """The object of ``kb search --json`` and ``/api/search``, each hit with its link
        ``item_url(item)`` when ``item_url`` is given (the front ends know the routes)."""
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "did_you_mean": self.did_you_mean,
            "corrected": self.corrected,
            "sort": self.sort,
            "partial": self.partial,
            "matched_all": self.matched_all,
            "semantic": self.semantic,
            "meaning_used": self.meaning_used,
            "query_themes": [v.to_dict() for v in self.query_themes],
            "hits": [h.to_dict(item_url(h.item) if item_url else None) for h in self.hits],
            "facets": {name: [v.to_dict() for v in self.facets.get(name, [])]
                       for name in FACET_FIELDS},
        }
