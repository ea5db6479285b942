"""A document of the served build -> the HTML body of its page.

``render_document()`` builds the body from the :class:`~kb.models.Document` the
build keeps in its sidecar and the document's :class:`~kb.models.Item` s (the same
order): the first section (the page's title as its H1, and on a region page its
summary) as the lede, then every other section as a ``<section>`` with its heading
(the section's kind as class, an id for the table of contents) and its items as a
bulleted list, a numbered list or paragraphs, by the style each had on the page. A
section that lists no items (the documents list) is left out. Every item element
carries its anchor (so that a hit's link lands on it), its kind's class and its
links (the item's own page ...). All text is escaped; a highlighter (from
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
    """A rendered document body: the lede (the H1 and the first section's items), the
    other sections' HTML and the table of contents."""

    lede: str = ""
    sections: str = ""
    toc: list[tuple[str, str]] = field(default_factory=list)  # the sections' (id, heading)
    anchored: set[str] = field(default_factory=set)  # anchors that landed on an element

    @property
    def html(self) -> str:
        """The whole body: the lede, then the sections."""
        return "\n".join(part for part in (self.lede, self.sections) if part)


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


def _item_lines(entries: Sequence[tuple[SectionItem, Item]],
                links_for: Callable[[Item], Sequence[Link]] | None,
                highlight: Callable[[str], str]) -> Iterator[str]:
    """The HTML lines of a section's items: each list run in its list, a paragraph alone."""
    for style, run in _runs(entries):
        list_tag = _LIST_TAGS.get(style)
        if list_tag:
            yield f"<{list_tag}>"
        for _, item in run:
            element = "li" if list_tag else "p"
            links = _links_html(list(links_for(item)) if links_for else [])
            yield (f'<{element} class="item item-{escape(item.kind)}" '
                   f'id="{escape(item.anchor)}">{highlight(item.text)}{links}</{element}>')
        if list_tag:
            yield f"</{list_tag}>"


def render_document(doc: Document, items: Sequence[Item], *,
                    links_for: Callable[[Item], Sequence[Link]] | None = None,
                    highlight: Callable[[str], str] = escape) -> Rendered:
    """Return the body of ``doc`` (lede, sections, contents), its items being ``items``
    (the document's own).

    Each item element gets its item's anchor as ``id`` and the links ``links_for(item)``
    returns; ``highlight`` turns a text into escaped HTML (a Highlighter marks a query's
    words). Raises ValueError when ``items`` are not the document's.
    """
    result = Rendered()
    sections: list[str] = []
    for number, (section, entries) in enumerate(zip(doc.sections, _pair(doc, items),
                                                    strict=True), start=1):
        if section.kind in UNLISTED_KINDS:
            continue
        heading_id = f"seksjon-{number}"
        result.anchored.update(item.anchor for _, item in entries)
        tag = "h1" if number == 1 else "h2"
        lines = [f'<{tag} class="{escape(section.kind)}" id="{heading_id}">'
                 f"{highlight(section.heading)}</{tag}>",
                 *_item_lines(entries, links_for, highlight)]
        if number == 1:
            result.lede = "\n".join(lines)
        else:
            result.toc.append((heading_id, section.heading))
            sections.append(f'<section class="doc-section doc-section-{escape(section.kind)}">\n'
                            + "\n".join(lines) + "\n</section>")
    result.sections = "\n".join(sections)
    return result
