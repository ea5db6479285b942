"""Photo captions glued to a page's text are recognised and left out."""

from __future__ import annotations

import pytest

from kb.ingest.boilerplate import split_caption


@pytest.mark.parametrize(("text", "caption", "rest"), [
    ("byregionsamling foto haavard ese Eliassen, distriktssenteret230 deltakarar frå "
     "byregionar i heile landet samlast i Ålesund.",
     "byregionsamling foto haavard ese Eliassen, distriktssenteret",
     "230 deltakarar frå byregionar i heile landet samlast i Ålesund."),
    ("Bilde: ordføreren på scenenFosenmøtet samlet over 200 deltakere i år.",
     "Bilde: ordføreren på scenen", "Fosenmøtet samlet over 200 deltakere i år."),
    ("Illustrasjonsfoto Foto: Kari Nordmann, kommunenRegionrådet vedtok planen i juni.",
     "Illustrasjonsfoto Foto: Kari Nordmann, kommunen",
     "Regionrådet vedtok planen i juni."),
])
def test_a_caption_glued_to_the_text_is_split_off(text: str, caption: str, rest: str) -> None:
    assert split_caption(text) == (caption, rest)


@pytest.mark.parametrize("text", [
    "Vi tok foto av iPad-en og sendte den videre til alle deltakerne.",  # iPad: not a glue
    "Regionen satset på foto og film i 2016, og Filmfondet ga støtte.",  # spaces everywhere
    "Fotokonkurransen ble vunnet av en elev fra Sula.",  # no caption word on its own
    "Foto: Ola Nordmann",  # a caption alone is not glued to anything
    "Foto: Ola Nordmann. Dei 37 byregionane samlast to gonger i året.",  # a sentence ends it
])
def test_ordinary_text_is_left_as_it_is(text: str) -> None:
    assert split_caption(text) is None
