"""Request arguments -> search arguments, and the URLs of a search page's state.

The search page and the JSON API read the same GET parameters (``q``, ``theme``,
``region``, ``county``, ``kind``, ``municipality`` (repeatable), ``sort``, ``correct``,
``page``, ``per_page``); every state is a URL, so facet toggles, chips, sorting and
pages are plain links (facets as data, in Datasette's manner).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict, Unpack
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from kb.errors import SearchQueryError
from kb.models import FacetValue, SearchResults
from kb.vocabulary import (
    DEFAULT_PER_PAGE,
    FACET_FIELDS,
    FACET_LABELS,
    SORT_LABELS,
    SORT_ORDERS,
)

KNOWN_PARAMETERS = frozenset({"q", "page", "per_page", "sort", "correct", *FACET_FIELDS})
# ``correct``: 1 (the default) searches misspelt words as corrected, 0 as typed.
CORRECT_VALUES = {"1": True, "0": False}
MAX_FILTER_VALUES = 50
MAX_PAGE = 1_000_000
FACET_NAMES = FACET_LABELS
FACET_ORDER = ("theme", "kind", "region", "county", "municipality")


class StateChanges(TypedDict, total=False):
    """What a link may change in a search's state (the keywords of :meth:`SearchRequest.url`)."""

    q: str
    page: int
    filters: Mapping[str, Sequence[str]]
    sort: str
    correct: bool


@dataclass(frozen=True)
class SearchRequest:
    """The search a request asks for.

    ``problems`` are messages about parameters the page could not use and replaced by
    their defaults (an unknown ``sort``); the API refuses those instead.
    """

    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    sort: str = SORT_ORDERS[0]
    correct: bool = True
    problems: tuple[str, ...] = ()

    @property
    def is_landing(self) -> bool:
        """True for the first page of an empty search without filters."""
        return not self.query.strip() and not self.filters and self.page == 1

    def params(self, **changes: Unpack[StateChanges]) -> list[tuple[str, str]]:
        """Return the request as URL parameters, with ``changes`` (q, page, filters, sort,
        correct) applied. A changed search starts on page 1; a new query searches with
        corrections again unless ``correct`` is given."""
        query = str(changes.get("q", self.query))
        filters = changes.get("filters", self.filters)
        sort = changes.get("sort", self.sort)
        correct = changes.get("correct", True if "q" in changes else self.correct)
        changed = bool({"q", "filters", "sort", "correct"} & set(changes))
        page = int(changes.get("page", 1 if changed else self.page))
        pairs: list[tuple[str, str]] = [("q", query)] if query else []
        for name in FACET_FIELDS:
            pairs += [(name, value) for value in filters.get(name, [])]
        if sort != SORT_ORDERS[0]:
            pairs.append(("sort", sort))
        if not correct:
            pairs.append(("correct", "0"))
        if page > 1:
            pairs.append(("page", str(page)))
        if self.per_page != 10:
            pairs.append(("per_page", str(self.per_page)))
        return pairs

    def url(self, path: str, **changes: Unpack[StateChanges]) -> str:
        """Return ``path`` with this request's parameters (``changes`` applied)."""
        pairs = self.params(**changes)
        return f"{path}?{urlencode(pairs)}" if pairs else path

    def export_url(self, path: str) -> str:
        """Return ``path`` with the search's parameters but not the page's (page,
        per_page): an export holds every hit."""
        pairs = [(k, v) for k, v in self.params(page=1) if k != "per_page"]
        return f"{path}?{urlencode(pairs)}" if pairs else path

    def toggled(self, name: str, value: str) -> dict[str, list[str]]:
        """Return the filters with ``value`` of facet ``name`` added or removed."""
        filters = {k: list(v) for k, v in self.filters.items()}
        values = filters.setdefault(name, [])
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        return {k: v for k, v in filters.items() if v}


def _whole_number(args: MultiDict[str, str], name: str, default: int) -> int:
    raw = args.get(name)
    if raw is None or raw.strip() == "":
        return default
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 7:
        raise SearchQueryError(
            f"«{name}» må være et helt tall fra 1 og oppover, ikke «{raw[:40]}».", parameter=name)
    return int(raw)


def _choice(args: MultiDict[str, str], name: str, allowed: Sequence[str], strict: bool,
            problems: list[str]) -> str | None:
    """The value of ``name`` when it is one of ``allowed`` (None when absent or empty).
    Raises SearchQueryError for another value when ``strict``; else adds a message to
    ``problems`` and returns None (the default applies)."""
    raw = args.get(name, "").strip()
    if not raw or raw in allowed:
        return raw or None
    message = f"«{name}» kan være {', '.join(allowed)}, ikke «{raw[:40]}»."
    if strict:
        raise SearchQueryError(message, parameter=name)
    problems.append(message)
    return None


def parse_search_args(args: MultiDict[str, str], *, strict: bool = False,
                      allow_per_page: bool = True) -> SearchRequest:
    """Read a search from GET arguments.

    Raises SearchQueryError (naming the parameter) for a page or per_page that is
    not a whole number, too many values of one filter, and, when ``strict``, an
    unknown parameter or an unknown ``sort`` or ``correct`` value (not strict: the
    default, and a message in ``problems``). Limits on the query and page size are
    kb.search.engine's.
    """
    if strict:
        for name in args:
            if name not in KNOWN_PARAMETERS:
                known = ", ".join(sorted(KNOWN_PARAMETERS))
                raise SearchQueryError(f"Ukjent parameter «{name[:40]}». Kjente: {known}.",
                                       parameter=name[:40])
    filters: dict[str, list[str]] = {}
    for name in FACET_FIELDS:
        values = list(dict.fromkeys(v.strip() for v in args.getlist(name) if v.strip()))
        if len(values) > MAX_FILTER_VALUES:
            raise SearchQueryError(f"For mange verdier for «{name}» (høyst {MAX_FILTER_VALUES}).",
                                   parameter=name)
        if values:
            filters[name] = values
    page = _whole_number(args, "page", 1)
    per_page = _whole_number(args, "per_page", 10) if allow_per_page else 10
    problems: list[str] = []
    sort = _choice(args, "sort", SORT_ORDERS, strict, problems) or SORT_ORDERS[0]
    correct = _choice(args, "correct", tuple(CORRECT_VALUES), strict, problems)
    return SearchRequest(query=args.get("q", ""), filters=filters, page=page, per_page=per_page,
                         sort=sort, correct=CORRECT_VALUES.get(correct or "1", True),
                         problems=tuple(problems))


@dataclass(frozen=True)
class FacetOption:
    """One facet value as the page shows it: the value, its count and its toggle link."""

    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    options: list[FacetOption]


@dataclass(frozen=True)
class Chip:
    """An active filter and the link that removes it."""

    facet: str
    facet_title: str
    label: str
    remove_url: str


def facets(request: SearchRequest, results: SearchResults, path: str) -> list[Facet]:
    """Return the result's facets in page order, each value with its toggle URL.

    An empty value (the programme pages have no region or county) cannot be
    chosen in a URL, so it is left out.
    """
    out = []
    for name in FACET_ORDER:
        values: Sequence[FacetValue] = [v for v in results.facets.get(name, []) if v.value]
        options = [FacetOption(v.value, v.label, v.count, v.selected,
                               request.url(path, filters=request.toggled(name, v.value)))
                   for v in values]
        out.append(Facet(name, FACET_NAMES[name], options))
    return out


def chips(request: SearchRequest, results: SearchResults, path: str) -> list[Chip]:
    """Return one removable chip per active filter value, labelled as its facet labels it."""
    out = []
    for name in FACET_ORDER:
        labels: Mapping[str, str] = {v.value: v.label for v in results.facets.get(name, [])}
        for value in request.filters.get(name, []):
            out.append(Chip(name, FACET_NAMES[name], labels.get(value, value),
                            request.url(path, filters=request.toggled(name, value))))
    return out


@dataclass(frozen=True)
class SortOption:
    """One order the hits may be listed in, as the sort control offers it."""

    value: str
    label: str
    selected: bool


def sort_options(request: SearchRequest) -> list[SortOption]:
    """Return the orders of :data:`SORT_ORDERS` with their labels, the request's selected."""
    return [SortOption(v, SORT_LABELS[v], v == request.sort) for v in SORT_ORDERS]


def page_links(request: SearchRequest, pages: int, path: str,
               window: int = 2) -> list[tuple[int | None, str | None]]:
    """Return (page number, URL) pairs for a pager; (None, None) marks a gap."""
    current = request.page
    wanted = {1, pages, *range(current - window, current + window + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= pages)
    out: list[tuple[int | None, str | None]] = []
    previous = 0
    for n in numbers:
        if n - previous > 1:
            out.append((None, None))
        out.append((n, request.url(path, page=n)))
        previous = n
    return out
