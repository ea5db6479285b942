"""Property tests of the importer: it never crashes and never loses a line."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.errors import ImportFailed
from kb.ingest import ImportResult, PageHints, parse_page

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
_WORD = re.compile(r"[^\W\d_]+")

VOCABULARY = [
    "Mål", "for", "får", "Resultater", "Resulatater", "Resultat", "av", "råd", "samarbeid",
    "om", "regional", "utvikling", "Dette", "Detter", "jobber", "byregionen", "med", "etter",
    "programslutt", "Utdrag", "Utrdag", "fra", "frå", "sin", "søknad", "til",
    "Byregionprogrammet", "Dokumenter", "I", "tillegg", "Øvrige", "har", "regionen", "oppnådd",
    "Hovedmål", "Delmål", "logo", "Kontakt", "oss", "Nyheter", "tillit", "møteplasser",
    "kommunane", "ikkje", "eit", "dei", "kommunene", "ikke", "Åpningstider", "Org", "nr",
    "Post", "Sentralbordet", "Testregionen", "fase", "Byregioner",
]
WORDS = st.one_of(st.sampled_from(VOCABULARY),
                  st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøåÆØÅ", min_size=1, max_size=9))
LINE = st.builds(
    lambda indent, marker, words, end: indent + marker + " ".join(words) + end,
    st.sampled_from(["", "", "", " ", "  ", "    ", "\t", "\u00a0"]),
    st.sampled_from(["", "", "", "• ", "- ", "* ", "– ", "1. ", "2) ", "12. "]),
    st.lists(WORDS, min_size=1, max_size=8),
    st.sampled_from(["", "", ".", ":", "!", " 2015", " 70 16 20 00"]),
)
PAGE = st.builds(
    lambda lines, newline: newline.join(lines),
    st.lists(st.one_of(LINE, st.just(""), st.just("   ")), min_size=1, max_size=30),
    st.sampled_from(["\n", "\r\n", "\r"]),
)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _placed(result: ImportResult) -> list[list[str]]:
    """The word lists of everything the import kept: headings, items, boilerplate."""
    doc = result.document
    # A heading made up for a page without a title line has no line.
    texts = [s.heading for s in doc.sections if s.line is not None]
    texts += [i.text for s in doc.sections for i in s.items]
    texts += [text for _, text in result.skipped]
    if doc.facts_heading is not None:
        texts.append(doc.facts_heading)
    return [_words(t) for t in texts]


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes(text):
    try:
        result = parse_page(text, "page.txt")
    except ImportFailed as error:
        assert str(error).startswith("page.txt")
        return
    assert result.document.sections or result.document.facts is not None


@SETTINGS
@given(PAGE, st.sampled_from([None, "region", "news", "programme"]))
def test_every_non_blank_line_lands_exactly_once(page, doc_type):
    try:
        result = parse_page(page, "page.txt", PageHints(doc_type=doc_type))
    except ImportFailed as error:
        assert error.line is not None or "no text" in error.message
        return
    if result.document.facts is not None:
        return  # a facts box: its lines became Facts, checked by the example tests
    placed = _placed(result)
    lines = [_words(line) for line in re.split(r"\r\n|\r|\n", page)]
    for words in lines:
        if words:
            assert any(_contains(text, words) for text in placed), words
    assert Counter(w for words in lines for w in words) == Counter(
        w for text in placed for w in text)


SECTION_TEMPLATES = {
    "goal": ("Mål for Testregionen", " • "),
    "result": ("Resultater", " • "),
    "advice": ("Testregionens råd for samarbeid om regional utvikling", " 1. "),
    "after": ("Dette jobber byregionen med etter programslutt", ""),
    "application": ("Utdrag fra Testregionen sin søknad til Byregionprogrammet", " – "),
}
ITEM = st.lists(st.sampled_from(["tillit", "møteplasser", "samarbeid", "regionen", "nettverk",
                                 "kommunene", "styrket", "felles", "plan"]),
                min_size=2, max_size=6).map(lambda w: " ".join(w).capitalize())


@SETTINGS
@given(st.permutations(list(SECTION_TEMPLATES)), st.data())
def test_reordered_or_missing_sections_still_parse(order, data):
    kinds = order[: data.draw(st.integers(min_value=1, max_value=len(order)))]
    expected = [("summary", "Testregionen", ["Kort sammendrag."])]
    lines = ["Testregionen", "", "Kort sammendrag.", ""]
    for kind in kinds:
        heading, marker = SECTION_TEMPLATES[kind]
        items = data.draw(st.lists(ITEM, min_size=1, max_size=4))
        expected.append((kind, heading, items))
        lines += [heading, ""] + [marker + item for item in items] + [""]
    doc = parse_page("\n".join(lines), "page.txt").document
    assert [(s.kind, s.heading, [i.text for i in s.items]) for s in doc.sections] == expected
    assert doc.doc_type == "region"
