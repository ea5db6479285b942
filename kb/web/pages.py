"""The HTML pages (Norwegian Bokmål UI): search, documents, themes, advice, overview, items.

Every page is a plain GET with its state in the URL, works without JavaScript
and is rendered from autoescaped Jinja templates; only the search's highlight
(escaped by kb.search.highlight) and the document body (escaped by kb.web.render)
are marked safe. Every page shows the served build, never the corpus folder.
"""

from __future__ import annotations

import re
from collections import Counter

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from kb.errors import SearchQueryError
from kb.models import Document, Item
from kb.search import highlighter_for, search
from kb.vocabulary import (
    FACT_LABELS,
    ITEM_KINDS,
    KIND_LABELS,
    MAX_EXPORT_HITS,
    MAX_ID_LENGTH,
    MAX_QUERY_LENGTH,
    MAX_SLUG_LENGTH,
    SLUG_PATTERN,
    is_web_url,
)
from kb.web import browse
from kb.web.errorpages import Missing
from kb.web.params import (
    SearchRequest,
    chips,
    facets,
    page_links,
    parse_search_args,
    sort_options,
)
from kb.web.recovery import recover
from kb.web.render import Link, Rendered, render_document
from kb.web.state import current_index
from kb.web.urls import item_page_url, item_url

bp = Blueprint("web", __name__)

ID_PATTERN = re.compile(rf"[a-z0-9][a-z0-9_-]{{0,{MAX_ID_LENGTH - 1}}}", re.I)
DOC_TYPE_LABELS = {"region": "Regionside", "programme": "Om programmet", "news": "Nyhet"}


def theme_label(theme_id: str) -> str:
    """Return a theme's label, or its id when the taxonomy does not know it."""
    return current_index().taxonomy.label(theme_id)


def theme_pairs() -> list[tuple[str, str]]:
    """Return (id, label) of every theme in taxonomy order."""
    return [(t.id, t.label) for t in current_index().taxonomy.themes]


def kind_badge(item: Item) -> str:
    """Return the kind's word, with the advice's number ("Råd 1 av 3")."""
    label = KIND_LABELS.get(item.kind, item.kind)
    if item.kind == "advice" and item.section_size > 1:
        return f"{label} {item.number} av {item.section_size}"
    return label


@bp.app_context_processor
def helpers() -> dict[str, object]:
    return {"theme_label": theme_label, "kind_badge": kind_badge, "kind_labels": KIND_LABELS,
            "document_url": item_url, "item_page_url": item_page_url, "header_query": "",
            "search_state": SearchRequest(),
            "max_query_length": MAX_QUERY_LENGTH}


# `{% if url is safe_url %}`: only http(s) addresses with a host become links, also
# from an index built before import and check refused other schemes.
bp.add_app_template_test(is_web_url, "safe_url")


def is_slug(slug: str) -> bool:
    """True when ``slug`` could name a document: the slug pattern, at most MAX_SLUG_LENGTH."""
    return len(slug) <= MAX_SLUG_LENGTH and SLUG_PATTERN.match(slug) is not None


@bp.app_template_filter("thousands")
def thousands(number: int) -> str:
    """Format a whole number the Norwegian way: 76 680 (with a no-break space)."""
    return f"{number:,}".replace(",", "\u00a0")


@bp.app_template_filter("number")
def decimal(number: float) -> str:
    """Format a number with a decimal comma and no needless decimals: 555, 12,5."""
    text = f"{number:,.1f}".rstrip("0").rstrip(".") if number % 1 else f"{int(number):,}"
    return text.replace(",", "\u00a0").replace(".", ",")


@bp.get("/")
def search_page() -> str:
    """The search page: query box, facets, chips, sort, hits, pagination, exports; the
    landing view; and the ways out of a search that finds nothing."""
    req = parse_search_args(request.args)
    index = current_index()
    results = search(index, req.query, req.filters, req.page, req.per_page, sort=req.sort,
                     correct=req.correct)
    path = url_for("web.search_page")
    did_you_mean_url = literal_url = None
    if results.did_you_mean and results.corrected:
        literal_url = req.url(path, q=req.query, correct=False)
    elif results.did_you_mean:
        did_you_mean_url = req.url(path, q=results.did_you_mean)
    return render_template(
        "search.html", req=req, results=results, header_query=req.query, search_state=req,
        facets=facets(req, results, path), chips=chips(req, results, path),
        pages=page_links(req, results.pages, path), sort_options=sort_options(req),
        sort_kept=[(name, value) for name, value in req.params(page=1) if name != "sort"],
        clear_url=req.url(path, filters={}),
        did_you_mean_url=did_you_mean_url, literal_url=literal_url,
        recovery=recover(index, req, results, path) if results.total == 0 else None,
        json_url=req.url(url_for("api.search")), csv_url=req.url(url_for("api.search_csv")),
        export_json_url=req.export_url(url_for("api.search_export")),
        export_excel_url=req.export_url(url_for("exports.excel")),
        export_limit=MAX_EXPORT_HITS,
        first_number=(results.page - 1) * results.per_page + 1,
    )


def _search_state() -> SearchRequest:
    """The search a region or item page was reached from (its parameters ride along on
    the hit's link), for the way back and the header's search box; an empty search
    when they are missing or cannot be read (the page itself is still shown)."""
    try:
        return parse_search_args(request.args)
    except SearchQueryError:
        return SearchRequest()


def _documents() -> dict[str, Document]:
    return {doc.slug: doc for doc in current_index().documents()}


def _render_body(doc: Document, items: list[Item], state: SearchRequest,
                 query: str) -> Rendered:
    """The document's body as the served build holds it, ``query`` (the search's words)
    marked as the search marks them; each item links once, lightly, to its own page (its
    themes, similar items), carrying the search. Raises SearchQueryError for an over-long
    query."""
    params = state.params()

    def links_for(item: Item) -> list[Link]:
        return [Link(item_page_url(item, state=params), "Tema og lignende", "item-link")]

    return render_document(doc, items, links_for=links_for,
                           highlight=highlighter_for(current_index(), query,
                                                     correct=state.correct))


def _fact_anchors(facts: list[Item]) -> dict[str, str]:
    """The anchor of each fact field's item: a fact item's text is "<its label>: <value>"."""
    return {field: it.anchor for it in facts for field, label in FACT_LABELS.items()
            if it.text.startswith(f"{label}:")}


@bp.get("/dokument/<slug>")
def document(slug: str) -> str:
    """A document page: its body with anchored items, the facts box and its themes."""
    doc = _documents().get(slug) if is_slug(slug) else None
    if doc is None:
        raise Missing(f"Det finnes ingen side med navnet «{slug[:80]}».", "slug")
    items = current_index().items_of(slug)
    state = _search_state()
    query = state.query[:MAX_QUERY_LENGTH].strip()
    rendered = _render_body(doc, items, state, query)
    theme_counts = Counter(t for it in items for t in it.themes)
    doc_themes = [(tid, label, theme_counts[tid]) for tid, label in theme_pairs()
                  if theme_counts[tid]]
    facts = [it for it in items if it.kind == "fact"]
    fact_anchors = _fact_anchors(facts)
    return render_template(
        "document.html", doc=doc, items=items, rendered=rendered, query=query,
        search_state=state, header_query=state.query,
        back_url=_back_url(state),
        doc_themes=doc_themes, fact_items=facts, fact_anchors=fact_anchors,
        doc_type_label=DOC_TYPE_LABELS.get(doc.doc_type),
    )


@bp.get("/regioner")
def documents() -> str:
    """Every document: the region pages, then the programme pages and the news."""
    docs = list(_documents().values())
    groups = [(label, [d for d in docs if d.doc_type == kind])
              for kind, label in (("region", "Regionsider"), ("programme", "Om programmet"),
                                  ("news", "Nyheter"))]
    counts = Counter(it.doc for it in current_index().items())
    return render_template("documents.html", groups=[g for g in groups if g[1]], counts=counts,
                           region_counts=_region_counts(docs, counts))


def _region_counts(docs: list[Document], counts: Counter[str]) -> dict[str, tuple[int, str]]:
    """Per region: how many items the search's region facet counts for it (those of
    every document of the region, news included) and what they are, in words
    ("regionsiden og 1 nyhet"), so /regioner says what the facet says."""
    out: dict[str, tuple[int, str]] = {}
    for region in dict.fromkeys(d.region for d in docs if d.region):
        own = [d for d in docs if d.region == region]
        total = sum(counts[d.slug] for d in own)
        pages = sum(1 for d in own if d.doc_type == "region")
        news = sum(1 for d in own if d.doc_type == "news")
        parts = ["regionsiden" if pages == 1 else f"{pages} regionsider"] if pages else []
        if news:
            parts.append(f"{news} {'nyhet' if news == 1 else 'nyheter'}")
        out[region] = (total, " og ".join(parts))
    return out


@bp.get("/tema")
def themes() -> str:
    """The list of themes with their counts of items and of advice."""
    items = current_index().items()
    total = Counter(t for it in items for t in it.themes)
    advice = Counter(t for it in items if it.kind == "advice" for t in it.themes)
    return render_template("themes.html", themes=current_index().taxonomy.themes,
                           total=total, advice=advice)


@bp.get("/tema/<theme_id>")
def theme(theme_id: str) -> str:
    """One theme: its items grouped by kind (advice first), each kind by region."""
    found = current_index().taxonomy.get(theme_id)
    if found is None:
        raise Missing(f"Det finnes ikke noe tema «{theme_id[:80]}».", "theme")
    items = [it for it in current_index().items() if theme_id in it.themes]
    groups = [(g, browse.by_region(g.items)) for g in browse.by_kind(items, KIND_LABELS)]
    return render_template("theme.html", theme=found, groups=groups, total=len(items))


@bp.get("/rad")
def advice() -> ResponseReturnValue:
    """Every piece of advice once: region by region, each region's list as it gave it
    (its heading once, the advice in its order, themes as labels), after an index of
    the themes leading to the advice of each. ``?etter=tema``, the grouping that listed
    advice under each of its themes, redirects here; another ``etter`` is a 400."""
    grouping = request.args.get("etter", "region")
    if grouping == "tema":
        return redirect(url_for("web.advice"), code=301)
    if grouping != "region":
        raise SearchQueryError("«etter» kan bare være «region».", parameter="etter")
    items = [it for it in current_index().items() if it.kind == "advice"]
    regions = [(g, browse.by_section(g.items)) for g in browse.by_region(items)]
    return render_template("advice.html", regions=regions, total=len(items),
                           themes=browse.theme_counts(items, theme_pairs()))


@bp.get("/oversikt")
def overview() -> str:
    """The theme x region overview as a heat map; ``?kind=`` narrows it to one kind."""
    kind = request.args.get("kind", "")
    if kind and kind not in ITEM_KINDS:
        raise SearchQueryError(f"Ukjent type «{kind[:40]}».", parameter="kind")
    items = [it for it in current_index().items() if not kind or it.kind == kind]
    grid = browse.overview(items, theme_pairs())
    return render_template("overview.html", grid=grid, kind=kind, kinds=ITEM_KINDS)


@bp.get("/element/<item_id>")
def item(item_id: str) -> str:
    """One item with similar items from other regions."""
    found = current_index().get_item(item_id) if ID_PATTERN.fullmatch(item_id) else None
    if found is None:
        raise Missing(f"Det finnes ikke noe element med id «{item_id[:80]}».", "id")
    similar = current_index().similar(found.id, limit=5)
    state = _search_state()
    return render_template("item.html", item=found, similar=similar, search_state=state,
                           header_query=state.query, back_url=_back_url(state))


def _back_url(state: SearchRequest) -> str | None:
    """The search page exactly as it was left (query, filters, sort, page), or None
    when the page was not reached from a search."""
    return state.url(url_for("web.search_page")) if state.params() else None
