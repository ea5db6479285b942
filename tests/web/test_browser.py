"""Browser tests: Playwright driving Debian's Chromium against a real waitress server.

Skipped, with the reason, where /usr/bin/chromium is missing (``make test`` installs
it with apt when run as root). Screenshots of the search page land in
the project's ``test-artifacts/`` (not committed).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from browsing import follow_to_item, new_page, require_browser

expect = require_browser()


def hit_regions(page: Any) -> set[str]:
    return set(page.locator(".hits .card-region").all_inner_texts())


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_search_tick_a_theme_and_land_on_the_marked_item(browser: Any, base_url: str,
                                                         javascript: bool) -> None:
    page = new_page(browser, javascript=javascript)
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Råd for samarbeid")

    page.get_by_role("searchbox").fill("tillit")
    page.get_by_role("button", name="Søk").click()
    page.wait_for_url(re.compile(r"\?q=tillit"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("treff for «tillit»")
    assert {"Ålesundregionen", "Fosenregionen"} <= hit_regions(page)

    box = page.locator("#facet-theme input[value=tillit]")
    label = page.locator(f"label[for='{box.get_attribute('id')}']")
    if javascript:  # ticking applies the filter at once, in place
        expect(page.get_by_role("button", name="Bruk filtre")).to_be_hidden()
        label.click()
        expect(page).to_have_url(re.compile(r"theme=tillit"))
    else:  # the same form, sent with its button
        label.click()
        with page.expect_navigation():
            page.get_by_role("button", name="Bruk filtre").click()
    assert "theme=tillit" in page.url and "q=tillit" in page.url
    expect(page.locator(".chips .chip")).to_contain_text("Tillit og relasjoner")
    expect(page.locator("#facet-theme input[value=tillit]")).to_be_checked()
    assert {"Ålesundregionen", "Fosenregionen"} <= hit_regions(page)

    card = page.locator(".hits .card").filter(has_text="Fosenregionen").first
    link = card.get_by_role("link", name=re.compile("Se i regionsiden"))
    anchor, target = follow_to_item(page, link, r"/dokument/bjugn\?q=tillit&theme=tillit")
    assert page.evaluate("document.querySelector(':target').id") == anchor
    assert target.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    expect(page.locator(".doc-body mark").first).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("Søkerkommune")
    page.context.close()


def test_skip_link_is_the_first_stop_and_focus_is_visible(browser: Any, base_url: str) -> None:
    page = new_page(browser)
    page.goto(base_url + "/?q=tillit")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Hopp til innholdet"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#innhold$"))  # waits: the jump is not instant
    page.context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_search_page_screenshots_fit_the_screen(browser: Any, base_url: str, width: int,
                                                project_root: Path) -> None:
    page = new_page(browser, width=width)
    page.goto(base_url + "/?q=tillit&theme=tillit")
    expect(page.locator(".hits .card").first).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than a {width} px screen"
    filters_open = page.evaluate("document.getElementById('filtre').open")
    assert filters_open == (width > 768)  # folded on a phone, so the hits come first
    artifacts = project_root / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / f"search-{width}.png"), full_page=True)
    page.context.close()


def test_phone_without_javascript_still_shows_every_filter(browser: Any, base_url: str) -> None:
    page = new_page(browser, javascript=False, width=360)
    page.goto(base_url + "/?q=tillit")
    expect(page.locator("#facet-theme")).to_be_visible()
    expect(page.get_by_role("button", name="Bruk filtre")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.context.close()


def test_municipality_page_in_any_spelling_leads_to_its_regions_lessons(
        browser: Any, base_url: str, project_root: Path) -> None:
    page = new_page(browser)
    page.goto(base_url + "/kommune/%C3%98RSKOG")  # ØRSKOG
    page.wait_for_url(base_url + "/kommune/orskog")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ørskog")
    expect(page.locator("main .lead").first).to_contain_text("samarbeidskommune i Ålesundregionen")
    expect(page.get_by_role("heading", level=2, name="Ålesundregionen")).to_be_visible()

    advice = page.locator(".card-advice").filter(has_text="Lag gode møteplasser")
    link = advice.get_by_role("link", name=re.compile("Se i regionsiden"))
    _, target = follow_to_item(page, link, "/dokument/alesund")
    expect(target).to_contain_text("Lag gode møteplasser")
    # the facts box links every municipality of the region back to its page
    page.locator(".facts").get_by_role("link", name="Ørskog").click()
    page.wait_for_url(base_url + "/kommune/orskog")

    page.get_by_role("link", name=re.compile("Søk og filtrer i alt fra regionen")).click()
    page.wait_for_url(re.compile(r"municipality="))
    expect(page.locator(".chips .chip")).to_contain_text("Kommune: Ørskog")
    expect(page.locator("#facet-municipality input[value='Ørskog']")).to_be_checked()
    assert hit_regions(page) == {"Ålesundregionen"}
    page.context.close()

    phone = new_page(browser, width=360)
    phone.goto(base_url + "/kommune/orskog")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than a 360 px screen"
    artifacts = project_root / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    phone.screenshot(path=str(artifacts / "kommune-360.png"), full_page=True)
    phone.context.close()


def first_heading(page: Any) -> str:
    """The tag of the page's first heading (it should be its H1)."""
    tag: str = page.evaluate("document.querySelector('h1,h2,h3,h4,h5,h6').tagName")
    return tag


def test_the_export_links_download_every_hit_for_excel_and_as_json(browser: Any,
                                                                    base_url: str) -> None:
    page = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900}
                               ).new_page()
    page.goto(base_url + "/?q=samarbeid&kind=application&kind=result&sort=region")
    heading = page.get_by_role("heading", level=1).inner_text()
    total = int(heading.split()[0])
    assert total > 10  # more than the page shows
    with page.expect_download() as excel:
        page.get_by_role("link", name="Excel (CSV)").click()
    body = Path(excel.value.path()).read_bytes()
    assert excel.value.suggested_filename == "byregion-treff.csv"
    assert body.startswith(b"\xef\xbb\xbfNr;Region;Fylke;Type;")  # UTF-8 BOM, semicolons
    assert body.count(b"\n") == body.count(b"\r\n")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline=""),
                               delimiter=";"))
    assert len(rows) == total
    assert {row["Type"] for row in rows} == {"Fra søknaden", "Resultat"}
    regions = [row["Region"] for row in rows]
    assert regions.index("Ålesundregionen") > regions.index("Fosenregionen")
    with page.expect_download() as exported:
        page.get_by_role("link", name="JSON", exact=True).click()
    data = json.loads(Path(exported.value.path()).read_text(encoding="utf-8"))
    assert (data["total"], len(data["hits"]), data["limit"]) == (total, total, 1000)
    assert [hit["id"] for hit in data["hits"]] == [row["Id"] for row in rows]
    expect(page.locator(".export")).to_contain_text("høyst 1\u00a0000 treff")
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_empty_filtered_search_links_to_the_hits_without_the_filter(
        browser: Any, base_url: str, javascript: bool) -> None:
    page = new_page(browser, javascript=javascript)
    page.goto(base_url + "/?q=tillit&region=Alstahaugregionen")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ingen treff for «tillit» med filteret")
    assert first_heading(page) == "H1"
    expect(page.locator("#filtre")).to_have_count(0)
    expect(page.locator(".export")).to_have_count(0)
    expect(page.get_by_text("Ingen treff")).to_have_count(1)
    page.get_by_role("link", name=re.compile(r"^\d+ treff uten filteret Region: "
                                             r"Alstahaugregionen$")).click()
    page.wait_for_url(re.compile(r"/\?q=tillit$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("treff for «tillit»")
    assert len(hit_regions(page)) >= 2
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_back_link_returns_to_the_search_with_every_filter(browser: Any, base_url: str,
                                                               javascript: bool) -> None:
    page = new_page(browser, javascript=javascript)
    search = base_url + "/?q=tillit&theme=tillit&kind=result&sort=region"
    page.goto(search)
    page.locator(".hits .card").first.get_by_role(
        "link", name=re.compile("Se i regionsiden")).click()
    page.wait_for_url(re.compile(r"/dokument/"))
    expect(page.locator("#q")).to_have_value("tillit")  # the header box shows the search
    page.get_by_role("link", name="← Tilbake til treffene for «tillit»").click()
    page.wait_for_url(re.compile(r"/\?q="))
    assert page.url == search
    expect(page.locator("#facet-theme input[value=tillit]")).to_be_checked()
    expect(page.locator("#facet-kind input[value=result]")).to_be_checked()
    expect(page.locator("#sortering")).to_have_value("region")
    page.context.close()


def test_a_corrected_typo_says_so_and_offers_the_words_as_typed(browser: Any,
                                                                base_url: str) -> None:
    page = new_page(browser)
    page.goto(base_url + "/")
    page.get_by_role("searchbox").fill("samarbied")
    page.get_by_role("button", name="Søk").click()
    page.wait_for_url(re.compile(r"\?q=samarbied$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Viser treff for «samarbeid»")
    expect(page.locator(".hits .card").first).to_be_visible()
    page.get_by_role("link", name="Søk i stedet etter «samarbied»").click()
    page.wait_for_url(re.compile(r"correct=0"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingen treff for «samarbied»")
    page.get_by_role("link", name="«samarbeid»").click()
    page.wait_for_url(re.compile(r"\?q=samarbeid$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("treff for «samarbeid»")
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_sort_control_sorts_and_the_order_survives_a_filter(browser: Any, base_url: str,
                                                                javascript: bool) -> None:
    page = new_page(browser, javascript=javascript)
    page.goto(base_url + "/?q=samarbeid&per_page=50")
    page.get_by_label("Sorter etter").select_option("region")
    with page.expect_navigation():
        page.get_by_role("button", name="Sorter").click()
    assert "sort=region" in page.url and "q=samarbeid" in page.url and "per_page=50" in page.url
    shown = page.locator(".hits:not(.hits-partial) .card-region").all_inner_texts()
    assert {"Fosenregionen", "Ålesundregionen"} <= set(shown)
    assert shown == sorted(shown, key=lambda r: r.translate(str.maketrans("ÆØÅ", "{|}")))
    box = page.locator("#facet-kind input").first
    label = page.locator(f"label[for='{box.get_attribute('id')}']")
    if javascript:  # applied in place
        label.click()
        expect(page).to_have_url(re.compile(r"kind="))
    else:
        label.click()
        with page.expect_navigation():
            page.get_by_role("button", name="Bruk filtre").click()
    assert "sort=region" in page.url and "kind=" in page.url
    expect(page.get_by_label("Sorter etter")).to_have_value("region")
    page.context.close()
