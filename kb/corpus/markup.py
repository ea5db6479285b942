"""Markdown text helpers shared by the importer and the corpus: escaping and theme comments.

The corpus keeps item text verbatim; characters that Markdown would misread are
escaped with a backslash when written and unescaped when read.
"""

from __future__ import annotations

import re

# A trailing editor's override: <!-- themes: tillit, prosess --> (empty: no themes).
THEMES_COMMENT = re.compile(r"<!--\s*themes\s*:(?P<ids>[^>]*?)-->")
_TRAILING_THEMES = re.compile(r"\s*(?<!\\)<!--\s*themes\s*:(?P<ids>[^>]*?)-->\s*$")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_ALWAYS = re.compile(r"([\\`*_<\[\]{}])")
_LINE_START = re.compile(r"^([#>+=|-])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
_PLACEHOLDER = "\ue000"


def escape(text: str) -> str:
    """Return ``text`` with every character Markdown could misread backslash-escaped."""
    text = _ALWAYS.sub(r"\\\1", text)
    text = _LIST_NUMBER.sub(r"\1\\\2", text)
    return _LINE_START.sub(r"\\\1", text)


def unescape(text: str) -> str:
    """Undo :func:`escape` (and any other backslash escape of ASCII punctuation)."""
    return _ESCAPED.sub(r"\1", text)


def parse_themes(text: str) -> tuple[str, tuple[str, ...] | None]:
    """Split a trailing ``<!-- themes: a, b -->`` off ``text``.

    Returns the text without it and the theme ids (an empty tuple for
    ``<!-- themes: -->``), or None for the ids when there is no such comment.
    """
    match = _TRAILING_THEMES.search(text)
    if not match:
        return text, None
    ids = tuple(part for part in re.split(r"[\s,]+", match["ids"]) if part)
    return text[: match.start()], ids


def themes_comment(themes: tuple[str, ...]) -> str:
    """Return the override comment for ``themes`` (``<!-- themes: -->`` for none)."""
    return f"<!-- themes: {', '.join(themes)} -->" if themes else "<!-- themes: -->"


def inline_text(markdown: str) -> str:
    """Return the plain text of one line of inline Markdown (links, emphasis, code, escapes)."""
    escapes: list[str] = []

    def hold(match: re.Match[str]) -> str:
        escapes.append(match[1])
        return f"{_PLACEHOLDER}{len(escapes) - 1}{_PLACEHOLDER}"

    text = _ESCAPED.sub(hold, markdown.replace(_PLACEHOLDER, ""))
    text = re.sub(r"`+([^`]+)`+", r"\1", text)
    # A link keeps its text only; its address may hold balanced parentheses (alert(1)).
    text = re.sub(r"!?\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)", r"\1", text)
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"</?[A-Za-z][^>]*>", "", text)
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])", r"\1", text)
    return re.sub(f"{_PLACEHOLDER}(\\d+){_PLACEHOLDER}", lambda m: escapes[int(m[1])], text)
