"""Recognise the headings of a region page by what they say, typos and Nynorsk included.

Region pages are written by hand, so one heading comes in many forms: "Mål for
X" and "Mål får X", "Resultater", "Resulatater", "Resultat av
byregionprosjektet", "Dette har regionen oppnådd", "Detter jobber byregionen med
etter programslutt", "Utrdag fra X sin søknad til Byregionrpogrammet:". Key
words are compared with a small edit distance, the rest of the line is free.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_MAX_HEADING_WORDS = 14
_MAX_HEADING_CHARS = 140

# Parts of a page title that name the programme, not the region.
_PROGRAMME_LABEL = re.compile(
    r"^(?:(?:by)?region(?:er|ar|ane|ene)?\s+)?fase\s*\d+$"
    r"|^utviklingsprogram(?:met)?(?:\s+for\s+byregion(?:er|ar))?$"
    r"|^byregion(?:s)?program(?:met)?$",
    re.IGNORECASE,
)
_TITLE_PARTS = re.compile(r"(\s+[–—-]\s+)")


def words(text: str) -> list[str]:
    """Return the lower-cased words of ``text``."""
    return [w.casefold() for w in _WORD.findall(text)]


def distance(a: str, b: str) -> int:
    """Return the optimal-string-alignment edit distance between ``a`` and ``b``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def close(word: str, *targets: str) -> bool:
    """True when ``word`` is one of ``targets`` or a small typo away from one."""
    for target in targets:
        allowed = 0 if len(target) <= 4 else 1 if len(target) <= 7 else 2
        if abs(len(word) - len(target)) <= allowed and distance(word, target) <= allowed:
            return True
    return False


def _goal(w: list[str]) -> bool:
    goal_words = {"mål", "mal", "maal", "målet", "måla", "målene", "målsetting",
                  "målsettinger", "målsettingar", "målsettingane", "målsettingene"}
    linking = {"for", "får", "fór", "fra", "frå", "til"}
    return w[0] in goal_words and (len(w) == 1 or w[1] in linking)


def _result(w: list[str]) -> bool:
    result_words = ("resultater", "resultat", "resultata", "resultatene")
    if len(w) <= 6 and (close(w[0], *result_words) or (
            len(w) >= 2 and w[0] in {"øvrige", "andre", "viktige", "våre", "utvalde",
                                     "utvalgte", "oppnådde"} and close(w[1], *result_words))):
        return True
    if w == ["i", "tillegg"]:
        return True
    return 3 <= len(w) <= 7 and close(w[0], "dette", "det") and any(
        close(x, "oppnådd", "oppnådde", "oppnått") for x in w[2:])


def _advice(w: list[str]) -> bool:
    return any(x in {"råd", "rad", "råda", "rådene"} for x in w) and (
        "for" in w or "til" in w or w[-1] in {"råd", "rad"})


def _after(w: list[str]) -> bool:
    if any(close(x, "programslutt", "programperioden", "programslutten") for x in w):
        return True
    if len(w) >= 2 and close(w[0], "dette", "detter") and close(
            w[1], "jobber", "jobbar", "arbeider", "arbeidar", "jobbes"):
        return True
    return w[:2] in (["videre", "arbeid"], ["vidare", "arbeid"], ["veien", "videre"],
                     ["vegen", "vidare"], ["etter", "programmet"])


def _application(w: list[str]) -> bool:
    if not any(close(x, "søknad", "søknaden") for x in w):
        return False
    return len(w) <= 3 or close(w[0], "utdrag", "utdraget", "fra", "frå")


def _documents(w: list[str]) -> bool:
    return len(w) == 1 and close(w[0], "dokumenter", "dokument", "dokumentar", "vedlegg")


def _facts(w: list[str]) -> bool:
    return w[0] == "fakta" and len(w) <= 6


_RULES = (
    ("facts", _facts), ("documents", _documents), ("application", _application),
    ("after", _after), ("advice", _advice), ("goal", _goal), ("result", _result),
)


def heading_kind(text: str) -> str | None:
    """Return the section kind a region page heading stands for, or None for no heading.

    Kinds are those of :data:`kb.models.SECTION_KINDS` (not "summary"), plus
    "facts" for the facts box heading ("Fakta Ålesundregionen").
    """
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_HEADING_CHARS or stripped.endswith((".", ",", ";")):
        return None
    w = words(stripped)
    if not w or len(w) > _MAX_HEADING_WORDS:
        return None
    return next((kind for kind, rule in _RULES if rule(w)), None)


def region_from_title(title: str) -> str:
    """Return the region a page title names, without programme labels.

    "Byregioner fase 2 – Haugesundregionen" -> "Haugesundregionen",
    "Sunnfjordbyen – fase 2" -> "Sunnfjordbyen"; other titles come back as they are.
    """
    parts = _TITLE_PARTS.split(title.strip())
    # parts alternates text, separator, text ...
    while len(parts) >= 3 and _PROGRAMME_LABEL.match(parts[0].strip()):
        parts = parts[2:]
    while len(parts) >= 3 and _PROGRAMME_LABEL.match(parts[-1].strip()):
        parts = parts[:-2]
    return "".join(parts).strip()


def looks_like_title(text: str) -> bool:
    """True for a short line without a full stop: a page title or an article subheading."""
    stripped = text.strip()
    w = words(stripped)
    return (0 < len(w) <= 12 and len(stripped) <= 100
            and not stripped.endswith((".", ",", ";", ":", "!", "?", "…")))
