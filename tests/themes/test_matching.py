"""How the product's taxonomy matches text: inflections, Nynorsk, compounds, short cues."""

from __future__ import annotations

import unicodedata

import pytest

from kb.themes import Tagger


def themes_of(tagger: Tagger, text: str) -> set[str]:
    return set(tagger.tag(text))


@pytest.mark.parametrize(("text", "theme"), [
    ("møteplassen", "moteplasser"), ("møteplassene", "moteplasser"),
    ("relasjonene", "tillit"), ("organisert", "organisering"), ("organiseres", "organisering"),
    ("organiseringen", "organisering"), ("forankret", "organisering"),
    ("prioriteres", "strategi"), ("strategiene", "strategi"), ("rollen", "organisering"),
    ("gjennomført", "gjennomforing"), ("attraktiviteten", "omdomme"),
    ("tålmodighet", "prosess"), ("bærekraftige", "klima"), ("SAMSPILL", "partnerskap"),
])
def test_bokmal_inflections(tagger: Tagger, text: str, theme: str) -> None:
    assert tagger.tag(text) == (theme,)


@pytest.mark.parametrize(("text", "theme"), [
    ("møteplassane", "moteplasser"), ("samspelet", "partnerskap"),
    ("organiseringa", "organisering"), ("forankra", "organisering"),
    ("strategiane", "strategi"), ("eigarskapen", "organisering"), ("medverknad", "kommunikasjon"),
    ("berekraftig", "klima"), ("sysselsetjing", "naering"), ("samlingar", "moteplasser"),
    ("erfaringane", "kunnskap"), ("forsking", "kunnskap"), ("vekstkrafta", "naering"),
    ("tilflyttarar", "omdomme"), ("dei kjenner kvarandre godt", "tillit"),
])
def test_nynorsk_forms(tagger: Tagger, text: str, theme: str) -> None:
    assert tagger.tag(text) == (theme,)


@pytest.mark.parametrize(("text", "themes"), [
    ("kunnskapsdeling", {"kunnskap"}),
    ("næringsplan", {"naering", "strategi"}),
    ("driftsorganisasjonen", {"organisering"}),
    ("konferansefestivalen", {"moteplasser"}),
    ("kompetansearbeidskraft", {"kunnskap", "naering"}),
    ("byromskartlegging", {"stedsutvikling"}),
    ("attraktivitetsfaktorene", {"omdomme"}),
    ("infrastrukturtiltak", {"samferdsel", "gjennomforing"}),
    ("Næringsalliansens", {"naering", "partnerskap"}),
])
def test_cues_inside_compounds(tagger: Tagger, text: str, themes: set[str]) -> None:
    assert themes_of(tagger, text) == themes


def test_hyphen_elided_compounds_give_every_part(tagger: Tagger) -> None:
    matches = tagger.explain("Samordnet klima-, areal- og transportplan for regionen")
    assert [(m.cue, m.word) for m in matches] == [
        ("klima", "klima-"), ("areal", "areal-"), ("plan", "transportplan"),
        ("transport", "transportplan")]
    assert themes_of(tagger, "en felles informasjons- og kommunikasjonsstrategi") == {
        "kommunikasjon", "strategi"}
    assert tagger.tag("nærings- og samfunnsliv") == ("naering",)


def test_hyphenated_words_are_compounds(tagger: Tagger) -> None:
    assert tagger.tag("FoU-miljøer") == ("kunnskap",)  # a research milieu: not klima
    assert tagger.tag("ikt-løsninger") == ("digitalisering",)
    assert tagger.tag("Smart by-satsing") == ("digitalisering",)


@pytest.mark.parametrize("text", [
    "Tidligere", "fremtidsrettet", "Fritid og ferie i fremtiden", "samtidig",
    "planlagt", "Av ikke-planlagte resultater", "veiledning", "Vi veit at det er rett",
    "fagmiljøet", "et godt miljø", "turban",
    "et felles bilde", "en ny plante",  # past-tense endings follow only a verb's stem
])
def test_short_cues_do_not_fire_inside_other_words(tagger: Tagger, text: str) -> None:
    assert tagger.tag(text) == ()


@pytest.mark.parametrize(("text", "theme"), [
    ("tida", "prosess"), ("tiden", "prosess"), ("Bruk tid", "prosess"),
    ("prosjektplanen", "strategi"), ("planer", "strategi"), ("sykkelveien", "samferdsel"),
    ("vegen", "samferdsel"), ("bussruta", "samferdsel"), ("raus", "tillit"),
    ("IKT", "digitalisering"), ("vi lærte mye", "kunnskap"),
])
def test_short_cues_fire_as_whole_words_and_compound_heads(tagger: Tagger, text: str,
                                                           theme: str) -> None:
    assert tagger.tag(text) == (theme,)


@pytest.mark.parametrize(("text", "themes"), [
    ("samhandling", ("partnerskap",)),         # not gjennomforing through "handling"
    ("handlingsplan", ("strategi",)),          # a plan, not an action
    ("infrastruktur", ("samferdsel",)),        # not organisering through "struktur"
    ("møtearenaer", ("moteplasser",)),
    ("blå-grønn sektor", ("naering",)),        # an industry, not klima through "grønn"
    ("Et Arena-klyngeprosjekt er satt i gang", ("naering",)),  # a cluster, not a meeting place
])
def test_the_longest_cue_wins(tagger: Tagger, text: str, themes: tuple[str, ...]) -> None:
    assert tagger.tag(text) == themes


@pytest.mark.parametrize("text", [
    "kontrollen", "saksbehandlingen", "forhandlinger", "tillitsvalgte", "kommunerevisjonen",
    "Areal i regionen: 555 km²", "halvveis", "plante trær", "grønnsaker",
    "Tidligere planlagt kontroll av saksbehandlingen ble utsatt",
])
def test_stop_words_hide_the_cues_inside_them(tagger: Tagger, text: str) -> None:
    assert tagger.tag(text) == ()


def test_exclusion_by_near_words(tagger: Tagger) -> None:
    assert tagger.tag("transport og kommunikasjoner") == ("samferdsel",)
    assert tagger.tag("Kommunikasjon og infrastruktur") == ("samferdsel",)
    assert tagger.tag("god kommunikasjon med innbyggerne") == ("kommunikasjon",)
    assert tagger.tag("veien videre") == ()
    assert tagger.tag("det er ikkje alltid den vegen veksten blir spreidd") == ()
    assert tagger.tag("den nye vegen over fjellet") == ("samferdsel",)


@pytest.mark.parametrize(("text", "theme"), [
    ("ordinære drifta", "organisering"), ("Forankre i ordinær drift", "organisering"),
    ("kultur og historie", "omdomme"), ("bo- og arbeidsregion", "omdomme"),
    ("bu- og arbeidsregion", "omdomme"), ("trippel helix-partnarskapet", "partnerskap"),
    ("vi ble kjent med hverandre", "tillit"), ("samspel mellom by og omland", "partnerskap"),
])
def test_phrases_match_inflected_words_in_a_row(tagger: Tagger, text: str, theme: str) -> None:
    assert tagger.tag(text) == (theme,)


def test_phrase_words_must_stand_in_a_row(tagger: Tagger) -> None:
    assert tagger.tag("ordinær og drift") == ()
    assert tagger.tag("drift ordinær") == ()


def test_tags_come_in_taxonomy_order_once_each(tagger: Tagger) -> None:
    text = "Tillit, tillit og tid: prosess og tillit"
    assert tagger.tag(text) == ("tillit", "prosess")


def test_text_in_any_unicode_normal_form(tagger: Tagger) -> None:
    decomposed = unicodedata.normalize("NFD", "Lag gode møteplasser")
    assert tagger.tag(decomposed) == ("moteplasser",)
    soft = "infra\u00adstruktur"
    assert tagger.tag(soft) == ("samferdsel",)
    assert tagger.explain(soft)[0].word == soft


@pytest.mark.parametrize("text", ["", "   ", "1234 5678", "---", "«»", "Been there, done that"])
def test_text_without_cues(tagger: Tagger, text: str) -> None:
    assert tagger.tag(text) == ()
    assert tagger.explain(text) == []


def test_explain_names_theme_cue_and_word(tagger: Tagger) -> None:
    text = "Ikke lag nye strukturer ved siden av driftsorganisasjonen"
    assert [(m.theme, m.cue, m.word, m.start, m.end) for m in tagger.explain(text)] == [
        ("organisering", "struktur", "strukturer", 13, 23),
        ("organisering", "organisasjon", "driftsorganisasjonen", 37, 57)]


def test_explain_shows_cues_as_written_and_words_as_in_the_text(tagger: Tagger) -> None:
    [match] = tagger.explain("Nettverk for FoU-Miljøer")[1:]
    assert (match.theme, match.cue, match.word) == ("kunnskap", "FoU", "FoU-Miljøer")
    [phrase] = tagger.explain("Videreføre samarbeidet innafor rammen av Ordinær Drift.")
    assert (phrase.cue, phrase.word) == ("ordinær drift", "Ordinær Drift")


def test_explain_matches_come_in_text_order(tagger: Tagger) -> None:
    text = "Styrket relasjoner, tillit og kompetanse"
    starts = [m.start for m in tagger.explain(text)]
    assert starts == sorted(starts) and len(starts) == 3
