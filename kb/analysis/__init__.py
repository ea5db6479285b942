"""Analysis: Norwegian words -> index terms, the same for the index and the query.

Each word gives its terms per level: as written, Snowball stems and Apertium
lemmas across Bokmål and Nynorsk, synonym groups (``corpus/synonyms.toml``),
compound parts and derivation roots; hyphen elision and abbreviations the
corpus defines; related words of the field (``corpus/related.toml``), found by
stem. Apertium (``lt-proc``) is optional.

Public names: :class:`Analyzer` (``forms()``, ``field_terms()``), :class:`WordForms`,
:func:`load_synonyms`, :class:`Synonyms`, :func:`load_related`, :class:`Related`,
:class:`RelatedGroup`, the word helpers :func:`tokenize`,
:func:`stem`, :func:`fold`, :func:`normalize`, :data:`STOP_WORDS`, and the module
:mod:`kb.analysis.apertium`.
"""

from kb.analysis import apertium
from kb.analysis.analyzer import Analyzer, WordForms
from kb.analysis.related import Related, RelatedGroup, load_related
from kb.analysis.synonyms import Synonyms, load_synonyms
from kb.analysis.words import STOP_WORDS, Token, fold, normalize, stem, tokenize

__all__ = ["STOP_WORDS", "Analyzer", "Related", "RelatedGroup", "Synonyms", "Token", "WordForms",
           "apertium", "fold", "load_related", "load_synonyms", "normalize", "stem", "tokenize"]
