"""Golden tests: each seed page imports to exactly its committed corpus file and items.

When an importer change is intended, regenerate the corpus with
``make corpus`` (scripts/import-seeds.sh) and review the diff.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from corpus_data import DATA, SEEDS

from kb.corpus import Registry, document_items, read_document, same_content, write_document
from kb.ingest import PageHints, parse_page, read_text

# Counted by hand from the captured pages (see tests/corpus/data/seeds).
EXPECTED_KINDS = {
    "alesund": {"summary": 1, "goal": 5, "result": 13, "advice": 3, "after": 5,
                "application": 8, "fact": 4},
    "alstahaug": {"summary": 1, "goal": 2, "result": 2, "advice": 3, "after": 4,
                  "application": 6, "fact": 4},
    "bjugn": {"summary": 1, "goal": 2, "result": 9, "advice": 3, "after": 1,
              "application": 6, "fact": 4},
    "8855-byregionsamling-i-alesund": {"article": 8},
    "dette-er-byregionprogrammet": {"article": 7},
}
# (kind, heading, number of items) of every section, in page order.
EXPECTED_SECTIONS = {
    "alesund": [
        ("summary", "Ålesundregionen", 1), ("goal", "Mål får Ålesundregionen", 5),
        ("result", "Resultat av byregionprosjektet", 9), ("result", "Øvrige resultater", 4),
        ("advice", "Ålesundregionens tre råd for samarbeid om regional utvikling", 3),
        ("after", "Dette jobber byregionen med etter programslutt", 5),
        ("application", "Utdrag fra Ålesund sin søknad til Byregionprogrammet", 8),
        ("documents", "Dokumenter", 0)],
    "alstahaug": [
        ("summary", "Alstahaugregionen", 1), ("goal", "Mål for Alstahaugregionen", 2),
        ("result", "Resultater", 2),
        ("advice", "Alstahaugregionens råd for samarbeid om regional utvikling", 3),
        ("after", "Dette jobber byregionen med etter programslutt", 4),
        ("application", "Utdrag fra Alstahaugregionen sin søknad til Byregionprogrammet", 6),
        ("documents", "Dokumenter", 0)],
    "bjugn": [
        ("summary", "Fosenregionen", 1), ("goal", "Mål for Fosenregionen", 2),
        ("result", "Resultater", 5), ("result", "Dette har regionen oppnådd", 2),
        ("result", "I tillegg:", 2),
        ("advice", "Fosenregionens råd for samarbeid om regional utvikling", 3),
        ("after", "Dette jobber Fosenregionen med etter programslutt", 1),
        ("application", "Utdrag fra Fosenregionens søknad til Byregionrpogrammet", 6),
        ("documents", "Dokumenter", 0)],
    "8855-byregionsamling-i-alesund": [("article", "Byregionsamling i Ålesund", 8)],
    "dette-er-byregionprogrammet": [
        ("article", "Dette er Byregionprogrammet", 4), ("article", "Kommunar og regionar", 1),
        ("article", "Distriktssenteret si rolle", 2)],
}


def _import(file: str, registry):
    slug, options = SEEDS[file]
    path = DATA / "seeds" / file
    return slug, parse_page(read_text(path), path.name, PageHints(**options), registry)


@pytest.mark.parametrize("file", sorted(SEEDS))
def test_seed_imports_to_the_committed_corpus_file(file: str, registry: Registry,
                                                   project_corpus: Path) -> None:
    """The committed file is the parsed page with the date the importer gave it (parsing
    is pure: ``kb import`` dates a page, see test_corpus_cli)."""
    slug, result = _import(file, registry)
    committed = (project_corpus / f"{slug}.md").read_text(encoding="utf-8")
    assert result.document.slug == slug
    assert result.document.imported is None
    dated = read_document(committed, slug).imported
    assert dated is not None
    assert write_document(dataclasses.replace(result.document, imported=dated)) == committed


@pytest.mark.parametrize("file", sorted(SEEDS))
def test_seed_sections_and_item_counts(file, registry):
    slug, result = _import(file, registry)
    doc = result.document
    assert [(s.kind, s.heading, len(s.items)) for s in doc.sections] == EXPECTED_SECTIONS[slug]
    kinds = Counter(item.kind for item in document_items(doc))
    assert dict(kinds) == EXPECTED_KINDS[slug]


@pytest.mark.parametrize("file", sorted(SEEDS))
def test_committed_seed_reads_back_as_imported(file: str, registry: Registry,
                                               project_corpus: Path) -> None:
    slug, result = _import(file, registry)
    path = project_corpus / f"{slug}.md"
    committed = read_document(path.read_text(encoding="utf-8"), str(path))
    assert same_content(dataclasses.replace(committed, imported=None), result.document)


def test_alesund_document_fields(registry):
    doc = _import("000_c23aa7f238a0f9c8.txt", registry)[1].document
    assert (doc.title, doc.doc_type, doc.region, doc.county, doc.language) == (
        "Ålesundregionen", "region", "Ålesundregionen", "Møre og Romsdal", "nb")
    assert doc.facts_heading == "Fakta Ålesundregionen"
    assert doc.facts is not None
    assert doc.facts.applicant == "Ålesund"
    assert doc.facts.partners == ("Sula", "Haram", "Giske", "Skodje", "Ørskog", "Sandøy")
    assert (doc.facts.population, doc.facts.population_date, doc.facts.area_km2) == (
        76680, "1.jan 2015", 555)
    advice = [i.text for s in doc.sections if s.kind == "advice" for i in s.items]
    assert advice == ["Bruk tid på å skape tillit", "Lag gode møteplasser",
                      "Gå fra ord til handling!"]
    goals = [i for i in document_items(doc) if i.kind == "goal"]
    assert [g.level for g in goals] == ["Hovedmål", "Delmål 1", "Delmål 2", "Delmål 3", "Delmål 4"]
    assert goals[1].text.startswith("Delmål 1: Få på plass")


def test_glued_application_heading_is_a_heading_not_an_item(registry):
    doc = _import("002_567d91dc4f52dd87.txt", registry)[1].document
    after = next(s for s in doc.sections if s.kind == "after")
    assert after.items[-1].text == "Digitaliseringsstrategier"
    assert any(s.kind == "application" for s in doc.sections)


def test_news_item_leaves_out_and_reports_its_boilerplate(registry):
    result = _import("001_0aa67e1460c53890.txt", registry)[1]
    doc = result.document
    assert (doc.doc_type, doc.region, doc.county, doc.language) == (
        "news", "Ålesundregionen", "Møre og Romsdal", "nn")
    assert [line for line, _ in result.skipped] == [1, 2, 4, 8, 24, 26, 28, 29, 31, 32, 33, 35]
    assert result.skipped[0][1] == "Ålesundkommune logo 246px"
    # the photo caption glued to the first paragraph is left out, the paragraph kept
    assert result.skipped[3][1] == "byregionsamling foto haavard ese Eliassen, distriktssenteret"
    assert doc.sections[0].items[0].text.startswith("230 deltakarar frå byregionar")
    assert result.skipped[-1][1] == "Org.nr. 942 953 119"
    texts = " ".join(i.text for s in doc.sections for i in s.items)
    assert "Kontakt oss" not in texts and "Postboks" not in texts and "logo" not in texts
    assert doc.sections[0].items[-1].text == "Her er programmet for byregionsamlinga i Ålesund."


def test_programme_page_keeps_its_quotation_dash(registry):
    doc = _import("003_172fd5cb87382db0.txt", registry)[1].document
    assert (doc.doc_type, doc.region, doc.county, doc.language) == ("programme", "", "", "nn")
    assert doc.sections[0].items[1].text.startswith("– Byar kan vere motorar")
    assert doc.sections[0].items[1].style == "paragraph"


def test_fosen_facts_and_typo_heading(registry):
    doc = _import("004_8f61290f90e95610.txt", registry)[1].document
    assert doc.county == "Sør-Trøndelag"
    assert doc.facts is not None and doc.facts.area_km2 == 3037
    assert doc.facts.population == 25315
    application = next(s for s in doc.sections if s.kind == "application")
    assert application.heading == "Utdrag fra Fosenregionens søknad til Byregionrpogrammet"
