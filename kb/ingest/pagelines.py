"""A raw page (captured text, Markdown or HTML) -> its blocks, the importer's input.

A *block* is one candidate item or heading: a paragraph line, a bullet or a
numbered line with its continuation lines joined, or an explicit heading of a
Markdown or HTML page. Whether a block is a heading, an item, a fact or site
boilerplate is decided later, by :mod:`kb.ingest.parse`, from what the text says.

Captured text (what a browser copy gives) keeps one paragraph a line; an item
may wrap onto indented continuation lines, joined here with a single space.
"""

from __future__ import annotations

import re

from kb.corpus.markup import THEMES_COMMENT, inline_text, parse_themes
from kb.ingest.blocks import Block
from kb.ingest.htmlblocks import html_blocks
from kb.vocabulary import PAGE_FORMATS

FORMATS = PAGE_FORMATS

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Runs of white space holding a non-breaking (or other typographic) space.
_ODD = "\u00a0\u2000-\u200a\u202f\u205f\u3000"
_ODD_SPACE = re.compile(f"[ \\t]*[{_ODD}][ \\t{_ODD}]*")
_LEADING_ODD = re.compile(f"^[{_ODD}]+")
_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[•●▪◦‣](?=\s*)|[-*–+](?=\s))\s*(?P<text>.*)$")
_NUMBER = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>\d{1,3}[.)])(?:\s+(?P<text>.*)|$)")
_MD_HEADING = re.compile(r"^ {0,3}(?P<level>#{1,6})(?:\s+(?P<text>.*?))?(?:\s+#+)?\s*$")
_MD_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_ATTR_KIND = re.compile(r"\s*\{:\s*\.(?P<kind>[A-Za-z][\w-]*)[^}]*\}\s*$")
_COMMENT = re.compile(r"<!--.*?-->")


def page_format(name: str, text: str) -> str:
    """Return the format of a page: from its file name (.md, .html, .txt), else its text."""
    lower = name.lower()
    if lower.endswith((".md", ".markdown")):
        return "markdown"
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lower.endswith(".txt"):
        return "text"
    head = text.lstrip("\ufeff \t\r\n")[:2000].lower()
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(body|h1|p)[\s>]", head):
        return "html"
    return "text"


def split_lines(text: str) -> list[str]:
    """Split on any line ending; drop a BOM; turn non-breaking space runs into one space."""
    text = text.lstrip("\ufeff")
    return [_ODD_SPACE.sub(" ", _LEADING_ODD.sub("", line)).rstrip()
            for line in _LINE_BREAK.split(text)]


def page_blocks(text: str, fmt: str) -> list[Block]:
    """Return the blocks of a page in ``fmt`` ("text", "markdown" or "html")."""
    if fmt == "html":
        return html_blocks(text)
    lines = split_lines(text)
    if fmt == "markdown":
        return _markdown_blocks(lines)
    return _text_blocks(lines)


def _indent(line: str) -> int:
    stripped = line.lstrip(" \t")
    prefix = line[: len(line) - len(stripped)]
    return len(prefix.expandtabs(4))


def _marker(line: str) -> tuple[str, str, str] | None:
    """Return (style, text, marker) of a bullet or numbered line, else None."""
    match = _BULLET.match(line)
    if match:
        return "bullet", match["text"].strip(), match["marker"]
    match = _NUMBER.match(line)
    if match:
        return "number", (match["text"] or "").strip(), match["marker"]
    return None


def _text_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    blank = True
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if current is not None:
                current.blank_after = True
            current, blank = None, True
            continue
        indent = _indent(line)
        marker = _marker(line)
        if marker is None and current is not None and indent > current.indent:
            _join(current, line.strip(), number)
            continue
        if current is not None:
            current.blank_after = False
        style, text, sign = marker if marker else ("paragraph", line.strip(), "")
        current = Block(number, text, style, indent, lines=(number,), blank_before=blank,
                        marker=sign)
        blocks.append(current)
        blank = False
    return [b for b in blocks if b.text]


def _join(block: Block, text: str, number: int) -> None:
    block.text = f"{block.text} {text}" if block.text else text
    block.lines = (*block.lines, number)
    block.joined = True


def _markdown_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    blank = True
    after_blank_list: Block | None = None
    for number, raw in enumerate(lines, start=1):
        line = _COMMENT.sub(lambda m: m[0] if THEMES_COMMENT.fullmatch(m[0]) else "", raw)
        if not line.strip():
            if raw.strip():
                continue  # a line holding only an HTML comment
            if current is not None:
                current.blank_after = True
                after_blank_list = current if current.style != "paragraph" else None
            current, blank = None, True
            continue
        indent = _indent(line)
        heading = _MD_HEADING.match(line)
        setext = _MD_SETEXT.match(line)
        if setext and current is not None and current.style == "paragraph" and not current.joined:
            current.heading = 1 if setext.group(1).startswith("=") else 2
            current.lines = (*current.lines, number)
            continue
        marker = None if heading else _marker(line)
        if heading is None and marker is None:
            target = current or (after_blank_list if indent >= 2 else None)
            if target is not None and not target.heading:
                _join(target, line.strip(), number)
                current = target
                continue
        after_blank_list = None
        if current is not None:
            current.blank_after = False
        if heading:
            current = Block(number, heading["text"] or "", heading=len(heading["level"]),
                            indent=indent, lines=(number,), blank_before=blank)
        else:
            style, text, sign = marker if marker else ("paragraph", line.strip(), "")
            current = Block(number, text, style, indent, lines=(number,), blank_before=blank,
                            marker=sign)
        blocks.append(current)
        blank = False
        if heading:
            current = None
    for block in blocks:
        _finish_markdown(block)
    return [b for b in blocks if b.text]


def _finish_markdown(block: Block) -> None:
    """Take the kind class and themes comment off a Markdown block; unescape its text."""
    text = block.text
    if block.heading:
        match = _ATTR_KIND.search(text)
        if match:
            block.kind = match["kind"]
            text = text[: match.start()]
    text, block.themes = parse_themes(text)
    block.text = inline_text(text).strip()
