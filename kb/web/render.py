"""Corpus Markdown body -> sanitised HTML for a document page.

``render_document()`` renders a document's Markdown with Python-Markdown, gives
every item its anchor (``id``) so that a hit's link lands on it, appends each
item's links (themes, similar items), sanitises the result with nh3 and, when
the reader arrives from a search, marks the search terms in the text.

Raw HTML in the corpus is never passed through: it is shown as text.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import markdown
import nh3
import Stemmer
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from kb.models import Item

log = logging.getLogger(__name__)

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "mark", "ol", "p", "span", "strong", "ul",
}
ALLOWED_ATTRIBUTES = {"*": {"id", "class"}, "a": {"href", "title"}, "ol": {"start"}}

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?^---[ \t]*\r?$\n?", re.S | re.M)
_COMMENT = re.compile(r"[ \t]*<!--.*?-->", re.S)
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_QUERY_NOISE = re.compile(r'-"[^"]*"|(?<!\w)-\w+|\b(?:OR|AND|NOT)\b|\w+:')
_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&#?\w+;)")
_stemmer = Stemmer.Stemmer("norwegian")


@dataclass(frozen=True)
class Link:
    """A link appended to an item on its page (a theme, the item's own page ...)."""

    href: str
    label: str
    css_class: str = ""


@dataclass
class Rendered:
    """A rendered document body: the sanitised HTML and its table of contents."""

    html: str
    toc: list[tuple[str, str]] = field(default_factory=list)  # (heading id, heading text)
    anchored: set[str] = field(default_factory=set)  # anchors that landed on an element


def strip_front_matter(text: str) -> str:
    """Return a corpus file's text without its YAML front matter."""
    return _FRONT_MATTER.sub("", text, count=1)


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


class _ItemAnchors(Treeprocessor):
    """Give each item element (list item or paragraph) its item's anchor and links."""

    def __init__(self, md: markdown.Markdown, items: Sequence[Item],
                 links_for: Callable[[Item], Sequence[Link]] | None, result: Rendered) -> None:
        super().__init__(md)
        self.items = [it for it in sorted(items, key=lambda i: i.position) if it.kind != "fact"]
        self.links_for = links_for
        self.result = result
        self.next = 0

    def run(self, root: etree.Element) -> None:
        section = 0
        for child in list(root):
            if re.fullmatch(r"h[1-6]", child.tag):
                section += 1
                child.set("id", child.get("id") or f"seksjon-{section}")
                if "documents" not in (child.get("class") or "").split():  # an empty list heading
                    self.result.toc.append((child.get("id", ""), "".join(child.itertext()).strip()))
            elif child.tag in ("ul", "ol"):
                for li in child.findall("li"):
                    self._anchor(li)
            elif child.tag in ("p", "blockquote"):
                self._anchor(child)

    def _match(self, element: etree.Element) -> Item | None:
        text = _fold("".join(element.itertext()))
        for offset, item in enumerate(self.items[self.next:]):
            if _fold(item.text) == text:
                self.next += offset + 1
                return item
        return None

    def _anchor(self, element: etree.Element) -> None:
        item = self._match(element)
        if item is None:
            log.warning("no item matches the element %r", "".join(element.itertext())[:60])
            return
        element.set("id", item.anchor)
        classes = f"item item-{item.kind}"
        element.set("class", f"{element.get('class', '')} {classes}".strip())
        self.result.anchored.add(item.anchor)
        links = list(self.links_for(item)) if self.links_for else []
        if links:
            meta = etree.SubElement(element, "span", {"class": "item-meta"})
            for link in links:
                a = etree.SubElement(meta, "a", {"href": link.href})
                if link.css_class:
                    a.set("class", link.css_class)
                a.text = link.label


class _Anchors(Extension):
    def __init__(self, items: Sequence[Item], links_for: Callable[[Item], Sequence[Link]] | None,
                 result: Rendered) -> None:
        super().__init__()
        self.items, self.links_for, self.result = items, links_for, result

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Raw HTML is shown as text, and "\<" (the corpus writer's escape) is a literal "<".
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.ESCAPED_CHARS.append("<")
        md.treeprocessors.register(_ItemAnchors(md, self.items, self.links_for, self.result),
                                   "kb_item_anchors", 0)


def query_terms(query: str) -> list[str]:
    """Return the words of a search query worth marking on a page (no operators, no -words)."""
    words = _WORD.findall(_QUERY_NOISE.sub(" ", query))
    seen: dict[str, None] = {}
    for word in words:
        if len(word) >= 2 and not word.isdigit():
            seen.setdefault(word.casefold(), None)
    return list(seen)[:20]


def _matcher(terms: Sequence[str]) -> Callable[[str], bool]:
    stems = {_stemmer.stemWord(t) for t in terms}
    prefixes = tuple(t for t in terms if len(t) >= 3) + tuple(s for s in stems if len(s) >= 4)

    def matches(word: str) -> bool:
        low = word.casefold()
        return _stemmer.stemWord(low) in stems or (bool(prefixes) and low.startswith(prefixes))

    return matches


def mark_terms(html: str, terms: Sequence[str]) -> str:
    """Wrap the words of ``html``'s text that match ``terms`` (inflected or as a compound's
    first part) in ``<mark>``. ``html`` must be sanitised; tags and entities are left alone."""
    if not terms:
        return html
    matches = _matcher(terms)

    def mark_text(text: str) -> str:
        return _WORD.sub(lambda m: f"<mark>{m[0]}</mark>" if matches(m[0]) else m[0], text)

    parts = _TAG_OR_ENTITY.split(html)
    out, in_link = [], False
    for part in parts:
        if part.startswith("<"):
            in_link = part.startswith("<a ") or (in_link and not part.startswith("</a"))
            out.append(part)
        elif part.startswith("&") or in_link:
            out.append(part)
        else:
            out.append(mark_text(part))
    return "".join(out)


def sanitise(html: str) -> str:
    """Return ``html`` with only the tags and attributes a document page needs."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     link_rel="noopener noreferrer")


def render_document(body: str, items: Sequence[Item], *,
                    links_for: Callable[[Item], Sequence[Link]] | None = None,
                    query: str = "") -> Rendered:
    """Render a corpus Markdown body (front matter allowed) to sanitised HTML.

    Every item of ``items`` found in the body gets its anchor as ``id`` and the
    links ``links_for(item)`` returns; the words of ``query`` are marked.
    """
    result = Rendered(html="")
    md = markdown.Markdown(extensions=["attr_list", "sane_lists",
                                       _Anchors(items, links_for, result)])
    text = _COMMENT.sub("", strip_front_matter(body))
    html = sanitise(md.convert(text))
    result.html = mark_terms(html, query_terms(query))
    return result
