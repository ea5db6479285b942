"""The corpus folder: load it as documents and tagged items, check it, fingerprint it, save to it.

A corpus folder holds one ``<slug>.md`` per document (format in
:mod:`kb.corpus.fileformat`) beside ``themes.toml``, ``regions.toml``,
``synonyms.toml``, ``related.toml`` and ``labelled.toml`` (labelled advice for the learnt
theme tagger, optional). Files are written atomically (:mod:`kb.corpus.atomic`:
temporary file, then ``os.replace``), so a reader never sees half a file.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kb.corpus.atomic import remove_stale_temporaries, write_temporary
from kb.corpus.fileformat import Problem, parse_document, read_document, write_document
from kb.corpus.items import document_items
from kb.corpus.municipalities import Municipalities, collect_municipalities, region_label
from kb.corpus.regions import REGIONS_FILE, Registry, load_regions
from kb.errors import CorpusError, ImportFailed, KbError
from kb.models import Document, Item
from kb.themes import Tagger, Taxonomy, load_labelled, load_taxonomy
from kb.themes.labelled import FILE_NAME as LABELLED_FILE
from kb.vocabulary import MAX_ID_LENGTH, MAX_SLUG_LENGTH, SLUG_PATTERN

__all__ = ["Corpus", "Problem", "check_corpus", "corpus_fingerprint", "document_path",
           "load_corpus", "read_document", "same_content", "save_documents", "slug_problem",
           "write_document"]

THEMES_FILE = "themes.toml"


@dataclass
class Corpus:
    """Every document of a corpus folder, its items (themes tagged), its taxonomy, the
    municipalities of its regions and its region registry."""

    documents: list[Document]
    items: list[Item]
    taxonomy: Taxonomy
    municipalities: Municipalities = field(default_factory=Municipalities)
    registry: Registry = field(default_factory=lambda: Registry([]))

    def document(self, slug: str) -> Document | None:
        """Return the document called ``slug``, else None."""
        return next((d for d in self.documents if d.slug == slug), None)


def document_path(corpus_dir: Path, slug: str) -> Path:
    """Return where the document ``slug`` lives in ``corpus_dir``."""
    return Path(corpus_dir) / f"{slug}.md"


def load_corpus(corpus_dir: Path) -> Corpus:
    """Read the corpus folder; raises :class:`CorpusError` (file:line) at its first error.

    Every item of a region carries the region's municipalities, from its documents'
    facts and its registry entry (:mod:`kb.corpus.municipalities`).
    """
    documents, taxonomy, registry, problems = _scan(Path(corpus_dir))
    for problem in problems:
        if problem.severity == "error":
            raise CorpusError(problem.path, problem.message, line=problem.line)
    assert taxonomy is not None
    tagger = Tagger(taxonomy)
    municipalities = collect_municipalities(documents, registry)
    items: list[Item] = []
    for doc in documents:
        items += document_items(doc, tagger, municipalities.of_region(region_label(doc)))
    return Corpus(documents, items, taxonomy, municipalities, registry)


def check_corpus(corpus_dir: Path) -> list[Problem]:
    """Return every problem of the corpus folder (errors and warnings), in file order."""
    return _scan(Path(corpus_dir))[3]


def corpus_fingerprint(corpus_dir: Path) -> str:
    """Return a sha256 over every corpus file's name and bytes (changes when any file does)."""
    digest = hashlib.sha256()
    for path in _corpus_files(Path(corpus_dir)):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def same_content(a: Document, b: Document) -> bool:
    """True when two documents say the same, whichever lines and file they were read from."""
    return _without_positions(a) == _without_positions(b)


def save_documents(pages: list[tuple[str, Document]], corpus_dir: Path,
                   replace: bool = False, dry_run: bool = False) -> list[Path]:
    """Write each (source name, document) to ``corpus_dir``: all of them, or none
    (with ``dry_run``: check them all, write none); return the files.

    Raises :class:`ImportFailed` naming the source when its document exists
    already (unless ``replace``), when two sources make the same document, or
    when a document would not read back as written, when its slug is not one or
    is longer than :data:`~kb.vocabulary.MAX_SLUG_LENGTH`, or when a file cannot
    be written.
    """
    corpus_dir = Path(corpus_dir)
    seen: dict[str, str] = {}
    texts: list[tuple[Path, str]] = []
    for name, doc in pages:
        problem = slug_problem(doc.slug)
        if problem is not None:
            raise ImportFailed(name, f"{problem}: give a shorter --source-url or file name")
        target = document_path(corpus_dir, doc.slug)
        if doc.slug in seen:
            raise ImportFailed(name, f"makes the same document '{doc.slug}' as {seen[doc.slug]}")
        seen[doc.slug] = name
        if target.exists() and not replace:
            raise ImportFailed(name, f"document '{doc.slug}' exists already ({target}); "
                                     "use --replace to overwrite it")
        text = write_document(doc)
        if not same_content(read_document(text, str(target)), doc):
            raise ImportFailed(name, "the document would not read back as written")
        texts.append((target, text))
    if not dry_run:
        _write_all(texts, corpus_dir)
    return [target for target, _ in texts]


def slug_problem(slug: str) -> str | None:
    """Return what is wrong with ``slug`` as a document's name (None when nothing is)."""
    if len(slug) > MAX_SLUG_LENGTH:
        return (f"the slug '{slug[:40]}…' is {len(slug)} characters long, more than the "
                f"{MAX_SLUG_LENGTH} an item id leaves for it (ids: at most {MAX_ID_LENGTH})")
    if not SLUG_PATTERN.match(slug):
        return f"'{slug[:80]}' is not a slug: lower-case letters, digits and '-' only"
    return None


def _write_all(texts: list[tuple[Path, str]], corpus_dir: Path) -> None:
    """Write every (target, text) to a temporary file, then rename each over its target.

    Stale temporary files of killed writers are swept first. Raises ImportFailed
    naming the file on an OSError; when writing fails, no target has been touched.
    """
    temps: list[tuple[Path, Path]] = []
    target = corpus_dir
    try:
        corpus_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(corpus_dir)
        for target, text in texts:
            temps.append((write_temporary(target, text), target))
        for temp, target in temps:
            temp.replace(target)
    except OSError as error:
        raise ImportFailed(str(target), f"cannot write the file ({error.strerror or error})"
                           ) from error
    finally:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)


def _corpus_files(corpus_dir: Path) -> list[Path]:
    if not corpus_dir.is_dir():
        return []
    return sorted(p for p in corpus_dir.iterdir()
                  if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".tmp"))


def _without_positions(doc: Document) -> Document:
    sections = [dataclasses.replace(s, line=None, items=[dataclasses.replace(i, line=None)
                                                         for i in s.items])
                for s in doc.sections]
    return dataclasses.replace(doc, sections=sections, path=None)


def _scan(corpus_dir: Path) -> tuple[list[Document], Taxonomy | None, Registry, list[Problem]]:
    """The documents, taxonomy and region registry of a folder, and every problem found."""
    problems: list[Problem] = []
    registry = Registry([])
    if not corpus_dir.is_dir():
        return [], None, registry, [Problem(str(corpus_dir), None, "no such corpus folder")]
    taxonomy: Taxonomy | None = None
    themes_path = corpus_dir / THEMES_FILE
    if not themes_path.exists():
        problems.append(Problem(str(themes_path), None, "the theme taxonomy is missing"))
    else:
        try:
            taxonomy = load_taxonomy(themes_path)
        except KbError as error:
            problems.append(_problem_of(error, themes_path))
    if taxonomy is not None:
        labelled_path = corpus_dir / LABELLED_FILE
        try:
            taxonomy = taxonomy.with_labelled(load_labelled(labelled_path, taxonomy.ids))
        except KbError as error:
            problems.append(_problem_of(error, labelled_path))
    try:
        registry = load_regions(corpus_dir / REGIONS_FILE)
    except KbError as error:
        problems.append(_problem_of(error, corpus_dir / REGIONS_FILE))
    documents: list[Document] = []
    for path in sorted(corpus_dir.glob("*.md")):
        doc = _read_file(path, taxonomy, problems)
        if doc is not None:
            documents.append(doc)
    _check_duplicates(documents, problems)
    return documents, taxonomy, registry, problems


def _problem_of(error: KbError, path: Path) -> Problem:
    return Problem(getattr(error, "path", str(path)), getattr(error, "line", None),
                   getattr(error, "message", str(error)))


def _read_file(path: Path, taxonomy: Taxonomy | None, problems: list[Problem]) -> Document | None:
    name = str(path)
    problem = slug_problem(path.stem)
    if problem is not None:
        problems.append(Problem(name, None, f"file name: {problem}"))
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(name, None, f"not UTF-8 text ({error.reason})"))
        return None
    doc, found = parse_document(text, name)
    problems += found
    if doc is None:
        return None
    for section in doc.sections:
        if not section.items and section.kind != "documents":
            problems.append(Problem(name, section.line, f"section '{section.heading}' has no items",
                                    "warning"))
        if section.items and section.kind == "documents":
            problems.append(Problem(name, section.line, "items under a 'documents' heading are "
                                    "not searchable (give the section another kind)", "warning"))
        for item in section.items:
            unknown = [t for t in item.themes or () if taxonomy is not None
                       and t not in taxonomy.ids]
            if unknown:
                problems.append(Problem(name, item.line,
                                        f"unknown theme id(s) {', '.join(unknown)} in the override "
                                        f"(known: {', '.join(taxonomy.ids) if taxonomy else ''})"))
    return doc


def _check_duplicates(documents: list[Document], problems: list[Problem]) -> None:
    slugs: dict[str, Document] = {}
    urls: dict[str, Document] = {}
    for doc in documents:
        first = slugs.setdefault(doc.slug.casefold(), doc)
        if first is not doc:
            problems.append(Problem(doc.path or doc.slug, 1,
                                    f"duplicate slug: same document as {first.path}"))
        if doc.source_url:
            key = doc.source_url.rstrip("/").casefold()
            other = urls.setdefault(key, doc)
            if other is not doc:
                problems.append(Problem(doc.path or doc.slug, 1, f"duplicate document: "
                                        f"{other.path} has the same source_url"))
