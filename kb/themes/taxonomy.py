"""The theme taxonomy (``corpus/themes.toml``): its data model and the checked file reader.

A *theme* is what a lesson is about ("tillit", "samferdsel"); a *cue* is a word
or phrase that signals it. The tagger finds cues in Bokmål and Nynorsk text:
inflected ("møteplassar"), inside compounds ("driftsorganisasjonen"), in
hyphen-elided compounds ("klima-, areal- og transportplan"), and it can say
which cue matched which word. The matching rules are explained for editors at
the top of ``themes.toml``; in short:

* a cue of 5 or more letters matches as any part of a compound; a shorter one
  only where it ends a word or a hyphenated part ("plan" in "handlingsplan",
  not in "planlagt"); ``=cue``, ``*cue``, ``cue*`` and ``*cue*`` say so per cue;
* the longest cue wins: a match inside a longer match is dropped
  ("samhandling" is partnership, not "handling"), and the file's ``stop`` words
  are such longer words that belong to no theme ("kontroll" hides "rolle");
* a theme's ``exclude`` rules drop a cue when a given word stands near it
  ("kommunikasjon" near "transport" is about roads, not dialogue).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kb.errors import CorpusError
from kb.themes.cues import Cue, parse_cue
from kb.themes.labelled import LabelledText
from kb.tomlfile import read_toml

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Exclusion:
    """Drop ``cue`` where one of the ``near`` words stands within ``window`` words of it."""

    cue: str
    near: tuple[str, ...]
    window: int = 2


@dataclass(frozen=True)
class Theme:
    """One theme: stable ASCII id (used in URLs), Bokmål label and description, cues, and
    ``examples``: short texts an editor labelled with the theme (for the learnt tagger,
    :mod:`kb.themes.learnt`)."""

    id: str
    label: str
    description: str
    cues: tuple[str, ...]
    exclude: tuple[Exclusion, ...] = ()
    examples: tuple[str, ...] = ()


class Taxonomy:
    """The themes in their order, the stop words that no cue may match inside, and the
    labelled advice (``labelled.toml``) the learnt tagger learns from with the examples."""

    def __init__(self, themes: list[Theme], stop: tuple[str, ...] = (),
                 path: str | None = None, labelled: tuple[LabelledText, ...] = ()) -> None:
        self.themes = list(themes)
        self.stop = tuple(stop)
        self.path = path
        self.labelled = tuple(labelled)
        self._by_id = {t.id: t for t in self.themes}

    def with_labelled(self, labelled: tuple[LabelledText, ...]) -> Taxonomy:
        """Return this taxonomy with ``labelled`` as its labelled advice."""
        return Taxonomy(self.themes, self.stop, self.path, labelled)

    @property
    def ids(self) -> tuple[str, ...]:
        """Theme ids in taxonomy order."""
        return tuple(t.id for t in self.themes)

    def get(self, theme_id: str) -> Theme | None:
        """Return the theme called ``theme_id``, else None."""
        return self._by_id.get(theme_id)

    def label(self, theme_id: str) -> str:
        """Return the theme's label; an unknown id is returned as it is."""
        theme = self._by_id.get(theme_id)
        return theme.label if theme else theme_id

    def __iter__(self) -> Iterator[Theme]:
        return iter(self.themes)

    def __len__(self) -> int:
        return len(self.themes)

    def __contains__(self, theme_id: object) -> bool:
        return theme_id in self._by_id


# ---------------------------------------------------------------------------------------------
# Reading the taxonomy file

_THEME_KEYS = ("id", "label", "description", "cues", "exclude", "examples")
_EXCLUDE_KEYS = ("cue", "near", "window")
_THEME_HEADER = re.compile(r"^\s*\[\[\s*theme\s*\]\]\s*(#.*)?$")
_EXCLUDE_HEADER = re.compile(r"^\s*\[\[\s*theme\s*\.\s*exclude\s*\]\]\s*(#.*)?$")
_STOP_HINT = ": 'stop' goes at the top of the file, before the first [[theme]]"


def load_taxonomy(path: Path) -> Taxonomy:
    """Read and check a taxonomy file (TOML); return its :class:`Taxonomy`.

    Raises :class:`CorpusError` naming the file and line: unreadable or not
    TOML, a theme without id or label, an id that is not an ASCII slug, a
    duplicate id, a theme without cues, a malformed cue or exclusion.
    """
    name = str(path)
    text, data = read_toml(Path(path), "the theme taxonomy")
    return _FileReader(name, text).taxonomy(data)


class _FileReader:
    """Checks parsed TOML against the taxonomy's shape, finding the line of each problem."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.lines = text.splitlines()
        self.headers = [n for n, line in enumerate(self.lines, 1) if _THEME_HEADER.match(line)]

    def fail(self, message: str, line: int | None) -> CorpusError:
        return CorpusError(self.name, message, line)

    def block(self, index: int) -> tuple[int, int]:
        """First and last line of the ``index``-th ``[[theme]]`` table (1 and 0 if unknown)."""
        if index >= len(self.headers):
            return 1, 0
        end = self.headers[index + 1] - 1 if index + 1 < len(self.headers) else len(self.lines)
        return self.headers[index], end

    def find(self, pattern: re.Pattern[str] | str, first: int, last: int,
             nth: int = 0) -> int | None:
        """Line number of the ``nth`` line in ``first..last`` matching ``pattern``."""
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        hits = [n for n in range(max(first, 1), min(last, len(self.lines)) + 1)
                if regex.search(self.lines[n - 1])]
        return hits[nth] if nth < len(hits) else None

    def key_line(self, index: int, key: str) -> int | None:
        first, last = self.block(index)
        return self.find(rf"^\s*{re.escape(key)}\s*=", first, last) or (first if last else None)

    def value_line(self, first: int | None, last: int, value: str) -> int | None:
        quoted = rf"""["']{re.escape(value)}["']"""
        return (self.find(quoted, first, last) if first else None) or first

    def taxonomy(self, data: dict[str, object]) -> Taxonomy:
        head_end = (self.headers[0] - 1) if self.headers else len(self.lines)
        for key in data:
            if key not in ("stop", "theme"):
                line = self.find(rf"^\s*\[?\s*{re.escape(key)}\b", 1, len(self.lines))
                raise self.fail(f"unknown key '{key}' (expected 'stop' and [[theme]] tables)", line)
        tables = data.get("theme")
        if not isinstance(tables, list) or not tables or not all(isinstance(t, dict)
                                                                 for t in tables):
            line = self.find(r"^\s*\[\s*theme\s*\]|^\s*theme\s*=", 1, len(self.lines))
            raise self.fail("no themes: write each theme as a [[theme]] table", line or 1)
        stop_line = self.find(r"^\s*stop\s*=", 1, head_end)
        stop = data.get("stop", [])
        if not isinstance(stop, list):
            raise self.fail("'stop' must be a list of words", stop_line)
        for word in stop:
            self.cue(word, "stop word", self.value_line(stop_line, head_end, str(word)))
        themes: list[Theme] = []
        seen: dict[str, int | None] = {}
        for index, table in enumerate(tables):
            theme = self.theme(index, table)
            line = self.key_line(index, "id")
            if theme.id in seen:
                raise self.fail(f"duplicate theme id '{theme.id}' (first on line {seen[theme.id]})",
                                line)
            seen[theme.id] = line
            themes.append(theme)
        return Taxonomy(themes, tuple(stop), self.name)

    def theme(self, index: int, table: dict[str, object]) -> Theme:
        first, last = self.block(index)
        header = first if last else None
        for key in table:
            if key not in _THEME_KEYS:
                raise self.fail(_unknown_key(key, "a [[theme]] table", _THEME_KEYS),
                                self.key_line(index, key))
        theme_id = table.get("id")
        if theme_id is None:
            raise self.fail("theme without an id", header)
        if not isinstance(theme_id, str) or not _SLUG.match(theme_id):
            raise self.fail(f"theme id {theme_id!r} is not an ASCII slug (a-z, 0-9, '-')",
                            self.key_line(index, "id"))
        label = table.get("label")
        if not isinstance(label, str) or not label.strip():
            raise self.fail(f"theme '{theme_id}' has no label",
                            self.key_line(index, "label") if "label" in table else header)
        description = table.get("description", "")
        if not isinstance(description, str):
            raise self.fail(f"the description of theme '{theme_id}' must be a string",
                            self.key_line(index, "description"))
        cues = table.get("cues")
        cues_line = self.key_line(index, "cues") if "cues" in table else header
        if not isinstance(cues, list) or not cues:
            raise self.fail(f"theme '{theme_id}' has no cues", cues_line)
        parsed: dict[tuple[tuple[str, ...], str], str] = {}
        for cue in cues:
            line = self.value_line(cues_line, last, str(cue))
            got = self.cue(cue, f"cue of theme '{theme_id}'", line)
            if (got.words, got.mode) in parsed:
                raise self.fail(f"cue '{cue}' of theme '{theme_id}' is listed twice", line)
            parsed[(got.words, got.mode)] = cue
        exclude = table.get("exclude", [])
        if not isinstance(exclude, list):
            raise self.fail("'exclude' must be [[theme.exclude]] tables",
                            self.key_line(index, "exclude"))
        rules = tuple(self.exclusion(theme_id, n, rule, first, last,
                                     {words for words, _ in parsed})
                      for n, rule in enumerate(exclude))
        return Theme(theme_id, label.strip(), description.strip(), tuple(cues), rules,
                     self.examples(index, theme_id, table.get("examples", [])))

    def examples(self, index: int, theme_id: str, value: object) -> tuple[str, ...]:
        """The theme's examples: a list of non-empty strings, each once."""
        line = self.key_line(index, "examples")
        if not isinstance(value, list):
            raise self.fail(f"the examples of theme '{theme_id}' must be a list of texts", line)
        seen: set[str] = set()
        for text in value:
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"an example of theme '{theme_id}' is not a text: {text!r}", line)
            folded = " ".join(text.split())
            if folded in seen:
                raise self.fail(f"example {text!r} of theme '{theme_id}' is listed twice",
                                self.value_line(line, self.block(index)[1], text))
            seen.add(folded)
        return tuple(" ".join(t.split()) for t in value)

    def exclusion(self, theme_id: str, nth: int, rule: object, first: int, last: int,
                  cues: set[tuple[str, ...]]) -> Exclusion:
        line = self.find(_EXCLUDE_HEADER, first, last, nth) or self.find(r"^\s*exclude\b",
                                                                         first, last)
        where = f"exclusion {nth + 1} of theme '{theme_id}'"
        if not isinstance(rule, dict):
            raise self.fail(f"{where} must be a [[theme.exclude]] table", line)
        for key in rule:
            if key not in _EXCLUDE_KEYS:
                raise self.fail(_unknown_key(key, where, _EXCLUDE_KEYS),
                                self.find(rf"^\s*{re.escape(key)}\s*=", line or first, last)
                                or line)
        cue = rule.get("cue")
        if not isinstance(cue, str) or self.cue(cue, f"'cue' of {where}", line).words not in cues:
            raise self.fail(f"{where}: 'cue' {cue!r} is not one of the theme's cues", line)
        near = rule.get("near")
        if not isinstance(near, list) or not near:
            raise self.fail(f"{where}: 'near' must be a list of words", line)
        for word in near:
            got = self.cue(word, f"near word of {where}", line)
            if len(got.words) > 1:
                raise self.fail(f"near word '{word}' of {where} must be one word", line)
        window = rule.get("window", 2)
        if not isinstance(window, int) or isinstance(window, bool) or not 0 <= window <= 10:
            raise self.fail(f"{where}: 'window' must be a whole number of words from 0 to 10",
                            line)
        return Exclusion(cue, tuple(near), window)

    def cue(self, value: object, what: str, line: int | None) -> Cue:
        try:
            return parse_cue(value)
        except ValueError as error:
            raise self.fail(f"{what} {value!r}: {error}", line) from None


def _unknown_key(key: str, where: str, allowed: tuple[str, ...]) -> str:
    """The message for a key not in ``allowed`` (a misplaced 'stop' gets a hint)."""
    hint = _STOP_HINT if key == "stop" else ""
    return f"unknown key '{key}' in {where} (allowed: {', '.join(allowed)}){hint}"
