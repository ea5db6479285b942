"""A document of the served build -> the HTML body of its page.

``render_document()`` builds the body from the :class:`~kb.models.Document` the
build keeps in its sidecar and the document's :class:`~kb.models.Item` s (the same
order): one heading a section, with the section's kind as class and an id for the
table of contents, then its items as a bulleted list, a numbered list or
paragraphs, by the style each had on the page. Every item element carries its
anchor (so that a hit's link lands on it), its kind's class and its links (themes,
similar items). All text is escaped; a highlighter (from
:func:`kb.search.highlighter_for`) marks a search's words in items and headings.

The page never reads the corpus folder: what it shows is what the index serves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from html import escape

from kb.models import Document, Item, SectionItem

# Sections that hold no items and stay out of the table of contents (an empty list heading).
UNLISTED_KINDS = ("documents",)
_LIST_TAGS = {"bullet": "ul", "number": "ol"}


@dataclass(frozen=True)
class Link:
    """A link appended to an item on its page (a theme, the item's own page ...)."""

    href: str
    label: str
    css_class: str = ""


@dataclass
class Rendered:
    """A rendered document body: its HTML and its table of contents."""

    html: str
    toc: list[tuple[str, str]] = field(default_factory=list)  # (heading id, heading text)
    anchored: set[str] = field(default_factory=set)  # anchors that landed on an element


def _links_html(links: Sequence[Link]) -> str:
    """The item's links as one ``<span class="item-meta">`` (empty without links)."""
    if not links:
        return ""
    out = ['<span class="item-meta">']
    for link in links:
        css_class = f' class="{escape(link.css_class)}"' if link.css_class else ""
        out.append(f'<a{css_class} href="{escape(link.href)}">{escape(link.label)}</a>')
    out.append("</span>")
    return "".join(out)


def _runs(entries: Sequence[tuple[SectionItem, Item]]
          ) -> Iterator[tuple[str, list[tuple[SectionItem, Item]]]]:
    """Consecutive entries of one list style, as (style, entries); a paragraph stands alone."""
    run: list[tuple[SectionItem, Item]] = []
    style = ""
    for entry in entries:
        entry_style = entry[0].style if entry[0].style in _LIST_TAGS else "paragraph"
        if run and (entry_style != style or style == "paragraph"):
            yield style, run
            run = []
        style = entry_style
        run.append(entry)
    if run:
        yield style, run


def _pair(doc: Document, items: Sequence[Item]) -> list[list[tuple[SectionItem, Item]]]:
    """Each section's entries with their items, in order (facts are not in sections).

    Raises ValueError when the items are not the document's (another count or text).
    """
    body = [it for it in sorted(items, key=lambda i: i.position) if it.kind != "fact"]
    sizes = [0 if s.kind in UNLISTED_KINDS else len(s.items) for s in doc.sections]
    if sum(sizes) != len(body):
        raise ValueError(f"{len(body)} items given for the {sum(sizes)} of {doc.slug!r}")
    paired: list[list[tuple[SectionItem, Item]]] = []
    at = 0
    for section, size in zip(doc.sections, sizes, strict=True):
        run = list(zip(section.items[:size], body[at:at + size], strict=True))
        if any(entry.text != item.text for entry, item in run):
            raise ValueError(f"the items given are not those of {doc.slug!r}")
        paired.append(run)
        at += size
    return paired


def render_document(doc: Document, items: Sequence[Item], *,
                    links_for: Callable[[Item], Sequence[Link]] | None = None,
                    highlight: Callable[[str], str] = escape) -> Rendered:
    """Return the HTML body of ``doc``, its items being ``items`` (the document's own).

    Each item element gets its item's anchor as ``id`` and the links ``links_for(item)``
    returns; ``highlight`` turns a text into escaped HTML (a Highlighter marks a query's
    words). Raises ValueError when ``items`` are not the document's.
    """
    result = Rendered(html="")
    out: list[str] = []
    for number, (section, entries) in enumerate(zip(doc.sections, _pair(doc, items),
                                                    strict=True), start=1):
        heading_id = f"seksjon-{number}"
        tag = "h1" if number == 1 else "h2"
        out.append(f'<{tag} class="{escape(section.kind)}" id="{heading_id}">'
                   f"{highlight(section.heading)}</{tag}>")
        if section.kind not in UNLISTED_KINDS:
            result.toc.append((heading_id, section.heading))
        for style, run in _runs(entries):
            list_tag = _LIST_TAGS.get(style)
            if list_tag:
                out.append(f"<{list_tag}>")
            for _, item in run:
                element = "li" if list_tag else "p"
                links = _links_html(list(links_for(item)) if links_for else [])
                out.append(f'<{element} class="item item-{escape(item.kind)}" '
                           f'id="{escape(item.anchor)}">{highlight(item.text)}{links}'
                           f"</{element}>")
                result.anchored.add(item.anchor)
            if list_tag:
                out.append(f"</{list_tag}>")
    result.html = "\n".join(out)
    return result
