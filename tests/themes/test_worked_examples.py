"""The worked examples of the taxonomy (themes.md): exactly the listed themes, no more."""

from __future__ import annotations

import pytest

from kb.themes import Tagger, Taxonomy

WORKED_EXAMPLES = [
    ("Bruk tid på å skape tillit", "tillit, prosess"),
    ("Lag gode møteplasser", "moteplasser"),
    ("Gå fra ord til handling!", "gjennomforing"),
    ("Organiser samarbeidet", "organisering"),
    ("Ikke lag nye strukturer ved siden av driftsorganisasjonen", "organisering"),
    ("Utvikle gode felles planverk som ligger som forankring for samarbeidet",
     "strategi, organisering"),
    ("Skap og etablér nettverk og møtearenaer for ulike bransjer", "moteplasser, naering"),
    ("Vær raus med samarbeidspartnere og del kunnskap!", "tillit, kunnskap, partnerskap"),
    ("Delmål 1: Få på plass et bedre kollektivtilbud som binder regionen sammen.", "samferdsel"),
    ("Samordnet klima-, areal- og transportplan for regionen",
     "klima, stedsutvikling, samferdsel, strategi"),
    # the item in full, as it stands in the seed page
    ("Byregionen er blitt bedre på kommunikasjon mellom kommunene i prosjektsamarbeidet, og "
     "bedre til å se felles utfordringer og løse dem sammen.", "kommunikasjon"),
    ("Digitaliseringsstrategier", "digitalisering, strategi"),
    ("Regionalt næringsfond er etablert", "naering"),
]


@pytest.mark.parametrize(("text", "themes"), WORKED_EXAMPLES, ids=[t[:40] for t, _ in
                                                                    WORKED_EXAMPLES])
def test_worked_example_gets_exactly_the_listed_themes(tagger: Tagger, taxonomy: Taxonomy,
                                                       text: str, themes: str) -> None:
    expected = [t.strip() for t in themes.split(",")]
    in_taxonomy_order = tuple(t for t in taxonomy.ids if t in expected)
    assert tagger.tag(text) == in_taxonomy_order


@pytest.mark.parametrize(("text", "themes"), WORKED_EXAMPLES, ids=[t[:40] for t, _ in
                                                                    WORKED_EXAMPLES])
def test_every_tag_of_a_worked_example_is_explained(tagger: Tagger, text: str,
                                                     themes: str) -> None:
    explained = {m.theme for m in tagger.explain(text)}
    assert explained == set(tagger.tag(text))
    for match in tagger.explain(text):
        assert match.word in text and text[match.start:match.end] == match.word
