"""The tagger's rules on a small taxonomy of its own, apart from the product's cue choices."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.themes import Exclusion, Tagger, Taxonomy, Theme, load_taxonomy, parse_cue


def tagger_of(*themes: tuple[str, list[str]], stop: tuple[str, ...] = (),
              exclude: dict[str, tuple[Exclusion, ...]] | None = None) -> Tagger:
    exclude = exclude or {}
    return Tagger(Taxonomy([Theme(tid, tid.title(), "", tuple(cues), exclude.get(tid, ()))
                            for tid, cues in themes], stop))


@pytest.mark.parametrize(("cue", "words", "mode"), [
    ("tillit", ("tillit",), "any"),
    ("plan", ("plan",), "head"),          # shorter than five letters
    ("=tid", ("tid",), "whole"),
    ("*buss*", ("buss",), "any"),
    ("*rolle", ("rolle",), "head"),
    ("miljø*", ("miljø",), "first"),
    ("FoU", ("fou",), "head"),
    (" Ordinær  drift ", ("ordinær", "drift"), "any"),
    ("bo- og arbeidsregion", ("bo-", "og", "arbeidsregion"), "any"),
])
def test_parse_cue(cue: str, words: tuple[str, ...], mode: str) -> None:
    parsed = parse_cue(cue)
    assert (parsed.words, parsed.mode) == (words, mode)


@pytest.mark.parametrize("cue", ["", "*", "=", "x", "=tid*", "*ordinær drift", "klima-", "a_b",
                                 "sam.spill"])
def test_parse_cue_refuses(cue: str) -> None:
    with pytest.raises(ValueError):
        parse_cue(cue)


def test_marker_whole_word() -> None:
    tagger = tagger_of(("a", ["=tid"]))
    assert [tagger.tag(w) for w in ("tid", "tida", "tidene", "tid-", "fremtid", "tidlig")] == [
        ("a",), ("a",), ("a",), ("a",), (), ()]


def test_marker_head_and_short_default() -> None:
    for cue in ("plan", "*plan"):
        tagger = tagger_of(("a", [cue]))
        assert [tagger.tag(w) for w in ("planen", "handlingsplan", "planlagt", "plan-")] == [
            ("a",), ("a",), (), ("a",)]


def test_marker_anywhere() -> None:
    tagger = tagger_of(("a", ["*buss*"]))
    assert [tagger.tag(w) for w in ("buss", "bussrute", "ekspressbussen")] == [("a",)] * 3


def test_marker_first_part() -> None:
    tagger = tagger_of(("a", ["miljø*"]))
    assert [tagger.tag(w) for w in ("miljøvern", "miljø- og klimaplan", "miljø", "fagmiljø",
                                    "FoU-miljø")] == [("a",), ("a",), (), (), ()]


def test_long_cue_anywhere_in_a_compound_with_linking_letters() -> None:
    tagger = tagger_of(("a", ["næring"]), ("b", ["konferanse"]), ("c", ["organisere"]))
    assert tagger.tag("næringsplan") == ("a",)
    assert tagger.tag("regionalnæringa") == ("a",)
    assert tagger.tag("konferansefestival") == ("b",)
    assert tagger.tag("organiseringsform") == ("c",)
    assert tagger.tag("næringx") == ()          # neither an ending nor a compound part


def test_a_compound_part_needs_letters_around_it() -> None:
    tagger = tagger_of(("a", ["urban"]))
    assert tagger.tag("suburban") == ("a",)
    assert tagger.tag("turban") == ()           # one letter before is no compound part


def test_longest_match_wins_across_themes_but_equal_matches_both_count() -> None:
    tagger = tagger_of(("a", ["handling"]), ("b", ["samhandling"]), ("c", ["samhandling"]))
    assert tagger.tag("samhandlingen") == ("b", "c")
    assert tagger.tag("handlingen") == ("a",)


def test_stop_words_hide_cues_and_phrases_too() -> None:
    tagger = tagger_of(("a", ["rolle", "areal"]), stop=("kontroll", "areal i regionen"))
    assert tagger.tag("kontrollen") == ()
    assert tagger.tag("Areal i regionen: 555 km²") == ()
    assert tagger.tag("rollen og arealet") == ("a",)


def test_exclusion_window_counts_words_either_side() -> None:
    rule = Exclusion("kommunikasjon", ("transport",), 2)
    tagger = tagger_of(("a", ["kommunikasjon"]), exclude={"a": (rule,)})
    assert tagger.tag("transport og kommunikasjon") == ()
    assert tagger.tag("kommunikasjon og kollektivtransport") == ()
    assert tagger.tag("transport, veg og god kommunikasjon") == ("a",)
    assert tagger.tag("kommunikasjon") == ("a",)


def test_exclusion_window_zero_looks_inside_the_word_only() -> None:
    rule = Exclusion("miljø", ("fag*",), 0)
    tagger = tagger_of(("a", ["miljø"]), exclude={"a": (rule,)})
    assert tagger.tag("fagmiljøet") == ()
    assert tagger.tag("fag og miljø") == ("a",)


def test_exclusion_applies_to_its_own_theme_only() -> None:
    rule = Exclusion("dialog", ("=ingen",), 1)
    tagger = tagger_of(("a", ["dialog"]), ("b", ["dialog"]), exclude={"a": (rule,)})
    assert tagger.tag("ingen dialog") == ("b",)


def test_explain_phrase_words_and_offsets() -> None:
    tagger = tagger_of(("a", ["ordinær drift", "bo- og arbeidsregion"]))
    text = "I ORDINÆRE drifta og en felles bo- og arbeidsregion."
    assert [(m.cue, m.word, text[m.start:m.end]) for m in tagger.explain(text)] == [
        ("ordinær drift", "ORDINÆRE drifta", "ORDINÆRE drifta"),
        ("bo- og arbeidsregion", "bo- og arbeidsregion", "bo- og arbeidsregion")]


def test_the_tagger_is_built_from_a_loaded_file(tmp_path: Path) -> None:
    path = tmp_path / "themes.toml"
    path.write_text('[[theme]]\nid = "a"\nlabel = "A"\ncues = ["tillit"]\n', encoding="utf-8")
    assert Tagger(load_taxonomy(path)).tag("Mer tillit") == ("a",)


def test_a_tagger_gives_the_same_answer_every_time() -> None:
    tagger = tagger_of(("a", ["tillit"]), ("b", ["=tid"]))
    first = [tagger.tag(t) for t in ("tid og tillit", "tillit", "tida")]
    assert [tagger.tag(t) for t in ("tid og tillit", "tillit", "tida")] == first
    assert first == [("a", "b"), ("a",), ("b",)]
