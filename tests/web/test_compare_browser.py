"""The compare page in a real browser: Playwright driving Debian's Chromium against waitress.

Chosen from /regioner and from a region page without JavaScript, read at 1280 and
360 px (never wider than the screen; on a phone each cell names its region), and a
link followed to its item. Skipped, with the reason, where /usr/bin/chromium is
missing. Screenshots land in the project's ``test-artifacts/`` (not committed).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from browsing import follow_to_item, new_page, overflow, require_browser

expect = require_browser()
THREE = "/sammenlign?region=alesund&region=bjugn&region=alstahaug"


def test_pick_regions_on_the_regions_page_and_follow_an_advice(browser: Any,
                                                               base_url: str) -> None:
    page = new_page(browser, javascript=False)
    page.goto(base_url + "/regioner")
    form = page.locator("form.compare-picker")
    form.get_by_label("Ålesundregionen").check()
    form.get_by_label("Fosenregionen").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Sammenlign").click()
    assert page.url.endswith("/sammenlign?region=alesund&region=bjugn")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammenlign regioner")
    facts = page.get_by_role("table", name=re.compile("Fakta om regionene"))
    expect(facts.get_by_role("columnheader")).to_have_text(
        ["Fakta", "Ålesundregionen", "Fosenregionen"])
    expect(facts.get_by_role("row", name=re.compile("^Folketall"))).to_contain_text("76 680")
    advice = page.get_by_role("table", name=re.compile("^Råd etter tema"))
    row = advice.get_by_role("row", name=re.compile("^Tillit og relasjoner"))
    expect(row.get_by_role("cell")).to_have_count(2)
    link = row.get_by_role("link", name="Vær raus med samarbeidspartnere og del kunnskap!")
    follow_to_item(page, link, "/dokument/bjugn")
    page.context.close()


def test_compare_from_a_region_page(browser: Any, base_url: str) -> None:
    page = new_page(browser, javascript=False)
    page.goto(base_url + "/dokument/alstahaug")
    page.get_by_text("Sammenlign med andre regioner").click()  # opens the <details>
    form = page.locator(".compare-with form")
    form.get_by_label("Fosenregionen").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Sammenlign").click()
    assert page.url.endswith("/sammenlign?region=alstahaug&region=bjugn")
    expect(page.get_by_role("table", name=re.compile("^Mål etter tema")).get_by_role(
        "columnheader")).to_have_text(["Tema", "Alstahaugregionen (2)", "Fosenregionen (2)"])
    page.context.close()


def test_a_bad_choice_says_why_and_keeps_the_form(browser: Any, base_url: str) -> None:
    page = new_page(browser)
    response = page.goto(base_url + "/sammenlign?region=alesund")
    assert response is not None and response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Velg minst to regioner å sammenligne.")
    expect(page.get_by_label("Ålesundregionen")).to_be_checked()
    page.get_by_label("Alstahaugregionen").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Sammenlign").click()
    expect(page.get_by_role("table", name=re.compile("^Resultater etter tema"))).to_be_visible()
    page.context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_three_regions_fit_the_screen(browser: Any, base_url: str, width: int,
                                      project_root: Path) -> None:
    page = new_page(browser, width=width)
    page.goto(base_url + THREE)
    expect(page.get_by_role("table", name=re.compile("^Råd etter tema"))).to_be_visible()
    assert overflow(page) <= 0, f"the page is {overflow(page)} px wider than {width} px"
    region_label = page.locator("#advice").locator("..").locator("td .cell-region").first
    column_header = page.locator("section[aria-labelledby=advice] thead th").nth(1)
    if width == 360:  # stacked: each cell names its region, the header row is hidden
        expect(region_label).to_be_visible()
        expect(column_header).not_to_be_in_viewport()
    else:  # a table: the regions side by side, one header a column
        expect(region_label).to_be_hidden()
        expect(column_header).to_be_visible()
        boxes = [page.locator("section[aria-labelledby=advice] thead th").nth(n).bounding_box()
                 for n in range(4)]
        assert all(box is not None for box in boxes)
        assert len({round(box["y"]) for box in boxes if box}) == 1  # one row, side by side
    artifacts = project_root / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / f"compare-{width}.png"), full_page=True)
    page.context.close()
