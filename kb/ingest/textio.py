"""Bytes of a captured page -> text.

Pages come from browsers, editors and old Windows tools, so a page may be UTF-8
(with or without a byte order mark), UTF-16 (with a byte order mark, or without
one when its NUL bytes fall in every other byte as UTF-16 text's do), or
Windows-1252. Anything else that does not look like text (NUL bytes, control
characters) is refused rather than imported as garbage, and so is a file larger
than the page size limit.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from kb.errors import ImportFailed
from kb.vocabulary import DEFAULT_MAX_PAGE_BYTES

# Control characters that never occur in a captured page (tab, LF, CR, FF are fine).
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f"}
_CHUNK = 1 << 20
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


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_PAGE_BYTES) -> str:
    """Read and :func:`decode` the file at ``path``.

    Raises :class:`ImportFailed` naming the file when it cannot be read, is larger
    than ``max_bytes`` (then it is not read at all), or is not text.
    """
    chunks: list[bytes] = []
    size = 0
    try:
        with Path(path).open("rb") as stream:  # in chunks: never more than the limit in memory
            while chunk := stream.read(min(_CHUNK, max_bytes + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
    except OSError as error:
        raise ImportFailed(str(path), f"cannot read the file ({error.strerror})") from error
    data = b"".join(chunks)
    if size > max_bytes:
        raise ImportFailed(str(path), f"the file is larger than the limit of {max_bytes:,} bytes "
                                      "for a page (--max-bytes, $KB_MAX_PAGE_BYTES)")
    return decode(data, path)


def _decode_bytes(data: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError as error:
                raise ImportFailed(name, f"not valid {encoding.upper()} text") from error
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
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


def _utf16_without_bom(data: bytes) -> str | None:
    """Return ``data`` decoded as UTF-16 without a byte order mark, or None when it is not.

    Text in a Latin script as UTF-16 has a NUL as the high byte of nearly every
    character (Norwegian letters too: æ is 0x00E6) and almost never as the low byte:
    little-endian puts the NULs at odd offsets, big-endian at even ones. The bytes
    count as UTF-16 when at least half the characters have such a NUL, none has
    one on the other side, and they decode cleanly.
    """
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    characters = len(data) // 2
    for encoding, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if low == 0 and high * 2 >= characters:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None
