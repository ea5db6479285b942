"""Search: an open build -> ranked, faceted, highlighted results.

Takes a query string (words, "phrases", OR, -exclusions, prefix*) and facet
filters, and gives :class:`~kb.models.SearchResults`: BM25 over cached postings
at several levels (exact > stem > parts/synonyms > related words > ASCII > fuzzy),
disjunctive facet counts, highlights, "did you mean". Every front end calls
:func:`search`; :func:`explain` says why each hit matched. A build made with the
model of meaning also gives, through :meth:`SearchIndex.dense_scores`, the cosine of
a query to every item (:attr:`SearchIndex.semantic` says whether it can).

Public names: :func:`open_index`, :func:`ensure_index`, :class:`SearchIndex`,
:func:`search`, :func:`highlighter_for`, :class:`Highlighter`, :func:`format_results`,
:func:`explain`, :class:`Explanation`.
"""

from kb.search.engine import highlighter_for, search
from kb.search.explain import Explanation, explain
from kb.search.highlight import Highlighter, Marks
from kb.search.opening import ensure_index, open_index
from kb.search.plaintext import format_results
from kb.search.searcher import SearchIndex

__all__ = ["Explanation", "Highlighter", "Marks", "SearchIndex", "ensure_index", "explain",
           "format_results", "highlighter_for", "open_index", "search"]
