"""The editable file of labelled advice ``<corpus>/labelled.toml``: texts with their themes.

Each ``[[text]]`` table holds one short text (``text``), the themes a reader
would certainly give it (``themes``, one or more taxonomy ids) and may hold
those that are defensible too (``may``). With the taxonomy's ``examples`` they
teach the learnt tagger (:mod:`kb.themes.learnt`) what each theme is about in
words the cues do not list: a ``themes`` id is a positive example, a ``may``
id is neither positive nor negative, every other theme a negative one. The
file is optional; :func:`load_labelled` checks it against the taxonomy and
names the file and line of every problem.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import CorpusError
from kb.tomlfile import array_table, array_tables, read_toml

FILE_NAME = "labelled.toml"
_KEYS = ("text", "themes", "may")


@dataclass(frozen=True)
class LabelledText:
    """One labelled text: the themes it must have and those it may have."""

    text: str
    themes: tuple[str, ...]
    may: tuple[str, ...] = ()
    line: int | None = field(default=None, compare=False)


def load_labelled(path: Path, theme_ids: Collection[str]) -> tuple[LabelledText, ...]:
    """Return the labelled texts of the file at ``path`` in file order (none: no file).

    Raises :class:`~kb.errors.CorpusError` naming the file and the text's line when a
    table has an unknown key, an empty text, no theme, a theme not in ``theme_ids``,
    a theme listed twice or in both lists, or when the file is not valid TOML.
    """
    if not Path(path).exists():
        return ()
    name = str(path)
    text, data = read_toml(Path(path), "the labelled advice")
    unknown = set(data) - {"text"}
    if unknown:
        raise CorpusError(name, f"unknown table(s) {', '.join(sorted(unknown))} "
                          "(only [[text]] tables)")
    known = set(theme_ids)
    return tuple(_check(name, number, line, table, known)
                 for number, line, table in array_tables(name, text, data, "text"))


def _check(path: str, number: int, line: int | None, raw: object,
           known: set[str]) -> LabelledText:
    """One ``[[text]]`` table as a labelled text; raises CorpusError naming its line."""
    table, fail = array_table(path, "text", number, line, raw, _KEYS)
    body = table.get("text")
    if not isinstance(body, str) or not body.strip():
        raise fail("'text' must be a non-empty text")
    themes = _ids(table.get("themes"), "themes", known, fail)
    if not themes:
        raise fail("'themes' must list at least one theme")
    may = _ids(table.get("may", []), "may", known, fail)
    both = sorted(set(themes) & set(may))
    if both:
        raise fail(f"{', '.join(both)} is in both 'themes' and 'may'")
    return LabelledText(" ".join(body.split()), themes, may, line)


def _ids(value: object, key: str, known: set[str],
         fail: Callable[[str], CorpusError]) -> tuple[str, ...]:
    """The theme ids of list ``key``; raises ``fail(...)`` when one is not a known id."""
    if not isinstance(value, list):
        raise fail(f"'{key}' must be a list of theme ids")
    out: list[str] = []
    for theme in value:
        if not isinstance(theme, str) or theme not in known:
            raise fail(f"'{key}': {theme!r} is not a theme id of themes.toml")
        if theme in out:
            raise fail(f"'{key}': {theme!r} is listed twice")
        out.append(theme)
    return tuple(out)
