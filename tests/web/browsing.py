"""Browser helpers of the web tests: Debian's Chromium, pages at a width, overflow.

The ``browser`` and ``base_url`` fixtures (tests/web/conftest.py) launch one Chromium
and one waitress server per test process; a module that drives the browser starts
with ``expect = require_browser()``, which skips it, with the reason, where
/usr/bin/chromium or the playwright package is missing.

axe-core (the accessibility checker) comes from npm: ``package.json`` pins it and
``make install-test`` installs it with ``npm ci`` into ``node_modules/`` (not
committed). :func:`require_axe` finds it, skipping with the reason where it is missing,
failing instead under CI (``CI=true``), where it must be there. :func:`run_axe` runs it
in a page under the site's own Content-Security-Policy: ``add_script_tag(path=...)``
would inject an inline script, which ``script-src 'self'`` blocks, so the pinned file
is served to the page at a same-origin address by Playwright's routing and loaded with
``add_script_tag(url=...)`` (no ``bypass_csp``: the page is checked as users get it).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def require_browser() -> Any:
    """Skip the calling module unless Chromium and playwright are here; return
    playwright's ``expect``."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} "
                    "(apt-get install chromium)", allow_module_level=True)
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="the playwright package is missing")
    return sync_api.expect


def new_page(browser: Any, *, javascript: bool = True, width: int = 1280) -> Any:
    """A page in a fresh context (own cookies, storage), ``width`` px wide."""
    context = browser.new_context(java_script_enabled=javascript,
                                  viewport={"width": width, "height": 900})
    return context.new_page()


def follow_to_item(page: Any, link: Any, page_url: str) -> tuple[str, Any]:
    """Click ``link`` (to an item on a region page), wait for the page whose address
    matches the pattern ``page_url`` followed by the item's anchor, and check that the
    item is in view; return the anchor and the item's element."""
    from playwright.sync_api import expect  # imported here: require_browser may skip first

    anchor = (link.get_attribute("href") or "").split("#")[1]
    link.click()
    page.wait_for_url(re.compile(rf"{page_url}#{anchor}$"))
    target = page.locator(f"[id='{anchor}']")
    expect(target).to_be_in_viewport()
    return anchor, target


def overflow(page: Any) -> int:
    """How many px the page is wider than the screen (0 or less: it fits)."""
    result: int = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return result


AXE_FILE = Path("node_modules") / "axe-core" / "axe.min.js"
AXE_ROUTE = "/__tests__/axe.min.js"  # the address the page loads axe-core from (routed)
SERIOUS = ("serious", "critical")


def require_axe(project_root: Path) -> Path:
    """Return the installed axe-core script, as pinned in package.json. Skips the test
    (fails it under ``CI=true``) when it is missing or another version is installed."""
    script = project_root / AXE_FILE
    pinned = json.loads((project_root / "package.json").read_text(encoding="utf-8"))
    wanted = pinned["devDependencies"]["axe-core"]
    manifest = script.parent / "package.json"
    installed = (json.loads(manifest.read_text(encoding="utf-8"))["version"]
                 if manifest.is_file() and script.is_file() else None)
    if installed == wanted:
        return script
    reason = (f"axe-core {wanted} is not installed in {script.parent} (found: {installed}): "
              "run `npm ci` in the project (make install-test does)")
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(reason)
    pytest.skip(reason)


def run_axe(page: Any, script: Path) -> dict[str, Any]:
    """Run axe-core (``script``) in ``page`` as loaded; return its results: ``violations``
    (each rule with ``id``, ``impact``, ``help`` and every node it failed on) and
    ``passes`` and ``incomplete`` (each rule with one node at most, which keeps it quick)."""
    address = page.url.split("/", 3)
    origin = "/".join(address[:3])
    page.route(origin + AXE_ROUTE, lambda route: route.fulfill(
        path=str(script), content_type="text/javascript; charset=utf-8"))
    page.add_script_tag(url=origin + AXE_ROUTE)
    assert page.evaluate("typeof window.axe") == "object", "axe-core did not load in the page"
    results: dict[str, Any] = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']})")
    return results


def serious_violations(results: dict[str, Any]) -> list[str]:
    """The serious and critical violations of axe ``results``: rule id, help, where."""
    return [f"{v['id']} ({v['impact']}): {v['help']} at "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in results["violations"] if v["impact"] in SERIOUS]
