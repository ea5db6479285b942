"""Browser helpers of the web tests: Debian's Chromium, pages at a width, overflow.

The ``browser`` and ``base_url`` fixtures (tests/web/conftest.py) launch one Chromium
and one waitress server per test process; a module that drives the browser starts
with ``expect = require_browser()``, which skips it, with the reason, where
/usr/bin/chromium or the playwright package is missing.
"""

from __future__ import annotations

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


def overflow(page: Any) -> int:
    """How many px the page is wider than the screen (0 or less: it fits)."""
    result: int = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return result
