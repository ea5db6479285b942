"""The region registry: the project's file, the reader's checks, and lookups by URL."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kb.corpus import Registry, load_regions
from kb.corpus.regions import fold, url_key
from kb.errors import CorpusError
from kb.ingest import PageHints, parse_page
from kb.ingest.parse import slug_from

OFOTEN = """Byregionprogrammets fase 2: Vekstkraft Ofoten

Vårt prosjekt vil være et hovedprosjekt med fem delprosjekt.

Fra Narvikregionen sin søknad til Byregionprogrammet:

Konkret prosjektmål for fase 2 er: Utarbeide interregional utviklingsplan.

Fakta Narvikregionen

Søkerkommune: Narvik
Samarbeidskommuner: Tysfjord, Tjeldsund, Evenes, Ballangen
"""

# The programme (2014-2018): 37 city regions in 16 of the counties of the time
# (distriktssenteret.no/artikkel/dette-er-byregionprogrammet/).
PROGRAMME_REGIONS = 37
PROGRAMME_COUNTIES = 16
COUNTIES_2014_2018 = frozenset({
    "Østfold", "Akershus", "Oslo", "Hedmark", "Oppland", "Buskerud", "Vestfold", "Telemark",
    "Aust-Agder", "Vest-Agder", "Rogaland", "Hordaland", "Sogn og Fjordane", "Møre og Romsdal",
    "Sør-Trøndelag", "Nord-Trøndelag", "Nordland", "Troms", "Finnmark"})


def older_text(title: str, region: str) -> str:
    """A region page's older text (its phase 2 application) under its own title."""
    return (f"{title}\n\nFra {region} sin søknad til Byregionprogrammet:\n\n"
            f"Hovedmålet er flere arbeidsplasser.\n\nFakta {region}\n\nSøkerkommune: X\n")


def test_every_region_has_a_name_a_county_and_a_slug(registry: Registry) -> None:
    for region in registry.regions:
        assert region.name and region.slug and region.counties and all(region.counties)
        assert region.county == " og ".join(region.counties)


def test_no_two_regions_share_a_slug_a_url_or_a_name(registry: Registry) -> None:
    def repeated(values: list[str]) -> list[str]:
        return [v for v, n in Counter(values).items() if n > 1]

    assert repeated([r.slug for r in registry.regions]) == []
    assert repeated([url_key(u) for u in registry.page_urls()]) == []
    assert repeated([r.name.casefold() for r in registry.regions]) == []


def test_the_registry_holds_distinct_regions_of_the_programme(registry: Registry) -> None:
    # 31 of the 37 are known from their pages; the registry never holds more than
    # the programme had, nor counties it did not reach.
    assert 31 <= len(registry.regions) <= PROGRAMME_REGIONS
    assert len({fold(r.name) for r in registry.regions}) == len(registry.regions)
    assert len({r.slug for r in registry.regions}) == len(registry.regions)
    counties = {county for region in registry.regions for county in region.counties}
    assert counties <= COUNTIES_2014_2018
    assert len(counties) <= PROGRAMME_COUNTIES
    for region in registry.regions:
        assert len(set(region.counties)) == len(region.counties)


def test_no_name_or_alias_leads_to_two_regions(registry: Registry) -> None:
    owners: dict[str, set[str]] = {}
    for region in registry.regions:
        for name in (region.name, *region.aliases):
            owners.setdefault(fold(name), set()).add(region.name)
    assert {name: regions for name, regions in owners.items() if len(regions) > 1} == {}


def test_a_slug_is_the_last_path_segment_of_the_current_page(registry: Registry) -> None:
    for region in registry.regions:
        if region.url:
            assert slug_from(region.url) == region.slug, region.name


def test_applicant_and_partners_are_distinct_municipalities(registry: Registry) -> None:
    for region in registry.regions:
        named = [*([region.applicant] if region.applicant else []), *region.partners]
        assert len(set(named)) == len(named) and all(n.strip() == n and n for n in named)


def test_every_url_is_a_page_of_distriktssenteret(registry: Registry) -> None:
    for url in registry.page_urls():
        assert url.startswith("https://distriktssenteret.no/artikkel/") and url.endswith("/")


def test_a_region_spanning_two_counties(registry: Registry) -> None:
    haugesund = registry.find("Haugesund")
    assert haugesund is not None
    assert haugesund.counties == ("Rogaland", "Hordaland")
    assert haugesund.county == "Rogaland og Hordaland"  # as documents always recorded it


@pytest.mark.parametrize("url", ["https://distriktssenteret.no/artikkel/vagan-2/",
                                 "http://www.distriktssenteret.no/artikkel/vagan-2"])
def test_a_region_is_found_by_any_form_of_its_url(registry: Registry, url: str) -> None:
    found = registry.by_url(url)
    assert found is not None and found.name == "Aust-Lofoten"


def test_a_page_imported_by_url_gets_the_registrys_region_name(registry: Registry) -> None:
    url = "https://distriktssenteret.no/artikkel/narvikregionen/"
    doc = parse_page(OFOTEN, "ofoten.txt", PageHints(source_url=url), registry).document
    assert (doc.region, doc.county, doc.slug, doc.source_url) == (
        "Narvikregionen", "Nordland", "narvikregionen", url)
    assert doc.doc_type == "region"
    assert doc.title == "Byregionprogrammets fase 2: Vekstkraft Ofoten"


@pytest.mark.parametrize(("title", "fakta", "region", "county", "slug"), [
    ("For eigen maskin", "Hallingdal", "Hallingdal", "Buskerud", "gol"),
    ("Tynset og Røros som motorer i regional utvikling", "Fjellregionen", "Fjellregionen",
     "Hedmark og Sør-Trøndelag", "tynset"),
    ("Byregion Midt-Telemark", "Midt – Telemark", "Midt-Telemark", "Telemark", "bo"),
])
def test_an_older_text_imported_from_a_file_finds_its_region_by_title(
        registry: Registry, title: str, fakta: str, region: str, county: str, slug: str) -> None:
    doc = parse_page(older_text(title, fakta), f"{slug}.txt", PageHints(), registry).document
    assert (doc.region, doc.county, doc.slug) == (region, county, slug)
    assert doc.source_url == f"https://distriktssenteret.no/artikkel/{slug}/"


def test_an_older_text_imported_by_url_gets_the_registrys_region_name(registry: Registry) -> None:
    url = "https://distriktssenteret.no/artikkel/bodo/"
    text = older_text("Bodø og Salten – Næringssamarbeid for økt vekst", "Salten")
    doc = parse_page(text, "bodo.txt", PageHints(source_url=url), registry).document
    assert (doc.region, doc.county, doc.slug, doc.source_url) == ("Salten", "Nordland", "bodo", url)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "regions.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_county_and_url_may_be_a_string_or_a_list(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[region]]\nname = "A"\nslug = "a"\ncounty = "X"\n'
                            'url = "https://example.org/a/"\n\n'
                            '[[region]]\nname = "B"\nslug = "b"\ncounty = ["X", "Y"]\n'
                            'url = ["https://example.org/b/", "https://example.org/b-2/"]\n')
    a, b = load_regions(path).regions
    assert (a.counties, a.urls, a.url) == (("X",), ("https://example.org/a/",),
                                           "https://example.org/a/")
    assert (b.county, b.url) == ("X og Y", "https://example.org/b/")
    assert load_regions(path).by_url("https://example.org/b-2/") == b


@pytest.mark.parametrize(("text", "line", "message"), [
    ('[[region]]\nname = "A"\nslug = "a"\ncounty = []\n', 4, "'county' must be"),
    ('[[region]]\nname = "A"\nslug = "a"\ncounty = "X"\n\n[[region]]\nname = "B"\n'
     'slug = "b"\ncounty = "X"\nurl = ["https://e.org/b/", "ftp://e.org/"]\n', 10, "'url' must"),
    ('[[region]]\nname = "A"\nslug = "a"\ncounty = "X"\n\n[[region]]\nname = "B"\n'
     'slug = "a"\ncounty = "X"\n', 6, "slug 'a' is also 'A''s (line 1)"),
    ('[[region]]\nname = "A"\nslug = "a"\ncounty = "X"\nurl = "https://e.org/a"\n\n'
     '[[region]]\nname = "B"\nslug = "b"\ncounty = "X"\nurl = "http://e.org/a/"\n', 7,
     "url 'e.org/a' is also 'A''s"),
    ('[[region]]\nname = "A"\nslug = "a"\ncounty = "X"\ncolour = "red"\n', 5, "unknown key"),
])
def test_errors_name_the_file_and_line(tmp_path: Path, text: str, line: int,
                                       message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(CorpusError) as caught:
        load_regions(path)
    assert str(caught.value).startswith(f"{path}:{line}: region ")
    assert message in str(caught.value)
