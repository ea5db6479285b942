"""Document -> Items: stable ids and anchors, positions, levels, fact items, themes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kb.corpus import document_items
from kb.models import Document, Facts, Section, SectionItem
from kb.themes import Tagger, load_taxonomy


def _doc(**changes) -> Document:
    fields = dict(
        slug="testregionen", title="Testregionen", doc_type="region", region="Testregionen",
        county="Nordland", language="nb", source_url="https://example.org/testregionen/",
        facts=Facts("Testby", ("Sula", "Haram"), 76680, "1.jan 2015", 555.0),
        facts_heading="Fakta Testregionen",
        sections=[
            Section("summary", "Testregionen", [SectionItem("Et sammendrag.", line=3)]),
            Section("goal", "Mål for Testregionen", [
                SectionItem("Hovedmål: Bygge tillit", style="bullet"),
                SectionItem("Delmål 2: Lage  møteplasser", style="bullet")]),
            Section("advice", "Testregionens tre råd", [
                SectionItem("Bruk tid på å skape tillit", style="number"),
                SectionItem("Bruk tid på å skape tillit", style="number"),
                SectionItem("Lag gode møteplasser", themes=("kunnskap",), style="number")]),
            Section("documents", "Dokumenter", []),
        ])
    fields.update(changes)
    return Document(**fields)


def test_ids_anchors_positions_and_numbers():
    items = document_items(_doc())
    digest = hashlib.sha1(b"Et sammendrag.").hexdigest()[:8]
    assert items[0].id == f"testregionen--summary-{digest}"
    assert items[0].anchor == f"summary-{digest}"
    assert all(i.id == f"{i.doc}--{i.anchor}" for i in items)
    assert [i.position for i in items] == list(range(1, len(items) + 1))
    advice = [i for i in items if i.kind == "advice"]
    assert [(i.number, i.section_size) for i in advice] == [(1, 3), (2, 3), (3, 3)]
    assert advice[1].anchor == advice[0].anchor + "-2"
    assert len({i.id for i in items}) == len(items)
    assert items[0].line == 3
    assert items[0].heading == "Testregionen"


def test_ids_survive_edits_elsewhere_and_whitespace_changes():
    before = {i.text: i.id for i in document_items(_doc())}
    doc = _doc()
    doc.sections[0].items[0].text = "Et helt nytt sammendrag."
    doc.sections[1].items[1].text = "Delmål 2: Lage møteplasser"  # one space fewer
    after = {i.text: i.id for i in document_items(doc)}
    assert after["Hovedmål: Bygge tillit"] == before["Hovedmål: Bygge tillit"]
    assert after["Delmål 2: Lage møteplasser"] == before["Delmål 2: Lage  møteplasser"]
    assert after["Lag gode møteplasser"] == before["Lag gode møteplasser"]


def test_goal_levels_and_fields_from_the_document():
    items = document_items(_doc())
    goals = [i for i in items if i.kind == "goal"]
    assert [g.level for g in goals] == ["Hovedmål", "Delmål 2"]
    assert goals[0].text == "Hovedmål: Bygge tillit"
    assert all(i.level is None for i in items if i.kind != "goal")
    first = items[0]
    assert (first.doc, first.title, first.doc_type, first.region, first.county, first.language,
            first.source_url) == ("testregionen", "Testregionen", "region", "Testregionen",
                                  "Nordland", "nb", "https://example.org/testregionen/")
    assert all(i.municipalities == ("Testby", "Sula", "Haram") for i in items)


def test_facts_become_items_and_documents_sections_none():
    items = document_items(_doc())
    facts = [i for i in items if i.kind == "fact"]
    assert [f.text for f in facts] == [
        "Søkerkommune: Testby", "Samarbeidskommuner: Sula, Haram",
        "Folketall i regionen: 76 680 (1.jan 2015)", "Areal i regionen: 555 km²"]
    assert {f.heading for f in facts} == {"Fakta Testregionen"}
    assert items[-1].kind == "fact" and items[-1].number == items[-1].section_size == 4
    assert not any(i.heading == "Dokumenter" for i in items)
    partial = document_items(_doc(facts=Facts(population=12, area_km2=2.5), facts_heading=None))
    assert [(f.heading, f.text) for f in partial if f.kind == "fact"] == [
        ("Fakta", "Folketall i regionen: 12"), ("Fakta", "Areal i regionen: 2,5 km²")]


def test_themes_from_the_tagger_unless_overridden(project_corpus: Path) -> None:
    tagger = Tagger(load_taxonomy(project_corpus / "themes.toml"))
    items = document_items(_doc(), tagger)
    by_text = {i.text: i.themes for i in items}
    assert by_text["Bruk tid på å skape tillit"] == tagger.tag("Bruk tid på å skape tillit")
    assert "tillit" in by_text["Bruk tid på å skape tillit"]
    assert by_text["Lag gode møteplasser"] == ("kunnskap",)  # the editor's override
    assert all(i.themes == () for i in document_items(_doc()) if i.kind != "advice"
               or i.number != 3)
