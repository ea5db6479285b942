"""The region registry ``corpus/regions.toml``: region name, alias or page URL -> region.

A captured region page names its region in its title, but not the county nor
the address it came from; the registry supplies those public facts so that
``kb import page.txt`` needs no options for a known region, and a page fetched
by URL (``kb harvest``) gets its region's name whatever its title says.

Each ``[[region]]`` has ``name``, ``county`` (a string, or a list when the region
spanned two counties) and ``slug``, and may have ``aliases``, ``url`` (a string or
a list: the region's pages on distriktssenteret.no, the current one first),
``applicant`` and ``partners`` (municipalities). Errors name the file and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kb.errors import CorpusError
from kb.tomlfile import read_toml
from kb.vocabulary import SLUG_PATTERN, is_web_url

REGIONS_FILE = "regions.toml"
_KEYS = ("name", "slug", "county", "url", "aliases", "applicant", "partners")
_TABLE = re.compile(r"^\s*\[\[\s*region\s*\]\]")


@dataclass(frozen=True)
class Region:
    """One city region: name, slug, counties, page URLs, other names, municipalities."""

    name: str
    slug: str
    counties: tuple[str, ...]
    urls: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    applicant: str | None = None
    partners: tuple[str, ...] = ()
    line: int | None = None

    @property
    def county(self) -> str:
        """The county as a document records it: the counties joined with " og "."""
        return " og ".join(self.counties)

    @property
    def url(self) -> str:
        """The region's current page ("" when none is known)."""
        return self.urls[0] if self.urls else ""


def fold(name: str) -> str:
    """Return ``name`` as compared by the registry: case- and whitespace-folded."""
    return " ".join(name.replace("\u2013", "-").split()).casefold()


def url_key(url: str) -> str:
    """Return ``url`` as compared by the registry: no scheme, "www." or trailing "/"."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path.rstrip('/')}{query}"


class Registry:
    """Regions looked up by name or alias, by slug and by any of their page URLs."""

    def __init__(self, regions: list[Region]) -> None:
        self.regions = list(regions)
        self._by_name: dict[str, Region] = {}
        self._by_url: dict[str, Region] = {}
        for region in self.regions:
            for name in (region.name, *region.aliases):
                self._by_name.setdefault(fold(name), region)
            for url in region.urls:
                self._by_url.setdefault(url_key(url), region)

    def find(self, name: str) -> Region | None:
        """Return the region called ``name`` (or with that alias), else None."""
        return self._by_name.get(fold(name)) if name.strip() else None

    def by_slug(self, slug: str) -> Region | None:
        """Return the region whose corpus file is ``<slug>.md``, else None."""
        return next((r for r in self.regions if r.slug == slug), None)

    def by_url(self, url: str) -> Region | None:
        """Return the region one of whose pages is at ``url`` (scheme, "www." and a
        trailing "/" aside), else None."""
        return self._by_url.get(url_key(url)) if url.strip() else None

    def page_urls(self) -> list[str]:
        """Return every page URL of every region, in registry order."""
        return [url for region in self.regions for url in region.urls]


def load_regions(path: Path) -> Registry:
    """Read the registry at ``path``; a missing file is an empty registry.

    Raises :class:`CorpusError` naming the file and line when it is not valid
    TOML, an entry lacks a field or has a wrong one, or two entries share a slug
    or a URL.
    """
    if not path.exists():
        return Registry([])
    text, data = read_toml(path, "the region registry")
    entries = data.get("region", [])
    if not isinstance(entries, list):
        raise CorpusError(str(path), "expected [[region]] tables")
    lines = text.splitlines()
    starts = [n for n, line in enumerate(lines, start=1) if _TABLE.match(line)]
    regions: list[Region] = []
    slugs: dict[str, Region] = {}
    urls: dict[str, Region] = {}
    for number, entry in enumerate(entries, start=1):
        start = starts[number - 1] if number <= len(starts) else None
        end = starts[number] if number < len(starts) else len(lines) + 1
        region = _Entry(path, lines, number, start, end).region(entry)
        _unique(slugs, region.slug, region, path, "slug")
        for url in region.urls:
            _unique(urls, url_key(url), region, path, "url")
        regions.append(region)
    return Registry(regions)


def _unique(seen: dict[str, Region], key: str, region: Region, path: Path, what: str) -> None:
    other = seen.setdefault(key, region)
    if other is not region:
        raise CorpusError(str(path), f"region {region.name!r}: {what} {key!r} is also "
                                     f"{other.name!r}'s (line {other.line})", region.line)


class _Entry:
    """One [[region]] table being read: where it is, for messages."""

    def __init__(self, path: Path, lines: list[str], number: int, start: int | None,
                 end: int) -> None:
        self.path, self.lines, self.number, self.start, self.end = path, lines, number, start, end
        self.label = f"region {number}"

    def fail(self, message: str, key: str | None = None) -> CorpusError:
        return CorpusError(str(self.path), f"{self.label}: {message}", self.line_of(key))

    def line_of(self, key: str | None) -> int | None:
        """The line of ``key = `` inside this table, else the table's header line."""
        if key is not None and self.start is not None:
            pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
            for n in range(self.start, min(self.end, len(self.lines) + 1)):
                if pattern.match(self.lines[n - 1]):
                    return n
        return self.start

    def region(self, entry: object) -> Region:
        if not isinstance(entry, dict):
            raise self.fail("expected a table")
        name = self.text(entry, "name")
        self.label = f"region {self.number} ({name})"
        unknown = set(entry) - set(_KEYS)
        if unknown:
            raise self.fail(f"unknown key(s) {sorted(unknown)}", sorted(unknown)[0])
        counties = self.texts(entry, "county", required=True)
        urls = self.texts(entry, "url")
        for url in urls:
            if not is_web_url(url):
                raise self.fail(f"'url' must be an http:// or https:// address with a host, "
                                f"not {url[:80]!r}", "url")
        slug = self.text(entry, "slug")
        if not SLUG_PATTERN.match(slug):
            raise self.fail(f"'slug' must be lower-case letters, digits and '-', not {slug!r}",
                            "slug")
        applicant = self.text(entry, "applicant") if "applicant" in entry else None
        return Region(name=name, slug=slug, counties=counties, urls=urls,
                      aliases=self.texts(entry, "aliases"), applicant=applicant,
                      partners=self.texts(entry, "partners"), line=self.start)

    def text(self, entry: dict[str, Any], key: str) -> str:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{key}' must be a non-empty string", key)
        return value.strip()

    def texts(self, entry: dict[str, Any], key: str, required: bool = False) -> tuple[str, ...]:
        """A string or a list of non-empty strings (absent: empty, unless ``required``)."""
        value = entry.get(key, None if required else [])
        values = [value] if isinstance(value, str) else value
        if (not isinstance(values, list) or (required and not values)
                or not all(isinstance(v, str) and v.strip() for v in values)):
            kind = "a non-empty string or a list of them" if key in ("county", "url") \
                else "a list of non-empty strings"
            raise self.fail(f"'{key}' must be {kind}", key)
        return tuple(v.strip() for v in values)
