"""The municipalities (kommuner) of the corpus's regions: who belonged to which region, as what.

A region's municipalities are read from the facts of its documents (applicant, then
partners) and from its entry in the region registry (``regions.toml``), looked up by
each document's region name, slug or URL. A municipality is an applicant
(søkerkommune) in a region when any source says so, else a partner
(samarbeidskommune); it may belong to several regions. Every item of a region carries
that region's municipalities (the ``municipality`` facet).

Names are matched without regard to case or to how æ, ø and å are typed: "Ørskog",
"ØRSKOG", "orskog" and "oerskog" are one municipality, whose URL slug is ``orskog``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from kb.corpus.regions import Region, Registry
from kb.models import Document

APPLICANT = "applicant"
PARTNER = "partner"
ROLES = (APPLICANT, PARTNER)

_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "đ": "d", "ŋ": "n", "ŧ": "t"})
_COLLATE = str.maketrans({"æ": "{", "ø": "|", "å": "}"})  # after z, in this order
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Ways of typing æ, ø and å without them, read as one letter in a lookup key.
_DIGRAPHS = (("aa", "a"), ("ae", "a"), ("oe", "o"))


def municipality_slug(name: str) -> str:
    """Return the URL slug of a municipality's name: "Ørskog" -> "orskog", "Nord-Fron" ->
    "nord-fron", "Bærum" -> "baerum" (lower-case ASCII letters, digits and '-'; "" for a
    name without letters or digits)."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(_ASCII))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NOT_SLUG.sub("-", text).strip("-")


def municipality_key(name: str) -> str:
    """Return what a name is matched by: its slug with aa, ae and oe read as a, a and o,
    so that "Ålesund", "aalesund" and "Alesund" (or "Bærum", "baerum", "barum") match."""
    key = municipality_slug(name)
    for digraph, letter in _DIGRAPHS:
        key = key.replace(digraph, letter)
    return key


@dataclass(frozen=True)
class Membership:
    """A municipality's place in one region: the region's name (as its documents give
    it), the role (:data:`APPLICANT` or :data:`PARTNER`) and the slugs of the region's
    own pages (region documents; empty when only other pages name the region)."""

    region: str
    role: str
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Municipality:
    """One municipality: its name as first written, its URL slug and its regions."""

    name: str
    slug: str
    memberships: tuple[Membership, ...]

    @property
    def regions(self) -> tuple[str, ...]:
        """The names of the regions it belonged to, in corpus order."""
        return tuple(m.region for m in self.memberships)


class Municipalities:
    """Every municipality of a corpus, in Norwegian alphabetical order (æ, ø, å last),
    found by any spelling of its name (:meth:`find`) and listed per region
    (:meth:`of_region`)."""

    def __init__(self, entries: Iterable[Municipality] = (),
                 regions: dict[str, tuple[str, ...]] | None = None) -> None:
        self.entries = tuple(sorted(entries, key=lambda m: norwegian_order(m.name)))
        self._by_key = {municipality_key(m.name): m for m in self.entries}
        self._regions = dict(regions or {})

    def __iter__(self) -> Iterator[Municipality]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, name: str) -> Municipality | None:
        """Return the municipality called ``name`` (any case, æ/ø/å typed or not, or its
        slug), else None."""
        key = municipality_key(name)
        return self._by_key.get(key) if key else None

    def of_region(self, region: str) -> tuple[str, ...]:
        """The names of ``region``'s municipalities, applicants first, then partners in
        the order their sources give them (empty for a region none is known of)."""
        return self._regions.get(region, ())


def norwegian_order(name: str) -> tuple[str, str]:
    """Sort key of a name (a municipality's, a region's): Norwegian alphabetical order,
    æ ø å after z."""
    folded = name.casefold().translate(_COLLATE)
    return folded, name


class _Collector:
    """Municipalities seen so far, per region, with their roles and first spellings."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # key -> name as first written
        self.roles: dict[str, dict[str, str]] = {}  # region -> key -> role, in order seen
        self.pages: dict[str, list[str]] = {}  # region -> slugs of its region documents

    def add(self, region: str, names: Iterable[str], role: str) -> None:
        members = self.roles.setdefault(region, {})
        for name in names:
            name = " ".join(name.split())
            key = municipality_key(name)
            if not key:
                continue
            self.names.setdefault(key, name)
            if members.get(key) != APPLICANT:
                members[key] = role

    def result(self) -> Municipalities:
        memberships: dict[str, list[Membership]] = {}
        regions: dict[str, tuple[str, ...]] = {}
        for region, members in self.roles.items():
            pages = tuple(self.pages.get(region, ()))
            for key, role in members.items():
                memberships.setdefault(key, []).append(Membership(region, role, pages))
            ordered = sorted(members, key=lambda k: members[k] != APPLICANT)  # stable
            regions[region] = tuple(self.names[k] for k in ordered)
        entries = [Municipality(self.names[key], municipality_slug(self.names[key]),
                                tuple(found)) for key, found in memberships.items()]
        return Municipalities(entries, regions)


def region_label(doc: Document) -> str:
    """The region a document's items belong to for municipalities: its region, else its
    title (a page without a region stands for itself)."""
    return doc.region or doc.title


def _registry_entry(doc: Document, registry: Registry) -> Region | None:
    """The registry's region of ``doc``: by region name or alias, by slug, by URL."""
    return (registry.find(doc.region) if doc.region else None) \
        or (registry.by_slug(doc.slug) if doc.doc_type == "region" else None) \
        or (registry.by_url(doc.source_url) if doc.source_url else None)


def collect_municipalities(documents: Sequence[Document],
                           registry: Registry | None = None) -> Municipalities:
    """Return the municipalities named in the documents' facts and in the registry entry
    of each document's region (``registry`` None: the facts alone)."""
    found = _Collector()
    for doc in documents:
        region = region_label(doc)
        if doc.doc_type == "region":
            found.pages.setdefault(region, []).append(doc.slug)
        if doc.facts is not None:
            found.add(region, (doc.facts.applicant,) if doc.facts.applicant else (), APPLICANT)
            found.add(region, doc.facts.partners, PARTNER)
    for doc in documents:  # the registry after every page's own facts: pages name first
        entry = _registry_entry(doc, registry) if registry is not None else None
        if entry is not None:
            region = region_label(doc)
            found.add(region, (entry.applicant,) if entry.applicant else (), APPLICANT)
            found.add(region, entry.partners, PARTNER)
    return found.result()
