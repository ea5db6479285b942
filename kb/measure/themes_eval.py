"""Theme tagging quality: the cue tagger alone, and with the learnt tagger's themes.

A gold file lists advice texts with the themes an expert would certainly give
(``must``) and those that are defensible (``may``)::

    {"items": [{"text": "...", "must": ["tillit"], "may": ["prosess"]}, ...]}

Recall is the share of all ``must`` themes found; precision the share of all
predicted themes that are in ``must`` or ``may`` (both over the whole file).
The texts are tagged as a build tags an item: cues first, then, where the
served build has vectors, the theme the learnt tagger adds (fitted on the served
build's labelled texts, :mod:`kb.themes.learnt`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from kb.config import DATA_DIR
from kb.errors import InputError
from kb.index import Built
from kb.index.vectors import learnt_gains
from kb.semantic import VectorCache, load_embedder, status
from kb.themes import Tagger, training_texts

DEFAULT_THEMES_GOLD = DATA_DIR / "themes_gold.json"
# Advice written blind to the cues (by someone who read only the taxonomy's descriptions),
# judged the same way: how the tagger does on advice worded unlike the cues.
DEFAULT_THEMES_HELDOUT = DATA_DIR / "themes_heldout.json"
DEFAULT_THEME_SETS = (DEFAULT_THEMES_GOLD, DEFAULT_THEMES_HELDOUT)


@dataclass(frozen=True)
class GoldThemes:
    """One judged text: the themes it must have and those it may have."""

    text: str
    must: frozenset[str]
    may: frozenset[str]


@dataclass
class ThemeReport:
    """Recall and precision of the cue tagger, and of cue + learnt (None: no vectors)."""

    path: str
    items: int
    cue: tuple[float, float]
    learnt: tuple[float, float] | None
    semantic: str
    gained: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The figures as JSON (``kb eval --json``)."""
        def pair(p: tuple[float, float] | None) -> dict[str, float] | None:
            return None if p is None else {"recall": round(p[0], 4), "precision": round(p[1], 4)}

        return {"file": self.path, "items": self.items, "cue": pair(self.cue),
                "cue_learnt": pair(self.learnt), "semantic": self.semantic,
                "gained": self.gained}

    def lines(self) -> list[str]:
        """The figures as report lines."""
        cue = f"cue tagger recall {self.cue[0]:.3f}, precision {self.cue[1]:.3f}"
        near = ("cue + learnt tagger: not measured (no vectors)" if self.learnt is None
                else f"cue + learnt tagger recall {self.learnt[0]:.3f}, "
                     f"precision {self.learnt[1]:.3f} ({len(self.gained)} theme(s) added)")
        return [f"themes ({self.items} texts, {self.path}): {cue}; {near}"]


def load_themes_gold(path: Path = DEFAULT_THEMES_GOLD) -> list[GoldThemes]:
    """Read a themes gold file; raises InputError naming the file (and the item)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(str(path), f"cannot read the themes gold file: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(str(path), f"not a JSON file: {error}",
                         getattr(error, "lineno", None)) from None
    raw = data.get("items") if isinstance(data, dict) else None
    if not isinstance(raw, list) or not raw:
        raise InputError(str(path), 'expected an object with a non-empty "items" list')
    out = []
    for number, entry in enumerate(raw, 1):
        entry = entry if isinstance(entry, dict) else {}
        text, must, may = entry.get("text"), entry.get("must", []), entry.get("may", [])
        if not isinstance(text, str) or not text.strip() or not _ids(must) or not _ids(may):
            raise InputError(str(path), f'item {number}: needs a "text" and "must"/"may" lists '
                                        "of theme ids")
        out.append(GoldThemes(text, frozenset(must), frozenset(may)))
    return out


def _ids(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def figures(gold: Sequence[GoldThemes], predicted: Sequence[set[str]]) -> tuple[float, float]:
    """Return (recall of ``must``, precision against ``must`` + ``may``) over all texts."""
    must = sum(len(g.must) for g in gold)
    found = sum(len(g.must & p) for g, p in zip(gold, predicted, strict=True))
    total = sum(len(p) for p in predicted)
    right = sum(len((g.must | g.may) & p) for g, p in zip(gold, predicted, strict=True))
    return (found / must if must else 0.0, right / total if total else 1.0)


def evaluate_themes(built: Built, index_dir: Path,
                    path: Path = DEFAULT_THEMES_GOLD) -> ThemeReport:
    """Tag the gold texts with the served build's taxonomy (and, where the build was made
    with the model that loads here, its learnt tagger) and score them.

    Raises InputError for a bad gold file, and what the model raises.
    """
    gold = load_themes_gold(path)
    tagger = Tagger(built.taxonomy)
    cue = [set(tagger.tag(g.text)) for g in gold]
    shown = (path.name if Path(path).resolve() in {p.resolve() for p in DEFAULT_THEME_SETS}
             else str(path))
    report = ThemeReport(shown, len(gold), figures(gold, cue), None, status())
    embedder = load_embedder()
    if embedder is None or embedder.model_id != built.semantic.model_id:
        if embedder is not None:
            report.semantic += "; the served index has no vectors of it"
        return report
    cache = VectorCache(index_dir, embedder.model_id, embedder.dim)
    vectors, _ = cache.vectors([g.text for g in gold], embedder.passages)
    gained, _ = learnt_gains(built.taxonomy, training_texts(built.taxonomy), embedder, cache,
                             vectors, [g.text for g in gold], cue, [True] * len(gold))
    cache.save()
    final = [c | ({e.theme} if e else set()) for c, e in zip(cue, gained, strict=True)]
    report.learnt = figures(gold, final)
    report.gained = [{"text": g.text, "theme": e.theme, "in_must": e.theme in g.must,
                      "in_may": e.theme in g.may, "why": e.describe()}
                     for g, e in zip(gold, gained, strict=True) if e is not None]
    return report
