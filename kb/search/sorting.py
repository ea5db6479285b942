"""The order of a search's hits: the ranking's (relevance), or by region or kind.

Sorting by region or by kind keeps the ranking's tiers (every item holding all the
query words before the rest) and, within a tier and a region or kind, the ranking's
order. Regions sort alphabetically the Norwegian way (æ, ø, å after z), items with
no region last; kinds in :data:`kb.vocabulary.KIND_SORT_ORDER` (advice first).
No search engine here: numpy over per-document facet codes.
"""

from __future__ import annotations

import numpy as np

from kb.errors import SearchQueryError
from kb.search.facets import FacetArrays
from kb.search.scoring import top
from kb.vocabulary import KIND_SORT_ORDER, SORT_ORDERS

RELEVANCE = SORT_ORDERS[0]
_COLLATE = str.maketrans({"æ": "{", "ø": "|", "å": "}", "Æ": "{", "Ø": "|", "Å": "}"})


def collation_key(text: str) -> str:
    """``text`` as a key that sorts the Norwegian way (æ, ø, å after z, case ignored)."""
    return text.translate(_COLLATE).lower()


def check_sort(sort: object) -> str:
    """Return ``sort`` when it is one of :data:`SORT_ORDERS`; raises SearchQueryError
    (parameter ``sort``) otherwise."""
    if not isinstance(sort, str) or sort not in SORT_ORDERS:
        shown = str(sort)[:40]
        raise SearchQueryError(f"Ukjent sortering «{shown}» (kjente: {', '.join(SORT_ORDERS)}).",
                               "sort")
    return sort


def group_ranks(arrays: FacetArrays, sort: str) -> np.ndarray:
    """Each document's place in the ``sort`` order of its region or kind (int32; a
    document without a value comes last)."""
    values = arrays.values[sort]
    if sort == "kind":
        place = {kind: n for n, kind in enumerate(KIND_SORT_ORDER)}
        ranks = [place.get(v, len(place)) for v in values]
    else:
        keyed = sorted(range(len(values)), key=lambda n: collation_key(values[n]))
        ranks = [0] * len(values)
        for place_of, n in enumerate(keyed):
            ranks[n] = place_of
    lookup = np.array([*ranks, len(values) + len(KIND_SORT_ORDER)], dtype=np.int32)
    codes = arrays.codes[sort]
    # A code of -1 (no value) picks the lookup's last entry: after every value.
    ranked: np.ndarray = lookup[codes]
    return ranked


def page_of(sort: str, arrays: FacetArrays, candidates: np.ndarray, scores: np.ndarray | None,
            full: np.ndarray, browse: np.ndarray, start: int, count: int) -> np.ndarray:
    """The document numbers of one page of hits in ``sort`` order.

    ``candidates`` are the listed documents (in document order), ``scores`` their
    ranking scores by document number (None for a search without words: ``browse``
    then gives the candidates in browsing order), ``full`` which documents hold every
    query word. Raises SearchQueryError for an unknown ``sort``.
    """
    check_sort(sort)
    if sort == RELEVANCE:
        if scores is None:
            return browse[start:start + count]
        return top(scores, candidates, start + count)[start:]
    groups = group_ranks(arrays, sort)
    if scores is None:
        # browse order within each group: a stable sort of the browsing order by group
        order = browse[np.argsort(groups[browse], kind="stable")]
        return order[start:start + count]
    keys = (candidates, -scores[candidates], groups[candidates], ~full[candidates])
    order = candidates[np.lexsort(keys)]
    return order[start:start + count]
