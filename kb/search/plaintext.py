"""Search results as readable terminal text (``kb search`` without ``--json``).

Matched words are shown in bold (click drops the styling when the output is
not a terminal); the rest of the text is shown as written, unescaped. Each hit's
link comes from the caller, who knows the routes (kb.search does not).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from html import unescape

import click

from kb.models import Item, SearchResults
from kb.vocabulary import FACET_LABELS, KIND_LABELS

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
MAX_FACET_VALUES = 8


def plain_highlight(highlight: str) -> str:
    """A hit's highlight HTML as terminal text, matched words in bold."""
    out, at = [], 0
    for match in _MARK.finditer(highlight):
        out.append(unescape(highlight[at:match.start()]))
        out.append(click.style(unescape(match.group(1)), bold=True, fg="yellow"))
        at = match.end()
    out.append(unescape(highlight[at:]))
    return "".join(out)


def format_results(results: SearchResults, item_url: Callable[[Item], str],
                   explained: Mapping[str, Sequence[str]] | None = None) -> str:
    """Return the hits with kind, region and link (``item_url(item)``), then the facet counts.

    ``explained`` maps an item id to lines saying why it matched, shown under its hit.
    """
    searched = results.did_you_mean if results.corrected else results.query
    shown = f" for «{searched}»" if searched and searched.strip() else ""
    lines = [click.style(f"{results.total} treff{shown}", bold=True)
             + (f" (side {results.page} av {results.pages})" if results.total else "")]
    if results.partial:
        lines.append("Ingen treff på alle ordene; viser de beste delvise treffene.")
    elif results.query.strip() and results.matched_all < results.total:
        lines.append(f"{results.matched_all} treff har alle ordene; de andre har noen av ordene, "
                     "handler om samme tema eller betyr omtrent det samme.")
    if results.did_you_mean and results.corrected:
        lines.append(f"Viser treff for «{results.did_you_mean}». Søk i stedet etter "
                     f"«{results.query}»: kb search --no-correct")
    elif results.did_you_mean:
        lines.append(f"Mente du «{results.did_you_mean}»?")
    for theme in results.query_themes:
        lines.append(f"Tema: {theme.label} ({theme.count}): kb search --theme {theme.value}")
    first = (results.page - 1) * results.per_page + 1
    divided = results.partial
    for number, hit in enumerate(results.hits, start=first):
        if hit.partial and not divided:
            lines += ["", "  — andre treff: noen av ordene, samme tema eller lignende innhold —"]
            divided = True
        item = hit.item
        kind = KIND_LABELS.get(item.kind, item.kind)
        if item.kind == "advice":
            kind = f"{kind} {item.number} av {item.section_size}"
        where = " · ".join(p for p in (kind, item.region, item.county) if p)
        lines += ["", f"{number:>3}. {where}", f"     {plain_highlight(hit.highlight)}",
                  f"     {item.heading} · {item_url(item)}"]
        why = (explained or {}).get(item.id, ())
        lines += [f"     {'why: ' if n == 0 else '     '}{line}" for n, line in enumerate(why)]
    facet_lines = []
    for name in ("theme", "kind", "region", "county", "municipality"):
        values = [v for v in results.facets.get(name, []) if v.count or v.selected]
        if values:
            listed = [v for n, v in enumerate(values) if n < MAX_FACET_VALUES or v.selected]
            text = ", ".join(("[x] " if v.selected else "") + f"{v.label} ({v.count})"
                             for v in listed)
            more = len(values) - len(listed)
            facet_lines.append(f"{FACET_LABELS[name]}: {text}"
                               + (f" og {more} til" if more > 0 else ""))
    if facet_lines:
        lines += [""] + facet_lines
    return "\n".join(lines)
