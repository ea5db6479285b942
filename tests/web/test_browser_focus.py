"""Browser tests of focus, headings and the phone (issue 12 points 4, 9, 10, 11).

Playwright driving Debian's Chromium against the waitress server of
tests/web/conftest.py; skipped, with the reason, where Chromium is missing.
Screenshots land in the project's ``test-artifacts/`` (not committed).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from browsing import new_page, overflow, require_browser

from kb.search import SearchIndex

expect = require_browser()

HEADINGS = "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]"


def tab_to(page: Any, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching ``selector`` has focus (at most ``limit`` times)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def heading_count(page: Any) -> int:
    """The number the results' H1 starts with ("28 treff for «samarbeid»")."""
    return int(page.locator("#results-heading").inner_text().split()[0])


def test_ticking_a_facet_with_the_keyboard_keeps_focus_and_says_the_new_count(
        browser: Any, base_url: str) -> None:
    page = new_page(browser)
    page.goto(base_url + "/?q=samarbeid")
    before = heading_count(page)
    page.evaluate("window.notReloaded = true")
    box = "#facet-kind input[value=advice]"
    tab_to(page, box)
    page.keyboard.press("Space")

    expect(page).to_have_url(re.compile(r"/\?q=samarbeid&kind=advice$"))
    status = page.locator("#treff-status")  # a live region (role=status)
    expect(status).to_have_text(re.compile(r"^\d+ treff for «samarbeid»$"))
    after = heading_count(page)
    assert after < before
    expect(status).to_have_text(f"{after} treff for «samarbeid»")
    assert page.evaluate("s => document.activeElement.matches(s)", box)  # focus stayed
    assert page.evaluate("document.activeElement.checked")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    assert page.evaluate("window.notReloaded === true")  # applied in place, no reload
    expect(page.locator(".chips .chip")).to_contain_text("Type: Råd")
    expect(page.locator(".hits .card-advice")).to_have_count(after)

    page.keyboard.press("Space")  # untick: the box is still the one focused
    expect(page).to_have_url(re.compile(r"/\?q=samarbeid$"))
    expect(status).to_have_text(f"{before} treff for «samarbeid»")
    assert page.evaluate("s => document.activeElement.matches(s) && "
                         "!document.activeElement.checked", box)

    page.go_back()  # the history holds each tick: Back shows the filtered hits again
    expect(page).to_have_url(re.compile(r"kind=advice$"))
    expect(page.locator(box)).to_be_checked()
    expect(page.locator("#results-heading")).to_have_text(f"{after} treff for «samarbeid»")
    size = page.locator(box).bounding_box()
    assert size["width"] >= 24 and size["height"] >= 24  # WCAG 2.5.8 target size
    page.context.close()


def test_on_a_phone_the_filter_panel_stays_open_until_show_hits(browser: Any, base_url: str,
                                                                 project_root: Path) -> None:
    page = new_page(browser, width=360)
    page.goto(base_url + "/?q=samarbeid")
    panel = page.locator("#filtre")
    expect(panel).not_to_have_attribute("open", "")  # folded at first: the hits come first
    page.locator("#filtre > summary").click()
    expect(panel).to_have_attribute("open", "")
    page.locator("label[for^='f-kind-']").filter(has_text="Råd").click()
    expect(page).to_have_url(re.compile(r"kind=advice"))
    page.locator("label[for^='f-theme-']").first.click()
    expect(page).to_have_url(re.compile(r"theme=.*kind=advice"))
    expect(panel).to_have_attribute("open", "")  # still open after each tick
    count = heading_count(page)
    show = page.get_by_role("link", name=f"Vis {count} treff")
    expect(show).to_be_visible()  # in sight at the bottom of the screen
    for box in page.locator(".facet input[type=checkbox]").all()[:6]:
        size = box.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24
    artifacts = project_root / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "search-filters-open-360.png"))
    show.click()
    expect(panel).not_to_have_attribute("open", "")
    expect(page.locator("#results-heading")).to_be_focused()
    expect(page.locator("#results-heading")).to_be_in_viewport()
    assert overflow(page) <= 0
    # the search box's example fits a 360 px screen
    room, needed = page.evaluate("""() => {
        const box = document.getElementById('q'), style = getComputedStyle(box);
        const context = document.createElement('canvas').getContext('2d');
        context.font = style.font;
        return [box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
                context.measureText(box.placeholder).width];
    }""")
    assert needed <= room, f"the placeholder needs {needed} px of {room}"
    page.context.close()


def test_the_first_heading_is_the_h1_and_cards_are_not_headed_by_section_names(
        browser: Any, base_url: str, index: SearchIndex) -> None:
    item = next(it for it in index.items() if it.doc == "alesund" and it.kind == "advice")
    page = new_page(browser)
    for url in ("/?q=tillit", "/dokument/alesund", f"/element/{item.id}", "/tema/tillit",
                "/kommune/orskog"):
        page.goto(base_url + url)
        assert page.evaluate(f"{HEADINGS}[0].tagName") == "H1", url
        expect(page.locator("h1")).to_have_count(1)
    # a hit's heading says its kind and region; its section's name is a plain line below
    for url in ("/?q=tillit", f"/element/{item.id}"):
        page.goto(base_url + url)
        sections = set(page.locator(".card-section").all_text_contents())
        headings = page.evaluate(f"{HEADINGS}.map(h => h.textContent.trim())")
        assert sections and not sections & set(headings), (url, sections & set(headings))
    page.goto(base_url + "/?q=tillit")
    cards = page.locator(".hits .card")
    expect(cards.get_by_role("heading", level=2)).to_have_count(cards.count())
    expect(cards.first.get_by_role("heading", level=2)).to_contain_text("regionen")

    # the item page: its own card has no link to itself; similar items link to theirs
    page.goto(base_url + f"/element/{item.id}")
    own = page.locator(".item-page .card")
    expect(own.get_by_role("link", name=re.compile("Lignende"))).to_have_count(0)
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert not [href for href in hrefs if href.startswith(f"/element/{item.id}")]
    expect(page.locator(".similar .card").first).to_be_visible()
    expect(own.locator(".theme-badge").first).to_be_visible()  # the item's themes are here
    page.context.close()


def test_landing_on_an_item_on_a_phone_shows_it_under_its_section_heading(
        browser: Any, base_url: str, index: SearchIndex, project_root: Path) -> None:
    results = [it for it in index.items()
               if it.doc == "alesund" and it.heading == "Resultat av byregionprosjektet"]
    deep = results[-1]  # far below its heading, which has scrolled off were it not kept
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  reduced_motion="reduce")
    page = context.new_page()
    page.goto(base_url + f"/dokument/alesund#{deep.anchor}")
    target = page.locator(f"[id='{deep.anchor}']")
    heading = page.get_by_role("heading", level=2, name=deep.heading)
    expect(target).to_be_in_viewport()
    expect(heading).to_be_in_viewport()
    heading_box, target_box = heading.bounding_box(), target.bounding_box()
    assert heading_box["y"] >= 0
    assert target_box["y"] >= heading_box["y"] + heading_box["height"]  # not under it
    assert target_box["y"] + target_box["height"] <= 740
    artifacts = project_root / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "region-item-360.png"))

    # facts and contents come right after the title and summary, before the sections
    page.goto(base_url + "/dokument/alesund")
    facts = page.locator(".facts").bounding_box()
    contents = page.get_by_role("navigation", name="På siden").bounding_box()
    first_section = page.locator(".doc-section h2").first.bounding_box()
    assert facts["y"] < contents["y"] < first_section["y"] < 2000
    # each item: one light link to its own page instead of theme pills, reachable by Tab
    expect(page.locator(".doc-body .theme-badge")).to_have_count(0)
    link = target.get_by_role("link", name="Tema og lignende")
    tab_to(page, f"[id='{deep.anchor}'] .item-link", limit=150)
    expect(link).to_be_focused()
    expect(link).to_be_in_viewport()
    assert overflow(page) <= 0
    page.screenshot(path=str(artifacts / "region-360.png"), full_page=True)
    link.click()
    page.wait_for_url(re.compile(rf"/element/{re.escape(deep.id)}$"))
    context.close()


def test_the_region_facet_counts_what_the_regions_page_says(browser: Any,
                                                            base_url: str) -> None:
    page = new_page(browser)
    page.goto(base_url + "/")
    facet = page.locator("#facet-region label").filter(has_text="Ålesundregionen")
    counted = int(re.findall(r"\d+", facet.inner_text())[-1])
    page.goto(base_url + "/regioner")
    row = page.locator(".doc-list li").filter(has_text="Ålesundregionen").first
    expect(row).to_contain_text("regionsiden og 1 nyhet")  # says what is counted
    link = row.get_by_role("link", name=re.compile(r"^\d+ treff fra Ålesundregionen$"))
    assert int(link.inner_text().split()[0]) == counted
    link.click()
    page.wait_for_url(re.compile(r"region="))
    expect(page.locator("#results-heading")).to_have_text(f"{counted} treff")
    expect(page.locator("footer").get_by_role("link", name="JSON-API")).to_have_attribute(
        "href", "/api/")
    page.context.close()
