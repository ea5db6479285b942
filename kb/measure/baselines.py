"""Baseline search engines that kb's own search is measured against.

Two engines, each built over the same :class:`~kb.models.Item` list as the product:

- :class:`Fts5Index`: SQLite FTS5 with the ``unicode61`` tokenizer (its default
  options), ranked by bm25. Used by ``kb eval`` (ranking only) and ``kb bench``
  (top 10 with snippets plus facet counts by GROUP BY, the MATCH driving every
  query through a CROSS JOIN from the FTS table).
- :class:`WhooshBaseline`: a plain Whoosh index of the item text with Whoosh's
  ``StemmingAnalyzer`` (English Porter stemmer and stop words: no Norwegian
  handling at all) searched through the default ``QueryParser`` (all words ANDed).

Both index the item text only: the judgments say what is relevant by text.
User queries are translated for FTS5 by :func:`fts5_match_expression`, which
quotes every word, so no input can be an FTS5 syntax error.
"""

from __future__ import annotations

import html
import re
import sqlite3
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import fields as whoosh_fields
from whoosh.analysis import StemmingAnalyzer
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

from kb.models import Item

# A word as unicode61 sees it: letters and digits (the underscore separates).
_WORD = re.compile(r"[^\W_]+")
# A quoted phrase, a negated word, or a word with an optional trailing '*'.
_CLAUSE = re.compile(r'((?<!\S)-)?(?:"([^"]*)"?|([^\W_]+)(\*?))|\S')

_FACET_COLUMNS = {"region": "region", "county": "county", "kind": "kind"}
FACETS = ("theme", "region", "county", "kind")

# Markers snippet() puts around matches, swapped for <mark> after HTML escaping.
_OPEN, _CLOSE = "\x02", "\x03"


def fts5_match_expression(query: str) -> str | None:
    """Translate a user query into an FTS5 MATCH expression, or None when it has no words.

    Words are ANDed, ``"..."`` is a phrase (an unbalanced quote runs to the end),
    ``word*`` a prefix, ``-word`` excludes, ``OR`` between two clauses makes them
    alternatives. Every word is emitted double-quoted, so FTS5 never sees an
    operator or a bare special character it could choke on.
    """
    positives: list[list[str]] = []  # AND of OR-groups
    negatives: list[str] = []
    pending_or = False
    for match in _CLAUSE.finditer(unicodedata.normalize("NFC", query)):
        minus, phrase, word, star = match.groups()
        if phrase is not None:
            words = _WORD.findall(phrase)
            if not words:
                continue
            clause = '"' + " ".join(words) + '"'
        elif word is not None:
            if word == "OR" and not minus and not star:
                pending_or = bool(positives)
                continue
            clause = f'"{word}"' + ("*" if star else "")
        else:
            continue
        if minus:
            negatives.append(clause)
            pending_or = False
            continue
        if pending_or:
            positives[-1].append(clause)
        else:
            positives.append([clause])
        pending_or = False
    if not positives:
        return None
    groups = [g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in positives]
    expression = " AND ".join(groups)
    for clause in negatives:
        expression += f" NOT {clause}"
    return expression


@dataclass
class BaselineResults:
    """What one FTS5 search returns: total, top hits (id, highlighted snippet), facets."""

    total: int
    hits: list[tuple[str, str]]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class Fts5Index:
    """An SQLite FTS5 index of items (in memory, or in the database file ``path``)."""

    def __init__(self, items: Sequence[Item], path: Path | None = None) -> None:
        """Build the index over ``items``; ``path`` must not exist yet (or be None)."""
        self.path = path
        self.db = sqlite3.connect(str(path) if path else ":memory:")
        self.db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE items (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL,
                                region TEXT, county TEXT, kind TEXT);
            CREATE TABLE item_themes (item INTEGER NOT NULL, theme TEXT NOT NULL);
            CREATE VIRTUAL TABLE fts USING fts5(text, tokenize = 'unicode61');
            """
        )
        with self.db:
            self.db.executemany(
                "INSERT INTO items VALUES (?, ?, ?, ?, ?)",
                ((n, it.id, it.region, it.county, it.kind) for n, it in enumerate(items, 1)),
            )
            self.db.executemany(
                "INSERT INTO fts (rowid, text) VALUES (?, ?)",
                ((n, it.text) for n, it in enumerate(items, 1)),
            )
            self.db.executemany(
                "INSERT INTO item_themes VALUES (?, ?)",
                ((n, theme) for n, it in enumerate(items, 1) for theme in it.themes),
            )
            self.db.execute("CREATE INDEX item_themes_item ON item_themes (item, theme)")
            self.db.execute("INSERT INTO fts (fts) VALUES ('optimize')")

    def close(self) -> None:
        """Close the database connection."""
        self.db.close()

    def ranked_ids(self, query: str, limit: int = 10) -> list[str]:
        """Return the ids of the best ``limit`` items by bm25 (none for a query without words)."""
        expression = fts5_match_expression(query)
        if expression is None:
            return []
        rows = self.db.execute(
            "SELECT i.id FROM fts CROSS JOIN items i ON i.rowid = fts.rowid "
            "WHERE fts MATCH ? ORDER BY fts.rank LIMIT ?",
            (expression, limit),
        )
        return [row[0] for row in rows]

    def search(self, query: str, filters: Mapping[str, Sequence[str]] | None = None,
               limit: int = 10) -> BaselineResults:
        """Return the top ``limit`` hits with snippets, the total and every facet's counts.

        Facets are disjunctive like kb's: each facet is counted with every filter
        but its own. A query without words browses all items (in corpus order).
        Raises ValueError for an unknown filter key.
        """
        filters = {key: list(values) for key, values in (filters or {}).items()}
        unknown = set(filters) - set(FACETS)
        if unknown:
            raise ValueError(f"unknown filter: {sorted(unknown)[0]}")
        expression = fts5_match_expression(query)
        facets = {facet: self._facet_counts(facet, expression, filters) for facet in FACETS}
        if "kind" in filters:
            where, params = self._where(expression, filters)
            total = self.db.execute(f"SELECT count(*) {self._from(expression)} {where}",
                                    params).fetchone()[0]
        else:  # every item has exactly one kind: the kind counts add up to the total
            total = sum(facets["kind"].values())
        return BaselineResults(total, self._top(expression, filters, limit), facets)

    @staticmethod
    def _from(expression: str | None) -> str:
        if expression is None:
            return "FROM items i"
        return "FROM fts CROSS JOIN items i ON i.rowid = fts.rowid"

    @staticmethod
    def _where(expression: str | None, filters: Mapping[str, Sequence[str]],
               skip: str | None = None) -> tuple[str, list[str]]:
        clauses: list[str] = []
        params: list[str] = []
        if expression is not None:
            clauses.append("fts MATCH ?")
            params.append(expression)
        for facet, values in filters.items():
            if facet == skip:
                continue
            marks = ", ".join("?" * len(values))
            if facet == "theme":
                clauses.append("EXISTS (SELECT 1 FROM item_themes f WHERE f.item = i.rowid "
                               f"AND f.theme IN ({marks}))")
            else:
                clauses.append(f"i.{_FACET_COLUMNS[facet]} IN ({marks})")
            params.extend(values)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    def _facet_counts(self, facet: str, expression: str | None,
                      filters: Mapping[str, Sequence[str]]) -> dict[str, int]:
        where, params = self._where(expression, filters, skip=facet)
        if facet == "theme":
            sql = (f"SELECT t.theme, count(*) {self._from(expression)} "
                   f"CROSS JOIN item_themes t ON t.item = i.rowid {where} GROUP BY t.theme")
        else:
            column = f"i.{_FACET_COLUMNS[facet]}"
            sql = f"SELECT {column}, count(*) {self._from(expression)} {where} GROUP BY {column}"
        return dict(self.db.execute(sql, params).fetchall())

    def _top(self, expression: str | None, filters: Mapping[str, Sequence[str]],
             limit: int) -> list[tuple[str, str]]:
        where, params = self._where(expression, filters)
        if expression is None:
            sql = (f"SELECT i.id, (SELECT text FROM fts WHERE rowid = i.rowid) FROM items i "
                   f"{where} ORDER BY i.rowid LIMIT ?")
        else:
            sql = (f"SELECT i.id, snippet(fts, 0, '{_OPEN}', '{_CLOSE}', '…', 24) "
                   f"{self._from(expression)} {where} ORDER BY fts.rank LIMIT ?")
        rows = self.db.execute(sql, [*params, limit]).fetchall()
        return [(item_id, _marked_html(text)) for item_id, text in rows]


def _marked_html(text: str) -> str:
    """HTML-escape a snippet and turn its match markers into <mark> elements."""
    return html.escape(text).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")


class WhooshBaseline:
    """A plain Whoosh index of the item text (``StemmingAnalyzer``), held in memory."""

    def __init__(self, items: Sequence[Item]) -> None:
        """Build the index over ``items``."""
        schema = whoosh_fields.Schema(
            id=whoosh_fields.ID(stored=True, unique=True),
            text=whoosh_fields.TEXT(analyzer=StemmingAnalyzer()),
        )
        # A unique name: Whoosh's writer spills to <tempdir>/<indexname>.tmp, which
        # processes building at the same time would otherwise share.
        self._index = RamStorage().create_index(
            schema, indexname=f"kb-whoosh-baseline-{uuid.uuid4().hex}")
        with self._index.writer() as writer:
            for item in items:
                writer.add_document(id=item.id, text=item.text)
        self._parser = QueryParser("text", schema)
        self._searcher = self._index.searcher()

    def close(self) -> None:
        """Close the searcher."""
        self._searcher.close()

    def ranked_ids(self, query: str, limit: int = 10) -> list[str]:
        """Return the ids of the best ``limit`` items, the query parsed by the default parser."""
        parsed = self._parser.parse(query)
        return [hit["id"] for hit in self._searcher.search(parsed, limit=limit)]
