"""kb.web.render: a Document and its Items -> escaped HTML with anchored items and marked terms."""

from __future__ import annotations

from html import escape

import pytest

from kb.corpus import read_document
from kb.models import Document, Item, Section, SectionItem
from kb.search import Highlighter, Marks, SearchIndex, highlighter_for
from kb.web.render import Link, render_document

BODY = """---
title: Testregionen
doc_type: region
region: Testregionen
county: Testfylke
language: nb
source_url: https://example.org/artikkel/test/
---

# Testregionen {: .summary }

Testregionen har skapt økt tillit & mer \\<script>alert(1)\\</script> og \\<b>fet\\</b>.

## Testregionens tre råd {: .advice }

1. Bruk tid på å skape tillit <!-- themes: tillit, prosess -->
2. Lag gode møteplasser og \\*stjerner\\* for tillitsbygging
3. Gå fra ord til handling!

## Dokumenter {: .documents }
"""
DOC = read_document(BODY)


def make_item(position: int, kind: str, text: str, anchor: str, themes: tuple[str, ...] = ()
              ) -> Item:
    return Item(id=f"test--{anchor}", anchor=anchor, doc="test", title="Testregionen",
                doc_type="region", region="Testregionen", county="Testfylke", language="nb",
                kind=kind, heading="h", position=position, number=position, section_size=3,
                text=text, themes=themes)


ITEMS = [
    make_item(1, "summary", "Testregionen har skapt økt tillit & mer <script>alert(1)</script> "
                            "og <b>fet</b>.", "summary-00000001"),
    make_item(2, "advice", "Bruk tid på å skape tillit", "advice-00000002", ("tillit",)),
    make_item(3, "advice", "Lag gode møteplasser og *stjerner* for tillitsbygging",
              "advice-00000003"),
    make_item(4, "advice", "Gå fra ord til handling!", "advice-00000004"),
    make_item(5, "fact", "Søkerkommune: Test", "fact-00000005"),
]


def one_section(kind: str, *entries: SectionItem) -> Document:
    return Document(slug="test", title="T", doc_type="region", region="", county="",
                    language="nb", source_url="", sections=[Section(kind, "T", list(entries))])


def test_every_item_gets_its_anchor_and_class() -> None:
    rendered = render_document(DOC, ITEMS)
    for item in ITEMS[:4]:
        assert f'id="{item.anchor}"' in rendered.html
    assert rendered.anchored == {it.anchor for it in ITEMS[:4]}
    assert 'class="item item-advice"' in rendered.html
    assert '<h2 class="advice"' in rendered.html


def test_sections_are_headings_and_items_follow_their_style() -> None:
    rendered = render_document(DOC, ITEMS)
    # the lede: the page's title as its H1 and the summary; no contents entry of its own
    assert rendered.lede == ('<h1 class="summary" id="seksjon-1">Testregionen</h1>\n'
                             '<p class="item item-summary" id="summary-00000001">'
                             f"{escape(ITEMS[0].text)}</p>")
    # each other section in a <section>, its heading first; the empty documents list left out
    assert rendered.sections.startswith('<section class="doc-section doc-section-advice">\n'
                                        '<h2 class="advice" id="seksjon-2">Testregionens tre råd'
                                        '</h2>\n<ol>\n<li class="item item-advice" '
                                        'id="advice-00000002">')
    assert rendered.sections.endswith("</li>\n</ol>\n</section>")
    assert "Dokumenter" not in rendered.html and 'id="seksjon-3"' not in rendered.html
    assert rendered.html == rendered.lede + "\n" + rendered.sections
    assert rendered.toc == [("seksjon-2", "Testregionens tre råd")]
    bullets = one_section("goal", SectionItem("a", style="bullet"), SectionItem("b"),
                          SectionItem("c", style="bullet"), SectionItem("d", style="bullet"))
    items = [make_item(n, "goal", text, f"goal-{n}") for n, text in enumerate("abcd", 1)]
    html = render_document(bullets, items).html
    assert html.count("<ul>") == 2 and html.count("<p ") == 1 and html.count("<li ") == 3


def test_html_in_the_corpus_is_text_and_comments_are_dropped() -> None:
    html = render_document(DOC, ITEMS).html
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;fet&lt;/b&gt;" in html
    assert "themes:" not in html and "<!--" not in html
    assert "*stjerner*" in html  # escaped Markdown stays literal text


def test_front_matter_is_not_rendered() -> None:
    html = render_document(DOC, ITEMS).html
    assert "doc_type" not in html
    assert DOC.source_url not in html and "Testfylke" not in html


def test_item_links_are_appended_and_escaped() -> None:
    def links(item: Item) -> list[Link]:
        return [Link(f"/tema/{t}", f"<{t}>", "theme-badge") for t in item.themes]

    html = render_document(DOC, ITEMS, links_for=links).html
    assert '<a class="theme-badge" href="/tema/tillit"' in html
    assert "&lt;tillit&gt;</a>" in html


def test_query_terms_are_marked_inflected_and_in_compounds_but_not_in_tags(
        index: SearchIndex) -> None:
    marked = highlighter_for(index, 'tillit -handling "møteplass" OR x')
    html = render_document(DOC, ITEMS, highlight=marked).html
    assert "skape <mark>tillit</mark>" in html
    assert "<mark>tillitsbygging</mark>" in html
    assert "<mark>møteplasser</mark>" in html
    assert "<mark>handling</mark>" not in html
    assert 'class="item item-<mark>' not in html


def test_the_highlighter_drops_operators_and_exclusions(index: SearchIndex) -> None:
    marked = highlighter_for(index, 'tillit OR "gode møteplasser" -ord theme:x')
    assert marked("Gode møteplasser gir tillit, ord gir lite.") == \
        "<mark>Gode</mark> <mark>møteplasser</mark> gir <mark>tillit</mark>, ord gir lite."
    assert highlighter_for(index, "")("tillit & ord") == "tillit &amp; ord"
    assert highlighter_for(index, "<script>alert(1)</script>")("<script>alert(1)</script>") == \
        "&lt;<mark>script</mark>&gt;<mark>alert</mark>(<mark>1</mark>)&lt;/<mark>script</mark>&gt;"


def test_marks_leave_entities_and_links_alone(index: SearchIndex) -> None:
    doc = one_section("summary", SectionItem("amp & tillit"))
    item = make_item(1, "summary", "amp & tillit", "summary-1")
    html = render_document(doc, [item], links_for=lambda it: [Link("/x", "tillit")],
                           highlight=Highlighter(index.analyzer, Marks(exact={"amp", "tillit"}))
                           ).html
    assert '<mark>amp</mark> &amp; <mark>tillit</mark><span class="item-meta">' \
        '<a href="/x">tillit</a></span>' in html


def test_unmatched_elements_get_no_anchor() -> None:
    rendered = render_document(one_section("summary"), [])
    assert "id=" not in rendered.html.replace('id="seksjon-1"', "")
    assert rendered.anchored == set()
    with pytest.raises(ValueError):
        render_document(one_section("summary", SectionItem("Annen tekst.")), ITEMS)
    with pytest.raises(ValueError):
        render_document(DOC, ITEMS[:2])
