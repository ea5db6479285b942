"""Why an item of a build has each of its themes: the editor, a cue, or the learnt tagger.

Cue themes are explained from the build's own taxonomy (the tagger is
deterministic, so this is what the build saw, and a build does not pay for
explanations nobody asks for); the themes the vectors added carry their
evidence in the sidecar.
"""

from __future__ import annotations

from kb.index.store import Built
from kb.models import Item
from kb.themes import Evidence, Tagger
from kb.themes.evidence import CUE, GIVEN, OVERRIDE


def theme_evidence(built: Built, item: Item) -> tuple[Evidence, ...]:
    """Return one :class:`~kb.themes.Evidence` per theme of ``item`` (in its theme order),
    the first cue that gave it for a cue theme."""
    if item.themes_overridden:
        return tuple(Evidence(theme, OVERRIDE) for theme in item.themes)
    stored = {e.theme: e for e in built.evidence.get(item.id, ())}
    cues: dict[str, Evidence] = {}
    if built.taxonomy is not None:
        for match in Tagger(built.taxonomy).explain(item.text):
            cues.setdefault(match.theme, Evidence(
                match.theme, CUE, f"'{match.cue}' in «{match.word}»"))
    return tuple(stored.get(theme) or cues.get(theme) or Evidence(theme, GIVEN)
                 for theme in item.themes)


def format_explanation(built: Built, item: Item) -> str:
    """The item, then one line per theme: id, label, and what gave it."""
    lines = [f"{item.id} ({item.kind}, {item.title})", f"  {item.text}"]
    evidence = theme_evidence(built, item)
    if not evidence:
        lines.append("no themes" + (" (set by the editor)" if item.themes_overridden else ""))
    width = max([len(e.theme) for e in evidence] + [0]) + 2
    label_width = max([len(_label(built, e.theme)) for e in evidence] + [0]) + 2
    for found in evidence:
        lines.append(f"{found.theme:<{width}}{_label(built, found.theme):<{label_width}}"
                     f"{found.describe()}")
    return "\n".join(lines)


def _label(built: Built, theme: str) -> str:
    return built.taxonomy.label(theme) if built.taxonomy is not None else theme
