"""The corpus format: Document -> Markdown -> the same Document, and the reader's errors."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.corpus import parse_document, read_document, same_content, write_document
from kb.errors import CorpusError
from kb.models import Document, Facts, Section, SectionItem
from kb.vocabulary import SECTION_KINDS

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
    max_size=60,
).map(str.strip).filter(bool)
MARKDOWNISH = st.sampled_from([
    "1. Ikke en liste", "- Ikke et punkt", "# Ikke en overskrift", "*uthevet* og _understreket_",
    "<b>tagg</b> & <!-- themes: tillit -->", "[lenke](https://example.org)", "C:\\mappe\\fil",
    "slutter med \\", "`kode`", "{: .goal }", "===", "2) nummer", "+ pluss", "> sitat",
    "Hovedmål: Bygge tillit", "Tekst  med  doble  mellomrom", "– Byar kan vere motorar",
    "{:", "\\{: .goal }", "a {: .b } c",
])
ITEM_TEXT = st.one_of(TEXT, MARKDOWNISH)
# Source URLs: only http(s) addresses with a host are kept (anything else is an error).
URL = st.from_regex(r"https?://[a-z0-9][a-z0-9.-]{0,20}\.no(/[\w/%?=&#.:-]{0,30})?",
                    fullmatch=True)
IDS = st.lists(st.from_regex(r"[a-z]{2,10}", fullmatch=True), max_size=3).map(tuple)
ITEM = st.builds(SectionItem, text=ITEM_TEXT, themes=st.one_of(st.none(), IDS),
                 style=st.sampled_from(["paragraph", "bullet", "number"]))
SECTION = st.builds(Section, kind=st.sampled_from(SECTION_KINDS), heading=ITEM_TEXT,
                    items=st.lists(ITEM, max_size=6))
FACTS = st.builds(
    Facts, applicant=st.one_of(st.none(), TEXT),
    partners=st.lists(TEXT.filter(lambda t: "," not in t), max_size=5).map(tuple),
    population=st.one_of(st.none(), st.integers(min_value=0, max_value=10**9)),
    population_date=st.one_of(st.none(), TEXT),
    area_km2=st.one_of(st.none(), st.floats(min_value=0, max_value=1e6, allow_nan=False)),
)
DOCUMENT = st.builds(
    Document, slug=st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True), title=TEXT,
    doc_type=st.sampled_from(["region", "programme", "news"]), region=TEXT,
    county=st.one_of(st.just(""), TEXT), language=st.sampled_from(["nb", "nn"]),
    source_url=st.one_of(st.just(""), URL), facts=st.one_of(st.none(), FACTS),
    sections=st.lists(SECTION, min_size=1, max_size=5),
    facts_heading=st.one_of(st.none(), TEXT),
)


@settings(max_examples=200, deadline=None)
@given(DOCUMENT)
def test_round_trip(doc):
    again = read_document(write_document(doc), f"{doc.slug}.md")
    assert same_content(again, doc)
    assert write_document(again) == write_document(doc)


def _strip_lines(doc: Document) -> Document:
    return dataclasses.replace(doc, path=None, sections=[
        dataclasses.replace(s, line=None, items=[dataclasses.replace(i, line=None)
                                                 for i in s.items]) for s in doc.sections])


def test_round_trip_equals_the_document_itself():
    doc = Document(
        slug="testregionen", title="Testregionen", doc_type="region", region="Testregionen",
        county="Nordland", language="nn", source_url="https://example.org/testregionen/",
        facts=Facts("Testby", ("A", "B"), 1234, "1.jan 2015", 12.5), facts_heading="Fakta",
        sections=[Section("summary", "Testregionen", [SectionItem("Eitt avsnitt.")]),
                  Section("advice", "Råd", [SectionItem("Bygg tillit", themes=("tillit",),
                                                        style="number")])])
    assert _strip_lines(read_document(write_document(doc), "testregionen.md")) == doc


PAGE = """---
title: Testregionen
doc_type: region
region: Testregionen
county: Nordland
language: nb
source_url: https://example.org/testregionen/
facts:
  applicant: Testby
  partners: [A, B]
  population: 1234
  population_date: 1.jan 2015
  area_km2: 555
---

# Testregionen {: .summary }

Første avsnitt
som fortsetter på neste linje.

## Mål for Testregionen {: .goal }

- Hovedmål: Noe
  som går over to linjer <!-- themes: tillit, prosess -->
* Delmål 1: Stjerne <!-- themes: -->

1) Nummer med parentes
<!-- en merknad til redaktøren -->
## Dokumenter {: .documents }
"""


def test_reader_accepts_wrapped_items_and_editor_forms():
    doc = read_document(PAGE, "corpus/testregionen.md")
    assert doc.slug == "testregionen" and doc.path == "corpus/testregionen.md"
    assert doc.facts == Facts("Testby", ("A", "B"), 1234, "1.jan 2015", 555.0)
    summary, goal, documents = doc.sections
    assert [i.text for i in summary.items] == ["Første avsnitt som fortsetter på neste linje."]
    assert [(i.text, i.themes, i.style, i.line) for i in goal.items] == [
        ("Hovedmål: Noe som går over to linjer", ("tillit", "prosess"), "bullet", 23),
        ("Delmål 1: Stjerne", (), "bullet", 25),
        ("Nummer med parentes", None, "number", 27)]
    assert (documents.kind, documents.items, documents.line) == ("documents", [], 29)


def test_writer_escapes_what_markdown_would_misread():
    doc = Document("x", "T", "programme", "", "", "nb", "", sections=[Section(
        "article", "T", [SectionItem("1. ikke liste"), SectionItem("a *b* <c> [d]"),
                         SectionItem("# e")])])
    body = write_document(doc).split("{: .article }\n", 1)[1]
    assert body == "\n1\\. ikke liste\n\na \\*b\\* \\<c> \\[d\\]\n\n\\# e\n"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("title: x\n", 1, "must begin with front matter"),
    ("---\ntitle: x\n", 1, "not closed"),
    ("---\ntitle: [x\n---\n", 2, "not valid YAML"),
    ("---\n- a\n---\n", 2, "'key: value' lines"),
    ("---\ndoc_type: region\nregion: R\nlanguage: nb\n---\n", 1, "missing title"),
    ("---\ntitle: T\ndoc_type: blog\nlanguage: nb\n---\n", 3, "'doc_type' must be one of"),
    ("---\ntitle: T\ndoc_type: news\nlanguage: sv\n---\n", 4, "'language' must be one of"),
    ("---\ntitle: T\ndoc_type: news\nlanguage: nb\nauthor: X\n---\n", 5,
     "unknown front matter key 'author'"),
    ("---\ntitle: T\ndoc_type: news\nlanguage: nb\nfacts:\n  population: many\n---\n", 6,
     "fact 'population' must be a whole number"),
    ("---\ntitle: T\ndoc_type: news\nlanguage: nb\nfacts:\n  partners: A\n---\n", 6,
     "'partners' must be a list"),
    ("---\ntitle: T\ndoc_type: news\nlanguage: nb\n---\n\nTekst\n", 7,
     "text before the first heading"),
    ("---\ntitle: T\ndoc_type: news\nlanguage: nb\n---\n\n# T\n", 7, "without a kind class"),
    ("---\ntitle: T\ndoc_type: news\nlanguage: nb\n---\n\n# T {: .lesson }\n", 7,
     "unknown kind class '.lesson'"),
])
def test_reader_names_file_and_line_of_each_error(text, line, message):
    with pytest.raises(CorpusError, match=message) as caught:
        read_document(text, "corpus/x.md")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"corpus/x.md:{line}: ")


def test_parse_document_collects_every_problem():
    text = ("---\ntitle: T\ndoc_type: region\nlanguage: nb\n---\n\n# T {: .lesson }\n\n"
            "## U\n\n- \n")
    _, problems = parse_document(text, "x.md")
    assert [(p.line, p.severity) for p in problems] == [
        (1, "error"), (1, "warning"), (7, "error"), (9, "error"), (11, "error")]
    assert "a region page needs its region" in problems[0].message
