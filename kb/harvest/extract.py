"""An HTML page -> the HTML of its main content, by the page's own landmarks (stdlib only).

The content is the first ``<main>`` (or ``role="main"``) element, else the first
``<article>``, else ``<body>``; inside it, navigation, breadcrumbs, related-links
asides, forms and footers are left out. Nothing here knows one site's layout.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

_DROP_TAGS = {"nav", "aside", "footer", "form", "script", "style", "noscript", "template",
              "iframe", "svg", "button"}
_DROP_ROLES = {"navigation", "complementary", "contentinfo", "search", "banner"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


def _attr(attrs: list[tuple[str, str | None]], name: str) -> str:
    return " ".join(v or "" for k, v in attrs if k == name).lower()


def _is_chrome(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag in _DROP_TAGS or _attr(attrs, "role") in _DROP_ROLES:
        return True
    marks = " ".join(_attr(attrs, a) for a in ("class", "id", "aria-label"))
    return "breadcrumb" in marks or "brødsmule" in marks


class _Landmarks(HTMLParser):
    """Collects the serialised HTML of each candidate container, chrome left out."""

    def __init__(self, container: str) -> None:
        super().__init__(convert_charrefs=True)
        self.container = container
        self.parts: list[str] = []
        self.depth = 0        # nesting of the container's tag while inside it
        self.done = False
        self.skip: list[str] = []  # tags of chrome subtrees being skipped

    def _opens(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if self.container == "main":
            return tag == "main" or _attr(attrs, "role") == "main"
        return tag == self.container

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if not self.depth:
            if self._opens(tag, attrs):
                self.depth, self.container = 1, tag
            return
        if tag == self.container:
            self.depth += 1
        if self.skip:
            if tag == self.skip[-1] and tag not in _VOID:
                self.skip.append(tag)
            return
        if _is_chrome(tag, attrs):
            if tag not in _VOID:
                self.skip.append(tag)
            return
        self.parts.append(self.get_starttag_text() or f"<{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth and not self.skip and not self.done and not _is_chrome(tag, attrs):
            self.parts.append(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if self.done or not self.depth:
            return
        if tag == self.container:
            self.depth -= 1
            if not self.depth:
                self.done = True
                return
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            return
        if tag not in _VOID:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip and not self.done:
            self.parts.append(html.escape(data, quote=False))


def main_content(page: str) -> str:
    """Return an HTML document holding only the main content of the HTML ``page``
    (the whole body, chrome left out, when the page marks no main content)."""
    for container in ("main", "article", "body"):
        parser = _Landmarks(container)
        parser.feed(page)
        parser.close()
        body = "".join(parser.parts).strip()
        if parser.depth or parser.done:
            if body:
                return f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n"
    return page
