"""A page's structure as the tests check it: tags closed in order, unique ids, a label
for every control, and headings that start with the h1 and skip no level going down.

Python's own HTML parser, strict about what our templates write (every element they
open, they close); it says what is wrong, not only that something is.
"""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


class PageStructure(HTMLParser):
    """Reads a page; :attr:`problems` lists what is wrong, :attr:`headings` the
    headings' levels and texts in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.controls: list[str] = []
        self._open: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        ident = a.get("id")
        if ident is not None:
            if ident in self.ids:
                self.problems.append(f"duplicate id {ident!r}")
            self.ids.add(ident)
        if tag == "label" and a.get("for"):
            self.label_for.add(a["for"] or "")
        named = "aria-label" in a or "aria-labelledby" in a
        if tag == "select" or (tag == "input" and a.get("type") not in UNLABELLED_INPUTS):
            self.controls.append("" if named else (ident or f"<{tag} without id>"))
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._heading = [tag]
        if tag not in VOID:
            self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self._open or self._open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self._open[-1] if self._open else ''}>")
            if tag in self._open:
                del self._open[len(self._open) - 1 - self._open[::-1].index(tag):]
            return
        self._open.pop()
        if self._heading is not None and tag == self._heading[0]:
            self.headings.append((int(tag[1]), " ".join("".join(self._heading[1:]).split())))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)

    def check(self) -> list[str]:
        """Every problem of the page read so far."""
        problems = list(self.problems)
        if self._open:
            problems.append(f"never closed: {self._open}")
        problems += [f"no label for control {c!r}" for c in self.controls
                     if c and c not in self.label_for]
        if not self.headings or self.headings[0][0] != 1:
            problems.append(f"the first heading is not the h1: {self.headings[:1]}")
        if sum(1 for level, _ in self.headings if level == 1) != 1:
            problems.append("not exactly one h1")
        for (before, _), (level, text) in zip(self.headings, self.headings[1:], strict=False):
            if level > before + 1:
                problems.append(f"h{level} {text!r} skips a level after h{before}")
        return problems


def page_problems(html: str) -> tuple[list[str], list[tuple[int, str]]]:
    """Return the problems of ``html`` and its headings (level, text) in order."""
    reader = PageStructure()
    reader.feed(html)
    reader.close()
    return reader.check(), reader.headings
