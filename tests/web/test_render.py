"""kb.web.render: corpus Markdown -> sanitised HTML with anchored items and marked terms."""

from __future__ import annotations

from kb.models import Item
from kb.web.render import Link, mark_terms, query_terms, render_document, strip_front_matter

BODY = """---
title: Testregionen
doc_type: region
---

# Testregionen {: .summary }

Testregionen har skapt økt tillit & mer \\<script>alert(1)\\</script> og <b>fet</b>.

## Testregionens tre råd {: .advice }

1. Bruk tid på å skape tillit <!-- themes: tillit, prosess -->
2. Lag gode møteplasser og \\*stjerner\\* for tillitsbygging
3. Gå fra ord til handling!

## Dokumenter {: .documents }
"""


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


def test_every_item_gets_its_anchor_and_class() -> None:
    rendered = render_document(BODY, ITEMS)
    for item in ITEMS[:4]:
        assert f'id="{item.anchor}"' in rendered.html
    assert rendered.anchored == {it.anchor for it in ITEMS[:4]}
    assert 'class="item item-advice"' in rendered.html
    assert '<h2 class="advice"' in rendered.html


def test_html_in_the_corpus_is_text_and_comments_are_dropped() -> None:
    html = render_document(BODY, ITEMS).html
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;fet&lt;/b&gt;" in html
    assert "themes:" not in html and "<!--" not in html
    assert "*stjerner*" in html  # escaped Markdown stays literal text


def test_front_matter_is_not_rendered() -> None:
    assert "doc_type" not in render_document(BODY, ITEMS).html
    assert strip_front_matter("---\na: 1\n---\n\n# T\n").strip() == "# T"
    assert strip_front_matter("# No front matter\n") == "# No front matter\n"


def test_item_links_are_appended_and_escaped() -> None:
    def links(item: Item) -> list[Link]:
        return [Link(f"/tema/{t}", f"<{t}>", "theme-badge") for t in item.themes]

    html = render_document(BODY, ITEMS, links_for=links).html
    assert '<a class="theme-badge" href="/tema/tillit"' in html
    assert "&lt;tillit&gt;</a>" in html


def test_query_terms_are_marked_inflected_and_in_compounds_but_not_in_tags() -> None:
    html = render_document(BODY, ITEMS, query='tillit -handling "møteplass" OR x').html
    assert "skape <mark>tillit</mark>" in html
    assert "<mark>tillitsbygging</mark>" in html
    assert "<mark>møteplasser</mark>" in html
    assert "<mark>handling</mark>" not in html
    assert 'class="item item-<mark>' not in html


def test_query_terms_drop_operators_and_exclusions() -> None:
    assert query_terms('tillit OR "gode møteplasser" -ord theme:x') == \
        ["tillit", "gode", "møteplasser"]
    assert query_terms("") == []
    assert query_terms("<script>alert(1)</script>") == ["script", "alert"]


def test_mark_terms_leaves_entities_and_links_alone() -> None:
    html = 'amp &amp; <a href="/x">tillit</a> tillit'
    assert mark_terms(html, ["amp", "tillit"]) == \
        '<mark>amp</mark> &amp; <a href="/x">tillit</a> <mark>tillit</mark>'


def test_unmatched_elements_get_no_anchor() -> None:
    rendered = render_document("# T {: .summary }\n\nAnnen tekst.\n", ITEMS)
    assert "id=" not in rendered.html.replace('id="seksjon-1"', "")
    assert rendered.anchored == set()
