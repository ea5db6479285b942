"""Bytes of a captured page -> text.

Pages come from browsers, editors and old Windows tools, so a page may be UTF-8
(with or without a byte order mark), UTF-16 with a byte order mark, or
Windows-1252. Anything else that does not look like text (NUL bytes, control
characters) is refused rather than imported as garbage.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from kb.errors import ImportFailed

# Control characters that never occur in a captured page (tab, LF, CR, FF are fine).
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str | os.PathLike[str] = "<input>") -> str:
    """Return the text of ``data`` (BOM removed, line endings untouched).

    Raises :class:`ImportFailed` naming ``name`` when the bytes are empty, only
    whitespace, or binary (NUL or other control characters, undecodable UTF-16).
    """
    if not data.strip():
        raise ImportFailed(str(name), "the file is empty")
    text = _decode_bytes(data, str(name))
    if not text.strip():
        raise ImportFailed(str(name), "the file is empty")
    bad = next((c for c in text if c in _CONTROL), None)
    if bad is not None:
        line = text.count("\n", 0, text.index(bad)) + 1
        raise ImportFailed(
            str(name),
            f"looks like a binary file, not a text page (control character {ord(bad):#04x})",
            line=line,
        )
    return text


def read_text(path: Path) -> str:
    """Read and :func:`decode` the file at ``path``; raises :class:`ImportFailed`."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ImportFailed(str(path), f"cannot read the file ({error.strerror})") from error
    return decode(data, path)


def _decode_bytes(data: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError as error:
                raise ImportFailed(name, f"not valid {encoding.upper()} text") from error
    if b"\x00" in data:
        raise ImportFailed(name, "looks like a binary file, not a text page (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFailed(
            name, "neither UTF-8, UTF-16 nor Windows-1252 text (binary file?)"
        ) from error
