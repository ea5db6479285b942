"""The municipality pages: ``/kommune`` (every municipality) and ``/kommune/<name>``.

A municipality's page names the region(s) it belonged to, as applicant
(søkerkommune) or partner (samarbeidskommune), and lists their lessons (advice,
goals, results, what came after) grouped by region and kind, each linked to its
anchor on the region page. Names are found in any case and however æ, ø and å are
typed; any other spelling than the slug is redirected to the slug's address. Like
every page, they render from the served build (its municipalities and items).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, redirect, render_template, url_for
from werkzeug.wrappers import Response

from kb.corpus import APPLICANT, Membership, Municipality
from kb.models import Document, Item
from kb.vocabulary import KIND_LABELS
from kb.web.browse import Group, by_kind
from kb.web.errorpages import Missing
from kb.web.state import current_index

bp = Blueprint("municipalities", __name__, url_prefix="/kommune")

# The kinds of item a municipality's page lists as its regions' lessons (the summary
# opens each region; facts, application text and news articles are left to the search).
LESSON_KINDS = ("advice", "goal", "result", "after")
ROLE_LABELS = {APPLICANT: "søkerkommune", "partner": "samarbeidskommune"}
MAX_NAME_LENGTH = 100  # longer than any municipality's name or slug


@dataclass(frozen=True)
class RegionLessons:
    """One region of a municipality's page: its place there, its pages and county, its
    other municipalities, its summary and its lessons by kind."""

    membership: Membership
    role: str
    documents: list[Document]
    county: str
    members: list[tuple[Municipality, str]]
    summary: list[Item]
    groups: list[Group]


@bp.app_context_processor
def helpers() -> dict[str, object]:
    return {"municipality_url": municipality_url}


def municipality_url(name: str) -> str | None:
    """The page of the municipality called ``name``, or None when the build knows none."""
    found = current_index().municipalities.find(name)
    return url_for("municipalities.page", name=found.slug) if found is not None else None


@bp.get("")
def index() -> str:
    """Every municipality of the regions in the knowledge base, alphabetically."""
    municipalities = list(current_index().municipalities)
    regions = {m.region for found in municipalities for m in found.memberships}
    return render_template("municipalities.html", municipalities=municipalities,
                           regions=len(regions), role_labels=ROLE_LABELS,
                           pages=_region_pages())


@bp.get("/<name>")
def page(name: str) -> str | Response:
    """One municipality: its regions and their lessons. 404 for a name no region has."""
    found = (current_index().municipalities.find(name)
             if len(name) <= MAX_NAME_LENGTH else None)
    if found is None:
        raise Missing(f"Det finnes ingen kommune «{name[:80]}» i kunnskapsbanken.", "name")
    if name != found.slug:
        return redirect(url_for("municipalities.page", name=found.slug), 301)
    regions = [_region_lessons(found, m) for m in found.memberships]
    return render_template("municipality.html", municipality=found, regions=regions,
                           role_labels=ROLE_LABELS,
                           search_url=url_for("web.search_page", municipality=found.name))


def _region_pages() -> dict[str, str]:
    """The slug of each region's first region page, by region name."""
    pages: dict[str, str] = {}
    for doc in current_index().documents():
        if doc.doc_type == "region":
            pages.setdefault(doc.region, doc.slug)
    return pages


def _role_in(municipality: Municipality, region: str) -> str:
    """The word for ``municipality``'s role in ``region`` ("søkerkommune" ...)."""
    role = next((m.role for m in municipality.memberships if m.region == region), "")
    return ROLE_LABELS.get(role, role)


def _region_lessons(municipality: Municipality, membership: Membership) -> RegionLessons:
    index = current_index()
    items = index.items_in_region(membership.region)
    by_slug = {doc.slug: doc for doc in index.documents()}
    documents = [by_slug[s] for s in membership.documents if s in by_slug]
    members = [(m, _role_in(m, membership.region))
               for name in index.municipalities.of_region(membership.region)
               if (m := index.municipalities.find(name)) is not None and m != municipality]
    summary = [it for it in items if it.kind == "summary" and it.doc in membership.documents]
    lessons = [it for it in items if it.kind in LESSON_KINDS]
    county = documents[0].county if documents else (items[0].county if items else "")
    return RegionLessons(membership, _role_in(municipality, membership.region), documents,
                         county, members, summary, by_kind(lessons, KIND_LABELS))
