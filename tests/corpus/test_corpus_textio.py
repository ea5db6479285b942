"""Captured pages in UTF-8 (± BOM), UTF-16 with BOM and Windows-1252 read right; binary refused."""

from __future__ import annotations

import codecs

import pytest

from kb.errors import ImportFailed
from kb.ingest import decode, parse_page, read_text

PAGE = "Ålesundregionen\r\n\r\nMål får Ålesundregionen\r\n\r\n • Styrke regionens omdømme.\r\n"


@pytest.mark.parametrize("data", [
    PAGE.encode("utf-8"),
    codecs.BOM_UTF8 + PAGE.encode("utf-8"),
    PAGE.encode("utf-16"),  # with the platform's BOM
    codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"),
], ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-bom", "utf-16-be-bom"])
def test_unicode_encodings_decode_to_the_same_text(data):
    assert decode(data) == PAGE


def test_windows_1252_keeps_norwegian_letters():
    text = "Søkerkommune: Ålesund – «Mål får» æøå ÆØÅ €\n"
    assert decode(text.encode("cp1252")) == text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_every_encoding_imports_the_same_document(encoding):
    doc = parse_page(decode(PAGE.encode(encoding)), "page.txt").document
    assert doc.title == "Ålesundregionen"
    assert [(s.kind, s.heading) for s in doc.sections] == [
        ("summary", "Ålesundregionen"), ("goal", "Mål får Ålesundregionen")]
    assert doc.sections[1].items[0].text == "Styrke regionens omdømme."


@pytest.mark.parametrize("data", [b"", b"   \r\n\n\t ", codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_empty_file_is_refused_naming_it(data):
    with pytest.raises(ImportFailed, match=r"^page\.txt: the file is empty"):
        decode(data, "page.txt")


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    bytes(range(256)),
    b"PK\x03\x04\x14\x00\x06\x00",
], ids=["png", "all-bytes", "zip"])
def test_binary_file_is_refused_naming_it(data):
    with pytest.raises(ImportFailed, match=r"^blob\.bin(:\d+)?: .*(binary|UTF)"):
        decode(data, "blob.bin")


def test_control_character_is_refused_with_its_line():
    with pytest.raises(ImportFailed) as caught:
        decode(b"Tittel\n\nTekst\x07 her\n", "page.txt")
    assert caught.value.line == 3
    assert str(caught.value).startswith("page.txt:3: ")


def test_read_text_names_a_missing_file(tmp_path):
    with pytest.raises(ImportFailed, match="missing.txt: cannot read the file"):
        read_text(tmp_path / "missing.txt")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_its_nul_bytes(encoding):
    data = PAGE.encode(encoding)
    assert not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert decode(data) == PAGE


@pytest.mark.parametrize("data", [
    "Tittel\n".encode("utf-16-le") + b"\x00",  # an odd number of bytes
    "Tittel\x00\n".encode("utf-16-le"),  # a NUL character: both bytes zero
    b"A\x00B\x00A\xdc",  # NULs as UTF-16-LE's, but an unpaired surrogate: does not decode
    b"ab\x00\x00cd\x00\x00",  # NULs on both sides
], ids=["odd-length", "nul-character", "lone-surrogate", "both-sides"])
def test_nul_bytes_that_are_not_utf16_text_are_refused(data):
    with pytest.raises(ImportFailed, match=r"^page\.txt(:\d+)?: .*binary"):
        decode(data, "page.txt")


def test_read_text_refuses_a_file_over_the_limit_without_reading_it(tmp_path):
    page = tmp_path / "side.txt"
    page.write_bytes(PAGE.encode("utf-8"))
    size = page.stat().st_size
    assert read_text(page, max_bytes=size) == PAGE
    with pytest.raises(ImportFailed, match=rf"side\.txt: the file is larger than the limit "
                                           rf"of {size - 1} bytes"):
        read_text(page, max_bytes=size - 1)
