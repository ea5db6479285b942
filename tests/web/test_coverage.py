"""The coverage line (kb.web.coverage): regions held of those that took part, their dates.

The computation on hand-made documents and registries, Norwegian dates at the edges of
a day and of summer time, the registry carried by the served build, and the line on
the front page and /regioner through the test client.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from pagecheck import page_problems

from kb.corpus import Region, Registry, load_regions
from kb.models import Document
from kb.search import SearchIndex
from kb.web.coverage import norwegian_date, region_coverage

UTC = dt.UTC


def doc(slug: str, region: str, doc_type: str = "region",
        imported: dt.datetime | None = None) -> Document:
    return Document(slug=slug, title=region or slug, doc_type=doc_type, region=region,
                    county="", language="nb", source_url="", imported=imported)


REGISTRY = Registry([
    Region("Ålesundregionen", "alesund", ("Møre og Romsdal",), aliases=("Region Ålesund",)),
    Region("Fosenregionen", "bjugn", ("Sør-Trøndelag",)),
    Region("Alstahaugregionen", "alstahaug", ("Nordland",)),
    Region("Østre Agder", "ostre-agder", ("Aust-Agder",)),
])


@pytest.mark.parametrize(("moment", "text"), [
    (dt.datetime(2026, 11, 22, 23, 49, 47, tzinfo=UTC), "23. november 2026"),  # 00:49 in Oslo
    (dt.datetime(2026, 11, 22, 22, 59, 59, tzinfo=UTC), "22. november 2026"),
    (dt.datetime(2026, 6, 30, 21, 59, tzinfo=UTC), "30. juni 2026"),  # summer time: UTC+2
    (dt.datetime(2026, 6, 30, 22, 0, tzinfo=UTC), "1. juli 2026"),
    (dt.datetime(2015, 1, 1, 0, 0), "1. januar 2015"),  # naive: read as UTC
    (dt.datetime(2016, 5, 17, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
     "17. mai 2016"),
])
def test_dates_are_written_as_in_norway(moment: dt.datetime, text: str) -> None:
    assert norwegian_date(moment) == text


def test_regions_held_are_counted_once_against_the_registry_and_the_whole() -> None:
    early = dt.datetime(2026, 1, 5, 9, tzinfo=UTC)
    late = dt.datetime(2026, 3, 2, 9, tzinfo=UTC)
    documents = [
        doc("alesund", "Region Ålesund", imported=early),  # an alias: Ålesundregionen
        doc("alesund-gammel", "Ålesundregionen", imported=late),  # its older page
        doc("bjugn", "Fosen", imported=early),  # not a name the registry knows; its slug is
        doc("nyby", "Nybyregionen", imported=None),  # a region not in the registry
        doc("nyhet", "Alstahaugregionen", doc_type="news"),  # news is not a region page
        doc("om", "", doc_type="programme"),
    ]
    coverage = region_coverage(documents, REGISTRY, total=37)
    assert [r.name for r in coverage.held] == ["Fosenregionen", "Nybyregionen",
                                               "Ålesundregionen"]  # æ ø å after z
    alesund = coverage.held[2]
    assert [p.slug for p in alesund.pages] == ["alesund", "alesund-gammel"]
    assert alesund.imported == late
    assert coverage.held[1].imported is None
    assert coverage.missing == ("Alstahaugregionen", "Østre Agder")
    assert (coverage.total, coverage.unlisted) == (37, 32)
    assert coverage.imported_together is None  # one region has no date


def test_one_date_for_all_when_every_region_came_the_same_norwegian_day() -> None:
    evening = dt.datetime(2026, 11, 22, 23, 10, tzinfo=UTC)  # 23 November in Norway
    night = dt.datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    same = [doc("alesund", "Ålesundregionen", imported=evening),
            doc("bjugn", "Fosenregionen", imported=night)]
    assert region_coverage(same, REGISTRY).imported_together == night
    apart = [doc("alesund", "Ålesundregionen", imported=evening - dt.timedelta(hours=1)),
             doc("bjugn", "Fosenregionen", imported=night)]
    assert region_coverage(apart, REGISTRY).imported_together is None
    assert region_coverage(same[:1], REGISTRY).imported_together is None  # one region


def test_the_whole_is_never_less_than_what_is_known() -> None:
    coverage = region_coverage([doc("nyby", "Nybyregionen")], REGISTRY, total=3)
    assert (coverage.total, coverage.unlisted) == (5, 0)
    empty = region_coverage([], Registry([]))
    assert (empty.held, empty.missing, empty.total, empty.unlisted) == ((), (), 37, 37)


def test_the_served_build_carries_the_registry(index: SearchIndex, web_corpus: Path) -> None:
    registry = load_regions(web_corpus / "regions.toml")
    assert registry.regions and index.registry.regions == registry.regions
    assert index.registry.find("Region Ålesund") == registry.find("Ålesundregionen")


def test_front_page_and_regions_page_show_the_line(client: FlaskClient,
                                                   index: SearchIndex) -> None:
    held = sorted(d.region for d in index.documents() if d.doc_type == "region")
    registered = len(index.registry.regions)
    for path in ("/", "/regioner"):
        html = client.get(path).get_data(as_text=True)
        assert page_problems(html)[0] == [], path
        count = re.search(r'<strong class="coverage-count">(\d+) av (\d+) byregioner</strong>',
                          html)
        assert count and count.groups() == (str(len(held)), "37"), path
        line = html[html.index('class="coverage-line"'):]
        line = line[:line.index("</p>")]
        assert sorted(re.findall(r'<a href="/dokument/[^"]+">([^<]+)</a>', line)) == held
    assert re.search(rf'id="ikke-med">Ikke med ennå <span class="count">{37 - len(held)}</span>',
                     html)
    names = re.search(r'<ul class="name-list"[^>]*>(.*?)</ul>', html, re.S)
    assert names, "no list of the regions not held"
    assert set(re.findall(r"<li>([^<]+)</li>", names.group(1))) == {
        r.name for r in index.registry.regions if r.name not in held}
    assert f"Og {37 - registered} byregioner til" in html
