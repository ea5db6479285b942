"""Why an item has a theme: a cue, the editor, the learnt tagger, or the build was told."""

from __future__ import annotations

from dataclasses import dataclass

# Where a theme came from (Evidence.source)
CUE, OVERRIDE, LEARNT, GIVEN = "cue", "override", "learnt", "given"


@dataclass(frozen=True)
class Evidence:
    """Why an item has a theme.

    ``source`` is ``cue`` (``detail``: the cue and the word it matched), ``override``
    (the editor set it), ``learnt`` (:mod:`kb.themes.learnt`: ``score`` the probability
    the tagger gave the theme, ``runner_up`` that of the next theme, ``detail`` the
    closest labelled text of the theme, ``similarity`` its cosine to the item and
    ``words`` the item's words that spoke most for the theme) or ``given`` (the build was
    handed it).
    """

    theme: str
    source: str
    detail: str = ""
    similarity: float | None = None
    score: float | None = None
    runner_up: float | None = None
    words: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for people: what gave the theme."""
        if self.source == LEARNT:
            words = ", ".join(f"«{word}»" for word in self.words)
            return (f"learnt from the labelled texts: probability {self.score:.2f} "
                    f"(next theme {self.runner_up:.2f}); closest labelled text {self.detail} "
                    f"(cosine {self.similarity:.3f})"
                    + (f"; its words that weighed most: {words}" if words else ""))
        if self.source == CUE:
            return f"cue {self.detail}"
        if self.source == OVERRIDE:
            return "set by the editor (<!-- themes: ... --> in the corpus file)"
        return "given to the build with the item"
