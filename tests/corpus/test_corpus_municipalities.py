"""The municipalities of the corpus's regions: names, slugs, sources, roles, items."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.corpus import (
    APPLICANT,
    PARTNER,
    Membership,
    Registry,
    collect_municipalities,
    load_corpus,
    municipality_slug,
)
from kb.corpus.municipalities import municipality_key
from kb.corpus.regions import Region
from kb.models import Document, Facts

# The registry of these tests: Ålesundregionen with one partner its page does not name
# (Vestnes), and a region without a page in the corpus (Molderegionen).
REGISTRY = """\
[[region]]
name = "Ålesundregionen"
aliases = ["Region Ålesund"]
slug = "alesund"
county = "Møre og Romsdal"
url = "https://distriktssenteret.no/artikkel/alesund/"
applicant = "Ålesund"
partners = ["Sula", "Haram", "Giske", "Skodje", "Ørskog", "Sandøy", "Vestnes"]

[[region]]
name = "Molderegionen"
slug = "utviklingsprogrammet-molderegionen"
county = "Møre og Romsdal"
applicant = "Molde"
partners = ["Aukra", "Vestnes"]
"""


@pytest.mark.parametrize(("name", "slug"), [
    ("Ørskog", "orskog"), ("ØRSKOG", "orskog"), ("Ålesund", "alesund"), ("Bærum", "baerum"),
    ("Nord-Fron", "nord-fron"), ("Sør Fron", "sor-fron"), ("  Sula ", "sula"),
    ("Kárášjohka", "karasjohka"), ("Porsáŋgu", "porsangu"), ("!!", ""),
])
def test_a_slug_is_lower_case_ascii(name: str, slug: str) -> None:
    assert municipality_slug(name) == slug


@pytest.mark.parametrize(("typed", "name"), [
    ("orskog", "Ørskog"), ("ØRSKOG", "Ørskog"), ("oerskog", "Ørskog"), ("Oerskog", "Ørskog"),
    ("aalesund", "Ålesund"), ("Alesund", "Ålesund"), ("ålesund", "Ålesund"),
    ("baerum", "Bærum"), ("barum", "Bærum"), ("BÆRUM", "Bærum"), ("nord fron", "Nord-Fron"),
])
def test_a_name_matches_however_it_is_typed(typed: str, name: str) -> None:
    assert municipality_key(typed) == municipality_key(name)


def test_different_names_do_not_match() -> None:
    keys = {municipality_key(n) for n in ("Sula", "Sola", "Haram", "Hareid", "Ørland", "Orkland",
                                          "Åfjord", "Afjord-Nord", "Sande", "Sandøy")}
    assert len(keys) == 10


def _region_page(slug: str, region: str, applicant: str | None,
                 partners: tuple[str, ...]) -> Document:
    return Document(slug=slug, title=region, doc_type="region", region=region,
                    county="Møre og Romsdal", language="nb", source_url="",
                    facts=Facts(applicant=applicant, partners=partners))


def test_roles_regions_and_order_from_the_facts_alone() -> None:
    docs = [_region_page("a", "Aregionen", "Molde", ("Aukra", "Vestnes")),
            _region_page("b", "Bregionen", "Ålesund", ("Vestnes", "molde")),
            Document(slug="news", title="Nyhet", doc_type="news", region="Aregionen",
                     county="", language="nb", source_url="")]
    found = collect_municipalities(docs)
    assert [m.name for m in found] == ["Aukra", "Molde", "Vestnes", "Ålesund"]  # å last
    vestnes = found.find("VESTNES")
    assert vestnes is not None
    assert vestnes.memberships == (Membership("Aregionen", PARTNER, ("a",)),
                                   Membership("Bregionen", PARTNER, ("b",)))
    molde = found.find("molde")
    assert molde is not None and molde.name == "Molde"  # as first written
    assert molde.memberships == (Membership("Aregionen", APPLICANT, ("a",)),
                                 Membership("Bregionen", PARTNER, ("b",)))
    assert found.of_region("Aregionen") == ("Molde", "Aukra", "Vestnes")
    assert found.of_region("Bregionen") == ("Ålesund", "Vestnes", "Molde")
    assert found.of_region("Cregionen") == ()
    assert found.find("Oslo") is None and found.find("") is None and found.find("--") is None


def test_the_registry_adds_what_a_page_leaves_out() -> None:
    page = _region_page("x", "Xregionen", None, ("Sula",))
    registry = Registry([Region("Xregionen", "x", ("Møre og Romsdal",), applicant="Giske",
                                partners=("Sula", "Haram"))])
    found = collect_municipalities([page], registry)
    assert found.of_region("Xregionen") == ("Giske", "Sula", "Haram")
    giske = found.find("giske")
    assert giske is not None and giske.memberships == (Membership("Xregionen", APPLICANT,
                                                                  ("x",)),)


def test_a_partner_on_the_page_stays_applicant_where_the_registry_says_so() -> None:
    page = _region_page("x", "Xregionen", "Sula", ("Giske",))
    registry = Registry([Region("Xregionen", "x", ("Møre og Romsdal",), applicant="Giske")])
    found = collect_municipalities([page], registry)
    roles = {m.name: m.memberships[0].role for m in found}
    assert roles == {"Sula": APPLICANT, "Giske": APPLICANT}


def test_the_corpus_items_carry_their_regions_municipalities(corpus_copy: Path) -> None:
    (corpus_copy / "regions.toml").write_text(REGISTRY, encoding="utf-8")
    news = corpus_copy / "8855-byregionsamling-i-alesund.md"
    corpus = load_corpus(corpus_copy)
    alesund = ("Ålesund", "Sula", "Haram", "Giske", "Skodje", "Ørskog", "Sandøy", "Vestnes")
    by_doc = {}
    for item in corpus.items:
        by_doc.setdefault(item.doc, set()).add(item.municipalities)
    assert by_doc["alesund"] == {alesund}  # every item, facts and the registry's Vestnes
    assert by_doc[news.stem] == {alesund}  # a news item of the region: the same
    assert by_doc["bjugn"] == {("Bjugn", "Ørland", "Rissa", "Åfjord", "Roan", "Osen",
                                "Leksvik")}
    assert by_doc["dette-er-byregionprogrammet"] == {()}  # no region
    vestnes = corpus.municipalities.find("Vestnes")
    assert vestnes is not None
    assert vestnes.memberships == (Membership("Ålesundregionen", PARTNER, ("alesund",)),)
    assert corpus.municipalities.find("Molde") is None  # its region has no page here
    names = {m.name for m in corpus.municipalities}
    assert len(names) == 20 and {"Alstahaug", "Vefsn", "Leksvik", "Vestnes"} <= names


def test_a_page_of_a_region_without_its_own_page_brings_the_registry_entry(
        corpus_copy: Path) -> None:
    (corpus_copy / "regions.toml").write_text(REGISTRY, encoding="utf-8")
    news = corpus_copy / "8855-byregionsamling-i-alesund.md"
    news.write_text(news.read_text(encoding="utf-8").replace(
        "region: Ålesundregionen", "region: Molderegionen"), encoding="utf-8")
    corpus = load_corpus(corpus_copy)
    molde = corpus.municipalities.find("molde")
    assert molde is not None
    assert molde.memberships == (Membership("Molderegionen", APPLICANT, ()),)
    vestnes = corpus.municipalities.find("Vestnes")
    assert vestnes is not None and vestnes.regions == ("Ålesundregionen", "Molderegionen")
    assert {it.municipalities for it in corpus.items if it.doc == news.stem} == {
        ("Molde", "Aukra", "Vestnes")}
