"""Every item of a corpus as JSON Lines, CSV, JSON or CSV for Norwegian Excel, and counts
of what the corpus holds.

Every CSV cell that a spreadsheet could read as a formula is neutralised by
:func:`kb.corpus.spreadsheet.spreadsheet_safe` (here and in the web's CSVs).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable
from typing import Any, TextIO

from kb.corpus.folder import Corpus
from kb.corpus.spreadsheet import excel_csv, spreadsheet_safe
from kb.models import Document, Item
from kb.vocabulary import EXPORT_FORMATS, ITEM_KINDS

# The columns of an item (the keys of Item.to_dict), for a CSV of an empty corpus.
ITEM_FIELDS = tuple(Item("", "", "", "", "", "", "", "", "", "", 0, 0, 0, "").to_dict())


def document_dict(doc: Document) -> dict[str, Any]:
    """Return a document's front matter as JSON-ready values (facts always an object)."""
    facts = doc.facts
    return {
        "slug": doc.slug,
        "title": doc.title,
        "doc_type": doc.doc_type,
        "region": doc.region,
        "county": doc.county,
        "language": doc.language,
        "source_url": doc.source_url,
        "facts": {
            "applicant": facts.applicant if facts else None,
            "partners": list(facts.partners) if facts else [],
            "population": facts.population if facts else None,
            "population_date": facts.population_date if facts else None,
            "area_km2": facts.area_km2 if facts else None,
        },
    }


def export(corpus: Corpus, fmt: str, out: TextIO,
           link: Callable[[Item], str] = lambda item: "") -> None:
    """Write every item of ``corpus`` to ``out`` in ``fmt`` (one of :data:`EXPORT_FORMATS`),
    CSV cells made :func:`spreadsheet_safe`. ``link`` gives an item's web address, the
    "Lenke" column of ``csv-excel`` (whose text ``out`` should write as UTF-8 without
    translating line ends).

    Raises ValueError for an unknown format.
    """
    rows = [item.to_dict() for item in corpus.items]
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "json":
        data = {"documents": [document_dict(d) for d in corpus.documents], "items": rows}
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        fields = list(rows[0]) if rows else list(ITEM_FIELDS)
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: spreadsheet_safe("; ".join(v) if isinstance(v, list) else v)
                             for k, v in row.items()})
    elif fmt == "csv-excel":
        for line in excel_csv(corpus.items, corpus.taxonomy.label, link):
            out.write(line)
    else:
        raise ValueError(f"unknown export format '{fmt}' (one of {', '.join(EXPORT_FORMATS)})")


def corpus_stats(corpus: Corpus) -> dict[str, Any]:
    """Return counts: documents by type, items by kind, region and theme, and per document."""
    per_document: dict[str, Counter[str]] = {d.slug: Counter() for d in corpus.documents}
    for item in corpus.items:
        per_document[item.doc][item.kind] += 1
    themes = Counter(t for item in corpus.items for t in item.themes)
    return {
        "documents": len(corpus.documents),
        "doc_types": dict(Counter(d.doc_type for d in corpus.documents)),
        "items": len(corpus.items),
        "kinds": _ordered(Counter(i.kind for i in corpus.items), ITEM_KINDS),
        "regions": dict(sorted(Counter(i.region or "(ingen region)"
                                       for i in corpus.items).items())),
        "themes": _ordered(themes, tuple(corpus.taxonomy.ids)),
        "untagged": sum(1 for item in corpus.items if not item.themes),
        "per_document": {slug: _ordered(counts, ITEM_KINDS)
                         for slug, counts in per_document.items()},
    }


def _ordered(counts: Counter[str], order: tuple[str, ...]) -> dict[str, int]:
    return {key: counts[key] for key in order if counts[key]}


def format_stats(stats: dict[str, Any]) -> str:
    """Return the stats as an aligned plain-text report."""
    lines = [f"{stats['documents']} documents "
             f"({', '.join(f'{n} {t}' for t, n in stats['doc_types'].items())}), "
             f"{stats['items']} items", ""]
    kinds = [k for k in ITEM_KINDS if any(k in c for c in stats["per_document"].values())]
    width = max([len(s) for s in stats["per_document"]] + [8])
    lines.append(f"{'document':<{width}}  " + " ".join(f"{k:>11}" for k in kinds) + "  total")
    for slug, counts in stats["per_document"].items():
        cells = " ".join(f"{counts.get(k, 0):>11}" for k in kinds)
        lines.append(f"{slug:<{width}}  {cells}  {sum(counts.values()):>5}")
    cells = " ".join(f"{stats['kinds'].get(k, 0):>11}" for k in kinds)
    lines.append(f"{'total':<{width}}  {cells}  {stats['items']:>5}")
    for title, key in (("items per region", "regions"), ("items per theme", "themes")):
        lines += ["", f"{title}:"]
        lines += [f"  {name:<30} {count:>5}" for name, count in stats[key].items()]
    lines.append(f"  {'(no theme)':<30} {stats['untagged']:>5}")
    return "\n".join(lines)
