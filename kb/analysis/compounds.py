"""Compound splitting: where a Norwegian compound may split, and which pieces count.

Pure helpers of :class:`kb.analysis.analyzer.Analyzer`: the split candidates of a
word (a linking -s or -e dropped), the derivational endings that are never the head
of a compound, and the minimum lengths; and :func:`any_of`, one regex for the
spelling-variant rules.
"""

from __future__ import annotations

import re

from kb.analysis.words import LETTERS_ONLY

MIN_SPLIT_HEAD = 3
MIN_SPLIT_MODIFIER = 4
MIN_APERTIUM_MODIFIER = 5
INFLECTIONS = ("en", "er", "ene", "et", "a", "ar", "ane", "e")
CONJUNCTIONS = frozenset({"og", "eller", "samt"})
# Derivational endings that are words of their own but never the head of a compound.
SUFFIXES = frozenset({"skap", "heit", "else", "ning", "ende", "ande", "inga", "ingen",
                       "ingar", "inger", "leg", "lege", "lig", "lige", "sjon", "tet", "itet"})


def split_candidates(word: str) -> list[tuple[str, str]]:
    """(modifier, head) pairs a compound may split into, the longest head first.

    The modifier may end in a linking -s or -e (kunnskap|s|deling), which is
    dropped; a head of three letters needs the linking -s (arbeid|s|liv).
    """
    pairs: list[tuple[str, str]] = []
    if len(word) < MIN_SPLIT_MODIFIER + MIN_SPLIT_HEAD or not LETTERS_ONLY.match(word):
        return pairs
    for i in range(MIN_SPLIT_MODIFIER, len(word) - MIN_SPLIT_HEAD + 1):
        modifier, head = word[:i], word[i:]
        linked = modifier[-1] in "se" and len(modifier) > MIN_SPLIT_MODIFIER
        if len(head) > MIN_SPLIT_HEAD:
            pairs.append((modifier, head))
        if linked and (len(head) > MIN_SPLIT_HEAD or modifier[-1] == "s"):
            pairs.append((modifier[:-1], head))
    return pairs


def any_of(patterns: list[str]) -> re.Pattern[str] | None:
    """One regex matching where any of ``patterns`` matches (None: they cannot be combined,
    e.g. a repeated group name or a flag that must come first)."""
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error:
        return None
