"""Every item text of the five seed pages, tagged: sensible themes, nothing on unrelated text.

The lines are copied from ../shared/seeds into data/ (the product stands alone).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kb.themes import Tagger, Taxonomy

DATA = Path(__file__).resolve().parent / "data"


def lines_of(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


SEED_ITEMS = lines_of("seed_items.txt")
SEED_OTHER = lines_of("seed_other.txt")


def item(start: str) -> str:
    [found] = [line for line in SEED_ITEMS if line.startswith(start)]
    return found


def test_the_fixture_holds_the_seed_items() -> None:
    assert len(SEED_ITEMS) == 90
    assert "Bruk tid på å skape tillit" in SEED_ITEMS


def test_every_seed_item_is_tagged_and_explained(tagger: Tagger) -> None:
    untagged = []
    for text in SEED_ITEMS:
        themes = tagger.tag(text)
        matches = tagger.explain(text)
        assert {m.theme for m in matches} == set(themes), text
        assert all(text[m.start:m.end] == m.word for m in matches), text
        if not themes:
            untagged.append(text)
    # a few say nothing a theme is about: "Mer samarbeid", a list of municipalities, funding
    assert len(untagged) <= 8, untagged


def test_every_theme_occurs_in_the_seed_items(tagger: Tagger, taxonomy: Taxonomy) -> None:
    counts = Counter(theme for text in SEED_ITEMS for theme in tagger.tag(text))
    assert set(counts) == set(taxonomy.ids), counts
    assert counts.most_common(1)[0][0] == "naering"


@pytest.mark.parametrize(("start", "themes"), [
    ("Ålesundregionen har i løpet av", {"tillit", "samferdsel", "stedsutvikling",
                                        "gjennomforing", "omdomme", "naering"}),
    ("Delmål 2: Skape et attraktivt bysentrum", {"omdomme", "stedsutvikling"}),
    ("Delmål 4: Etablere nettverk", {"moteplasser", "naering", "kunnskap", "partnerskap"}),
    ("Igangsatt tiltak for økt bruk av sykkel", {"gjennomforing", "samferdsel"}),
    ("Satt Ålesundregionen på kartet", {"moteplasser", "omdomme"}),
    ("Forankre enkeltaktiviteter i ordinær drift", {"organisering"}),
    ("Konkretisere en handlingsplan for strategisk", {"gjennomforing", "strategi", "naering"}),
    ("Implementere Smart tenkingen", {"gjennomforing", "digitalisering", "strategi"}),
    ("Utvikle og iverksette en felles informasjons-", {"gjennomforing", "kommunikasjon",
                                                       "strategi"}),
    ("Arrangerer årlig næringskonferanse", {"naering", "moteplasser"}),
    ("Fosenregionen tilføyer", {"prosess"}),
    # Nynorsk pages
    ("Byregionprogrammet skal auke kunnskapen", {"kunnskap", "partnerskap", "naering",
                                                 "moteplasser"}),
    ("Her er programmet for byregionsamlinga", {"moteplasser"}),
    ("Målet med fase 2 er at deltakerane", {"gjennomforing", "organisering", "strategi",
                                            "partnerskap"}),
])
def test_sensible_themes_on_seed_items(tagger: Tagger, start: str, themes: set[str]) -> None:
    assert set(tagger.tag(item(start))) == themes


def test_transport_links_are_not_communication(tagger: Tagger) -> None:
    text = item("Utvikle en helhetlig og godt forankret regional strategi")
    assert "transport og kommunikasjoner" in text
    assert "kommunikasjon" not in tagger.tag(text)
    assert {"samferdsel", "strategi"} <= set(tagger.tag(text))


def test_the_blue_green_sector_is_industry_not_climate(tagger: Tagger) -> None:
    for start in ("Løfte næringsutviklingsarbeidet", "Potensialene som kampflybasen"):
        themes = tagger.tag(item(start))
        assert "naering" in themes and "klima" not in themes


def test_a_figurative_way_is_not_a_road(tagger: Tagger) -> None:
    text = item("– Byar kan vere motorar")
    assert "den vegen veksten" in text
    assert "samferdsel" not in tagger.tag(text)


def test_a_list_of_municipalities_has_no_theme(tagger: Tagger) -> None:
    assert tagger.tag(item("Møre og Romsdal har tre byregionprosjekt")) == ()


@pytest.mark.parametrize("text", SEED_OTHER)
def test_facts_and_contact_lines_have_no_theme(tagger: Tagger, text: str) -> None:
    assert tagger.tag(text) == ()


@pytest.mark.parametrize("text", [
    "Været blir fint i morgen, med sol og lite vind.",
    "Tidligere planlagt kontroll av saksbehandlingen ble utsatt.",
    "Kari liker fotball og fiske i fritida.",
    "Butikken har åpent fra ni til fem alle hverdager.",
    "Ho veit at det er rett.",
    "Vi kjøpte grønnsaker og planter på torsdag.",
])
def test_obviously_unrelated_text_has_no_theme(tagger: Tagger, text: str) -> None:
    assert tagger.tag(text) == ()
