"""Themes: the taxonomy (``corpus/themes.toml``) and the explainable taggers.

Takes item texts and gives the themes they are about, with the cue that
matched each (Bokmål and Nynorsk, inflected, inside compounds, hyphen-elided);
and, given sentence vectors made elsewhere, the theme a text gains from the
nearest labelled examples, cue words or descriptions (never loads a model).

Public names: :func:`load_taxonomy`, :class:`Taxonomy`, :class:`Theme`,
:class:`Exclusion`, :class:`Tagger` (``tag()``, ``explain()``), :class:`ThemeMatch`,
:class:`Cue`, :func:`parse_cue`; :func:`nearest_themes`, :func:`theme_prototypes`,
:class:`Prototype`, :class:`Evidence` (why an item has a theme).
"""

from kb.themes.cues import Cue, parse_cue
from kb.themes.nearest import Evidence, Prototype, nearest_themes, theme_prototypes
from kb.themes.tagger import Tagger, ThemeMatch
from kb.themes.taxonomy import Exclusion, Taxonomy, Theme, load_taxonomy

__all__ = ["Cue", "Evidence", "Exclusion", "Prototype", "Tagger", "Taxonomy", "Theme",
           "ThemeMatch", "load_taxonomy", "nearest_themes", "parse_cue", "theme_prototypes"]
