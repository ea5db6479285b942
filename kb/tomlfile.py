"""Read a TOML data file of the corpus folder with errors that name its file and line."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kb.errors import CorpusError

_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def read_toml(path: Path, what: str) -> tuple[str, dict[str, Any]]:
    """Return the text (BOM dropped) and the parsed tables of the TOML file at ``path``.

    ``what`` names the file's role in messages ("the theme taxonomy"). Raises
    :class:`CorpusError` naming the file, and the line where known, when it cannot
    be read, is not UTF-8 or is not valid TOML.
    """
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise CorpusError(name, f"cannot read {what}: {error.strerror}") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CorpusError(name, "not UTF-8 text", raw[:error.start].count(b"\n") + 1) from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        message = _TOML_LINE.sub("", str(error)).strip()
        raise CorpusError(name, f"not valid TOML: {message}",
                          int(found.group(1)) if found else None) from error
    return text, data


def array_tables(path: str, text: str, data: dict[str, Any],
                 name: str) -> list[tuple[int, int | None, object]]:
    """The ``[[name]]`` tables of the TOML file ``path`` (its ``text``, read into ``data``),
    each as (its 1-based number, the line of its header, the table as read) for
    :func:`array_table` to check. Raises CorpusError when ``name`` is not an array of tables."""
    tables = data.get(name, [])
    if not isinstance(tables, list):
        raise CorpusError(path, f"'{name}' must be [[{name}]] tables")
    header = re.compile(rf"^[ \t]*\[\[[ \t]*{re.escape(name)}[ \t]*\]\]", re.M)
    lines = [text.count("\n", 0, m.start()) + 1 for m in header.finditer(text)]
    return [(number, lines[number - 1] if number <= len(lines) else None, table)
            for number, table in enumerate(tables, start=1)]


def array_table(path: str, name: str, number: int, line: int | None, table: object,
                keys: Sequence[str]) -> tuple[dict[str, Any], Callable[[str], CorpusError]]:
    """The ``number``-th ``[[name]]`` table of the file ``path`` (at ``line``), checked to be
    a table of only ``keys``, and the ``fail(message)`` that makes a CorpusError naming it
    ("group 3: …" at its line) for the caller's own checks. Raises that error when the
    table is not one or has another key."""
    def fail(message: str) -> CorpusError:
        return CorpusError(path, f"{name} {number}: {message}", line)

    if not isinstance(table, dict):
        raise fail(f"must be a [[{name}]] table")
    unknown = set(table) - set(keys)
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(keys)})")
    return table, fail
