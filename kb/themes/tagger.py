"""The explainable theme tagger: which themes' cues a text holds, and where.

Words are split on hyphens and soft hyphens are ignored; each word is looked up
once (cached) for the cues, stop words and near words inside it (see
:mod:`kb.themes.cues` for where a cue fits). Across words, the longest match wins
(phrases included), and a theme's exclusion rules drop a cue with a near word
beside it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kb.themes.cues import Cue, cue_end, cue_stem, parse_cue, word_forms
from kb.themes.taxonomy import Taxonomy

__all__ = ["Tagger", "ThemeMatch"]

_WORD = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*[-\u2010\u2011]?")
_SOFT_WORD = re.compile(r"[^\W_]+(?:\u00ad[^\W_]+)*(?:[-\u2010\u2011][^\W_]+(?:\u00ad[^\W_]+)*)*"
                        r"[-\u2010\u2011]?")
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u00ad": None})


@dataclass(frozen=True)
class ThemeMatch:
    """Why an item has a theme: ``cue`` matched ``word`` at ``start:end`` of the (NFC) text."""

    theme: str
    cue: str
    word: str
    start: int
    end: int


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
            stem, stripped = cue_stem(words[0])
            self._buckets.setdefault(stem[:2], []).append((stem, stripped, number))
            return
        ids = []
        for word in words:
            key = word.rstrip("-")
            if key not in self._word_ids:
                self._word_ids[key] = len(self._word_ids)
                for form in word_forms(key):
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
                    end = cue_end(key, i, stem, stripped, self._entries[number].cue.mode)
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

