"""Reading corpus/themes.toml: the product's taxonomy, and bad files reported by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.errors import CorpusError
from kb.themes import Taxonomy, load_taxonomy

THEME_IDS = ("tillit", "moteplasser", "organisering", "strategi", "gjennomforing", "naering",
             "samferdsel", "stedsutvikling", "omdomme", "kunnskap", "partnerskap",
             "kommunikasjon", "digitalisering", "klima", "prosess")


def test_the_product_taxonomy_has_the_fifteen_themes_in_order(taxonomy: Taxonomy) -> None:
    assert taxonomy.ids == THEME_IDS
    assert len(taxonomy) == 15 and [t.id for t in taxonomy] == list(THEME_IDS)
    assert taxonomy.label("tillit") == "Tillit og relasjoner"
    assert taxonomy.label("omdomme") == "Omdømme, identitet og attraktivitet"
    assert all(t.label and t.description and t.cues for t in taxonomy.themes)


def test_lookup_by_id(taxonomy: Taxonomy) -> None:
    theme = taxonomy.get("samferdsel")
    assert theme is not None and "kollektiv" in theme.cues
    assert taxonomy.get("ukjent") is None
    assert taxonomy.label("ukjent") == "ukjent"
    assert "klima" in taxonomy and "ukjent" not in taxonomy


def test_the_taxonomy_table_cues_are_all_kept(taxonomy: Taxonomy) -> None:
    """Every cue of the table in themes.md is a cue of its theme (markers aside)."""
    table = {
        "tillit": "tillit, relasjon, kjennskap, raus, åpenhet, kjenne hverandre",
        "moteplasser": "møteplass, møtearena, arena, nettverk, konferanse, samling, festival",
        "organisering": "organisere, organisasjon, struktur, forankre, ordinær drift, rolle, "
                        "eierskap, samarbeidsmodell, prosjektorganisasjon",
        "strategi": "strategi, plan, planverk, handlingsplan, visjon, samfunnsanalyse, prioritere",
        "gjennomforing": "handling, gjennomføre, iverksette, tiltak, operativ, gjennomføringskraft",
        "naering": "næring, næringsliv, verdiskaping, arbeidsliv, arbeidsplass, sysselsetting, "
                   "innovasjon, industri, bransje, energi, bedrift, vekstkraft",
        "samferdsel": "kollektiv, transport, sykkel, buss, infrastruktur, samferdsel, veg, vei, "
                      "pendling",
        "stedsutvikling": "bysentrum, sentrum, byrom, campus, områdeutvikling, urban, areal, "
                          "stedsutvikling",
        "omdomme": "omdømme, identitet, felles fortrinn, kultur og historie, attraktiv, "
                   "synliggjøre, profilering, tilflytting, tilbakeflytting, talent, "
                   "bo- og arbeidsregion",
        "kunnskap": "kunnskap, kompetanse, fou, forskning, utdanning, læring, erfaring, "
                    "kunnskapsdeling",
        "partnerskap": "partnerskap, trippel helix, samspill, samspel, samhandling, sivilsamfunn, "
                       "samarbeidspartner, interkommunal, regionråd",
        "kommunikasjon": "kommunikasjon, informasjon, dialog, involvering, medvirkning",
        "digitalisering": "digital, digitalisering, smart",
        "klima": "klima, miljø, bærekraft, grønn",
        "prosess": "tid, tålmodig, kontinuitet, fleksibel, justere, endre underveis, prosess, "
                   "langsiktig",
    }
    for theme_id, cues in table.items():
        theme = taxonomy.get(theme_id)
        assert theme is not None
        written = {c.strip("=*").lower() for c in theme.cues}
        assert {c.strip() for c in cues.split(",")} <= written, theme_id


GOOD = '''\
stop = ["kontroll"]

[[theme]]
id = "tillit"
label = "Tillit"
description = "Tillit og relasjoner."
cues = ["tillit", "relasjon"]

[[theme]]
id = "samferdsel"
label = "Samferdsel"
cues = ["veg"]

[[theme.exclude]]
cue = "veg"
near = ["videre"]
window = 1
'''


def write(tmp_path: Path, text: str, name: str = "themes.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_small_good_file(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(write(tmp_path, GOOD))
    assert taxonomy.ids == ("tillit", "samferdsel")
    assert taxonomy.stop == ("kontroll",)
    theme = taxonomy.get("samferdsel")
    assert theme is not None and theme.description == ""
    assert [(e.cue, e.near, e.window) for e in theme.exclude] == [("veg", ("videre",), 1)]


BAD = [
    # (what is wrong, file text, line, words the message must hold)
    ("not TOML", GOOD.replace('label = "Tillit"', 'label = Tillit'), 5, "not valid TOML"),
    ("missing id", GOOD.replace('id = "tillit"\n', ""), 3, "without an id"),
    ("missing label", GOOD.replace('label = "Tillit"\n', ""), 3, "has no label"),
    ("empty label", GOOD.replace('label = "Tillit"', 'label = " "'), 5, "has no label"),
    ("duplicate id", GOOD.replace('id = "samferdsel"', 'id = "tillit"'), 10,
     "duplicate theme id 'tillit' (first on line 4)"),
    ("non-ASCII id", GOOD.replace('id = "samferdsel"', 'id = "møteplass"'), 10,
     "not an ASCII slug"),
    ("upper-case id", GOOD.replace('id = "tillit"', 'id = "Tillit"'), 4, "not an ASCII slug"),
    ("id with a space", GOOD.replace('id = "tillit"', 'id = "til lit"'), 4, "not an ASCII slug"),
    ("empty cues", GOOD.replace('cues = ["veg"]', "cues = []"), 12, "has no cues"),
    ("no cues key", GOOD.replace('cues = ["veg"]\n', ""), 9, "has no cues"),
    ("blank cue", GOOD.replace('"relasjon"]', '\n  "relasjon",\n  " ",\n]'), 9, "empty cue"),
    ("cue of one letter", GOOD.replace('"relasjon"', '"x"'), 7, "at least two letters"),
    ("cue with punctuation", GOOD.replace('"relasjon"', '"rela!sjon"'), 7, "not a word"),
    ("whole and first", GOOD.replace('"relasjon"', '"=relasjon*"'), 7, "cannot be combined"),
    ("marked phrase", GOOD.replace('"relasjon"', '"*ordinær drift"'), 7, "one-word cues"),
    ("cue twice", GOOD.replace('"relasjon"', '"Tillit"'), 7, "listed twice"),
    ("cue not a string", GOOD.replace('"relasjon"', "3"), 7, "must be a string"),
    ("unknown theme key", GOOD.replace('cues = ["veg"]', 'cue = ["veg"]'), 12,
     "unknown key 'cue'"),
    ("stop after a theme", GOOD.replace('stop = ["kontroll"]\n', "") + 'stop = ["x"]\n', 17,
     "unknown key 'stop'"),
    ("unknown top-level key", "version = 2\n" + GOOD, 1, "unknown key 'version'"),
    ("no themes", 'stop = ["kontroll"]\n', 1, "no themes"),
    ("a single [theme] table", '[theme]\nid = "x"\nlabel = "X"\ncues = ["xy"]\n', 1, "no themes"),
    ("bad stop word", GOOD.replace('["kontroll"]', '["kontroll", "k*o"]'), 1, "stop word"),
    ("exclusion of a cue the theme lacks", GOOD.replace('cue = "veg"', 'cue = "vei"'), 14,
     "not one of the theme's cues"),
    ("exclusion without near words", GOOD.replace('near = ["videre"]', "near = []"), 14,
     "'near' must be a list"),
    ("exclusion with a phrase", GOOD.replace('["videre"]', '["veien videre"]'), 14,
     "must be one word"),
    ("exclusion window", GOOD.replace("window = 1", "window = 11"), 14, "'window'"),
    ("exclusion key", GOOD.replace("window = 1", "windows = 1"), 17, "unknown key 'windows'"),
]


@pytest.mark.parametrize(("text", "line", "words"), [b[1:] for b in BAD],
                         ids=[b[0] for b in BAD])
def test_bad_file_names_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CorpusError) as caught:
        load_taxonomy(path)
    assert caught.value.path == str(path)
    assert caught.value.line == line, str(caught.value)
    assert words in caught.value.message
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "themes.toml"
    path.write_bytes(GOOD.encode("utf-8") + b'# \xff\n')
    with pytest.raises(CorpusError) as caught:
        load_taxonomy(path)
    assert (caught.value.line, caught.value.message) == (18, "not UTF-8 text")


def test_file_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "themes.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert load_taxonomy(path).ids == ("tillit", "samferdsel")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CorpusError) as caught:
        load_taxonomy(tmp_path / "themes.toml")
    assert caught.value.path == str(tmp_path / "themes.toml")
    assert "cannot read" in caught.value.message
