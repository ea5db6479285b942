"""One shard of a build on disk: the Whoosh schema and the segment writer.

The terms come pre-analysed from :mod:`kb.analysis.analyzer`; :class:`TermsWriter` writes
them as Whoosh's own segment files (what Whoosh's ``add_document`` would write),
posting lists counted with numpy and written a whole list at a time. A change to
the schema or to what is written needs :data:`kb.index.build.SCHEMA_VERSION` bumped.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable
from itertools import repeat
from operator import sub
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, TEXT, Schema
from whoosh.writing import SegmentWriter

from kb.analysis import Analyzer
from kb.models import Item

TERM_FIELDS = ("exact", "stem", "syn", "part")


def make_schema() -> Schema:
    """The Whoosh schema; terms come pre-analysed from :mod:`kb.analysis.analyzer`.

    No positions are stored: phrases are checked on the item text (fewer postings,
    a faster build).
    """
    words = SpaceSeparatedTokenizer()
    return Schema(
        ord=COLUMN(NumericColumn("I")),  # the item's corpus position: a column, not indexed
        **{name: TEXT(analyzer=words, phrase=False) for name in TERM_FIELDS},
    )


class _BlockPostingsWriter(W3PostingsWriter):  # type: ignore[misc]  # subclasses untyped whoosh (Any)
    """Whoosh's postings writer taking a term's postings at once (:meth:`add_all`) and
    writing them in its own blocks and bytes, minified without per-posting generators."""

    def add_all(self, ids: list[int], counts: list[int]) -> None:
        """Buffer a term's postings (ascending document numbers, term frequencies), writing
        every full block but the last (which :meth:`finish_postings` writes)."""
        limit = self._blocklimit
        for lo in range(0, len(ids), limit):
            if lo:
                self._write_block()
            self._ids = ids[lo:lo + limit]
            chunk = counts[lo:lo + limit]
            self._weights = array("f", chunk)
            self._values = chunk  # Frequency format: each value is the frequency, "!I"
            self._maxweight = max(self._weights)

    def _mini_ids(self) -> tuple[int, ...]:
        ids = self._ids
        return tuple(map(sub, ids, [0, *ids[:-1]]))

    def _mini_weights(self) -> object:
        weights = self._weights
        if weights.count(1.0) == len(weights):
            return None
        if weights.count(weights[0]) == len(weights):
            return weights[0]
        return tuple(weights)

    def _mini_values(self) -> bytes:
        values = array("I", self._values)
        if sys.byteorder == "little":
            values.byteswap()
        return values.tobytes()


class _BlockFieldWriter(W3FieldWriter):  # type: ignore[misc]  # subclasses untyped whoosh (Any)
    """Whoosh's field writer with a whole posting list per term (:meth:`add_all`)."""

    def add_all(self, ids: list[int], counts: list[int]) -> None:
        self._postwriter.add_all(ids, counts)


class BuildCodec(W3Codec):  # type: ignore[misc]  # subclasses untyped whoosh (Any)
    """Whoosh's codec without per-posting length statistics (kb.search.scoring keeps its own
    lengths), which saves a lookup per posting when writing; reading is unchanged.

    Every segment's table of contents pickles a reference to it by the name
    ``kb.index.segments.BuildCodec``: moving or renaming it needs a new
    SCHEMA_VERSION (:mod:`kb.index.store`), so that older builds are rebuilt."""

    length_stats = False

    def field_writer(self, storage: Any, segment: Any) -> _BlockFieldWriter:
        return _BlockFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        if byteids:
            return super().postings_writer(dbfile, byteids=True)
        return _BlockPostingsWriter(dbfile, blocklimit=self._blocklimit,
                                    compression=self._compression,
                                    inlinelimit=self._inlinelimit)


class TermsWriter(SegmentWriter):  # type: ignore[misc]  # subclasses untyped whoosh (Any)
    """Whoosh's segment writer fed with pre-analysed terms (:meth:`add_terms`).

    Each field's tokens are kept as two flat arrays (term number, document number);
    at commit they are sorted and counted with numpy into posting lists, written a
    posting list at a time in Whoosh's own format: the segment ``add_document`` with
    space-joined terms writes, without the analyzer, the posting pool and its
    sorting, or a Python call per posting.
    """

    def __init__(self, ix: Any) -> None:
        super().__init__(ix, codec=BuildCodec())
        self._fields = [(name, self.schema[name]) for name in sorted(TERM_FIELDS)]
        self._order = self.schema["ord"]
        self._numbers: dict[str, dict[str, int]] = {name: {} for name in TERM_FIELDS}
        self._terms = {name: array("I") for name in TERM_FIELDS}
        self._docs = {name: array("I") for name in TERM_FIELDS}

    def add_terms(self, number: int, terms: dict[str, list[str]]) -> None:
        """Add one document: its corpus position and its terms per field (in any order)."""
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        for name, field in self._fields:
            words = terms[name]
            if not words:
                continue
            numbers = self._numbers[name]
            try:
                found = list(map(numbers.__getitem__, words))
            except KeyError:
                for word in words:
                    numbers.setdefault(word, len(numbers))
                found = list(map(numbers.__getitem__, words))
            self._terms[name].extend(found)
            self._docs[name].extend(repeat(docnum, len(found)))
            perdoc.add_field(name, field, None, len(words))
        perdoc.add_column_value("ord", self._order.column_type,
                                self._order.to_column_value(number))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _posting_lists(self, name: str) -> tuple[list[int], list[int], list[int]]:
        """A field's postings: document numbers and frequencies sorted by term number then
        document, and where each term number's postings begin (one more for the end)."""
        terms = np.frombuffer(self._terms[name], dtype=np.uint32)
        order = np.argsort(terms, kind="stable")  # documents stay in ascending order
        terms = terms[order]
        docs = np.frombuffer(self._docs[name], dtype=np.uint32)[order]
        first = np.ones(len(terms), dtype=bool)
        first[1:] = (terms[1:] != terms[:-1]) | (docs[1:] != docs[:-1])
        starts = np.flatnonzero(first)
        counts = np.diff(np.append(starts, len(terms)))
        begins = np.searchsorted(terms[starts], np.arange(len(self._numbers[name]) + 1))
        return docs[starts].tolist(), counts.tolist(), begins.tolist()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fields = self.fieldwriter
        for name, field in self._fields:
            numbers = self._numbers[name]
            if not numbers:
                continue
            docs, counts, begins = self._posting_lists(name)
            fields.start_field(name, field)
            for word in sorted(numbers):  # code point order is UTF-8 byte order
                k = numbers[word]
                lo, hi = begins[k], begins[k + 1]
                fields.start_term(word.encode("utf-8"))
                fields.add_all(docs[lo:hi], counts[lo:hi])
                fields.finish_term()
            fields.finish_field()
        fields.close()


def write_shard(folder: Path, items: list[Item], analyzer: Analyzer, start: int, stop: int,
                done: Callable[[int], None] | None = None) -> np.ndarray:
    """Write items[start:stop] as one Whoosh index; return their field lengths."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), make_schema())
    writer = TermsWriter(ix)
    lengths = np.zeros((len(TERM_FIELDS), stop - start), dtype=np.float32)
    try:
        for number in range(start, stop):
            terms = analyzer.field_terms(items[number].text)
            for row, name in enumerate(TERM_FIELDS):
                lengths[row, number - start] = len(terms[name])
            writer.add_terms(number, terms)
            if done is not None and (number - start) % 200 == 199:
                done(200)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    ix.close()
    return lengths
