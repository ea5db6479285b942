"""The region registry ``corpus/regions.toml``: region name or alias -> slug, county, URL.

A captured region page names its region in its title, but not the county nor
the address it came from; the registry supplies those public facts so that
``kb import page.txt`` needs no options for a known region.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.errors import CorpusError
from kb.tomlfile import read_toml
from kb.vocabulary import is_web_url

REGIONS_FILE = "regions.toml"


@dataclass(frozen=True)
class Region:
    """One city region: the name shown, other names for it, slug, county, page URL."""

    name: str
    slug: str
    county: str
    url: str
    aliases: tuple[str, ...] = ()


def fold(name: str) -> str:
    """Return ``name`` as compared by the registry: case- and whitespace-folded."""
    return " ".join(name.replace("\u2013", "-").split()).casefold()


class Registry:
    """Regions looked up by name or alias, and by slug."""

    def __init__(self, regions: list[Region]) -> None:
        self.regions = list(regions)
        self._by_name: dict[str, Region] = {}
        for region in self.regions:
            for name in (region.name, *region.aliases):
                self._by_name.setdefault(fold(name), region)

    def find(self, name: str) -> Region | None:
        """Return the region called ``name`` (or with that alias), else None."""
        return self._by_name.get(fold(name)) if name.strip() else None

    def by_slug(self, slug: str) -> Region | None:
        """Return the region whose corpus file is ``<slug>.md``, else None."""
        return next((r for r in self.regions if r.slug == slug), None)


def load_regions(path: Path) -> Registry:
    """Read the registry at ``path``; a missing file is an empty registry.

    Raises :class:`CorpusError` naming the file (and entry) when it is not valid
    TOML or an entry lacks a field.
    """
    if not path.exists():
        return Registry([])
    _, data = read_toml(path, "the region registry")
    entries = data.get("region", [])
    if not isinstance(entries, list):
        raise CorpusError(str(path), "expected [[region]] tables")
    regions = []
    for number, entry in enumerate(entries, start=1):
        regions.append(_region(entry, path, number))
    return Registry(regions)


def _region(entry: object, path: Path, number: int) -> Region:
    where = f"region {number}"
    if not isinstance(entry, dict):
        raise CorpusError(str(path), f"{where}: expected a table")
    values: dict[str, str] = {}
    for key in ("name", "slug", "county", "url"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise CorpusError(str(path), f"{where}: '{key}' must be a non-empty string")
        values[key] = value.strip()
    if not is_web_url(values["url"]):
        raise CorpusError(str(path), f"{where} ({values['name']}): 'url' must be an http:// or "
                                     f"https:// address with a host, not {values['url'][:80]!r}")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise CorpusError(
            str(path), f"{where} ({values['name']}): 'aliases' must be a list of strings")
    unknown = set(entry) - {"name", "slug", "county", "url", "aliases"}
    if unknown:
        raise CorpusError(
            str(path), f"{where} ({values['name']}): unknown key(s) {sorted(unknown)}")
    return Region(aliases=tuple(aliases), **values)
