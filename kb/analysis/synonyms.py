"""The editable synonym list ``<corpus>/synonyms.toml``: synonym groups and spelling variants.

``[[group]] words = [...]`` lists words a searcher means alike; ``[variants]``
maps regular expressions over lower-case words and stems to a replacement
(Nynorsk → Bokmål spellings, used when Apertium is not installed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import CorpusError
from kb.tomlfile import read_toml

FILE_NAME = "synonyms.toml"
_WORD = re.compile(r"^[^\W\d_]+$")


@dataclass(frozen=True)
class Synonyms:
    """Synonym groups (lower-case words) and variant rules (pattern, replacement)."""

    groups: tuple[tuple[str, ...], ...] = ()
    variants: tuple[tuple[str, str], ...] = field(default=())


def _line_of(text: str, needle: str) -> int | None:
    """The 1-based line where ``needle`` first appears in ``text``, if it does."""
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def load_synonyms(path: Path) -> Synonyms:
    """Read a synonyms file; a missing file means no synonyms.

    Raises CorpusError (with the line where known) for bad TOML, a group that is
    not a list of single words, or a variant that is not a valid regular expression.
    """
    if not path.exists():
        return Synonyms()
    text, data = read_toml(path, "the synonym list")
    groups: list[tuple[str, ...]] = []
    for number, group in enumerate(data.get("group", []), start=1):
        words = group.get("words") if isinstance(group, dict) else None
        if not isinstance(words, list) or len(words) < 2:
            raise CorpusError(str(path), f"group {number}: 'words' must list two words or more")
        for word in words:
            if not isinstance(word, str) or not _WORD.match(word.strip()):
                raise CorpusError(str(path), f"group {number}: {word!r} is not one word",
                                  _line_of(text, str(word)))
        groups.append(tuple(w.strip().lower() for w in words))
    variants: list[tuple[str, str]] = []
    for pattern, replacement in data.get("variants", {}).items():
        try:
            re.compile(pattern)
            re.sub(pattern, str(replacement), "test")
        except (re.error, TypeError) as error:
            raise CorpusError(str(path), f"variant {pattern!r}: {error}",
                              _line_of(text, pattern)) from error
        variants.append((pattern, str(replacement)))
    unknown = set(data) - {"group", "variants"}
    if unknown:
        raise CorpusError(str(path), f"unknown section(s): {', '.join(sorted(unknown))}")
    return Synonyms(tuple(groups), tuple(variants))
