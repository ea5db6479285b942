"""A corpus folder: load it, check it with file:line problems, fingerprint it, save atomically."""

from __future__ import annotations

import pytest

from kb.corpus import (
    check_corpus,
    corpus_fingerprint,
    load_corpus,
    read_document,
    same_content,
    save_documents,
)
from kb.errors import CorpusError, ImportFailed
from kb.models import Document, Section, SectionItem


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path, needle):
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def test_load_corpus_documents_items_and_themes(seed_corpus):
    corpus = load_corpus(seed_corpus)
    assert [d.slug for d in corpus.documents] == [
        "8855-byregionsamling-i-alesund", "alesund", "alstahaug", "bjugn",
        "dette-er-byregionprogrammet"]
    assert len(corpus.items) == 102
    assert len({i.id for i in corpus.items}) == 102
    advice = {i.text: i for i in corpus.items if i.kind == "advice"}
    assert advice["Bruk tid på å skape tillit"].themes == ("tillit", "prosess")
    assert advice["Lag gode møteplasser"].themes == ("moteplasser",)
    assert corpus.taxonomy.label("tillit")
    news = [i for i in corpus.items if i.doc == "8855-byregionsamling-i-alesund"]
    assert news[0].municipalities[0] == "Ålesund"  # from its region's facts
    sula = [i for i in corpus.items if i.kind == "fact" and "Sula" in i.text]
    assert [i.region for i in sula] == ["Ålesundregionen"]
    assert corpus.document("bjugn").region == "Fosenregionen"


def test_editor_override_sets_the_themes_of_one_item(seed_corpus):
    path = seed_corpus / "alesund.md"
    _edit(path, "2. Lag gode møteplasser", "2. Lag gode møteplasser <!-- themes: klima, tillit -->")
    _edit(path, "3. Gå fra ord til handling!", "3. Gå fra ord til handling! <!-- themes: -->")
    items = {i.text: i for i in load_corpus(seed_corpus).items}
    assert items["Lag gode møteplasser"].themes == ("klima", "tillit")
    assert items["Gå fra ord til handling!"].themes == ()
    assert items["Bruk tid på å skape tillit"].themes == ("tillit", "prosess")


def test_clean_corpus_has_no_problems(seed_corpus):
    assert check_corpus(seed_corpus) == []


def test_check_reports_every_problem_with_file_and_line(seed_corpus):
    alesund, bjugn = seed_corpus / "alesund.md", seed_corpus / "bjugn.md"
    _edit(alesund, "{: .goal }", "{: .goals }")
    _edit(alesund, "2. Lag gode møteplasser", "2. Lag gode møteplasser <!-- themes: tilit -->")
    _edit(bjugn, "title: Fosenregionen\n", "")
    _edit(bjugn, "county: Sør-Trøndelag", "county: ''")
    (seed_corpus / "alstahaug.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    (seed_corpus / "kopi.md").write_bytes((seed_corpus / "alesund.md").read_bytes())
    (seed_corpus / "Bjugn.md").write_bytes(bjugn.read_bytes())
    problems = [(p.path.rsplit("/", 1)[-1], p.line, p.severity, p.message)
                for p in check_corpus(seed_corpus)]

    def has(name, line, severity, fragment):
        return any(problem[:3] == (name, line, severity) and fragment in problem[3]
                   for problem in problems)

    assert has("alesund.md", _line_of(alesund, ".goals"), "error", "unknown kind class '.goals'")
    assert has("alesund.md", _line_of(alesund, "tilit"), "error", "unknown theme id(s) tilit")
    assert has("bjugn.md", 1, "error", "missing title")
    assert has("bjugn.md", _line_of(bjugn, "county:"), "warning", "county unknown")
    assert has("alstahaug.md", 2, "error", "not valid YAML")
    assert has("kopi.md", 1, "error", "same source_url")
    assert has("bjugn.md", 1, "error", "duplicate slug")
    assert has("Bjugn.md", None, "error", "not a slug")
    with pytest.raises(CorpusError) as caught:
        load_corpus(seed_corpus)
    assert caught.value.path.endswith(".md")


def test_missing_or_broken_taxonomy_is_an_error(seed_corpus):
    (seed_corpus / "themes.toml").unlink()
    assert any(p.path.endswith("themes.toml") and p.severity == "error"
               for p in check_corpus(seed_corpus))
    (seed_corpus / "themes.toml").write_text("[[theme]\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="themes.toml"):
        load_corpus(seed_corpus)


def test_missing_folder_is_an_error(tmp_path):
    problems = check_corpus(tmp_path / "nowhere")
    assert [p.message for p in problems] == ["no such corpus folder"]
    with pytest.raises(CorpusError, match="nowhere"):
        load_corpus(tmp_path / "nowhere")


def test_fingerprint_follows_every_corpus_file(seed_corpus):
    first = corpus_fingerprint(seed_corpus)
    assert corpus_fingerprint(seed_corpus) == first
    (seed_corpus / ".alesund.md.tmp").write_text("half a file", encoding="utf-8")
    assert corpus_fingerprint(seed_corpus) == first
    _edit(seed_corpus / "alesund.md", "Mer tillit", "Mer tillit!")
    second = corpus_fingerprint(seed_corpus)
    assert second != first
    _edit(seed_corpus / "themes.toml", "\n", "\n\n")
    assert corpus_fingerprint(seed_corpus) != second


def _page(slug: str, text: str = "Tekst.") -> Document:
    return Document(slug, "Tittel", "programme", "", "", "nb", f"https://example.org/{slug}/",
                    sections=[Section("article", "Tittel", [SectionItem(text)])])


def test_save_writes_atomically_and_never_overwrites_silently(corpus_dir):
    [path] = save_documents([("a.txt", _page("a"))], corpus_dir)
    assert path == corpus_dir / "a.md"
    before = path.read_bytes()
    with pytest.raises(ImportFailed, match=r"^b\.txt: document 'a' exists already"):
        save_documents([("b.txt", _page("a", "Annen tekst."))], corpus_dir)
    assert path.read_bytes() == before
    save_documents([("b.txt", _page("a", "Annen tekst."))], corpus_dir, replace=True)
    assert same_content(read_document(path.read_text(encoding="utf-8"), str(path)),
                        _page("a", "Annen tekst."))
    assert sorted(p.name for p in corpus_dir.iterdir()) == ["a.md", "regions.toml",
                                                            "themes.toml"]


def test_save_is_all_or_nothing(corpus_dir):
    with pytest.raises(ImportFailed, match=r"^y\.txt: makes the same document 'x' as x\.txt"):
        save_documents([("x.txt", _page("x")), ("y.txt", _page("x"))], corpus_dir)
    save_documents([("a.txt", _page("a"))], corpus_dir)
    with pytest.raises(ImportFailed, match="^b.txt"):
        save_documents([("n.txt", _page("n")), ("b.txt", _page("a"))], corpus_dir)
    assert sorted(p.name for p in corpus_dir.glob("*.md")) == ["a.md"]
