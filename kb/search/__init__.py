"""Search: an open build -> ranked, faceted, highlighted results.

Takes a query string (words, "phrases", OR, -exclusions, prefix*) and facet
filters, and gives :class:`~kb.models.SearchResults`: BM25 over cached postings
at several levels (exact > stem > parts/synonyms > related words > ASCII > fuzzy),
disjunctive facet counts, highlights, "did you mean", in the order asked for
(relevance, region, kind). Every front end calls :func:`search` (:func:`search_all`:
every hit, bounded, for an export); :func:`explain` says why each hit matched;
:func:`close_words` offers close words for a query that finds nothing. A build made with the
model of meaning also gives, through :meth:`SearchIndex.dense_scores`, the cosine of
a query to every item (:attr:`SearchIndex.semantic` says whether it can).

Public names: :func:`open_index`, :func:`ensure_index`, :class:`SearchIndex`,
:func:`search`, :func:`search_all`, :func:`highlighter_for`, :class:`Highlighter`,
:func:`format_results`, :func:`explain`, :class:`Explanation`, :func:`close_words`.
"""

from kb.search.engine import highlighter_for, search, search_all
from kb.search.explain import Explanation, explain
from kb.search.highlight import Highlighter, Marks
from kb.search.opening import ensure_index, open_index
from kb.search.plaintext import format_results
from kb.search.searcher import SearchIndex
from kb.search.suggest import close_words

__all__ = ["Explanation", "Highlighter", "Marks", "SearchIndex", "close_words", "ensure_index",
           "explain", "format_results", "highlighter_for", "open_index", "search", "search_all"]
