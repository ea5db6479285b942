"""``kb related seed``: thesaurus reading, the conservative filters, kept groups, the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb.analysis import RelatedGroup, load_related
from kb.analysis.relatedseed import Seeded, read_thesaurus, seed_related, write_related
from kb.errors import InputError

PROJECT = Path(__file__).resolve().parents[2]
KB = str(Path(sys.executable).parent / "kb")

THESAURUS = """\
ISO8859-1
turisme|1
-|reiseliv|ferieliv|turistnæring
ungdom|2
-|nymfe|pike|jente
-|tenåring|unggutt
iverksetting|1
-|implementering|gjennomføring av planer|iverksettelse
tiltak|1
-|grep|skritt
samarbeid|1
-|samspill|samvirke|kooperasjon|kollaborasjon|gruppearbeid|samdrift|kompaniskap|dugnad|lag
"""
TEXTS = [
    "Reiselivet i regionen vokser",        # reiseliv: links turisme
    "Implementering av planen",            # implementering: links iverksetting
    "Kontakt med ungdom i skolen",         # ungdom is only a headword: no group
    "Et nytt grep for sentrum",            # grep: too short to link a group
    "Godt samspill mellom kommunene",      # samspill: in a meaning of ten words (loose)
    "Folketall i regionen: 1 000",
]
LABELS = {"population": ("folketall", "folketal", "innbyggertall", "kommuner")}


@pytest.fixture()
def thesaurus(tmp_path: Path) -> Path:
    path = tmp_path / "th_test.dat"
    path.write_bytes(THESAURUS.encode("iso-8859-1"))
    return path


def test_thesaurus_is_read_in_the_encoding_it_names(thesaurus: Path) -> None:
    entries = read_thesaurus(thesaurus)
    assert [e.headword for e in entries] == ["turisme", "ungdom", "iverksetting", "tiltak",
                                             "samarbeid"]
    assert entries[0].senses == (("reiseliv", "ferieliv", "turistnæring"),)
    assert entries[1].where == "th_test.dat:4" and len(entries[1].senses) == 2


@pytest.mark.parametrize(("text", "line", "message"), [
    ("ISO8859-1\nturisme|2\n-|reiseliv\n", 2, "needs 2 meaning line(s)"),
    ("ISO8859-1\nturisme|1\n-|reiseliv\nbare ord\n", 4, "expected 'word|count'"),
    ("NO-SUCH-CODEC\nturisme|1\n-|reiseliv\n", 1, "unknown encoding"),
])
def test_a_broken_thesaurus_names_file_and_line(tmp_path: Path, text: str, line: int,
                                                message: str) -> None:
    path = tmp_path / "broken.dat"
    path.write_bytes(text.encode("iso-8859-1"))
    with pytest.raises(InputError) as caught:
        read_thesaurus(path)
    assert caught.value.path == str(path) and caught.value.line == line
    assert message in caught.value.message


def groups(seeded: Seeded) -> dict[tuple[str, ...], str]:
    return {c.group.words: c.group.source for c in seeded.candidates}


def test_seeding_keeps_only_tight_meanings_that_the_corpus_holds(tmp_path: Path,
                                                                 thesaurus: Path) -> None:
    seeded = seed_related(tmp_path, TEXTS, [], LABELS, [thesaurus], use_apertium=False)
    assert groups(seeded) == {
        ("folketall", "folketal", "innbyggertall", "kommuner"): "facts",
        ("turisme", "reiseliv", "ferieliv", "turistnæring"): "mythes-no",
        ("iverksetting", "implementering", "iverksettelse"): "mythes-no",  # multi-word dropped
    }
    notes = {c.group.words[0]: c.note for c in seeded.candidates}
    assert notes["turisme"] == "th_test.dat:2; in the corpus: reiseliv"
    assert seeded.kept == ()


def test_words_common_in_the_corpus_are_left_out(tmp_path: Path, thesaurus: Path) -> None:
    texts = TEXTS + [f"Kommuner nummer {n}" for n in range(5)]
    seeded = seed_related(tmp_path, texts, [], LABELS, [thesaurus], use_apertium=False)
    assert ("folketall", "folketal", "innbyggertall") in groups(seeded)


def test_seeding_keeps_hand_made_and_turned_off_groups(tmp_path: Path, thesaurus: Path) -> None:
    (tmp_path / "related.toml").write_text(
        '[[group]]\nwords = ["iverksetting", "implementering", "iverksettelse", "gjennomføring"]\n'
        'source = "hand"\n\n'
        '[[group]]\nwords = ["turisme", "reiseliv", "ferieliv", "turistnæring"]\n'
        'source = "mythes-no"\noff = true\n\n'
        '[[group]]\nwords = ["gammel", "gruppe"]\nsource = "mythes-no"\n', encoding="utf-8")
    seeded = seed_related(tmp_path, TEXTS, [], LABELS, [thesaurus], use_apertium=False)
    assert [g.words[0] for g in seeded.kept] == ["iverksetting", "turisme"]
    assert list(groups(seeded)) == [("folketall", "folketal", "innbyggertall", "kommuner")]
    write_related(seeded)
    again = load_related(tmp_path / "related.toml").groups
    assert again[0] == RelatedGroup(("iverksetting", "implementering", "iverksettelse",
                                     "gjennomføring"), "hand")
    assert again[1].off and again[1].source == "mythes-no"
    assert [g.source for g in again] == ["hand", "mythes-no", "facts"]  # the old seeded one went
    text = (tmp_path / "related.toml").read_text(encoding="utf-8")
    assert text.startswith("# Related words of the field")
    assert 'source = "facts"  # fact labels of \'population\'; in the corpus: folketall' in text
    probe = tmp_path / "probe.txt"
    probe.write_text("", encoding="utf-8")  # the mode any new file gets here (not 0600)
    assert (tmp_path / "related.toml").stat().st_mode & 0o777 == probe.stat().st_mode & 0o777
    assert not list(tmp_path.glob(".*.tmp"))  # nothing left beside it


def run_kb(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KB_CORPUS_DIR": "", "KB_INDEX_DIR": ""}
    return subprocess.run([KB, *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=300, check=False)


DOCUMENT = """\
---
title: Testregionen
doc_type: region
region: Testregionen
county: Nordland
language: nb
source_url: https://example.org/artikkel/test/
---

# Testregionen {: .summary }

Reiselivet i regionen vokser, og ungdom flytter hjem.

## Resultater {: .result }

- Implementering av planen er i gang.
"""


def test_the_seed_command_prints_writes_and_keeps_hand_groups(tmp_path: Path,
                                                              thesaurus: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PROJECT / "corpus" / "themes.toml", corpus / "themes.toml")
    (corpus / "test.md").write_text(DOCUMENT, encoding="utf-8")
    (corpus / "related.toml").write_text(
        '[[group]]\nwords = ["politiker", "folkevalgt"]\nsource = "hand"\n', encoding="utf-8")
    args = ("--corpus", str(corpus), "related", "seed", "--thesaurus", str(thesaurus))
    shown = run_kb(*args, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "mythes-no  turisme ~ reiseliv" in shown.stdout
    assert "[th_test.dat:2; in the corpus: reiseliv]" in shown.stdout
    assert "hand       politiker ~ folkevalgt  [kept]" in shown.stdout
    assert "nymfe" not in shown.stdout
    assert "1 kept" in shown.stderr
    before = (corpus / "related.toml").read_text(encoding="utf-8")
    assert "turisme" not in before  # printing alone writes nothing
    written = run_kb(*args, "--write", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    sources = {g.words[0]: g.source for g in load_related(corpus / "related.toml").groups}
    assert sources["politiker"] == "hand" and sources["turisme"] == "mythes-no"
    check = run_kb("--corpus", str(corpus), "check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr


def test_kb_check_catches_a_broken_related_file(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "related.toml").write_text(
        '# fine so far\n[[group]]\nwords = ["to ord", "x"]\n', encoding="utf-8")
    done = run_kb("--corpus", str(corpus_copy), "check", cwd=tmp_path)
    assert done.returncode == 2
    assert f"{corpus_copy / 'related.toml'}:2: error: group 1: 'to ord' is not one word" \
        in done.stdout
    assert "1 error(s)" in done.stderr


def test_kb_search_explain_shows_the_related_group(corpus_copy: Path, tmp_path: Path) -> None:
    args = ("--corpus", str(corpus_copy), "--index", str(tmp_path / "index"))
    done = run_kb(*args, "search", "--explain", "innbyggere", "Fosen", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Folketall i regionen" in done.stdout
    assert ('why: innbyggere: related group "folketall ~ folketal ~ innbyggertall ~ '
            'innbyggjartal ~ befolkning ~ innbyggere ~ innbyggjarar (facts)" through '
            '"folketall"') in done.stdout
    as_json = run_kb(*args, "search", "--json", "--explain", "innbyggere", "Fosen", cwd=tmp_path)
    assert '"level": "related"' in as_json.stdout and '"explain"' in as_json.stdout
