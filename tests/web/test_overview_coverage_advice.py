"""In Chromium: the overview on a phone, the coverage line, and all advice once (issue 12,
points 5, 6 and 8).

- ``/oversikt`` at 360 px is no wider than the screen: the table scrolls in its own
  focusable box named by its caption, which stays in view, as do the regions' names,
  and a cell without items ("0") is readable (contrast at least 4.5:1);
- the front page and ``/regioner`` say how many of the 37 city regions the knowledge
  base holds (the index's region pages), link each to its page with the date it was
  imported, and name the registry's other regions as not in it yet;
- ``/rad`` shows each piece of advice once, under its region, with its section heading
  once, and has a title of its own.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from browsing import new_page, overflow, require_browser

from kb.corpus import load_regions
from kb.search import SearchIndex
from kb.web.coverage import norwegian_date

expect = require_browser()


def luminance(css_colour: str) -> float:
    """The relative luminance (WCAG 2) of an ``rgb(r, g, b)`` colour."""
    channels = [int(c) / 255 for c in re.findall(r"\d+", css_colour)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two opaque colours."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_overview_scrolls_inside_its_labelled_box_on_a_phone(browser: Any,
                                                                 base_url: str) -> None:
    page = new_page(browser, width=360)
    page.goto(base_url + "/oversikt")
    assert overflow(page) <= 0, f"the page is {overflow(page)} px wider than the screen"

    caption = page.locator(".heatmap caption")
    box = page.get_by_role("region", name=caption.inner_text())
    expect(box).to_have_attribute("tabindex", "0")  # a keyboard user can scroll it
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the table is wider: it scrolls
    rows = page.locator(".heatmap tbody th")
    for scroll in ("0", "e.scrollWidth"):  # at both ends of the table
        box.evaluate(f"e => {{ e.scrollLeft = {scroll}; }}")
        for element in (caption, rows.first):
            expect(element).to_be_visible()
            place = element.bounding_box()
            assert place is not None and 0 <= place["x"] and place["x"] + place["width"] <= 360

    zeros = page.locator(".heatmap .zero")
    assert zeros.count() > 0  # the corpus has themes a region never touched
    colours = zeros.evaluate_all("cells => cells.map(z => [getComputedStyle(z).color, "
                                 "getComputedStyle(z.closest('td')).backgroundColor])")
    worst = min(contrast(text, ground) for text, ground in colours)
    assert worst >= 4.5, f"a 0-cell has contrast {worst:.2f}:1"
    page.context.close()


def test_the_coverage_line_says_which_regions_of_the_37_are_held(
        browser: Any, base_url: str, index: SearchIndex, web_corpus: Path) -> None:
    registry = load_regions(web_corpus / "regions.toml")
    held = [doc for doc in index.documents() if doc.doc_type == "region"]
    held_names = {doc.region for doc in held}
    assert held and held_names <= {region.name for region in registry.regions}
    missing = sorted(r.name for r in registry.regions if r.name not in held_names)
    page = new_page(browser)

    for path in ("/", "/regioner"):
        page.goto(base_url + path)
        line = page.locator(".coverage-line")
        expect(line.locator(".coverage-count")).to_have_text(f"{len(held)} av 37 byregioner")
        for doc in held:
            link = line.get_by_role("link", name=doc.region, exact=True)
            expect(link).to_have_attribute("href", f"/dokument/{doc.slug}")
            assert doc.imported is not None
            expect(line).to_contain_text(f"hentet inn {norwegian_date(doc.imported)}")
        newest = max(doc.imported for doc in held if doc.imported is not None)
        expect(line.locator(f"time[datetime='{newest.isoformat()}']")).to_have_count(1)

    # every page of the list below says when it was imported
    for doc in index.documents():
        assert doc.imported is not None
        entry = page.locator(".doc-list li").filter(
            has=page.get_by_role("link", name=doc.title, exact=True))
        expect(entry.locator("time")).to_have_attribute("datetime", doc.imported.isoformat())
        expect(entry.locator("time")).to_have_text(norwegian_date(doc.imported))

    # /regioner names every registered region not held; the front page folds the names
    not_held = page.locator("#ikke-med")
    expect(not_held).to_contain_text(str(37 - len(held)))
    names = page.get_by_role("list", name="Byregioner som ikke er i kunnskapsbanken ennå")
    assert sorted(names.get_by_role("listitem").all_inner_texts()) == missing
    page.get_by_role("link", name=re.compile(r"^Se hvilke \d+ som ikke er med ennå$")).click()
    expect(page).to_have_url(re.compile("#ikke-med$"))

    page.goto(base_url + "/")
    names = page.get_by_role("list", name="Byregioner som ikke er i kunnskapsbanken ennå")
    expect(names).to_be_hidden()
    page.locator(".coverage-missing summary").click()
    expect(names.get_by_role("listitem")).to_have_count(len(missing))
    page.context.close()


def test_all_advice_lists_each_piece_once_under_a_title_of_its_own(
        browser: Any, base_url: str, index: SearchIndex) -> None:
    advice = [it for it in index.items() if it.kind == "advice"]
    page = new_page(browser)
    page.goto(base_url + "/")
    front = (page.title(), page.get_by_role("heading", level=1).inner_text())
    page.goto(base_url + "/rad")
    assert page.title() != front[0] and page.title().startswith("Alle råd")
    assert page.get_by_role("heading", level=1).inner_text() != front[1]

    cards = page.locator("article.card")
    expect(cards).to_have_count(len(advice))
    links = cards.get_by_role("link", name=re.compile("^Se i regionsiden")).evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert sorted(links) == sorted(f"/dokument/{it.doc}#{it.anchor}" for it in advice)
    for heading in {it.heading for it in advice}:  # the section heading once, not per card
        expect(page.get_by_text(heading, exact=True)).to_have_count(1)
        expect(cards.filter(has_text=heading)).to_have_count(0)
    for region in {it.region for it in advice}:
        expect(page.get_by_role("heading", level=2, name=re.compile(f"^{region} "))).to_be_visible()

    # the index of themes leads to every piece of advice with the theme, once each
    theme = page.locator(".theme-index a").first
    count = int(theme.locator(".count").inner_text().split()[0])
    theme.click()
    page.wait_for_url(re.compile(r"kind=advice&theme="))
    expect(page.locator(".hits .card")).to_have_count(count)
    page.context.close()
