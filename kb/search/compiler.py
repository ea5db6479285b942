"""Query clauses -> score trees, and the terms each matched (the highlighter's marks).

Each query word matches at several levels, ranked by its best evidence: as
written > stem/lemma > synonym > compound part, derivation or prefix > the word
restored from ASCII typing (moteplass) > a typo correction (tilit -> tillit,
offered as "did you mean"). :class:`Compiler` turns one clause at a time into a
small score tree (:mod:`kb.search.scoring`) and records in :attr:`Compiler.marks`
the index terms it searched, so that the highlighter marks what matched.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kb.analysis import STOP_WORDS, fold, normalize, stem
from kb.analysis.words import FAR, restore_digraphs
from kb.search.highlight import Marks
from kb.search.querysyntax import Clause, ParsedQuery
from kb.search.scoring import All, Const, Leaf, Masked, Max, Node, Parts, Sum
from kb.search.searcher import SearchIndex

MAX_EXPANSION = 64  # terms a prefix may expand to
MAX_FUZZY = 3  # corrections tried for a misspelt word
MIN_AUTO_PREFIX = 5  # a word this long also matches words it begins (compounds)
MIN_FUZZY = 5

W_EXACT, W_STEM, W_SYN, W_PART, W_PREFIX, W_CONTEXT = 4.0, 2.5, 1.5, 1.0, 0.8, 0.4
ALT_DIGRAPH, ALT_FOLD, ALT_FUZZY = 0.9, 0.6, 0.5
ALT_ABBREVIATION = 0.6
W_FAR = 0.7  # share of W_PART for a distant derivation (organisering → organisasjon)
W_RELATED = 0.6  # a related word (corpus/related.toml): below every level of the word itself


def _any(nodes: Sequence[Node], boost: float = 1.0) -> Node | None:
    """Max over the nodes (None when there are none)."""
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 and boost == 1.0 else Max(tuple(nodes), boost)


class Compiler:
    """Clauses → score trees, recording the terms searched (for highlights).

    With ``correct=False`` a misspelt word is searched as typed: its likeliest
    correction is recorded in :attr:`corrections` (to offer it) but not searched.
    """

    def __init__(self, index: SearchIndex, related: bool = True, *,
                 correct: bool = True) -> None:
        self.index = index
        self.related = related  # False: related words (corpus/related.toml) are not evidence
        self.correct = correct
        self.scorer = index.scorer()
        self.analyzer = index.analyzer
        self.marks = Marks()
        self.corrections: dict[str, str] = {}
        # query words the index holds as such (as written, a stem or a synonym), and
        # those it does not (found only in compounds, through related words or corrections,
        # or not at all): there the words fall short and meaning is worth asking
        self.held_as_such: set[str] = set()
        self.loose: set[str] = set()

    def _has(self, field: str, text: str) -> bool:
        return self.scorer.doc_frequency(field, text) > 0

    def _prefix_terms(self, field: str, prefix: str) -> list[str]:
        return self.scorer.expand_prefix(field, prefix, MAX_EXPANSION)

    def _levels(self, word: str, weight: float) -> Node | None:
        """One word at every level: as written, stems, synonyms, parts/prefixes, context."""
        forms = self.analyzer.forms(word)
        subs: list[Node] = []
        if self._has("exact", word):
            subs.append(Leaf("exact", word, W_EXACT * weight))
            self.marks.exact.add(word)
        if word in STOP_WORDS:
            self.held_as_such.add(word)
            return Sum(tuple(subs)) if subs else None
        stems = [s for s in sorted(forms.stems) if self._has("stem", s)]
        if stems:
            subs.append(Max(tuple(Leaf("stem", s) for s in stems), W_STEM * weight))
            self.marks.stems.update(stems)
        # The syn field holds synonym groups, and the stems an abbreviation stands for.
        groups = [g for g in sorted(forms.groups | forms.stems) if self._has("syn", g)]
        if groups:
            subs.append(Max(tuple(Leaf("syn", g) for g in groups), W_SYN * weight))
            self.marks.syn.update(groups)
        if subs:
            self.held_as_such.add(word)
        # Related words: the stems of the other members of the word's related groups.
        near = sorted({t for found in self.analyzer.related.lookup(forms.stems)
                       for t in found.terms if self._has("stem", t)}) if self.related else []
        if near:
            subs.append(Max(tuple(Leaf("stem", t) for t in near), W_RELATED * weight))
            self.marks.related.update(near)
        compound: list[Node] = []
        pieces = forms.parts or (forms.stems | forms.roots | forms.groups,)
        piece_nodes: list[Node] = []
        for piece in pieces:
            # A part or root may stand alone in a text (stem field, syn field for groups)
            # or inside a compound or derivation (part field).
            found = [Leaf(field, t, W_FAR if t.startswith(FAR) else 1.0)
                     for t in sorted(piece) for field in ("part", "stem", "syn")
                     if self._has(field, t)]
            if found:
                piece_nodes.append(Max(tuple(found)))
                self.marks.part.update(leaf.term for leaf in found)
        if piece_nodes:  # a compound word is held only where all its parts are
            compound.append(Parts(tuple(piece_nodes), unfound=len(pieces) - len(piece_nodes))
                            if len(pieces) > 1 else Sum(tuple(piece_nodes)))
        if len(word) >= MIN_AUTO_PREFIX:
            longer = [t for t in self._prefix_terms("exact", word) if t != word]
            if longer:
                compound.append(Max(tuple(Leaf("exact", t) for t in longer), W_PREFIX / W_PART))
                self.marks.exact.update(longer)
        if compound:
            subs.append(Max(tuple(compound), W_PART * weight))
        context = self.index.context_docs(set(forms.stems) | {stem(normalize(word))})
        if context is not None:
            subs.append(Const(context, W_CONTEXT * weight))
        return Sum(tuple(subs)) if subs else None

    def _alternatives(self, word: str) -> list[tuple[str, float]]:
        """Words meant when ``word`` itself matches nothing: ASCII-typed æøå, then typos."""
        folds = self.index.fold_map()
        keys = {fold(word), fold(stem(fold(word)))}
        restored = sorted({w for key in keys for w in folds.get(key, ()) if w != word})
        if restored and word.isascii():
            return [(w, ALT_FOLD) for w in restored[:MAX_FUZZY * 2]]
        if len(word) < MIN_FUZZY or not word.isalpha() or self.analyzer.is_word(word):
            return []  # a real word the corpus lacks ("stole") is no typo of one it has
        ranked = self.index.corrections(word)
        if ranked:
            self.corrections[word] = ranked[0]
        return [(w, ALT_FUZZY) for w in ranked[:MAX_FUZZY]] if self.correct else []

    def word(self, word: str) -> Node | None:
        """One query word: its own levels, the æøå restoration of ae/oe/aa, else corrections."""
        own = self._levels(word, 1.0)
        options = [own] if own is not None else []
        digraphs = restore_digraphs(word)
        if digraphs != word:
            alt = self._levels(digraphs, ALT_DIGRAPH)
            if alt is not None:
                options.append(alt)
        if not options or (word.isascii() and not self._has("stem", stem(word))
                           and not self._has("exact", word)):
            for alternative, weight in self._alternatives(word):
                alt = self._levels(alternative, weight)
                if alt is not None:
                    options.append(alt)
        if word not in self.held_as_such and digraphs not in self.held_as_such:
            self.loose.add(word)
        long_form = [w for w in self.analyzer.abbreviations.get(word, ()) if w not in STOP_WORDS]
        if long_form:  # STP → strategisk næringsplan
            parts = [self._levels(w, ALT_ABBREVIATION) for w in long_form]
            if all(q is not None for q in parts):
                options.append(All(tuple(q for q in parts if q is not None)))
        if not options:
            return None
        return options[0] if len(options) == 1 else Sum(tuple(options))

    def clause(self, clause: Clause) -> Node | None:
        """A word, a prefix (``word*``) or a phrase."""
        if clause.prefix:
            terms = self._prefix_terms("exact", clause.words[0])
            self.marks.exact.update(terms)
            return _any([Leaf("exact", t) for t in terms], W_EXACT)
        if clause.is_phrase:
            self.marks.phrases.append(clause.words)
            words = tuple(Sum((Leaf("exact", w, W_EXACT),) + (
                (Leaf("stem", stem(normalize(w)), W_STEM),) if w not in STOP_WORDS else ()))
                for w in clause.words)
            need = All(words)
            docs = self.index.phrase_docs(
                clause.words, lambda: np.flatnonzero(self.scorer.evaluate(need) > 0))
            return Masked(need, docs) if len(docs) else None
        return self.word(clause.words[0])

    def exclusion(self, clause: Clause) -> Node | None:
        """What ``-word`` leaves out: the word as written and its inflections."""
        saved = self.marks
        self.marks = Marks()
        try:
            if clause.is_phrase or clause.prefix:
                return self.clause(clause)
            word = clause.words[0]
            forms = self.analyzer.forms(word)
            return _any([Leaf("exact", word)] + [Leaf("stem", s) for s in sorted(forms.stems)])
        finally:
            self.marks = saved

    def query(self, parsed: ParsedQuery) -> tuple[list[list[Node | None]], list[Node | None]]:
        """Every clause of ``parsed``: the nodes of each group (None: matches nothing),
        then the nodes of the exclusions; :attr:`marks` gathers what the groups searched."""
        groups = [[self.clause(c) for c in group] for group in parsed.groups]
        return groups, [self.exclusion(c) for c in parsed.excluded]
