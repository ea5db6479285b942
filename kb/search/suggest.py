"""Close words: the query with its misspelt words replaced («Mente du …?»).

The search corrects a misspelt word of five letters or more as it searches
(:mod:`kb.search.compiler`, shown in ``did_you_mean``); a shorter word, a word in a
"phrase" or a prefix is searched as typed. When such a query finds nothing,
:func:`close_words` offers it with each word the index does not hold replaced by the
nearest corpus word (:mod:`kb.search.spelling`, stop words never offered), for the
front end to try before offering it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kb.analysis import STOP_WORDS, fold
from kb.errors import SearchQueryError
from kb.search.querysyntax import parse
from kb.search.scoring import TermScorer
from kb.search.searcher import SearchIndex
from kb.vocabulary import MAX_QUERY_LENGTH

MIN_WORD = 3  # shorter words have too many neighbours to guess from
_WORD = re.compile(r"[^\W_]+")


def replace_words(query: str, replacements: Mapping[str, str]) -> str | None:
    """Return ``query`` with each word (lower-cased) that ``replacements`` names replaced,
    everything else as typed; None when there is nothing to replace."""
    if not replacements:
        return None

    def swap(match: re.Match[str]) -> str:
        return replacements.get(match.group().lower(), match.group())

    return _WORD.sub(swap, query)


def _known(index: SearchIndex, scorer: TermScorer, word: str) -> bool:
    """True when the index holds ``word``: as written, by a stem, or typed without æøå."""
    return (scorer.doc_frequency("exact", word) > 0
            or any(scorer.doc_frequency("stem", s) > 0
                   for s in index.analyzer.forms(word).stems)
            or fold(word) in index.fold_map())


def close_words(index: SearchIndex, query: str) -> str | None:
    """Return ``query`` with every word the index does not hold replaced by the likeliest
    corpus word a few edits away, or None when no word could be replaced.

    Words in phrases and prefixes count; stop words, words of fewer than MIN_WORD
    letters and words with digits are left as typed. Raises SearchQueryError (``q``)
    for a query over MAX_QUERY_LENGTH characters.
    """
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchQueryError(
            f"Søket er for langt: {len(query)} tegn (høyst {MAX_QUERY_LENGTH}).", "q")
    words = sorted({w for clause in parse(query).clauses() for w in clause.words})
    replacements: dict[str, str] = {}
    with index.reader_lock:  # as kb.search.engine.search: one consistent state
        scorer = index.scorer()
        for word in words:
            if len(word) < MIN_WORD or not word.isalpha() or word in STOP_WORDS:
                continue
            if _known(index, scorer, word):
                continue
            near = [w for w in index.corrections(word) if w not in STOP_WORDS]
            if near:
                replacements[word] = near[0]
    return replace_words(query, replacements)
