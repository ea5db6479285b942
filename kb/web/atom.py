"""Atom feeds (RFC 4287) as bytes, built with the standard library's ElementTree (pure).

ElementTree escapes every text and attribute, so a feed is well-formed whatever the
corpus holds; characters XML 1.0 cannot carry at all (most control characters) are
left out. No feed library is needed for one feed of plain-text entries (feedgen
would bring lxml and dateutil along for what these ~100 lines do).

Ids are ``urn:uuid:`` names (RFC 4122 version 5) of a stable key under
:data:`ID_NAMESPACE`: the same key gives the same id on every build and machine,
and needs no domain of our own (a ``tag:`` URI would).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MEDIA_TYPE = "application/atom+xml"
# Never change it: every feed and entry id is derived from it.
ID_NAMESPACE = uuid.UUID("a2449cc6-3a54-45b3-9804-122a200d782c")
# Characters XML 1.0 does not allow in a document (RFC 4287 feeds are XML 1.0).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Entry:
    """One entry: ``link`` its page, ``author`` who said it, ``categories`` (term, label)."""

    id: str
    title: str
    updated: dt.datetime
    link: str
    content: str
    author: str
    author_uri: str = ""
    language: str = ""
    categories: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Feed:
    """A feed: ``self_link`` its own address, ``alternate_link`` the page it mirrors."""

    id: str
    title: str
    subtitle: str
    updated: dt.datetime
    self_link: str
    alternate_link: str
    author: str
    language: str
    entries: list[Entry]


def urn_id(key: str) -> str:
    """Return the stable ``urn:uuid:`` id of ``key`` (the same key, the same id)."""
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, key)}"


def atom_time(value: dt.datetime) -> str:
    """Return an aware ``value`` as an RFC 3339 date-time in UTC ("2024-05-01T12:00:00Z").
    Raises ValueError for a naive one."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("an Atom date needs a time zone")
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def xml_text(text: str) -> str:
    """Return ``text`` without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", text)


def _add(parent: ET.Element, tag: str, text: str | None = None,
         **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag,
                            {name: xml_text(value) for name, value in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _author(parent: ET.Element, name: str, uri: str = "") -> None:
    author = _add(parent, "author")
    _add(author, "name", name)
    if uri:
        _add(author, "uri", uri)


def feed_xml(feed: Feed) -> bytes:
    """Return ``feed`` as an Atom document (UTF-8, with its XML declaration)."""
    # The namespace as a plain attribute: ElementTree's default_namespace would refuse
    # the unqualified attributes (rel, href) Atom uses.
    root = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: feed.language})
    _add(root, "id", feed.id)
    _add(root, "title", feed.title)
    _add(root, "subtitle", feed.subtitle)
    _add(root, "updated", atom_time(feed.updated))
    _add(root, "link", rel="self", type=MEDIA_TYPE, href=feed.self_link)
    _add(root, "link", rel="alternate", type="text/html", href=feed.alternate_link)
    _author(root, feed.author)
    for entry in feed.entries:
        element = _add(root, "entry")
        if entry.language:
            element.set(XML_LANG, entry.language)
        _add(element, "id", entry.id)
        _add(element, "title", entry.title, type="text")
        _add(element, "updated", atom_time(entry.updated))
        _add(element, "link", rel="alternate", type="text/html", href=entry.link)
        _author(element, entry.author, entry.author_uri)
        for term, label in entry.categories:
            _add(element, "category", term=term, label=label)
        _add(element, "content", entry.content, type="text")
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document
