"""The build's own segment writer writes what Whoosh's ``add_document`` writes."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest
from search_data import NO_APERTIUM
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec

from kb.analysis import Analyzer, Synonyms, apertium, load_synonyms, tokenize
from kb.analysis.words import has_dash
from kb.errors import IndexBuildError
from kb.index import TERM_FIELDS, TermsWriter, make_schema, write_index
from kb.models import Item


class _NoLengthStats(W3Codec):
    length_stats = False


def _segment_files(folder: Path) -> dict[str, bytes]:
    """Every file of a one-segment index but its table of contents, by name without
    the (random) segment id."""
    return {re.sub(r"_[a-z0-9]{16}", "", path.name): path.read_bytes()
            for path in folder.iterdir() if path.suffix != ".toc"}


def _texts(test_items: list[Item]) -> list[str]:
    """The test items and longer mixes of them: terms with several 128-posting blocks,
    repeated terms, and an empty text."""
    base = [item.text for item in test_items]
    mixes = [" ".join(base[i % len(base)] for i in range(k, k + 1 + k % 4))
             for k in range(700)]
    return [*base, "", *mixes]


def test_the_build_writes_the_same_segment_as_whoosh(tmp_path: Path, test_items: list[Item],
                                                     project_corpus: Path) -> None:
    texts = _texts(test_items)
    analyzer = Analyzer(load_synonyms(project_corpus / "synonyms.toml"),
                        use_apertium=False)
    analyzer.prepare(texts)
    terms = [analyzer.field_terms(text) for text in texts]
    folders = {name: tmp_path / name for name in ("whoosh", "kb")}
    for folder in folders.values():
        folder.mkdir()

    ix = whoosh_index.create_in(str(folders["whoosh"]), make_schema())
    writer = ix.writer(codec=_NoLengthStats())
    writer.compound = False
    for number, fields in enumerate(terms):
        writer.add_document(ord=number, **{name: " ".join(fields[name]) for name in TERM_FIELDS})
    writer.commit()
    ix.close()

    ix = whoosh_index.create_in(str(folders["kb"]), make_schema())
    writer = TermsWriter(ix)
    writer.compound = False
    for number, fields in enumerate(terms):
        writer.add_terms(number, fields)
    writer.commit()
    ix.close()

    expected, written = (_segment_files(folders[name]) for name in ("whoosh", "kb"))
    assert sorted(written) == sorted(expected)
    assert {name for name in written if name.endswith(".pst")}
    for name, data in expected.items():
        assert written[name] == data, name

    ix = whoosh_index.open_dir(str(folders["kb"]))
    with ix.reader() as reader:
        frequencies = [reader.doc_frequency("stem", term) for term in ("tillit", "kommun")]
    ix.close()
    assert all(f > 128 for f in frequencies), frequencies


def test_word_cached_terms_are_the_token_by_token_terms(test_items: list[Item],
                                                        project_corpus: Path) -> None:
    texts = [*(item.text for item in test_items),
             "Strategisk næringsplan (STP) skal følges opp. STP og STP igjen.",
             "Kollektivtilbudet og kollektivtilbudet, samspel og samspill"]
    analyzer = Analyzer(load_synonyms(project_corpus / "synonyms.toml"),
                        use_apertium=False)
    analyzer.prepare(texts)
    assert analyzer.abbreviations
    undashed = [text for text in texts if not has_dash(text)]
    assert len(undashed) > 20
    for text in undashed:
        assert analyzer.field_terms(text) == analyzer._token_terms(tokenize(text)), text


@pytest.mark.skipif(not apertium.available(), reason=NO_APERTIUM)
def test_a_big_apertium_batch_split_between_two_pipelines_answers_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    words = ["samspelet", "kommunane", "høgskulen", "kunnskapsdeling", "tillit", "bøndene",
             "kollektivtilbudet", "næringsplan", "xqzzy", "organisasjon"]
    whole = apertium.analyse(words)
    monkeypatch.setattr(apertium, "SPLIT_MIN", 2)
    monkeypatch.setattr(apertium.os, "cpu_count", lambda: 2)
    assert apertium.analyse_many(words) == whole
    assert whole["samspelet"].lemmas


def test_a_build_restores_the_garbage_collector(tmp_path: Path, test_items: list[Item],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    assert gc.isenabled()
    seen: list[bool] = []
    original = Analyzer.field_terms

    def watched(self: Analyzer, text: str) -> dict[str, list[str]]:
        seen.append(gc.isenabled())
        return original(self, text)

    monkeypatch.setattr(Analyzer, "field_terms", watched)
    write_index(test_items, [], None, Analyzer(Synonyms(), use_apertium=False), "one", tmp_path)
    assert seen and not any(seen)  # paused while building
    assert gc.isenabled()

    def broken(self: Analyzer, text: str) -> dict[str, list[str]]:
        raise OSError("disk full")

    monkeypatch.setattr(Analyzer, "field_terms", broken)
    with pytest.raises(IndexBuildError, match="disk full"):
        write_index(test_items, [], None, Analyzer(Synonyms(), use_apertium=False), "two",
                    tmp_path)
    assert gc.isenabled()


def test_the_variant_prefilter_changes_no_terms(test_items: list[Item],
                                                project_corpus: Path) -> None:
    texts = [*(item.text for item in test_items),
             "Høgskulen, leiarane og eigarane ser samspelet i tenestene, sjølv om semd og "
             "auka betring samanlikna med tilbodet er vanleg"]
    synonyms = load_synonyms(project_corpus / "synonyms.toml")
    fast, slow = (Analyzer(synonyms, use_apertium=False) for _ in range(2))
    slow._any_variant = None  # every rule tried on every word
    for analyzer in (fast, slow):
        analyzer.prepare(texts)
    assert fast._any_variant is not None
    assert [fast.field_terms(t) for t in texts] == [slow.field_terms(t) for t in texts]
    assert "spill" in " ".join(fast.field_terms(texts[-1])["stem"])
