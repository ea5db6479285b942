"""The region registry: the project's file, the reader's checks, and lookups by URL."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kb.corpus import Registry, load_regions
from kb.corpus.regions import url_key
from kb.errors import CorpusError
from kb.ingest import PageHints, parse_page

OFOTEN = """Byregionprogrammets fase 2: Vekstkraft Ofoten

Vårt prosjekt vil være et hovedprosjekt med fem delprosjekt.

Fra Narvikregionen sin søknad til Byregionprogrammet:

Konkret prosjektmål for fase 2 er: Utarbeide interregional utviklingsplan.

Fakta Narvikregionen

Søkerkommune: Narvik
Samarbeidskommuner: Tysfjord, Tjeldsund, Evenes, Ballangen
"""


def test_every_region_has_a_name_a_county_and_a_slug(registry: Registry) -> None:
    assert len(registry.regions) >= 25
    for region in registry.regions:
        assert region.name and region.slug and region.counties and all(region.counties)
        assert region.county == " og ".join(region.counties)


def test_no_two_regions_share_a_slug_a_url_or_a_name(registry: Registry) -> None:
    def repeated(values: list[str]) -> list[str]:
        return [v for v, n in Counter(values).items() if n > 1]

    assert repeated([r.slug for r in registry.regions]) == []
    assert repeated([url_key(u) for u in registry.page_urls()]) == []
    assert repeated([r.name.casefold() for r in registry.regions]) == []


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
