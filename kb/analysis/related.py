"""The editable list of related words ``<corpus>/related.toml``: words of one concept of the field.

Related words (reiseliv ~ turisme, innbyggere ~ folketall) are weaker evidence
than synonyms: search matches the other members of a query word's groups at a
level below synonyms. Each ``[[group]]`` has ``words`` (two or more single
words), a ``source`` ("hand" for an editor's group; the seeder writes others)
and may be ``off = true`` (kept in the file, not searched, never proposed again
by ``kb related seed``). :class:`RelatedIndex` finds a word's groups by stem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import CorpusError
from kb.tomlfile import array_table, array_tables, read_toml

FILE_NAME = "related.toml"
HAND = "hand"
_WORD = re.compile(r"^[^\W\d_]+$")
_SOURCE = re.compile(r"^[a-z0-9][a-z0-9 ._-]*$")
_KEYS = ("words", "source", "off")


@dataclass(frozen=True)
class RelatedGroup:
    """One group: lower-case words, where it comes from, whether search leaves it out."""

    words: tuple[str, ...]
    source: str = HAND
    off: bool = False
    line: int | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        """The group as shown to a user: ``reiseliv ~ turisme (mythes-no)``."""
        return f"{' ~ '.join(self.words)} ({self.source})"


@dataclass(frozen=True)
class Related:
    """Every group of the file, in file order (``off`` ones included)."""

    groups: tuple[RelatedGroup, ...] = ()


def _check_group(path: str, number: int, line: int | None, raw: object) -> RelatedGroup:
    """One ``[[group]]`` table as a group. Raises CorpusError naming the group's line."""
    table, fail = array_table(path, "group", number, line, raw, _KEYS)
    words = table.get("words")
    if not isinstance(words, list) or len(words) < 2:
        raise fail("'words' must list two words or more")
    clean: list[str] = []
    for word in words:
        if not isinstance(word, str) or not _WORD.match(word.strip()):
            raise fail(f"{word!r} is not one word (letters only)")
        if word.strip().lower() in clean:
            raise fail(f"{word!r} is listed twice")
        clean.append(word.strip().lower())
    source = table.get("source", HAND)
    if not isinstance(source, str) or not _SOURCE.match(source):
        raise fail(f"'source' must be a short lower-case name such as \"{HAND}\", "
                   f"not {source!r}")
    off = table.get("off", False)
    if not isinstance(off, bool):
        raise fail(f"'off' must be true or false, not {off!r}")
    return RelatedGroup(tuple(clean), source, off, line)


def load_related(path: Path) -> Related:
    """Read a related-words file; a missing file means no groups.

    Raises CorpusError with the file and line for bad TOML, a group that is not a
    list of two or more single words, a bad ``source`` or ``off``, or an unknown key.
    """
    path = Path(path)
    if not path.exists():
        return Related()
    text, data = read_toml(path, "the related-words list")
    unknown = set(data) - {"group"}
    if unknown:
        raise CorpusError(str(path), f"unknown section(s): {', '.join(sorted(unknown))} "
                                     "(only [[group]] tables)")
    return Related(tuple(_check_group(str(path), number, line, table)
                         for number, line, table in array_tables(str(path), text, data, "group")))


HEADER = """\
# Related words of the field: data an editor may change.
# Rebuild the index after a change (`kb build`; `kb search` rebuilds by itself);
# `kb check` validates this file and names the line of any mistake.
#
# A [[group]] lists words that stand for one concept in this field, although they
# are not synonyms (reiseliv ~ turisme, innbyggere ~ folketall). A query word of a
# group also finds the items that hold another word of it (by stem: every
# inflection and either written standard), ranked below matches of the word itself
# and of its synonyms (synonyms.toml); `kb search --explain` names the group.
#
#   words   two or more single words, lower case, base forms
#   source  where the group comes from: "hand" for a group an editor made;
#           "mythes-no" (the LibreOffice Norwegian thesaurus, GPL-2, Debian
#           package mythes-no) and "facts" (the fact labels the importer knows)
#           are written by `kb related seed --write`
#   off     true: kept here, not searched (a wrong group the seeder would propose again)
#
# `kb related seed --write` rewrites this file: it keeps every "hand" group and
# every group with off = true, as they are (comments inside them are not kept),
# and replaces the others with fresh candidates. To keep a seeded group you
# changed, set its source to "hand"; to drop one for good, set off = true.
"""


def format_related(groups: Iterable[tuple[RelatedGroup, str]]) -> str:
    """The text of a related-words file: :data:`HEADER`, then each (group, note) as a
    ``[[group]]`` table, the note as a comment after its source."""
    out = [HEADER]
    for group, note in groups:
        words = ", ".join(f'"{w}"' for w in group.words)
        comment = f"  # {' '.join(note.split())}" if note.strip() else ""
        out.append(f'\n[[group]]\nwords = [{words}]\nsource = "{group.source}"{comment}\n'
                   + ("off = true\n" if group.off else ""))
    return "".join(out)


@dataclass(frozen=True)
class RelatedMatch:
    """A group a word belongs to, with the stem-level terms of its other members."""

    group: RelatedGroup
    terms: frozenset[str]


class RelatedIndex:
    """The groups in use (not ``off``), found by the stem-level keys of their members.

    :meth:`learn` takes the analyzer's functions: ``keys_of(word)`` (the stems and
    lemmas a member is found by) and ``terms_of(word)`` (what a member is searched as).
    """

    def __init__(self, related: Related) -> None:
        self.related = related
        self._used = [g for g in related.groups if not g.off]
        self._members: list[list[tuple[str, frozenset[str]]]] = []
        self._groups_of: dict[str, list[int]] = {}
        self._terms_of: Callable[[str], Iterable[str]] = lambda word: ()
        self._found: dict[frozenset[str], tuple[RelatedMatch, ...]] = {}

    @property
    def words(self) -> set[str]:
        """Every word of the groups in use."""
        return {w for g in self.related.groups if not g.off for w in g.words}

    def learn(self, keys_of: Callable[[str], Iterable[str]],
              terms_of: Callable[[str], Iterable[str]]) -> None:
        """Index the groups by their members' keys (again, after the analysis changed)."""
        self._terms_of = terms_of
        self._found.clear()
        self._groups_of = {}
        self._members = []
        for number, group in enumerate(self._used):
            members = [(word, frozenset(keys_of(word))) for word in group.words]
            self._members.append(members)
            for key in {k for _, keys in members for k in keys}:
                self._groups_of.setdefault(key, []).append(number)

    def lookup(self, stems: frozenset[str]) -> tuple[RelatedMatch, ...]:
        """The groups a word with these stem-level terms belongs to, each with the terms
        of its other members (the word's own terms left out); () when there are none."""
        cached = self._found.get(stems)
        if cached is not None:
            return cached
        numbers = sorted({n for s in stems for n in self._groups_of.get(s, ())})
        out: list[RelatedMatch] = []
        for number in numbers:
            others = [word for word, keys in self._members[number] if not keys & stems]
            terms = {t for word in others for t in self._terms_of(word)} - stems
            group = self._used[number]
            if terms:
                out.append(RelatedMatch(group, frozenset(terms)))
        found = self._found[stems] = tuple(out)
        return found
