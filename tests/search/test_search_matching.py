"""What a query finds: Norwegian analysis, compounds, synonyms, ASCII typing, typos, ranking."""

from __future__ import annotations

import pytest
from search_data import NO_APERTIUM

from kb.analysis import apertium
from kb.models import Item
from kb.search import SearchIndex, search


def texts(index: SearchIndex, query: str, **kwargs: object) -> list[str]:
    return [hit.item.text for hit in search(index, query, per_page=100, **kwargs).hits]


def all_word_texts(index: SearchIndex, query: str, **kwargs: object) -> list[str]:
    """The texts of the hits holding every query word (they come first, in order)."""
    results = search(index, query, per_page=100, **kwargs)
    found = [hit.item.text for hit in results.hits if not hit.partial]
    assert found == [hit.item.text for hit in results.hits[:results.matched_all]]
    return found


def first_with(found: list[str], needle: str) -> int:
    return next(i for i, text in enumerate(found) if needle in text)


@pytest.mark.parametrize(("query", "expected"), [
    ("samspel", "samspillet"),           # Nynorsk word, Bokmål text
    ("samspill", "samspel mellom"),      # and the other way round
    ("kommunane", "Mer tillit mellom kommunene"),
    ("tilliten", "Mer tillit"),
    ("høgskule", "høyskolen"),
    ("høyskole", "høgskulen"),
])
def test_inflections_and_written_standards_meet(index: SearchIndex, query: str,
                                                expected: str) -> None:
    assert any(expected in t for t in texts(index, query))


@pytest.mark.parametrize(("query", "expected"), [
    ("kollektiv", "Kollektivtilbudet"),          # modifier of a compound
    ("kunnskapsdeling", "del kunnskap"),        # compound → its parts as separate words
    ("deling", "Styrket kunnskapsdeling"),       # head of a compound, derivation of "dele"
    ("forskningsmiljø", "forsknings- og utdanningsmiljø"),  # hyphen-elided compound
    ("møteplasser", "møtearenaer"),             # synonym list
    ("kollektivtransport", "Kollektivtilbudet"),  # synonym list, compound forms
    ("kommunisere", "kommuniseres"),            # inflection of the verb
    ("kommunisere", "kommunikasjon"),           # derivation
    ("organisering", "organisasjon"),
])
def test_compounds_synonyms_and_derivations(index: SearchIndex, query: str,
                                            expected: str) -> None:
    assert any(expected in t for t in texts(index, query))


@pytest.mark.parametrize(("query", "expected"), [
    ("moteplass", "møteplasser"),
    ("moeteplasser", "møteplasser"),
    ("omdomme", "omdømme"),
    ("naeringsplan", "næringsplan"),
    ("naeringsfond", "næringsfond"),
])
def test_words_typed_without_norwegian_letters(index: SearchIndex, query: str,
                                               expected: str) -> None:
    assert any(expected in t for t in texts(index, query))


def test_typo_finds_the_word_and_suggests_it(index: SearchIndex) -> None:
    results = search(index, "tilit")
    assert results.did_you_mean == "tillit" and results.corrected
    assert results.hits and all("illit" in h.item.text for h in results.hits)
    exact = search(index, "tillit")
    assert exact.did_you_mean is None and not exact.corrected


def test_a_typo_can_be_searched_as_typed(index: SearchIndex) -> None:
    literal = search(index, "tilit", correct=False)
    assert (literal.total, literal.hits) == (0, [])
    assert literal.did_you_mean == "tillit" and not literal.corrected
    mixed = search(index, "tilit samarbeid", correct=False)
    assert mixed.did_you_mean == "tillit samarbeid" and not mixed.corrected
    assert all("illit" not in h.highlight for h in mixed.hits)  # nothing corrected is marked


def test_a_real_word_the_corpus_lacks_is_not_taken_for_a_typo(
        corpus_index: SearchIndex) -> None:
    # "stole" (stole på: trust) is two edits from the corpus word "store"; Apertium knows
    # it as a word, so it is searched as typed, neither corrected nor offered
    if not apertium.available():
        pytest.skip(NO_APERTIUM)
    results = search(corpus_index, "kommunene stole hverandre")
    assert results.did_you_mean is None and not results.corrected
    typo = search(corpus_index, "tilit")  # no word: still corrected
    assert typo.did_you_mean == "tillit" and typo.corrected


def test_letters_in_a_compatibility_form_are_read_as_plain_letters(
        corpus_index: SearchIndex) -> None:
    def ids(query: str) -> list[str]:
        return [hit.item.id for hit in search(corpus_index, query, per_page=100).hits]

    # pasted from a PDF (the fi ligature), typed full-width or in mathematical letters
    assert ids("\ufb01nansiering") == ids("finansiering") != []
    assert ids("\uff34\uff49\uff4c\uff4c\uff49\uff54") == ids("tillit") != []
    assert ids("\U0001d42d\U0001d422\U0001d425\U0001d425\U0001d422\U0001d42d") == ids("tillit")
    assert ids("km\u00b2") != []  # other compatibility characters stay as the corpus has them


def test_exact_ranks_above_stemmed_above_compound(index: SearchIndex) -> None:
    found = texts(index, "tillit")
    exact = first_with(found, "Mer tillit")
    stemmed = first_with(found, "Tilliten mellom")
    compound = first_with(found, "Tillitsbygging")
    assert exact < stemmed < compound


def test_word_ranks_above_its_synonym(index: SearchIndex) -> None:
    found = texts(index, "møteplasser")
    assert first_with(found, "møteplasser") < first_with(found, "møtearenaer")


def test_ascii_restoration_ranks_below_the_word_itself(index: SearchIndex) -> None:
    # the words' own evidence (themes and meaning rank, they do not weigh evidence)
    words = frozenset[str]()
    typed = search(index, "omdomme", signals=words).hits[0].score
    assert typed < search(index, "omdømme", signals=words).hits[0].score


def test_all_words_must_match(index: SearchIndex) -> None:
    found = all_word_texts(index, "tillit kommunene")
    assert found == ["Mer tillit mellom kommunene"]
    results = search(index, "tillit kommunene", per_page=100)
    assert results.matched_all == 1 and results.total > 1  # the rest follow, marked partial
    assert all(hit.partial for hit in results.hits[1:])


def test_or_takes_either(index: SearchIndex) -> None:
    found = all_word_texts(index, "raus OR omdømme")
    assert len(found) == 2
    assert {"Vær raus og del kunnskap med andre", "Styrke regionens omdømme"} == set(found)


def test_minus_excludes(index: SearchIndex) -> None:
    with_word = texts(index, "tillit")
    without = texts(index, "tillit -kommunene")
    assert "Mer tillit mellom kommunene" in with_word
    assert "Mer tillit mellom kommunene" not in without
    assert len(without) == len(with_word) - 1
    assert "Mer tillit mellom kommunene" not in texts(index, "-tillit")
    assert texts(index, "-tillit") and all("tillit" not in t.lower().split()
                                           for t in texts(index, "-tillit"))


def test_quotes_make_a_phrase(index: SearchIndex) -> None:
    assert all_word_texts(index, '"fra ord til handling"') == ["Gå fra ord til handling!"]
    assert len(all_word_texts(index, "ord handling")) == 2


def test_phrase_matches_inflected_forms(index: SearchIndex) -> None:
    assert "Tilliten mellom aktørene vokser" in texts(index, '"tillit mellom aktørene"')


def test_question_with_stop_words(index: SearchIndex) -> None:
    results = search(index, "hvordan bygge tillit mellom kommunene")
    assert results.hits
    assert "tillit" in results.hits[0].item.text.lower()


def test_partial_matches_when_not_all_words_match(index: SearchIndex) -> None:
    results = search(index, "tillit sjokoladefabrikk")
    assert results.partial
    assert results.hits and "tillit" in results.hits[0].item.text.lower()
    assert not search(index, "tillit").partial


def test_best_partial_matches_first(index: SearchIndex) -> None:
    results = search(index, "tillit kommunene sjokoladefabrikk")
    assert results.partial
    assert results.hits[0].item.text == "Mer tillit mellom kommunene"


def test_municipality_finds_its_fact(index: SearchIndex) -> None:
    assert texts(index, "Sula") == ["Samarbeidskommuner: Sula, Haram, Giske"]


def test_prefix_query(index: SearchIndex) -> None:
    found = texts(index, "kollektivt*")
    assert found == ["Kollektivtilbudet i regionen er styrket"]


def test_apertium_lemmas_reach_irregular_forms(apertium_index: SearchIndex,
                                                plain_index: SearchIndex) -> None:
    # høgskulane (Nynorsk plural) → høgskule → Bokmål høyskole through the bilingual
    # dictionary; the plain fallback gets there by its variant rules.
    for index in (apertium_index, plain_index):
        assert "Avtale med høyskolen om praksis" in texts(index, "høgskulane")
    assert search(apertium_index, "korleis").total == 0  # a stop word alone: searched as written


def test_apertium_knows_irregular_plurals(build_test_index, test_items: list,
                                          tmp_path) -> None:
    if not apertium.available():
        pytest.skip(NO_APERTIUM)
    items = list(test_items)
    items[0] = items[0].__class__(**{**items[0].__dict__, "text": "Boka om regionen er ferdig"})
    index = build_test_index(tmp_path, use_apertium=True, items=items)
    plain = build_test_index(tmp_path / "plain", use_apertium=False, items=items)
    try:
        assert texts(index, "bøker") == ["Boka om regionen er ferdig"]  # lemma bok
        assert texts(plain, "bøker") == []  # Snowball alone: bøk ≠ bok
    finally:
        index.close()
        plain.close()


def test_verbal_noun_ranks_its_verb_above_a_distant_derivation(index: SearchIndex) -> None:
    found = texts(index, "organisering")
    assert first_with(found, "Organiser samarbeidet") < first_with(found, "organisasjon")


def test_an_abbreviation_defined_in_the_corpus_stands_for_its_long_form(
        build_test_index, test_items: list, tmp_path) -> None:
    items = list(test_items)
    items[0] = items[0].__class__(**{**items[0].__dict__,
                                     "text": "Vedtatt en regional transportplan (RTP) i år"})
    items[1] = items[1].__class__(**{**items[1].__dict__,
                                     "text": "RTP er fulgt opp med tiltak"})
    index = build_test_index(tmp_path, use_apertium=False, items=items)
    found = texts(index, "transportplan")
    assert found[0].startswith("Vedtatt") and "RTP er fulgt opp med tiltak" in found
    assert "Vedtatt en regional transportplan (RTP) i år" in texts(index, "rtp")
    index.close()


def test_words_naming_kind_or_county_narrow_the_search(index: SearchIndex) -> None:
    advice = search(index, "råd tillit", per_page=100)
    assert advice.matched_all == 1 and advice.hits[0].item.kind == "advice"
    nordland = search(index, "tillit nordland", per_page=100)
    assert nordland.matched_all == 1 and nordland.hits[0].item.county == "Nordland"
    # every item with tillit, tilliten, tillitsbygging holds the word
    assert search(index, "tillit").matched_all == 5


def test_question_fillers_are_dropped(index: SearchIndex) -> None:
    assert texts(index, "hvordan få gode eksempler på tillitsbygging") == texts(
        index, "tillitsbygging")
    assert "Lag gode møteplasser" in texts(index, "gode")  # alone, a filler is searched
    # Nynorsk "kor" (hvor) is a filler too: the item holding both words holds them all
    assert all_word_texts(index, "kor mange kommunar har tillit") == [
        "Mer tillit mellom kommunene"]


def test_a_word_of_an_items_section_heading_names_it(index: SearchIndex,
                                                     test_items: list[Item]) -> None:
    # every test item stands under a heading "Overskrift <kind>"; no text says it
    results = search(index, "overskrift", per_page=100)
    assert results.total == results.matched_all == len(test_items)


def test_words_of_one_family_in_ikk_iker_isk_share_a_far_root() -> None:
    from kb.analysis.words import FAR, derivation_roots

    family = [derivation_roots(w) for w in ("politikk", "politiker", "politisk")]
    assert family[0] == family[1] == family[2] == {FAR + "polit"}  # below the word itself
    assert derivation_roots("statistisk") & derivation_roots("statistikk")
    assert not derivation_roots("politisk") & derivation_roots("praktisk")
