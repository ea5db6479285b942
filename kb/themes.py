"""The theme taxonomy (``corpus/themes.toml``) and the explainable theme tagger.

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
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kb.errors import CorpusError

__all__ = ["Cue", "Exclusion", "Tagger", "Taxonomy", "Theme", "ThemeMatch", "load_taxonomy",
           "parse_cue"]

SHORT_CUE = 5  # cues with fewer letters only match where they end a word or a hyphenated part
MIN_LEFT = 2   # letters a compound needs before a cue that does not start it
MIN_RIGHT = 3  # letters a compound needs after a cue that does not end it

# Endings (Bokmål and Nynorsk inflection, and a few derivations) that may close a word after
# a cue's stem. A cue ending in -e loses it first ("organisere" -> organiser|t, organiser|ing).
ENDINGS = frozenset({
    "", "e", "a", "t", "d", "s", "r", "en", "et", "er", "ar", "es", "te", "de", "ene", "ane",
    "ers", "ars", "ens", "ets", "enes", "anes", "ast", "est", "ere", "ede", "ete", "ert", "erte",
    "ende", "ande", "este", "ing", "inga", "ingen", "ingar", "inger", "ingane", "ingene", "ings",
    "ning", "ninga", "ningen", "ningar", "ninger", "het", "heten", "heter", "hetene", "heit",
    "heita", "heiter", "itet", "iteten", "iteter", "itetar", "ig", "ige", "igt", "ighet",
    "igheit", "else", "elsen",
})
# What may stand between a cue and the next part of a compound: a linking -s-/-e- or a
# derivation ("næring|s|plan", "konferans|e|festival", "gjennomfør|ings|kraft").
JOINS = ("", "s", "e", "ing", "ings", "het", "hets", "heit", "heits", "itet", "itets",
         "else", "elses")
E_JOINS = tuple(j for j in JOINS if j[:1] in ("e", "i", "h"))  # after a stem that lost its -e

ANY, HEAD, FIRST, WHOLE = "any", "head", "first", "whole"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WORD = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*[-\u2010\u2011]?")
_SOFT_WORD = re.compile(r"[^\W_]+(?:\u00ad[^\W_]+)*(?:[-\u2010\u2011][^\W_]+(?:\u00ad[^\W_]+)*)*"
                        r"[-\u2010\u2011]?")
_CUE_WORD = re.compile(r"^[^\W_]+(?:-[^\W_]+)*-?$")
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u00ad": None})


@dataclass(frozen=True)
class Exclusion:
    """Drop ``cue`` where one of the ``near`` words stands within ``window`` words of it."""

    cue: str
    near: tuple[str, ...]
    window: int = 2


@dataclass(frozen=True)
class Theme:
    """One theme: stable ASCII id (used in URLs), Bokmål label and description, cues."""

    id: str
    label: str
    description: str
    cues: tuple[str, ...]
    exclude: tuple[Exclusion, ...] = ()


@dataclass(frozen=True)
class ThemeMatch:
    """Why an item has a theme: ``cue`` matched ``word`` at ``start:end`` of the (NFC) text."""

    theme: str
    cue: str
    word: str
    start: int
    end: int


class Taxonomy:
    """The themes in their order, plus the stop words that no cue may match inside."""

    def __init__(self, themes: list[Theme], stop: tuple[str, ...] = (),
                 path: str | None = None) -> None:
        self.themes = list(themes)
        self.stop = tuple(stop)
        self.path = path
        self._by_id = {t.id: t for t in self.themes}

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
# Cues


@dataclass(frozen=True)
class Cue:
    """A parsed cue: ``text`` as written (without markers), lower-cased ``words``, ``mode``."""

    text: str
    words: tuple[str, ...]
    mode: str


def parse_cue(raw: str) -> Cue:
    """Parse a cue as written in the taxonomy; raises ValueError saying what is wrong."""
    if not isinstance(raw, str):
        raise ValueError("a cue must be a string")
    text = unicodedata.normalize("NFC", raw).strip()
    lead = text[:1] if text[:1] in ("=", "*") else ""
    trail = "*" if len(text) > 1 and text.endswith("*") else ""
    body = text[len(lead):len(text) - len(trail)].strip()
    words = tuple(body.lower().split())
    if not words:
        raise ValueError("empty cue")
    bad = [w for w in words if not _CUE_WORD.match(w)]
    if bad:
        raise ValueError(f"'{bad[0]}' is not a word (letters and digits, '-' between parts)")
    if len(words) > 1 and (lead or trail):
        raise ValueError("'=' and '*' apply to one-word cues only")
    if len(words) == 1 and words[0].endswith("-"):
        raise ValueError("a one-word cue cannot end in '-'")
    if lead == "=" and trail:
        raise ValueError("'=cue' (whole word) cannot be combined with 'cue*'")
    if sum(c.isalpha() for c in body) < 2:
        raise ValueError("a cue needs at least two letters")
    if lead == "=":
        mode = WHOLE
    elif lead and trail:
        mode = ANY
    elif lead:
        mode = HEAD
    elif trail:
        mode = FIRST
    else:
        mode = ANY if sum(c.isalpha() for c in body) >= SHORT_CUE else HEAD
    return Cue(body, words, mode)


def _stem(word: str) -> tuple[str, bool]:
    """The part endings attach to, and whether it lost a final -e."""
    if len(word) > 3 and word.endswith("e"):
        return word[:-1], True
    return word, False


def _forms(word: str) -> set[str]:
    """Every inflected form of one word of a phrase (short words: only themselves)."""
    word = word.rstrip("-")
    if len(word) < 3:
        return {word}
    stem, _ = _stem(word)
    return {word} | {stem + ending for ending in ENDINGS}


# ---------------------------------------------------------------------------------------------
# Reading the taxonomy file

_THEME_KEYS = ("id", "label", "description", "cues", "exclude")
_EXCLUDE_KEYS = ("cue", "near", "window")
_THEME_HEADER = re.compile(r"^\s*\[\[\s*theme\s*\]\]\s*(#.*)?$")
_EXCLUDE_HEADER = re.compile(r"^\s*\[\[\s*theme\s*\.\s*exclude\s*\]\]\s*(#.*)?$")
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_STOP_HINT = ": 'stop' goes at the top of the file, before the first [[theme]]"


def load_taxonomy(path: Path) -> Taxonomy:
    """Read and check a taxonomy file (TOML); return its :class:`Taxonomy`.

    Raises :class:`CorpusError` naming the file and line: unreadable or not
    TOML, a theme without id or label, an id that is not an ASCII slug, a
    duplicate id, a theme without cues, a malformed cue or exclusion.
    """
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise CorpusError(name, f"cannot read the theme taxonomy: {error.strerror}") from error
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

    def taxonomy(self, data: dict) -> Taxonomy:
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

    def theme(self, index: int, table: dict) -> Theme:
        first, last = self.block(index)
        header = first if last else None
        for key in table:
            if key not in _THEME_KEYS:
                raise self.fail(f"unknown key '{key}' in a [[theme]] table (allowed: "
                                f"{', '.join(_THEME_KEYS)}){_STOP_HINT if key == 'stop' else ''}",
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
        return Theme(theme_id, label.strip(), description.strip(), tuple(cues), rules)

    def exclusion(self, theme_id: str, nth: int, rule: object, first: int, last: int,
                  cues: set[tuple[str, ...]]) -> Exclusion:
        line = self.find(_EXCLUDE_HEADER, first, last, nth) or self.find(r"^\s*exclude\b",
                                                                         first, last)
        where = f"exclusion {nth + 1} of theme '{theme_id}'"
        if not isinstance(rule, dict):
            raise self.fail(f"{where} must be a [[theme.exclude]] table", line)
        for key in rule:
            if key not in _EXCLUDE_KEYS:
                raise self.fail(f"unknown key '{key}' in {where} (allowed: "
                                f"{', '.join(_EXCLUDE_KEYS)}){_STOP_HINT if key == 'stop' else ''}",
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
            return parse_cue(value)  # type: ignore[arg-type]
        except ValueError as error:
            raise self.fail(f"{what} {value!r}: {error}", line) from None


# ---------------------------------------------------------------------------------------------
# The tagger

_CUE, _STOP, _NEAR = "cue", "stop", "near"
_WHOLE_TOKEN = 1 << 30  # a phrase's end offset when it takes its last token whole


@dataclass(frozen=True)
class _Entry:
    """One word pattern of the tagger: a theme's cue, a stop word, or an exclusion's near word."""

    role: str
    theme: int          # index of the theme in the taxonomy; -1 for stop and near words
    cue: Cue
    rules: tuple[int, ...] = ()  # a cue: the exclusion rules that apply to it
    rule: int = -1               # a near word: the exclusion rule it belongs to


@dataclass(frozen=True)
class _Match:
    entry: int
    first: tuple[int, int]  # (token, offset) where the match starts
    last: tuple[int, int]   # (token, offset) where it ends


@dataclass(frozen=True)
class _Token:
    """What one word holds: matches with offsets inside it (token index 0), phrase words."""

    cues: tuple[_Match, ...]  # cues left when the longest cue has won and stop words hid theirs
    near: tuple[_Match, ...]  # near words of exclusion rules
    full: frozenset[int]      # phrase words the whole token is a form of
    head: frozenset[int]      # ... its first hyphenated part is a form of (ends a phrase)
    head_end: int             # where that first part ends
    starts: tuple[tuple[int, int], ...]  # (first word of a phrase, offset) that may start here:
                                         # the whole token or its last hyphenated part


class Tagger:
    """Tags text with the themes of a taxonomy and explains each tag.

    Build one per taxonomy and reuse it: words already seen are looked up in
    a cache, so tagging many short items is fast.
    """

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._ids = taxonomy.ids
        self._entries: list[_Entry] = []
        self._buckets: dict[str, list[tuple[str, bool, int]]] = {}
        self._word_ids: dict[str, int] = {}
        self._forms: dict[str, set[int]] = {}
        self._phrases: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
        self._windows: list[int] = []
        self._cache: dict[str, _Token] = {}
        for raw in taxonomy.stop:
            self._add(_Entry(_STOP, -1, parse_cue(raw)))
        for number, theme in enumerate(taxonomy.themes):
            rules: dict[tuple[str, ...], list[int]] = {}
            for exclusion in theme.exclude:
                rule = len(self._windows)
                self._windows.append(exclusion.window)
                rules.setdefault(parse_cue(exclusion.cue).words, []).append(rule)
                for word in exclusion.near:
                    self._add(_Entry(_NEAR, -1, parse_cue(word), rule=rule))
            for raw in theme.cues:
                cue = parse_cue(raw)
                self._add(_Entry(_CUE, number, cue, tuple(rules.get(cue.words, ()))))

    def _add(self, entry: _Entry) -> None:
        number = len(self._entries)
        self._entries.append(entry)
        words = entry.cue.words
        if len(words) == 1:
            stem, stripped = _stem(words[0])
            self._buckets.setdefault(stem[:2], []).append((stem, stripped, number))
            return
        ids = []
        for word in words:
            key = word.rstrip("-")
            if key not in self._word_ids:
                self._word_ids[key] = len(self._word_ids)
                for form in _forms(key):
                    self._forms.setdefault(form, set()).add(self._word_ids[key])
            ids.append(self._word_ids[key])
        self._phrases.setdefault(ids[0], []).append((number, tuple(ids)))

    def tag(self, text: str) -> tuple[str, ...]:
        """Return the ids of the themes found in ``text``, in taxonomy order."""
        text = unicodedata.normalize("NFC", text)
        cache = self._cache
        tokens = [cache.get(word) or self._token(word) for word in _words(text).findall(text)]
        found = {self._entries[m.entry].theme for m in self._matches(tokens)}
        return tuple(self._ids[n] for n in sorted(found))

    def explain(self, text: str) -> list[ThemeMatch]:
        """Return every cue that tagged ``text``: theme id, cue, the matched word(s), offsets.

        Offsets refer to ``text`` in Unicode NFC form (the text itself when it is NFC
        already); matches come in text order.
        """
        text = unicodedata.normalize("NFC", text)
        spans = [(w.start(), w.end()) for w in _words(text).finditer(text)]
        tokens = [self._token(text[start:end]) for start, end in spans]
        result = []
        for match in self._matches(tokens):
            entry = self._entries[match.entry]
            start, end = spans[match.first[0]][0], spans[match.last[0]][1]
            result.append(ThemeMatch(self._ids[entry.theme], entry.cue.text, text[start:end],
                                     start, end))
        return sorted(result, key=lambda m: (m.start, self._ids.index(m.theme)))

    def _token(self, word: str) -> _Token:
        token = self._cache.get(word)
        if token is None:
            token = self._cache[word] = self._analyse(word.lower().translate(_HYPHENS))
        return token

    def _analyse(self, key: str) -> _Token:
        """The cues and near words in one lower-cased word (the longest cue winning inside
        it, stop words hiding what they contain), and the phrase words it is a form of."""
        found = []
        for i in range(len(key) - 1):
            for stem, stripped, number in self._buckets.get(key[i:i + 2], ()):
                if key.startswith(stem, i):
                    end = _fit(key, i, stem, stripped, self._entries[number].cue.mode)
                    if end is not None:
                        found.append(_Match(number, (0, i), (0, end)))
        roles = [self._entries[m.entry].role for m in found]
        cues = tuple(m for m, role in zip(found, roles, strict=True)
                     if role == _CUE and not any(self._covers(o, m) for o in found))
        near = tuple(m for m, role in zip(found, roles, strict=True) if role == _NEAR)
        bare = key.rstrip("-")
        parts = bare.split("-")
        empty: set[int] = set()
        full = frozenset(self._forms.get(bare, empty))
        head = frozenset(self._forms.get(parts[0], empty) if len(parts) > 1 else empty)
        tail = self._forms.get(parts[-1], empty) if len(parts) > 1 else empty
        starts = tuple((w, 0) for w in full if w in self._phrases) + tuple(
            (w, len(bare) - len(parts[-1])) for w in tail - full if w in self._phrases)
        return _Token(cues, near, full, head, len(parts[0]), starts)

    def _matches(self, tokens: list[_Token]) -> list[_Match]:
        """The cue matches that survive the longest-match and exclusion rules, in text order."""
        found: list[_Match] = []
        phrases: list[_Match] = []
        for t, token in enumerate(tokens):
            if token.cues:
                found += (_Match(m.entry, (t, m.first[1]), (t, m.last[1])) for m in token.cues)
            for word, offset in token.starts:
                for number, ids in self._phrases[word]:
                    end = self._phrase_end(tokens, t, ids)
                    if end is not None:
                        phrases.append(_Match(number, (t, offset), end))
        if phrases:  # a phrase may hide a cue (or a phrase) inside it
            found = [m for m in found + phrases
                     if self._entries[m.entry].role == _CUE
                     and not any(self._covers(other, m) for other in phrases)]
        kept: dict[tuple[int, tuple[int, int], tuple[int, int]], _Match] = {}
        for match in found:
            entry = self._entries[match.entry]
            place = (entry.theme, match.first, match.last)
            if place in kept or any(self._near(match, tokens, rule) for rule in entry.rules):
                continue
            kept[place] = match  # one match per theme and place
        return sorted(kept.values(), key=lambda m: m.first)

    def _phrase_end(self, tokens: list[_Token], t: int,
                    ids: tuple[int, ...]) -> tuple[int, int] | None:
        """Where a phrase whose words ``ids`` stand from token ``t`` on ends, else None.

        Its last word may be the first part of a hyphenated word ("helix-partnerskap").
        """
        last = t + len(ids) - 1
        if last >= len(tokens):
            return None
        for n in range(1, len(ids) - 1):
            if ids[n] not in tokens[t + n].full:
                return None
        token = tokens[last]
        if ids[-1] in token.full:
            return last, _WHOLE_TOKEN
        return (last, token.head_end) if ids[-1] in token.head else None

    def _covers(self, other: _Match, match: _Match) -> bool:
        """True when ``other`` hides ``match``: a longer cue, or a stop word, around it."""
        if other is match or not (other.first <= match.first and match.last <= other.last):
            return False
        role = self._entries[other.entry].role
        return role == _STOP or (role == _CUE and (other.first, other.last)
                                 != (match.first, match.last))

    def _near(self, match: _Match, tokens: list[_Token], rule: int) -> bool:
        """True when a near word of exclusion ``rule`` stands within its window of ``match``
        (outside the match itself)."""
        window = self._windows[rule]
        low, high = max(0, match.first[0] - window), min(len(tokens) - 1, match.last[0] + window)
        for t in range(low, high + 1):
            for near in tokens[t].near:
                if self._entries[near.entry].rule != rule:
                    continue
                first, last = (t, near.first[1]), (t, near.last[1])
                if last <= match.first or match.last <= first:
                    return True
        return False


def _words(text: str) -> re.Pattern[str]:
    """The word pattern for ``text`` (a slower one when it holds soft hyphens)."""
    return _SOFT_WORD if "\u00ad" in text else _WORD


def _fit(key: str, i: int, stem: str, stripped: bool, mode: str) -> int | None:
    """Where a cue whose ``stem`` stands at ``key[i:]`` ends, or None when it does not fit there.

    The cue must start the word, follow a hyphen, or follow a compound part of
    MIN_LEFT letters; it must end the word or a hyphenated part with one of
    ENDINGS, or (modes ``any`` and ``first``) continue the compound with a JOIN and
    a part of MIN_RIGHT letters. Mode ``first`` wants the start of a longer word,
    ``head`` the end of a word or part, ``whole`` both ends.
    """
    starts = i == 0 or key[i - 1] == "-"
    if not starts and i - (key.rfind("-", 0, i) + 1) < MIN_LEFT:
        return None
    if (mode == FIRST and i != 0) or (mode == WHOLE and not starts):
        return None
    after = i + len(stem)
    stop = key.find("-", after)
    stop = len(key) if stop < 0 else stop
    if key[after:stop] in ENDINGS:
        return stop if mode != FIRST or stop < len(key) else None
    if mode in (HEAD, WHOLE):
        return None
    for join in E_JOINS if stripped else JOINS:
        if key.startswith(join, after) and stop - after - len(join) >= MIN_RIGHT:
            return after + len(join)
    return None

