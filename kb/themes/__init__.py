"""Themes: the taxonomy (``corpus/themes.toml``) and the explainable cue tagger.

Takes item texts and gives the themes they are about, with the cue that
matched each (Bokmål and Nynorsk, inflected, inside compounds, hyphen-elided).

Public names: :func:`load_taxonomy`, :class:`Taxonomy`, :class:`Theme`,
:class:`Exclusion`, :class:`Tagger` (``tag()``, ``explain()``), :class:`ThemeMatch`,
:class:`Cue`, :func:`parse_cue`.
"""

from kb.themes.cues import Cue, parse_cue
from kb.themes.tagger import Tagger, ThemeMatch
from kb.themes.taxonomy import Exclusion, Taxonomy, Theme, load_taxonomy

__all__ = ["Cue", "Exclusion", "Tagger", "Taxonomy", "Theme", "ThemeMatch", "load_taxonomy",
           "parse_cue"]
