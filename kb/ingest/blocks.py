"""A block of a raw page: one candidate item or heading, as the page readers give it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Block:
    """One candidate item or heading of a raw page.

    ``line`` is the 1-based line it starts on and ``lines`` every source line it
    covers; ``style`` is "paragraph", "bullet" or "number"; ``heading`` is the
    level (1-6) of an explicit Markdown/HTML heading, else 0; ``kind`` a section
    kind given in Markdown (``{: .goal }``); ``themes`` an editor's override.
    ``blank_before`` / ``blank_after`` say whether a blank line (or the page's
    edge) stands beside it; ``joined`` whether continuation lines were joined;
    ``marker`` the bullet character or number the line began with.
    """

    line: int
    text: str
    style: str = "paragraph"
    indent: int = 0
    heading: int = 0
    kind: str | None = None
    themes: tuple[str, ...] | None = None
    lines: tuple[int, ...] = ()
    blank_before: bool = True
    blank_after: bool = True
    joined: bool = False
    marker: str = ""
