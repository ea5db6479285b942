"""Themes: the taxonomy (``corpus/themes.toml``) and the explainable taggers.

Takes item texts and gives the themes they are about, with the cue that
matched each (Bokmål and Nynorsk, inflected, inside compounds, hyphen-elided);
and, given sentence vectors made elsewhere, the theme a text gains from a
probe learnt on labelled texts (the taxonomy's examples and ``labelled.toml``),
by their vectors and their wording (never loads a model).

Public names: :func:`load_taxonomy`, :class:`Taxonomy`, :class:`Theme`,
:class:`Exclusion`, :class:`Tagger` (``tag()``, ``explain()``), :class:`ThemeMatch`,
:class:`Cue`, :func:`parse_cue`; :func:`load_labelled`, :class:`LabelledText`;
:func:`training_texts`, :func:`fit_probe`, :class:`ThemeProbe`, :func:`learnt_themes`,
:class:`Evidence` (why an item has a theme).
"""

from kb.themes.cues import Cue, parse_cue
from kb.themes.evidence import Evidence
from kb.themes.labelled import LabelledText, load_labelled
from kb.themes.learnt import ThemeProbe, fit_probe, learnt_themes, training_texts
from kb.themes.tagger import Tagger, ThemeMatch
from kb.themes.taxonomy import Exclusion, Taxonomy, Theme, load_taxonomy

__all__ = ["Cue", "Evidence", "Exclusion", "LabelledText", "Tagger", "Taxonomy", "Theme",
           "ThemeMatch", "ThemeProbe", "fit_probe", "learnt_themes", "load_labelled",
           "load_taxonomy", "parse_cue", "training_texts"]
