"""Seeding ``related.toml`` (``kb related seed``): candidate groups of related words.

Two sources: a MyThes thesaurus (Debian's ``mythes-no``: ``th_nb_NO_v2.dat``,
``th_nn_NO_v2.dat``; the first line names the encoding, then a ``word|n`` line
and n meaning lines ``-|word|word…``) and the fact labels the importer knows
(folketall ~ innbyggertall ~ befolkning …). A thesaurus is noisy (ungdom →
nymfe), so a meaning becomes a group only when it passes every filter:

- a word is one word of MIN_LETTERS letters or more, not a stop word, listed
  under at most MAX_LISTED headwords (more: a general word of many meanings),
  in at most MAX_SHARE of the items or fewer than MIN_COMMON (else too common
  here to tell items apart)
  and, with Apertium, the base form of a noun, verb or adjective (inflected
  forms, adverbs and prepositions go);
- a meaning of more than MAX_SENSE words is a loose association and is skipped;
- at least one word besides the headword occurs in the corpus (its items, or the
  taxonomy's words of the field): as written or as the Apertium lemma of a corpus
  word (the Analyzer's answers), by Snowball stem for words Apertium does not
  know. That word has MIN_LINK letters or more (the short ones are the common
  words of many meanings: drift, sette, skap), and when the thesaurus gives it
  several meanings, the group's must be the one sharing the most words with the corpus.

Groups an editor keeps (``source = "hand"`` or ``off = true``) stay, and no
candidate inside one of them is proposed. At most MAX_GROUPS are kept, those
with the most corpus words first.
"""

from __future__ import annotations

import codecs
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kb.analysis import apertium
from kb.analysis.analyzer import Analyzer
from kb.analysis.related import FILE_NAME, HAND, Related, RelatedGroup, format_related, load_related
from kb.analysis.synonyms import FILE_NAME as SYNONYMS_FILE
from kb.analysis.synonyms import load_synonyms
from kb.analysis.words import LETTERS_ONLY, STOP_WORDS, normalize, stem, token_words
from kb.corpus.atomic import write_temporary
from kb.errors import InputError

THESAURI = (Path("/usr/share/mythes/th_nb_NO_v2.dat"), Path("/usr/share/mythes/th_nn_NO_v2.dat"))
THESAURUS_SOURCE = "mythes-no"
FACTS_SOURCE = "facts"
MIN_LETTERS = 4
MIN_LINK = 7
MAX_LISTED = 30
MAX_SHARE = 0.1
MIN_COMMON = 3
MAX_SENSE = 8
MAX_GROUPS = 300
WORD_CLASSES = frozenset({"n", "vblex", "adj"})


@dataclass(frozen=True)
class Entry:
    """One headword of a thesaurus, its meanings (each a tuple of words) and where it is."""

    headword: str
    senses: tuple[tuple[str, ...], ...]
    where: str


@dataclass(frozen=True)
class Candidate:
    """A proposed group and why: where it comes from, which of its words the corpus holds."""

    group: RelatedGroup
    note: str


def read_thesaurus(path: Path) -> list[Entry]:
    """The entries of a MyThes ``.dat`` file, in the encoding its first line names.

    Raises InputError (file and line) when it cannot be read, names an unknown
    encoding, or an entry is not ``word|count`` followed by that many meaning lines.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read the thesaurus: {error.strerror}") from error
    name = raw.split(b"\n", 1)[0].decode("ascii", "replace").strip()
    try:
        lines = raw.decode(codecs.lookup(name).name, "replace").split("\n")
    except LookupError as error:
        raise InputError(str(path), f"unknown encoding {name!r} on the first line", 1) from error
    entries: list[Entry] = []
    at = 1
    while at < len(lines):
        head = lines[at].strip()
        if not head:
            at += 1
            continue
        word, _, count = head.rpartition("|")
        if not word or not count.isdigit():
            raise InputError(str(path), f"expected 'word|count', found {head[:60]!r}", at + 1)
        senses = lines[at + 1:at + 1 + int(count)]
        if len(senses) < int(count) or any("|" not in s for s in senses):
            raise InputError(str(path), f"'{word}' needs {count} meaning line(s) "
                                        "of the form '-|word|word'", at + 1)
        entries.append(Entry(word.strip().lower(),
                             tuple(tuple(w.strip().lower() for w in s.split("|")[1:] if w.strip())
                                   for s in senses), f"{Path(path).name}:{at + 1}"))
        at += 1 + int(count)
    return entries


class CorpusWords:
    """The corpus as the seeder compares words with it: lemmas, stems, item shares."""

    def __init__(self, analyzer: Analyzer, texts: Sequence[str]) -> None:
        self.analyzer = analyzer
        self.lemmas: set[str] = set()
        self.stems: set[str] = set()
        self._items: Counter[str] = Counter()
        self._count = max(len(texts), 1)
        for text in texts:
            self._items.update({k for w in set(token_words(text)) if w not in STOP_WORDS
                                for k in self._keys(w)})
        for word in analyzer.vocabulary:
            self.lemmas |= self._lemmas(word)
            self.stems.add(stem(normalize(word)))

    def _lemmas(self, word: str) -> set[str]:
        """The word and its Apertium lemmas (as the Analyzer cached them at build)."""
        found = self.analyzer.answers.known(word)
        return {word, *(found.lemmas if found is not None else ())}

    def _keys(self, word: str) -> set[str]:
        return self._lemmas(word) | {stem(normalize(word))}

    def holds(self, word: str, known: bool) -> bool:
        """Whether the corpus holds the word: as a lemma (``known`` to Apertium), else by stem."""
        return word in self.lemmas if known else stem(normalize(word)) in self.stems

    def common(self, word: str) -> bool:
        """Whether more than MAX_SHARE of the items (and MIN_COMMON or more) hold the word,
        as a lemma or by stem."""
        held = max(self._items[word], self._items[stem(normalize(word))])
        return held >= MIN_COMMON and held > MAX_SHARE * self._count


class _Filter:
    """The word filters of the module docstring, with Apertium's word classes when installed."""

    def __init__(self, corpus: CorpusWords, entries: Sequence[Entry], extra: Iterable[str]) -> None:
        self.corpus = corpus
        self.listed: Counter[str] = Counter()
        self.meanings: dict[str, list[tuple[str, ...]]] = {}
        for entry in entries:
            self.listed.update({w for sense in entry.senses for w in sense})
            self.meanings.setdefault(entry.headword, []).extend(entry.senses)
        words = {e.headword for e in entries} | set(self.listed) | set(extra)
        self.classes = (apertium.word_classes(w for w in words if LETTERS_ONLY.match(w))
                        if corpus.analyzer.use_apertium else {})

    def known(self, word: str) -> bool:
        return word in self.classes

    def key(self, word: str) -> str:
        return word if self.known(word) else stem(normalize(word))

    def plain(self, word: str) -> bool:
        """One word of letters, long enough, not a stop word, not too common in the corpus."""
        return (len(word) >= MIN_LETTERS and bool(LETTERS_ONLY.match(word))
                and word not in STOP_WORDS
                and not self.corpus.common(word))

    def usable(self, word: str) -> bool:
        """:meth:`plain`, not listed everywhere, and a base form of a content word."""
        if not self.plain(word) or self.listed[word] > MAX_LISTED:
            return False
        return not self.known(word) or bool(self.classes[word] & WORD_CLASSES)

    def in_corpus(self, word: str) -> bool:
        return self.corpus.holds(word, self.known(word))

    def links(self, word: str, head: str) -> bool:
        """Whether a corpus word is related to ``head`` in the meaning the corpus uses: a word
        of several meanings only through the one sharing the most words with the corpus."""
        senses = self.meanings.get(word, [])
        if len(senses) < 2:
            return True
        shared = [sum(1 for w in set(s) if w != word and self.in_corpus(w)) for s in senses]
        through = [n for s, n in zip(senses, shared, strict=True) if head in s]
        return bool(through) and max(through) == max(shared) > 0


def _distinct(words: Iterable[str], key: Callable[[str], str]) -> list[str]:
    """The words in order, the first of each key (lemma or stem)."""
    seen: set[str] = set()
    out: list[str] = []
    for word in words:
        if key(word) not in seen:
            seen.add(key(word))
            out.append(word)
    return out


def _fact_candidates(labels: Mapping[str, Sequence[str]], check: _Filter) -> list[Candidate]:
    """One group a fact field: its label words (one per stem) not too common in the corpus."""
    out = []
    for field, names in labels.items():
        words = _distinct((w for w in names if check.plain(w)), lambda w: stem(normalize(w)))
        held = [w for w in words if check.in_corpus(w)]
        if len(words) >= 2 and held:
            out.append(Candidate(RelatedGroup(tuple(words), FACTS_SOURCE),
                                 f"fact labels of '{field}'; in the corpus: {', '.join(held)}"))
    return out


def seed_candidates(entries: Sequence[Entry], corpus: CorpusWords,
                    labels: Mapping[str, Sequence[str]], keep: Related) -> list[Candidate]:
    """The groups to propose: fact labels first, then thesaurus meanings (see the module doc).

    Leaves out every candidate whose words all belong to a group in ``keep`` that
    an editor made or turned off, and any candidate inside a larger one.
    """
    check = _Filter(corpus, entries, (w for names in labels.values() for w in names))
    found = _fact_candidates(labels, check)
    for entry in entries:
        head = entry.headword
        if not check.usable(head):
            continue
        for sense in entry.senses:
            if len(sense) > MAX_SENSE:
                continue
            words = _distinct([head] + [w for w in sense if check.usable(w)], check.key)
            held = [w for w in words[1:] if len(w) >= MIN_LINK and check.in_corpus(w)
                    and check.links(w, head)]
            if held:
                found.append(Candidate(RelatedGroup(tuple(words), THESAURUS_SOURCE),
                                       f"{entry.where}; in the corpus: {', '.join(held)}"))
    kept = [frozenset(g.words) for g in keep.groups if g.off or g.source == HAND]
    sets = [frozenset(c.group.words) for c in found]
    out: list[Candidate] = []
    for candidate, members in zip(found, sets, strict=True):
        inside = any(members < other for other in sets) or any(members <= k for k in kept)
        if not inside and all(members != frozenset(c.group.words) for c in out):
            out.append(candidate)
    if len(out) > MAX_GROUPS:  # the groups with the most corpus words
        counts = [sum(map(check.in_corpus, c.group.words)) for c in out]
        cut = sorted(counts, reverse=True)[MAX_GROUPS - 1]
        out = [c for c, n in zip(out, counts, strict=True) if n >= cut][:MAX_GROUPS]
    return out


@dataclass(frozen=True)
class Seeded:
    """What ``kb related seed`` found: the groups an editor keeps and the new candidates."""

    path: Path
    kept: tuple[RelatedGroup, ...]
    candidates: tuple[Candidate, ...]

    def text(self) -> str:
        """The related-words file these groups make (kept groups first)."""
        notes = [(g, "kept by an editor") for g in self.kept]
        return format_related(notes + [(c.group, c.note) for c in self.candidates])


def seed_related(corpus_dir: Path, texts: Sequence[str], field_texts: Sequence[str],
                 labels: Mapping[str, Sequence[str]], thesauri: Sequence[Path] = THESAURI,
                 *, use_apertium: bool | None = None) -> Seeded:
    """Candidate groups for ``<corpus_dir>/related.toml`` from ``thesauri`` and ``labels``.

    ``texts`` are the items' texts; ``field_texts`` more words of the field (the
    taxonomy) that count as held by the corpus. Raises InputError (CorpusError)
    for a thesaurus, synonyms or related-words file that cannot be read.
    """
    keep = load_related(Path(corpus_dir) / FILE_NAME)
    analyzer = Analyzer(load_synonyms(Path(corpus_dir) / SYNONYMS_FILE), use_apertium=use_apertium)
    try:
        analyzer.prepare(list(texts) + list(field_texts))
        entries = [entry for path in thesauri for entry in read_thesaurus(path)]
        candidates = seed_candidates(entries, CorpusWords(analyzer, texts), labels, keep)
    finally:
        analyzer.close()
    kept = tuple(g for g in keep.groups if g.off or g.source == HAND)
    return Seeded(Path(corpus_dir) / FILE_NAME, kept, tuple(candidates))


def write_related(seeded: Seeded) -> None:
    """Write :meth:`Seeded.text` to its file atomically, as the corpus writes its files
    (:func:`kb.corpus.atomic.write_temporary`, then a rename). Raises OSError."""
    temp = write_temporary(seeded.path, seeded.text())
    try:
        temp.replace(seeded.path)
    finally:
        temp.unlink(missing_ok=True)
