"""An HTML page -> blocks (headings, paragraphs, list items), with the stdlib's html.parser.

Scripts, styles and the document head are not page text. Site navigation,
header and footer are kept as ordinary blocks: the importer recognises
boilerplate by what it says and reports what it leaves out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from kb.ingest.blocks import Block

_SKIP = {"script", "style", "head", "noscript", "template", "svg", "iframe", "object"}
_BREAK = {
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside",
    "blockquote", "pre", "table", "tr", "td", "th", "dl", "dt", "dd", "figure",
    "figcaption", "form", "address", "hr", "body", "html", "ul", "ol",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SPACE = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._start = 1
        self._style = "paragraph"
        self._heading = 0
        self._skip = 0
        self._lists: list[str] = []
        self._in_item = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
            return
        if tag == "br":
            if self._in_item or self._heading:
                self._parts.append(" ")
            else:
                self._flush()
            return
        if tag in ("ul", "ol"):
            self._flush()
            self._lists.append(tag)
        elif tag == "li":
            self._flush()
            self._in_item += 1
            self._style = "number" if self._lists and self._lists[-1] == "ol" else "bullet"
        elif tag in _HEADINGS:
            self._flush()
            self._heading = _HEADINGS[tag]
        elif tag in _BREAK and not self._in_item:
            self._flush()
        elif tag in _BREAK:
            self._parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if tag in ("ul", "ol"):
            self._flush()
            if self._lists:
                self._lists.pop()
        elif tag == "li":
            self._flush()
            self._in_item = max(0, self._in_item - 1)
            if not self._in_item:
                self._style = "paragraph"
        elif tag in _HEADINGS:
            self._flush()
        elif tag in _BREAK and not self._in_item:
            self._flush()
        elif tag in _BREAK:
            self._parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIP:
            self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if not "".join(self._parts).strip():
            self._start = self.getpos()[0]
        self._parts.append(data)

    def _flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self._parts)).strip()
        if text:
            self.blocks.append(Block(self._start, text, self._style, heading=self._heading,
                                     lines=(self._start,)))
        self._parts = []
        self._heading = 0
        if not self._in_item:
            self._style = "paragraph"

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(text: str) -> list[Block]:
    """Return the blocks of an HTML page, each with the line its text starts on."""
    parser = _BlockParser()
    parser.feed(text.lstrip("\ufeff"))
    parser.close()
    return parser.blocks
