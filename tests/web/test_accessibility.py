"""Every kind of page in Chromium at 1280 and 360 px: axe-core, the H1, the width, a picture.

Each page is loaded once per width, in a context with the site's own
Content-Security-Policy, and checked for what WCAG checkers and users trip over:
axe-core (run in the page, see tests/web/browsing.py) finds no serious or critical
violation, the first heading is the page's H1, and the page is no wider than the
screen. Its full-page screenshot is written to
``test-artifacts/screens/<page>-<width>.png`` (git-ignored) before anything is
asserted, so that a failing page is pictured too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browsing import new_page, overflow, require_axe, require_browser, run_axe, serious_violations

from kb.search import SearchIndex

expect = require_browser()

ITEM_PAGE = "element"  # its address comes from the index: the first piece of advice
PAGES = [
    ("forside", "/"),
    ("sok", "/?q=tillit"),
    ("sok-filtrert", "/?q=tillit&theme=tillit"),
    ("region", "/dokument/alesund"),
    ("oversikt", "/oversikt"),
    ("rad", "/rad"),
    ("tema", "/tema"),
    ("tema-tillit", "/tema/tillit"),
    ("regioner", "/regioner"),
    (ITEM_PAGE, None),
    ("sammenlign", "/sammenlign?region=alesund&region=bjugn"),
    ("kommuner", "/kommune"),
    ("kommune-orskog", "/kommune/orskog"),
    ("api", "/api"),
]
WIDTHS = (1280, 360)


@pytest.fixture(scope="module")
def axe_script(project_root: Path) -> Path:
    """The pinned axe-core script (skips, or fails under CI, without it)."""
    return require_axe(project_root)


@pytest.fixture(scope="module")
def screens(project_root: Path) -> Path:
    """The folder the screenshots go to."""
    folder = project_root / "test-artifacts" / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def first_heading(page: Any) -> str:
    """The tag of the first heading in the page (h1-h6), or "" when it has none."""
    tag: str = page.evaluate(
        "(document.querySelector('h1,h2,h3,h4,h5,h6') || {tagName: ''}).tagName")
    return tag


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_page_passes_axe_starts_with_its_h1_and_fits_the_screen(
        browser: Any, base_url: str, index: SearchIndex, axe_script: Path, screens: Path,
        name: str, path: str | None, width: int) -> None:
    if path is None:
        advice = next(it for it in index.items() if it.kind == "advice")
        path = f"/element/{advice.id}"
    page = new_page(browser, width=width)
    response = page.goto(base_url + path)
    assert response is not None and response.status == 200, path
    page.screenshot(path=str(screens / f"{name}-{width}.png"), full_page=True)

    problems = []
    if (tag := first_heading(page)) != "H1":
        problems.append(f"the first heading is {tag or 'missing'}, not the H1")
    if (wider := overflow(page)) > 0:
        problems.append(f"the page is {wider} px wider than the {width} px screen")
    results = run_axe(page, axe_script)
    problems += serious_violations(results)
    # axe ran its rules here (a page it could not check would pass nothing)
    assert "html-has-lang" in {rule["id"] for rule in results["passes"]}
    page.context.close()
    assert not problems, f"{path} at {width} px: " + "\n".join(problems)
