"""labelled.toml: labelled advice for the learnt tagger, checked with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.corpus import check_corpus, load_corpus
from kb.errors import CorpusError
from kb.themes import LabelledText, Taxonomy, load_labelled

IDS = ("tillit", "prosess", "moteplasser")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "labelled.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_texts_come_in_file_order_with_their_lines(tmp_path: Path) -> None:
    path = write(tmp_path, '# labelled\n\n[[text]]\ntext = "Gi  det tid."\nthemes = ["prosess"]\n'
                           '\n[[text]]\ntext = "Spis lunsj sammen"\nthemes = ["tillit"]\n'
                           'may = ["moteplasser"]\n')
    texts = load_labelled(path, IDS)
    assert texts == (LabelledText("Gi det tid.", ("prosess",)),
                     LabelledText("Spis lunsj sammen", ("tillit",), ("moteplasser",)))
    assert [t.line for t in texts] == [3, 7]


def test_no_file_is_no_labelled_text(tmp_path: Path) -> None:
    assert load_labelled(tmp_path / "labelled.toml", IDS) == ()


@pytest.mark.parametrize(("body", "message"), [
    ('text = "Gi det tid."\nthemes = ["tid"]\n', "text 2: 'themes': 'tid' is not a theme id"),
    ('text = "Gi det tid."\nthemes = []\n', "text 2: 'themes' must list at least one theme"),
    ('text = "  "\nthemes = ["prosess"]\n', "text 2: 'text' must be a non-empty text"),
    ('text = "Gi det tid."\nthemes = ["prosess"]\nmay = ["prosess"]\n',
     "text 2: prosess is in both 'themes' and 'may'"),
    ('text = "Gi det tid."\nthemes = ["prosess", "prosess"]\n',
     "text 2: 'themes': 'prosess' is listed twice"),
    ('text = "Gi det tid."\ntheme = ["prosess"]\n', "text 2: unknown key(s) theme"),
    ('text = "Gi det tid."\nthemes = "prosess"\n', "text 2: 'themes' must be a list"),
])
def test_a_bad_text_is_refused_naming_its_line(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, f'[[text]]\ntext = "Ok"\nthemes = ["tillit"]\n\n[[text]]\n{body}')
    with pytest.raises(CorpusError) as caught:
        load_labelled(path, IDS)
    assert (caught.value.path, caught.value.line) == (str(path), 5)
    assert caught.value.message.startswith(message)


def test_the_corpus_check_names_a_bad_labelled_file_and_a_good_one_reaches_the_taxonomy(
        tmp_path: Path, project_corpus: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("themes.toml", "regions.toml", "alesund.md"):
        (corpus / name).write_bytes((project_corpus / name).read_bytes())
    write(corpus, '[[text]]\ntext = "Gi det tid."\nthemes = ["tid"]\n')
    problems = check_corpus(corpus)
    assert [(p.path, p.line, p.severity) for p in problems] == [
        (str(corpus / "labelled.toml"), 1, "error")]
    with pytest.raises(CorpusError):
        load_corpus(corpus)
    write(corpus, '[[text]]\ntext = "Gi det tid."\nthemes = ["prosess"]\n')
    taxonomy: Taxonomy = load_corpus(corpus).taxonomy
    assert taxonomy.labelled == (LabelledText("Gi det tid.", ("prosess",)),)


def test_the_products_labelled_advice_reads(project_corpus: Path, taxonomy: Taxonomy) -> None:
    texts = load_labelled(project_corpus / "labelled.toml", taxonomy.ids)
    assert len(texts) >= 270
    assert all(t.themes for t in texts)
