"""The ten synthetic region pages import to exactly their expected <slug>.json."""

from __future__ import annotations

import html
import json

import pytest
from corpus_data import DATA, PAGES

from kb.ingest import parse_page, read_text
from kb.models import Document


def _sections(doc: Document) -> list[dict[str, object]]:
    return [{"kind": s.kind, "heading": s.heading, "items": [i.text for i in s.items]}
            for s in doc.sections]


def _facts(doc: Document) -> dict[str, object] | None:
    f = doc.facts
    if f is None:
        return None
    return {"applicant": f.applicant, "partners": list(f.partners), "population": f.population,
            "population_date": f.population_date, "area_km2": f.area_km2}


def _import(slug: str, registry, **kwargs):
    path = DATA / "pages" / f"{slug}.txt"
    return parse_page(read_text(path), path.name, registry=registry, **kwargs)


@pytest.mark.parametrize("slug", PAGES)
def test_page_imports_to_its_expected_document(slug, registry):
    expected = json.loads((DATA / "pages" / f"{slug}.json").read_text(encoding="utf-8"))
    result = _import(slug, registry)
    doc = result.document
    assert _sections(doc) == expected["sections"]
    assert doc.region == expected["region"]
    assert doc.language == expected["language"]
    assert _facts(doc) == expected["facts"]
    assert doc.county == expected["county"]
    assert doc.source_url == expected["source_url"]
    assert doc.slug == expected["slug"] == slug
    assert doc.doc_type == "region"
    assert result.skipped == []
    assert result.warnings == []


def test_ten_pages_cover_the_variants():
    """Guard the fixture: the data really holds the layouts the importer must take."""
    text = "\n".join((DATA / "pages" / f"{slug}.txt").read_text(encoding="utf-8")
                     for slug in PAGES)
    for variant in ("Resulatater", "Detter jobber", "Utrdag fra", " 1. ", "  • ",
                    "Fra Haugesundsregionen sin søknad", "Byregioner fase 2 –", "– fase 2"):
        assert variant in text


def _as_markdown(doc: Document) -> str:
    out = []
    for index, section in enumerate(doc.sections):
        out += ["", ("# " if index == 0 else "## ") + section.heading, ""]
        previous = None
        for item in section.items:
            if item.style != previous or item.style == "paragraph":
                out.append("")
            marker = {"bullet": "* ", "number": "1. "}.get(item.style, "")
            out.append(marker + item.text.replace("*", r"\*").replace("_", r"\_"))
            previous = item.style
    if doc.facts_heading:
        out += ["", f"## {doc.facts_heading}", ""]
        if doc.facts and doc.facts.applicant:
            out.append(f"- Søkerkommune: {doc.facts.applicant}")
    return "\n".join(out) + "\n"


def _as_html(doc: Document) -> str:
    out = ["<!DOCTYPE html><html><head><title>Side</title><script>var x = 1;</script></head>",
           "<body>"]
    for index, section in enumerate(doc.sections):
        tag = "h1" if index == 0 else "h2"
        out.append(f"<{tag}>{html.escape(section.heading)}</{tag}>")
        items = section.items
        index_ = 0
        while index_ < len(items):
            item = items[index_]
            if item.style == "paragraph":
                out.append(f"<p>{html.escape(item.text)}</p>")
                index_ += 1
                continue
            tag = "ul" if item.style == "bullet" else "ol"
            out.append(f"<{tag}>")
            while index_ < len(items) and items[index_].style == item.style:
                out.append(f"  <li>{html.escape(items[index_].text)}</li>")
                index_ += 1
            out.append(f"</{tag}>")
    if doc.facts_heading:
        out.append(f"<h2>{html.escape(doc.facts_heading)}</h2>")
        if doc.facts and doc.facts.applicant:
            out.append(f"<p>Søkerkommune:&nbsp;{html.escape(doc.facts.applicant)}</p>")
    out.append("</body></html>")
    return "\n".join(out)


def _folded(doc: Document) -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [(s.kind, s.heading, [(" ".join(i.text.split()), i.style) for i in s.items])
            for s in doc.sections]


@pytest.mark.parametrize("slug", PAGES)
@pytest.mark.parametrize("render", [_as_markdown, _as_html])
def test_markdown_and_html_renderings_give_the_same_document(slug, render, registry):
    doc = _import(slug, registry).document
    again = parse_page(render(doc), f"{slug}.{'md' if render is _as_markdown else 'html'}",
                       registry=registry).document
    # HTML folds runs of white space; otherwise the documents are alike.
    assert _folded(again) == _folded(doc)
    assert (again.region, again.county, again.language, again.slug) == (
        doc.region, doc.county, doc.language, doc.slug)
    if doc.facts and doc.facts.applicant:
        assert again.facts is not None and again.facts.applicant == doc.facts.applicant
