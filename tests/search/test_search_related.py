"""Related words (corpus/related.toml): the checked reader, the level below synonyms, --explain."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.analysis import Analyzer, Related, RelatedGroup, Synonyms, load_related, load_synonyms
from kb.errors import CorpusError
from kb.index import write_index
from kb.models import Item
from kb.search import SearchIndex, explain, open_index, search
from kb.search.compiler import W_PART, W_RELATED, W_STEM, W_SYN
from kb.themes import load_taxonomy

PROJECT = Path(__file__).resolve().parents[2]

GOOD = """\
# comment
[[group]]
words = ["reiseliv", "Turisme"]
source = "hand"

[[group]]
words = ["politiker", "folkevalgt"]
source = "mythes-no"
off = true
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "related.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_reader_gives_groups_in_order(tmp_path: Path) -> None:
    related = load_related(write(tmp_path, GOOD))
    first, second = related.groups
    assert first == RelatedGroup(("reiseliv", "turisme"), "hand")
    assert first.line == 2 and first.label == "reiseliv ~ turisme (hand)"
    assert second.off and second.source == "mythes-no" and second.line == 6
    assert load_related(tmp_path / "missing.toml") == Related()
    assert load_related(write(tmp_path, '[[group]]\nwords = ["a", "b"]\n')).groups[0].source \
        == "hand"


@pytest.mark.parametrize(("body", "message"), [
    ('words = ["to ord", "x"]', "'to ord' is not one word"),
    ('words = ["alene"]', "'words' must list two words or more"),
    ('words = ["a", "b"]\nsource = "Min Kilde!"', "'source' must be"),
    ('words = ["a", "b"]\noff = "ja"', "'off' must be true or false"),
    ('words = ["a", "b"]\nweight = 2', "unknown key(s) weight"),
    ('words = ["a", "b", "A"]', "listed twice"),
])
def test_reader_errors_name_file_and_line(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, f'# two groups\n[[group]]\nwords = ["x", "y"]\n\n[[group]]\n{body}\n')
    with pytest.raises(CorpusError) as caught:
        load_related(path)
    assert caught.value.path == str(path) and caught.value.line == 5  # the group's header
    assert str(caught.value).startswith(f"{path}:5: group 2: ")
    assert "group 2" in caught.value.message and message in caught.value.message


def test_reader_rejects_other_sections(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="unknown section"):
        load_related(write(tmp_path, '[groups]\nwords = ["a", "b"]\n'))


def test_the_committed_file_reads_and_every_group_names_its_source() -> None:
    related = load_related(PROJECT / "corpus" / "related.toml")
    assert 10 <= len(related.groups) <= 300
    assert {g.source for g in related.groups} <= {"hand", "facts", "mythes-no"}
    assert any({"folketall", "innbyggere"} <= set(g.words) for g in related.groups)


def analyzer_with(groups: list[RelatedGroup]) -> Analyzer:
    analyzer = Analyzer(Synonyms(), use_apertium=False, related=Related(tuple(groups)))
    analyzer.prepare(["Reiselivet vokser", "Turismen i regionen", "Mange politikere"])
    return analyzer


def test_a_word_finds_the_other_members_of_its_groups_by_stem() -> None:
    analyzer = analyzer_with([RelatedGroup(("reiseliv", "turisme"), "hand"),
                              RelatedGroup(("politiker", "folkevalgt"), "hand", off=True)])
    (found,) = analyzer.related.lookup(analyzer.forms("turismen").stems)
    assert found.group.words == ("reiseliv", "turisme")
    assert found.terms & analyzer.forms("reiselivet").stems
    assert not found.terms & analyzer.forms("turisme").stems  # the word itself is left out
    assert analyzer.related.lookup(analyzer.forms("politikere").stems) == ()  # off
    assert analyzer.related.lookup(analyzer.forms("kommune").stems) == ()


def test_groups_travel_with_the_pickled_analyzer_and_old_builds_still_load() -> None:
    analyzer = analyzer_with([RelatedGroup(("reiseliv", "turisme"), "hand")])
    again = pickle.loads(pickle.dumps(analyzer))
    assert again.related.related == analyzer.related.related
    assert again.related.lookup(again.forms("turisme").stems)
    state = analyzer.__getstate__()
    del state["related"]  # as written by a build before related words
    old = Analyzer.__new__(Analyzer)
    old.__setstate__(state)
    assert old.related.related == Related()


ROWS = [
    ("alfa", "Turismen er viktig for regionen"),
    ("beta", "Reiselivet i regionen vokser"),
    ("gamma", "Reiselivsnæringen og turisme"),
    ("delta", "Et godt samarbeid med næringslivet"),
]


def items() -> list[Item]:
    out = []
    for position, (doc, text) in enumerate(ROWS, start=1):
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        out.append(Item(id=f"{doc}--result-{digest}", anchor=f"result-{digest}", doc=doc,
                        title=doc.title(), doc_type="region", region=f"{doc.title()}regionen",
                        county="Nordland", language="nb", kind="result", heading="Resultat",
                        position=position, number=1, section_size=1, text=text, themes=(),
                        source_url=f"https://example.org/{doc}/"))
    return out


@pytest.fixture(scope="module")
def related_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    folder = tmp_path_factory.mktemp("related")
    related = Related((RelatedGroup(("reiseliv", "turisme"), "hand"),))
    analyzer = Analyzer(load_synonyms(PROJECT / "corpus" / "synonyms.toml"),
                        use_apertium=False, related=related)
    taxonomy = load_taxonomy(PROJECT / "corpus" / "themes.toml")
    write_index(items(), [], taxonomy, analyzer, "test", folder)
    index = open_index(folder)
    yield index
    index.close()


def test_related_weight_is_below_synonyms_and_the_word_itself() -> None:
    assert W_RELATED < W_SYN < W_STEM and W_RELATED < W_PART


def test_a_related_only_match_ranks_below_literal_matches_and_is_marked(
        related_index: SearchIndex) -> None:
    results = search(related_index, "turisme")
    texts = [hit.item.text for hit in results.hits]
    assert texts[-1] == "Reiselivet i regionen vokser"  # only the related word
    assert set(texts[:2]) == {"Turismen er viktig for regionen", "Reiselivsnæringen og turisme"}
    assert results.hits[-1].highlight == "<mark>Reiselivet</mark> i regionen vokser"
    assert results.hits[-1].score < min(hit.score for hit in results.hits[:2])


def test_a_related_word_counts_as_the_query_word_when_all_words_must_match(
        related_index: SearchIndex) -> None:
    results = search(related_index, "turisme vokser")
    assert not results.partial
    assert [hit.item.text for hit in results.hits if not hit.partial] == [
        "Reiselivet i regionen vokser"]
    assert results.matched_all == 1


def test_explain_names_the_level_and_the_related_group(related_index: SearchIndex) -> None:
    results = search(related_index, "turisme")
    why = {e.item_id: e for e in explain(related_index, results)}
    first, last = results.hits[0], results.hits[-1]
    assert str(why[first.item.id].words[0].evidence[0]).startswith("exact")
    (line,) = why[last.item.id].lines()
    assert line == 'turisme: related group "reiseliv ~ turisme (hand)" through "reiseliv"'
    assert why[last.item.id].to_dict()["words"][0]["evidence"][0] == {
        "level": "related", "term": "reiseliv", "via": "reiseliv ~ turisme (hand)"}


def test_explain_says_when_a_word_does_not_match_a_partial_hit(
        related_index: SearchIndex) -> None:
    results = search(related_index, "samarbeid turisme")
    assert results.partial
    lines = [line for e in explain(related_index, results) for line in e.lines()]
    assert "turisme: no match" in lines and "samarbeid: no match" in lines
    assert any(line.startswith('samarbeid: exact "samarbeid"') for line in lines)


def test_related_words_can_be_left_out_as_kb_eval_does(related_index: SearchIndex) -> None:
    from kb.search.ranking import ALL_SIGNALS, RELATED

    without = search(related_index, "turisme", signals=ALL_SIGNALS - {RELATED})
    assert "Reiselivet i regionen vokser" not in [hit.item.text for hit in without.hits]
    assert len(without.hits) == 2
