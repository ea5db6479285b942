"""``/feed/advice.atom``: a valid Atom feed of every piece of advice, parsed as XML."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kb.corpus import read_document
from kb.search import SearchIndex
from kb.web.app import create_app
from kb.web.atom import Entry, Feed, feed_xml
from kb.web.feed import short_title
from kb.web.state import current_index

NS = {"a": "http://www.w3.org/2005/Atom"}
ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://kb.example.no"
FORGED_HOST = "evil.example"
FEED = "/feed/advice.atom"


def _parse(body: bytes) -> ET.Element:
    root = ET.fromstring(body)
    assert root.tag == f"{ATOM}feed"
    return root


def _text(element: ET.Element, path: str) -> str:
    found = element.find(path, NS)
    assert found is not None and found.text, f"missing {path}"
    return found.text


def _time(text: str) -> dt.datetime:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", text), text  # RFC 3339, UTC
    return dt.datetime.fromisoformat(text)


def _entries(root: ET.Element) -> list[dict[str, str]]:
    rows = []
    for entry in root.findall("a:entry", NS):
        links = entry.findall("a:link[@rel='alternate']", NS)
        assert len(links) == 1
        rows.append({"id": _text(entry, "a:id"), "title": _text(entry, "a:title"),
                     "updated": _text(entry, "a:updated"), "link": links[0].get("href", ""),
                     "content": _text(entry, "a:content"),
                     "author": _text(entry, "a:author/a:name")})
    return rows


@pytest.fixture(scope="module")
def feed_app(web_corpus: Path) -> Iterator[Flask]:
    """The web corpus's app with a configured base URL."""
    app = create_app({"TESTING": True, "CORPUS_DIR": web_corpus,
                      "INDEX_DIR": web_corpus.parent / "index", "BASE_URL": BASE + "/"})
    yield app
    with app.app_context():
        current_index().close()


@pytest.fixture
def feed_client(feed_app: Flask) -> FlaskClient:
    return feed_app.test_client()


def test_feed_is_atom_with_every_required_element(feed_client: FlaskClient,
                                                  index: SearchIndex) -> None:
    response = feed_client.get(FEED)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    assert response.mimetype_params.get("charset") == "utf-8"
    root = _parse(response.data)
    assert _text(root, "a:id").startswith("urn:uuid:")
    assert _text(root, "a:title") == "Råd fra Byregionprogrammet"
    assert _text(root, "a:author/a:name")
    updated = _time(_text(root, "a:updated"))
    self_link = root.find("a:link[@rel='self']", NS)
    assert self_link is not None and self_link.get("href") == BASE + FEED
    assert self_link.get("type") == "application/atom+xml"
    entries = _entries(root)
    advice = [it for it in index.items() if it.kind == "advice"]
    assert len(entries) == len(advice) > 0
    assert len({e["id"] for e in entries}) == len(entries)
    assert all(e["id"].startswith("urn:uuid:") for e in entries)
    assert updated == max(_time(e["updated"]) for e in entries)
    assert {e["content"] for e in entries} == {it.text for it in advice}
    assert {e["author"] for e in entries} == {it.region for it in advice}


def test_entries_link_to_their_anchor_on_the_region_page(feed_client: FlaskClient,
                                                         client: FlaskClient,
                                                         index: SearchIndex) -> None:
    by_text = {it.text: it for it in index.items() if it.kind == "advice"}
    for entry in _entries(_parse(feed_client.get(FEED).data)):
        item = by_text[entry["content"]]
        assert entry["link"] == f"{BASE}/dokument/{item.doc}#{item.anchor}"
        path, anchor = entry["link"].removeprefix(BASE).split("#")
        page = client.get(path)
        assert page.status_code == 200
        assert f'id="{anchor}"' in page.get_data(as_text=True)


def test_updated_is_when_the_page_was_imported(feed_client: FlaskClient, index: SearchIndex,
                                               web_corpus: Path) -> None:
    entries = _entries(_parse(feed_client.get(FEED).data))
    by_text = {it.text: it for it in index.items() if it.kind == "advice"}
    for entry in entries:
        doc = by_text[entry["content"]].doc
        imported = read_document((web_corpus / f"{doc}.md").read_text(encoding="utf-8")).imported
        assert imported is not None
        assert _time(entry["updated"]) == imported


def test_links_never_take_the_forged_host_header(feed_client: FlaskClient,
                                                 client: FlaskClient) -> None:
    body = feed_client.get(FEED, headers={"Host": FORGED_HOST}).get_data(as_text=True)
    assert FORGED_HOST not in body and f'href="{BASE}/dokument/' in body
    relative = client.get(FEED, headers={"Host": FORGED_HOST}).get_data(as_text=True)
    assert FORGED_HOST not in relative
    assert 'href="/dokument/' in relative  # no base URL configured: relative, as the CSV


def test_a_reader_that_has_the_feed_gets_304(feed_client: FlaskClient) -> None:
    first = feed_client.get(FEED)
    again = feed_client.get(FEED, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    since = feed_client.get(FEED, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


def test_pages_announce_the_feed_and_the_advice_page_links_it(client: FlaskClient) -> None:
    head = '<link rel="alternate" type="application/atom+xml"'
    for path in ("/", "/rad", "/regioner", "/dokument/alesund"):
        assert head in client.get(path).get_data(as_text=True), path
    advice = client.get("/rad").get_data(as_text=True)
    assert re.search(r'<a href="/feed/advice.atom"[^>]*>Følg rådene', advice)


def _feed_of(corpus: Path, index_dir: Path) -> list[dict[str, str]]:
    app = create_app({"TESTING": True, "CORPUS_DIR": corpus, "INDEX_DIR": index_dir,
                      "BASE_URL": BASE})
    try:
        return _entries(_parse(app.test_client().get(FEED).data))
    finally:
        with app.app_context():
            current_index().close()


def test_ids_are_stable_across_rebuilds(tmp_path: Path,
                                        copy_corpus: Callable[[Path], Path]) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    first = _feed_of(corpus, tmp_path / "index-1")
    again = _feed_of(corpus, tmp_path / "index-2")
    assert first == again
    # An edit elsewhere keeps every entry; an edited piece of advice is a new entry.
    path = corpus / "alstahaug.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Organiser samarbeidet", "Organiser samarbeidet godt"),
                    encoding="utf-8")
    edited = _feed_of(corpus, tmp_path / "index-1")
    before = {e["id"]: e for e in first}
    after = {e["id"]: e for e in edited}
    assert len(before) == len(after)
    assert [e["title"] for i, e in after.items() if i not in before] == \
        ["Organiser samarbeidet godt"]
    assert [e["title"] for i, e in before.items() if i not in after] == ["Organiser samarbeidet"]


def test_a_page_without_a_date_counts_from_the_build(tmp_path: Path,
                                                     copy_corpus: Callable[[Path], Path]) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    path = corpus / "bjugn.md"
    path.write_text(re.sub(r"^imported: .*\n", "", path.read_text(encoding="utf-8"), flags=re.M),
                    encoding="utf-8")
    start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    entries = _feed_of(corpus, tmp_path / "index")
    end = dt.datetime.now(dt.UTC)
    undated = [e for e in entries if e["author"] == "Fosenregionen"]
    assert undated and all(start <= _time(e["updated"]) <= end for e in undated)
    assert [e["author"] for e in entries[:len(undated)]] == ["Fosenregionen"] * len(undated)
    dated = [e for e in entries if e["author"] != "Fosenregionen"]
    assert dated and all(_time(e["updated"]) < start for e in dated)


def test_text_xml_cannot_carry_is_left_out_and_markup_is_escaped() -> None:
    when = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    text = "Bruk <b>tid</b> & \x0bkrefter\x00 på «tillit» \U0001f91d"
    feed = Feed(id="urn:uuid:x", title="T", subtitle="S", updated=when, self_link="/f",
                alternate_link="/", author="A", language="nb",
                entries=[Entry(id="urn:uuid:y", title=text, updated=when, link="/d#a",
                               content=text, author="Region")])
    root = _parse(feed_xml(feed))
    assert _text(root, "a:entry/a:content") == "Bruk <b>tid</b> & krefter på «tillit» \U0001f91d"
    with pytest.raises(ValueError, match="time zone"):
        feed_xml(Feed(id="x", title="T", subtitle="S", updated=when.replace(tzinfo=None),
                      self_link="/f", alternate_link="/", author="A", language="nb",
                      entries=[]))


@pytest.mark.parametrize(("text", "title"), [
    ("Lag gode møteplasser", "Lag gode møteplasser"),
    ("  Lag\n gode   møteplasser ", "Lag gode møteplasser"),
    ("ord " * 40, ("ord " * 29).strip() + "…"),
    ("x" * 200, "x" * 119 + "…"),
])
def test_long_advice_gets_a_short_title(text: str, title: str) -> None:
    assert short_title(text) == title
    assert len(short_title(text)) <= 120


def test_the_feed_of_a_corpus_without_advice_is_valid(tmp_path: Path,
                                                      project_corpus: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("themes.toml", "regions.toml", "dette-er-byregionprogrammet.md"):
        shutil.copy(project_corpus / name, corpus / name)
    assert _feed_of(corpus, tmp_path / "index") == []
