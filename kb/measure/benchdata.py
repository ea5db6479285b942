"""The benchmark's workload: a generated corpus shaped like the real one, and a query mix.

The generated corpus is deterministic for a seed. It takes from the real corpus
its vocabulary (word frequencies of every item), its regions and municipalities
(made up to 40 regions with names in the same style), and its theme taxonomy
and synonym list (copied beside the generated files). Each document is a region
page with every item kind: a summary, goals (Hovedmål / Delmål), results, three
pieces of advice, further work, text from the application, facts, and on every
eighth page an article section. Items have 5 to 60 words drawn by frequency from
the vocabulary, with new compounds of its words (the way Norwegian makes them,
with and without a linking s/e) and the region's own names mixed in. Themes are
left to the product's tagger, as for a real page.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from kb.corpus import fact_lines
from kb.errors import InputError
from kb.models import Document, Facts, Section, SectionItem

REGION_COUNT = 40
_WORD = re.compile(r"[^\W\d_]+")
# (kind, heading, list style, (min, max) items, (min, max) words)
_SECTIONS = (
    ("goal", "Mål for {region}", "bullet", (2, 5), (8, 25)),
    ("result", "Resultater i {region}", "bullet", (2, 6), (8, 35)),
    ("advice", "Tre råd fra {region}", "number", (3, 3), (5, 15)),
    ("after", "Videre arbeid i {region}", "paragraph", (1, 2), (15, 50)),
    ("application", "Fra søknaden", "paragraph", (1, 2), (20, 60)),
)


@dataclass(frozen=True)
class BenchQuery:
    """One query of the mix: the query string, its facet filters and its type."""

    q: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    category: str = "file"


@dataclass
class Workload:
    """A generated corpus: every item's text and the regions (name, county) used."""

    texts: list[str]
    regions: list[tuple[str, str]]


class _Vocabulary:
    """Words of the real corpus drawn by frequency, plus generated compounds."""

    def __init__(self, texts: Sequence[str], rng: Random, compounds: int) -> None:
        counts: Counter[str] = Counter()
        surfaces: Counter[str] = Counter()  # forms inside a sentence keep names capitalised
        for text in texts:
            words = _WORD.findall(text)
            counts.update(w.lower() for w in words)
            surfaces.update(words[1:])
        if not counts:
            raise InputError("corpus", "the corpus has no words to build a benchmark corpus from")
        ranked = sorted(counts.items(), key=lambda wc: (-wc[1], wc[0]))
        self.words = [w if surfaces[w] >= surfaces[w.capitalize()] else w.capitalize()
                      for w, _ in ranked]
        self.cumulative = list(itertools.accumulate(c for _, c in ranked))
        parts = [w for w in self.words[100:] if len(w) >= 4 and w.islower()][:2000] or self.words
        self.compounds = []
        for _ in range(compounds):
            first, second = rng.choice(parts), rng.choice(parts)
            link = "" if first[-1] in "se" else rng.choice(("", "", "s", "e"))
            self.compounds.append(first + link + second)
        # Zipf-like, flattened so that no one compound dominates a page.
        self.compound_weights = list(itertools.accumulate(1 / (r + 20) for r in range(compounds)))

    def sentence(self, rng: Random, length: int, names: Sequence[str]) -> str:
        words = rng.choices(self.words, cum_weights=self.cumulative, k=length)
        for position in range(length):
            roll = rng.random()
            if roll < 0.05 and self.compounds:
                words[position] = rng.choices(self.compounds, cum_weights=self.compound_weights)[0]
            elif roll < 0.07:
                words[position] = rng.choice(names)
            elif roll < 0.12 and position < length - 1:
                words[position] += ","
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."


def _regions(source: Any) -> tuple[list[tuple[str, str]], list[str]]:
    """Return 40 (region, county) pairs in the real corpus's style, and municipality names."""
    real = sorted({(d.region, d.county) for d in source.documents if d.region and d.county})
    municipalities = sorted({m for d in source.documents if d.facts
                             for m in d.facts.municipalities})
    regions = list(real[:REGION_COUNT])
    counties = sorted({c for _, c in real}) or ["Nordland"]
    taken = {r for r, _ in regions}
    for n, name in enumerate(municipalities):
        if len(regions) >= REGION_COUNT:
            break
        if f"{name}regionen" not in taken:
            regions.append((f"{name}regionen", counties[n % len(counties)]))
    for n in itertools.count(1):
        if len(regions) >= REGION_COUNT:
            break
        regions.append((f"Byregion {n}", counties[n % len(counties)]))
    return regions, municipalities or [r.removesuffix("regionen") for r, _ in regions]


def _document(number: int, region: tuple[str, str], budget: int, vocab: _Vocabulary,
              municipalities: Sequence[str], rng: Random) -> tuple[Document, int]:
    """Return a generated region page holding at most ``budget`` items, and its item count."""
    name, county = region
    slug = f"gen-{number:05d}"
    partners = tuple(rng.sample(list(municipalities), min(len(municipalities),
                                                          rng.randint(2, 6))))
    names = (name, *partners)
    plan = [("summary", name, "paragraph", 1, (25, 60))]
    plan += [(kind, heading.format(region=name), style, rng.randint(*count), words)
             for kind, heading, style, count, words in _SECTIONS]
    if number % 8 == 0:
        plan.append(("article", f"Nytt fra {name}", "paragraph", rng.randint(2, 5), (20, 60)))
    generated = Facts(applicant=partners[0], partners=partners[1:],
                      population=rng.randint(8000, 120000), population_date="1.jan 2015",
                      area_km2=float(rng.randint(200, 9000)))
    fact_count = len(fact_lines(generated))
    facts: Facts | None = generated
    if budget > fact_count:
        budget -= fact_count
    else:
        facts, fact_count = None, 0
    sections, used = [], 0
    for kind, heading, style, count, (low, high) in plan:
        count = min(count, budget - used)
        if count <= 0:
            break
        items = []
        for n in range(count):
            text = vocab.sentence(rng, rng.randint(low, high), names)
            if kind == "goal":
                text = ("Hovedmål: " if n == 0 else f"Delmål {n}: ") + text
            items.append(SectionItem(text=text, style=style))
        sections.append(Section(kind=kind, heading=heading, items=items))
        used += count
    document = Document(slug=slug, title=name, doc_type="region", region=name, county=county,
                        language="nb" if number % 5 else "nn",
                        source_url=f"https://example.org/byregion/{slug}/",
                        facts=facts, sections=sections,
                        facts_heading=f"Fakta {name}" if facts else None)
    return document, used + fact_count


def generate_corpus(source: Any, source_dir: Path, out_dir: Path, n_items: int,
                    seed: int = 1) -> Workload:
    """Write a generated corpus of exactly ``n_items`` items into ``out_dir``; see the module doc.

    ``source`` is the loaded real corpus in ``source_dir`` (its themes.toml,
    synonyms.toml, related.toml and labelled.toml are copied). Raises InputError when the
    source has no words.
    """
    from kb.corpus import document_path, write_document

    rng = Random(seed)
    vocab = _Vocabulary([it.text for it in source.items], rng, min(max(n_items // 5, 100), 20000))
    regions, municipalities = _regions(source)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("themes.toml", "synonyms.toml", "related.toml", "labelled.toml"):
        if (source_dir / name).is_file():
            shutil.copyfile(source_dir / name, out_dir / name)
    _write_regions(out_dir / "regions.toml", regions)
    texts: list[str] = []
    made, number = 0, 0
    while made < n_items:
        number += 1
        region = regions[(number - 1) % len(regions)]
        document, count = _document(number, region, n_items - made, vocab, municipalities, rng)
        document_path(out_dir, document.slug).write_text(write_document(document),
                                                          encoding="utf-8")
        texts.extend(item.text for section in document.sections for item in section.items)
        made += count
    return Workload(texts, regions)


def _write_regions(path: Path, regions: Sequence[tuple[str, str]]) -> None:
    lines = ["# Regions of a generated benchmark corpus.", ""]
    for n, (name, county) in enumerate(regions, 1):
        lines += ["[[region]]", f"name = {json.dumps(name, ensure_ascii=False)}",
                  f'slug = "gen-region-{n:02d}"',
                  f"county = {json.dumps(county, ensure_ascii=False)}",
                  f'url = "https://example.org/byregion/region-{n:02d}/"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def query_mix(texts: Sequence[str], regions: Sequence[tuple[str, str]],
              theme_ids: Sequence[str], seed: int = 1, per_type: int = 6) -> list[BenchQuery]:
    """Return a deterministic query mix drawn from ``texts``.

    Types: common and rare words, two words ANDed, phrases, prefixes, typos,
    compound parts (a word that starts longer words), facet filters and browsing.
    """
    rng = Random(seed)
    tokenized = [[w.lower() for w in _WORD.findall(t)] for t in texts]
    counts = Counter(itertools.chain.from_iterable(tokenized))
    content = [w for w, _ in sorted(counts.items(), key=lambda wc: (-wc[1], wc[0]))
               if len(w) >= 5]
    mid = [w for w in content[10:400] if counts[w] >= 3] or content

    def pick(pool: Sequence[str], n: int = per_type) -> list[str]:
        return rng.sample(pool, min(n, len(pool)))

    queries = [BenchQuery(w, {}, "common") for w in pick(content[:30])]
    rare = sorted(w for w in content if 2 <= counts[w] <= 5)
    queries += [BenchQuery(w, {}, "rare") for w in pick(rare)]
    queries += _from_texts(tokenized, set(mid), rng, per_type)
    queries += [BenchQuery(w[:5] + "*", {}, "prefix")
                for w in pick([w for w in mid if len(w) >= 8])]
    queries += [BenchQuery(_typo(w, rng, counts), {}, "typo")
                for w in pick([w for w in mid if len(w) >= 6])]
    queries += [BenchQuery(w, {}, "compound part") for w in pick(_compound_parts(content[:600]))]
    common = content[:30] or ["region"]
    themes = list(theme_ids) or ["ukjent"]
    region, county = regions[0] if regions else ("", "")
    queries += [
        BenchQuery(rng.choice(common), {"region": [region]}, "facet filter"),
        BenchQuery(rng.choice(common), {"theme": [rng.choice(themes)]}, "facet filter"),
        BenchQuery(rng.choice(common), {"kind": ["advice"]}, "facet filter"),
        BenchQuery(rng.choice(common), {"theme": themes[:2], "county": [county]}, "facet filter"),
        BenchQuery("", {}, "browse"),
        BenchQuery("", {"kind": ["advice"], "theme": [themes[-1]]}, "browse"),
    ]
    return queries


def _from_texts(tokenized: Sequence[list[str]], mid: set[str], rng: Random,
                per_type: int) -> list[BenchQuery]:
    """Two-word AND queries and phrases: pairs of mid-frequency words from one item."""
    pairs: list[BenchQuery] = []
    phrases: list[BenchQuery] = []
    order = list(range(len(tokenized)))
    rng.shuffle(order)
    for n in order:
        words = [w for w in tokenized[n] if w in mid]
        if len(pairs) < per_type and len(set(words)) >= 2:
            first, second = rng.sample(sorted(set(words)), 2)
            pairs.append(BenchQuery(f"{first} {second}", {}, "two words"))
        adjacent = [(a, b) for a, b in itertools.pairwise(tokenized[n])
                    if len(a) >= 4 and len(b) >= 4]
        if len(phrases) < per_type and adjacent:
            a, b = rng.choice(adjacent)
            phrases.append(BenchQuery(f'"{a} {b}"', {}, "phrase"))
        if len(pairs) >= per_type and len(phrases) >= per_type:
            break
    return pairs + phrases


def _typo(word: str, rng: Random, known: Counter[str]) -> str:
    """Return ``word`` with one inner letter dropped or two swapped, not itself a known word."""
    for _ in range(10):
        at = rng.randint(1, len(word) - 2)
        if rng.random() < 0.5:
            typo = word[:at] + word[at + 1:]
        else:
            typo = word[:at] + word[at + 1] + word[at] + word[at + 2:]
        if typo not in known:
            return typo
    return word[:-1]


def _compound_parts(words: Sequence[str]) -> list[str]:
    """Words (6+ letters) that begin some other word at least four letters longer."""
    ordered = sorted(words)
    parts = []
    for word in ordered:
        if len(word) < 6:
            continue
        at = bisect.bisect_right(ordered, word)
        while at < len(ordered) and ordered[at].startswith(word):
            if len(ordered[at]) >= len(word) + 4:
                parts.append(word)
                break
            at += 1
    return parts


def judged_queries() -> list[BenchQuery]:
    """The judged queries of ``kb eval`` (every packaged set: single words and
    practitioners' questions) as benchmark queries (type "judged")."""
    from kb.measure.evaluate import DEFAULT_SETS, load_queries

    return [BenchQuery(q.q, {}, "judged") for path in DEFAULT_SETS for q in load_queries(path)]


def load_bench_queries(path: Path) -> list[BenchQuery]:
    """Read a query file: JSON (a list of strings or ``{"q", "filters"}``) or one query a line.

    Raises InputError naming the file (and line or entry) when it cannot be used.
    """
    try:
        content = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read the query file: {error}") from None
    if Path(path).suffix.lower() != ".json":
        queries = [BenchQuery(line.strip()) for line in content.splitlines() if line.strip()]
    else:
        try:
            data = json.loads(content)
        except json.JSONDecodeError as error:
            raise InputError(str(path), f"not a JSON file: {error.msg}", error.lineno) from None
        if not isinstance(data, list):
            raise InputError(str(path), "expected a list of queries")
        queries = [_bench_query(path, n, entry) for n, entry in enumerate(data, 1)]
    if not queries:
        raise InputError(str(path), "the query file holds no queries")
    return queries


def _bench_query(path: Path, number: int, entry: Any) -> BenchQuery:
    if isinstance(entry, str):
        return BenchQuery(entry)
    filters = entry.get("filters", {}) if isinstance(entry, dict) else None
    if (not isinstance(entry, dict) or not isinstance(entry.get("q"), str)
            or not isinstance(filters, dict)
            or not all(isinstance(v, list) and all(isinstance(x, str) for x in v)
                       for v in filters.values())):
        raise InputError(str(path), f'query {number}: expected a string or {{"q": string, '
                                    '"filters": {facet: [values]}}')
    return BenchQuery(entry["q"], {k: list(v) for k, v in filters.items()})
