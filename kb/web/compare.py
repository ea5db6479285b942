"""``/sammenlign``: two to four regions side by side, and the forms that choose them.

``/sammenlign?region=<slug>&region=<slug>`` (the document slugs of region pages)
shows the regions' facts, then their goals, results and advice in rows by theme
(:mod:`kb.web.comparison`), each item linked to its anchor on its region page.
Without ``region`` the page offers the choice; a choice that cannot be compared
(one region, five, an unknown or repeated one, junk) gets the page with what is wrong,
the form with the valid regions ticked, and status 400. Templates get
``region_pages()`` for the "Sammenlign" forms on ``/regioner`` and on a region page.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from kb.models import Document
from kb.vocabulary import COMPARE_MAX_REGIONS, COMPARE_MIN_REGIONS
from kb.web.comparison import choose_regions, number_word, side_by_side
from kb.web.state import current_index

bp = Blueprint("compare", __name__)


def region_pages() -> list[Document]:
    """The served build's region pages, in corpus order."""
    return [doc for doc in current_index().documents() if doc.doc_type == "region"]


@bp.app_context_processor
def compare_helpers() -> dict[str, object]:
    return {"region_pages": region_pages, "compare_min": COMPARE_MIN_REGIONS,
            "compare_max": COMPARE_MAX_REGIONS, "number_word": number_word}


@bp.get("/sammenlign")
def page() -> ResponseReturnValue:
    """The comparison of the chosen regions, the form to choose them, or (400) what is
    wrong with the choice beside the form."""
    regions = region_pages()
    values = request.args.getlist("region")
    if not values:
        return render_template("compare.html", regions=regions, chosen=[], problems=[],
                               tables=[])
    choice = choose_regions(values, {doc.slug: doc for doc in regions})
    if choice.problems:
        return render_template("compare.html", regions=regions, chosen=choice.documents,
                               problems=choice.problems, tables=[]), 400
    index = current_index()
    themes = [(theme.id, theme.label) for theme in index.taxonomy.themes]
    items = [it for doc in choice.documents for it in index.items_of(doc.slug)]
    tables = side_by_side(choice.documents, items, themes)
    return render_template("compare.html", regions=regions, chosen=choice.documents,
                           problems=[], tables=tables)
