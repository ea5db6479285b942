"""The requests of ``kb soak``: what readers of the web and users of the API ask for.

Drawn from the corpus the server serves: the benchmark's query mix and the judged
queries (:mod:`kb.measure.benchdata`) on the search page and the JSON API, with
their facet filters, a few CSV exports, region pages (some with marked words),
items and their similar items, the browsing pages, and odd inputs a server meets
(over-long queries, bad parameters, unknown pages, control characters). An odd
input may rightly be refused with a 4xx; every other request must answer 200.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from kb.corpus import Corpus
from kb.measure.benchdata import BenchQuery, judged_queries, query_mix
from kb.vocabulary import MAX_ID_LENGTH, MAX_PER_PAGE, MAX_QUERY_LENGTH

# How often each type of request is drawn (weights).
WEIGHTS = {"search page": 30, "api search": 20, "region page": 15, "item": 10, "browse": 10,
           "csv": 5, "odd input": 10}
ODD = "odd input"


@dataclass(frozen=True)
class SoakRequest:
    """One GET: its path with the query string, its type, and whether it is an odd input."""

    path: str
    kind: str

    @property
    def odd(self) -> bool:
        """True for an odd input: any answer below 500 is right."""
        return self.kind == ODD


class RequestMix:
    """Requests by type, drawn by :data:`WEIGHTS` (types with no requests are skipped)."""

    def __init__(self, requests: list[SoakRequest]) -> None:
        self.by_kind: dict[str, list[SoakRequest]] = {}
        for request in requests:
            self.by_kind.setdefault(request.kind, []).append(request)
        self.kinds = [k for k in WEIGHTS if self.by_kind.get(k)]
        self.weights = [WEIGHTS[k] for k in self.kinds]

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_kind.values())

    def pick(self, rng: random.Random) -> SoakRequest:
        """Return a request: a type by weight, then one of its requests uniformly."""
        kind = rng.choices(self.kinds, weights=self.weights)[0]
        return rng.choice(self.by_kind[kind])


def _search(path: str, query: BenchQuery, **extra: str) -> str:
    pairs = [("q", query.q)] if query.q else []
    pairs += [(name, value) for name, values in query.filters.items() for value in values]
    pairs += list(extra.items())
    return f"{path}?{urlencode(pairs)}" if pairs else path


def odd_inputs(corpus: Corpus) -> list[SoakRequest]:
    """Requests a server meets that may rightly be refused (400, 404) but never fail."""
    region = corpus.documents[0].slug if corpus.documents else "alesund"
    paths = [
        "/?" + urlencode({"q": "tillit " * (MAX_QUERY_LENGTH // 7 + 1)}),
        "/api/search?" + urlencode({"q": "x" * (MAX_QUERY_LENGTH + 1)}),
        f"/api/search?q=tillit&per_page={MAX_PER_PAGE + 1}", "/api/search?q=tillit&page=0",
        "/api/search?page=abc", "/api/search?q=tillit&kind=finnes-ikke",
        "/api/search?q=tillit&ukjent=1", "/?theme=finnes-ikke&theme=",
        "/?q=%00%01%02", "/?q=%22uavsluttet+frase", "/?q=-", "/?q=*", "/?q=OR+OR",
        "/?q=" + quote("🙂 ﷺ \u202e tillit"), "/?q=" + quote("<script>alert(1)</script>"),
        "/?page=999999", "/dokument/finnes-ikke", f"/dokument/{region}?q=" + quote('"'),
        "/dokument/" + "a" * (MAX_ID_LENGTH + 10), "/element/" + "x" * (MAX_ID_LENGTH + 1),
        "/api/items/finnes-ikke", "/api/items/%3Cscript%3E", "/tema/finnes-ikke",
        "/oversikt?kind=tull", "/rad?etter=tull", "/api/finnes-ikke", "/finnes-ikke",
        "/api/search.csv?" + urlencode({"q": "x" * (MAX_QUERY_LENGTH + 1)}),
    ]
    return [SoakRequest(path, ODD) for path in paths]


def request_mix(corpus: Corpus, seed: int = 1, skip_items_of: str = "") -> RequestMix:
    """Return the soak's requests over ``corpus``, the query mix drawn with ``seed``.

    Items of the document ``skip_items_of`` (the one the soak edits, whose item
    ids change with each rebuild) are left out of the item requests.
    """
    regions = sorted({(it.region, it.county) for it in corpus.items if it.region})
    queries = [*query_mix([it.text for it in corpus.items], regions, list(corpus.taxonomy.ids),
                          seed),
               *judged_queries()]
    requests = [SoakRequest(_search("/", q), "search page") for q in queries]
    requests += [SoakRequest(_search("/", q, page="2"), "search page") for q in queries[::7]]
    requests += [SoakRequest(_search("/api/search", q), "api search") for q in queries]
    requests += [SoakRequest(_search("/api/search.csv", q), "csv") for q in queries[::5]]
    words = [q.q for q in queries if q.q and " " not in q.q][:10] or ["tillit"]
    for n, doc in enumerate(corpus.documents):
        marked = urlencode({"q": words[n % len(words)]})
        requests += [SoakRequest(f"/dokument/{doc.slug}", "region page"),
                     SoakRequest(f"/dokument/{doc.slug}?{marked}", "region page")]
    items = [it for it in corpus.items if it.doc != skip_items_of]
    for item in random.Random(seed).sample(items, min(40, len(items))):
        requests += [SoakRequest(f"/element/{item.id}", "item"),
                     SoakRequest(f"/api/items/{item.id}", "item")]
    browse = ["/tema", "/rad", "/rad?etter=region", "/oversikt", "/oversikt?kind=advice",
              "/regioner", "/api/", "/api/openapi.json"]
    browse += [f"/tema/{theme_id}" for theme_id in corpus.taxonomy.ids]
    requests += [SoakRequest(path, "browse") for path in browse]
    return RequestMix(requests + odd_inputs(corpus))
