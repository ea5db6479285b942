"""What a cue is and where one fits inside a word: the tagger's word-level rules.

A cue of ``SHORT_CUE`` or more letters matches as any part of a compound; a
shorter one only where it ends a word or a hyphenated part. ``=cue`` (whole
word), ``*cue`` (ends a word or part), ``cue*`` (starts a longer word) and
``*cue*`` (anywhere) say so per cue. Inflection is a fixed set of Bokmål and
Nynorsk ``ENDINGS``; compound parts are joined by ``JOINS``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
# Past-tense endings: they follow a verb's stem, which in a cue has lost its -e
# ("lære" -> lær|te); after any other cue they make another word ("bil" -> bilde,
# "plan" -> plante, "tid" -> tidde).
PAST_ENDINGS = frozenset({"d", "de", "te"})
# What may stand between a cue and the next part of a compound: a linking -s-/-e- or a
# derivation ("næring|s|plan", "konferans|e|festival", "gjennomfør|ings|kraft").
JOINS = ("", "s", "e", "ing", "ings", "het", "hets", "heit", "heits", "itet", "itets",
         "else", "elses")
E_JOINS = tuple(j for j in JOINS if j[:1] in ("e", "i", "h"))  # after a stem that lost its -e

ANY, HEAD, FIRST, WHOLE = "any", "head", "first", "whole"
_CUE_WORD = re.compile(r"^[^\W_]+(?:-[^\W_]+)*-?$")


@dataclass(frozen=True)
class Cue:
    """A parsed cue: ``text`` as written (without markers), lower-cased ``words``, ``mode``."""

    text: str
    words: tuple[str, ...]
    mode: str


def parse_cue(raw: object) -> Cue:
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


def cue_stem(word: str) -> tuple[str, bool]:
    """The part endings attach to, and whether it lost a final -e."""
    if len(word) > 3 and word.endswith("e"):
        return word[:-1], True
    return word, False


def word_forms(word: str) -> set[str]:
    """Every inflected form of one word of a phrase (short words: only themselves)."""
    word = word.rstrip("-")
    if len(word) < 3:
        return {word}
    stem, stripped = cue_stem(word)
    return {word} | {stem + ending for ending in ENDINGS
                     if stripped or ending not in PAST_ENDINGS}


def cue_end(key: str, i: int, stem: str, stripped: bool, mode: str) -> int | None:
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
    ending = key[after:stop]
    if ending in ENDINGS and (stripped or ending not in PAST_ENDINGS):
        return stop if mode != FIRST or stop < len(key) else None
    if mode in (HEAD, WHOLE):
        return None
    for join in E_JOINS if stripped else JOINS:
        if key.startswith(join, after) and stop - after - len(join) >= MIN_RIGHT:
            return after + len(join)
    return None

