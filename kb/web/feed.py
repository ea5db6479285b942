"""``/feed/advice.atom``: every piece of advice of the served build as an Atom feed.

One entry per advice item, newest page first:

- ``id``: ``urn:uuid:`` of the item's id (:func:`kb.web.atom.urn_id`), so an entry
  keeps its id across rebuilds as long as its text is unchanged;
- ``updated``: when the item's page was imported or last changed (the corpus file's
  ``imported:`` date, kept in the build); a page without that date counts as changed
  when the served build was made;
- ``link``: the item's anchor on its region page, from the configured base URL
  (``KB_BASE_URL`` / ``--base-url``, as the CSV export's links; relative without one),
  never from the request's Host header;
- ``title`` the advice (shortened when long), ``content`` its whole text, ``author``
  its region (with its source page), ``category`` its themes.

Answers ``If-None-Match`` / ``If-Modified-Since`` with 304, so a reader polling an
unchanged feed gets no body.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, current_app, request, url_for

from kb.models import Document, Item
from kb.vocabulary import is_web_url
from kb.web.atom import MEDIA_TYPE, Entry, Feed, feed_xml, urn_id
from kb.web.state import current_index
from kb.web.urls import item_url

bp = Blueprint("feed", __name__, url_prefix="/feed")

FEED_TITLE = "Råd fra Byregionprogrammet"
FEED_SUBTITLE = ("Regionenes egne råd for samarbeid om regional utvikling, "
                 "fra Byregion-kunnskapsbanken")
FEED_AUTHOR = "Byregion-kunnskapsbanken"
TITLE_LENGTH = 120  # characters of an entry's title; the content has the whole advice


def short_title(text: str, length: int = TITLE_LENGTH) -> str:
    """Return ``text`` on one line, cut at a word before ``length`` characters ("…")."""
    line = " ".join(text.split())
    if len(line) <= length:
        return line
    cut = line[:length - 1].rsplit(" ", 1)[0] or line[:length - 1]
    return cut.rstrip(" ,.;:–-") + "…"


def advice_entry(item: Item, doc: Document | None, base_url: str, undated: dt.datetime,
                 theme_label: dict[str, str]) -> Entry:
    """Return the entry of one advice item (``doc``: its document; ``undated``: the
    date of a page without an ``imported`` date). Needs an application context."""
    source = doc.source_url if doc is not None else item.source_url
    return Entry(
        id=urn_id(item.id),
        title=short_title(item.text),
        updated=doc.imported if doc is not None and doc.imported is not None else undated,
        link=base_url + item_url(item),
        content=item.text,
        author=item.region or item.title,
        author_uri=source if is_web_url(source) else "",
        language=item.language,
        categories=tuple((t, theme_label.get(t, t)) for t in item.themes),
    )


@bp.get("/advice.atom")
def advice() -> Response:
    """The advice feed (``application/atom+xml``), or 304 when the reader has it."""
    index = current_index()
    base_url: str = current_app.config["BASE_URL"]
    built_at = index.built.built_at or dt.datetime.now(dt.UTC)
    documents = {doc.slug: doc for doc in index.documents()}
    labels = {theme.id: theme.label for theme in index.taxonomy.themes}
    entries = [advice_entry(it, documents.get(it.doc), base_url, built_at, labels)
               for it in index.items() if it.kind == "advice"]
    entries.sort(key=lambda entry: entry.updated, reverse=True)  # stable: page order kept
    feed = Feed(
        id=urn_id("feed:advice"), title=FEED_TITLE, subtitle=FEED_SUBTITLE,
        updated=max((entry.updated for entry in entries), default=built_at),
        self_link=base_url + url_for("feed.advice"),
        alternate_link=base_url + url_for("web.advice"),
        author=FEED_AUTHOR, language="nb", entries=entries,
    )
    response = Response(feed_xml(feed), mimetype=MEDIA_TYPE)
    response.last_modified = feed.updated
    response.add_etag()
    response.make_conditional(request)  # 304 without a body when the reader has it
    return response
