"""The ``kb`` command line: thin wrappers over the pipeline's entry points.

The corpus and search commands are here; ``build`` and ``serve`` in
:mod:`kb.cli.indexing`; the measuring commands (``eval``, ``bench``, ``soak``) in
:mod:`kb.cli.measuring`; ``harvest`` in :mod:`kb.cli.harvesting`; what they share
(the chosen folders, clean failures) in :mod:`kb.cli.common`.

Exit status: 0 on success, 2 on bad input (the message names file and line or
the parameter), 1 on an unexpected failure.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kb.cli.common import Paths, base_url_option, fails_cleanly, pass_paths, web_url_option
from kb.cli.harvesting import harvest
from kb.cli.indexing import build, serve
from kb.cli.measuring import bench, eval_command, soak
from kb.vocabulary import DEFAULT_PER_PAGE, EXPORT_FORMATS, PAGE_FORMATS, SORT_ORDERS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--corpus", "corpus", metavar="DIR", default=None,
              help="Corpus folder (default: $KB_CORPUS_DIR or the project's corpus/).")
@click.option("--index", "index", metavar="DIR", default=None,
              help="Index folder (default: $KB_INDEX_DIR or the project's index/).")
@click.version_option(package_name="kb")
@click.pass_context
def main(ctx: click.Context, corpus: str | None, index: str | None) -> None:
    """Byregion lessons-learned knowledge base."""
    ctx.obj = Paths(corpus, index)


@main.command("import")
@click.argument("pages", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite documents that exist already.")
@click.option("--source-url", metavar="URL", default=None, callback=web_url_option,
              help="The page's original http(s) address; its last path segment is the slug.")
@click.option("--county", metavar="C", default=None, help="County (fylke) of the region.")
@click.option("--region", metavar="R", default=None, help="Region (default: from the title).")
@click.option("--doc-type", type=click.Choice(["region", "programme", "news"]), default=None,
              help="Kind of page (default: recognised from the page).")
@click.option("--format", "fmt", type=click.Choice(PAGE_FORMATS), default=None,
              help="Page format (default: from the file name, else from the text).")
@click.option("--max-bytes", "max_bytes", metavar="N", default=None, type=click.IntRange(min=1),
              help="Refuse a page larger than N bytes (default: $KB_MAX_PAGE_BYTES or 5 MiB).")
@pass_paths
@fails_cleanly
def import_command(paths: Paths, pages: tuple[Path, ...], replace: bool, source_url: str | None,
                   county: str | None, region: str | None, doc_type: str | None,
                   fmt: str | None, max_bytes: int | None) -> None:
    """Import raw pages (captured text, Markdown or HTML) into the corpus, one file each.

    All pages or none: nothing is written when one of them fails. Site
    boilerplate left out is listed on stderr; an existing document is only
    overwritten with --replace.
    """
    from kb import config
    from kb.ingest import import_pages

    if source_url and len(pages) > 1:
        raise click.UsageError("--source-url names one page: give a single PATH with it")
    for line in import_pages(list(pages), paths.corpus, replace=replace, source_url=source_url,
                             county=county, region=region, doc_type=doc_type, fmt=fmt,
                             max_bytes=config.max_page_bytes(max_bytes),
                             warn=lambda message: click.echo(f"kb import: {message}", err=True)):
        click.echo(line)


@main.command()
@pass_paths
@fails_cleanly
def check(paths: Paths) -> None:
    """Check the corpus; print every problem as FILE:LINE: severity: message.

    Exits 0 when there are no errors (warnings allowed), 2 otherwise.
    """
    from kb.analysis import load_related
    from kb.analysis.related import FILE_NAME as RELATED_FILE
    from kb.corpus import Problem, check_corpus
    from kb.errors import KbError

    problems = check_corpus(paths.corpus)
    try:
        load_related(paths.corpus / RELATED_FILE)
    except KbError as error:
        problems.append(Problem(getattr(error, "path", RELATED_FILE), getattr(error, "line", None),
                                getattr(error, "message", str(error))))
    for problem in problems:
        click.echo(str(problem))
    errors = sum(1 for p in problems if p.severity == "error")
    click.echo(f"kb check: {errors} error(s), {len(problems) - errors} warning(s) in "
               f"{paths.corpus}", err=True)
    if errors:
        sys.exit(2)


@main.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl",
              show_default=True,
              help="Output format: csv is for scripts (comma, English headers and codes); "
                   "csv-excel opens as columns in Norwegian Excel (UTF-8 with BOM, ';', "
                   "Norwegian headers and labels, CRLF, each item's link).")
@click.option("--base-url", "base_url", metavar="URL", default=None, callback=base_url_option,
              help="Public address the csv-excel links start with, e.g. https://kb.example.no "
                   "(default: $KB_BASE_URL, else relative links).")
@pass_paths
@fails_cleanly
def export(paths: Paths, fmt: str, base_url: str | None) -> None:
    """Write every item of the corpus, with all its fields and themes, to standard output."""
    import io

    from kb import config
    from kb.corpus import export as write_export
    from kb.corpus import load_corpus
    from kb.models import Item
    from kb.web.app import url_app
    from kb.web.urls import item_url

    corpus = load_corpus(paths.corpus)
    if fmt != "csv-excel":
        write_export(corpus, fmt, sys.stdout)
        return
    base = config.base_url(base_url)

    def link(item: Item) -> str:
        return base + item_url(item)

    # Excel's bytes whatever the terminal's encoding: UTF-8, line ends as written (CRLF).
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        with url_app().app_context():
            write_export(corpus, fmt, out, link)
        out.flush()
    finally:
        out.detach()


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@pass_paths
@fails_cleanly
def stats(paths: Paths, as_json: bool) -> None:
    """Count documents, and items per kind, document, region and theme."""
    import json

    from kb.corpus import corpus_stats, format_stats, load_corpus

    counts = corpus_stats(load_corpus(paths.corpus))
    click.echo(json.dumps(counts, ensure_ascii=False, indent=2) if as_json
               else format_stats(counts))


@main.command()
@click.argument("query", nargs=-1)
@click.option("--theme", "themes", multiple=True, metavar="T", help="Theme id (repeatable).")
@click.option("--region", "regions", multiple=True, metavar="R", help="Region (repeatable).")
@click.option("--county", "counties", multiple=True, metavar="C", help="County (repeatable).")
@click.option("--kind", "kinds", multiple=True, metavar="K",
              help="Kind: goal, result, advice, after, application, summary, article, fact.")
@click.option("--municipality", "municipalities", multiple=True, metavar="M",
              help="Municipality: the items of the region(s) it belonged to (repeatable; "
                   "any case, æøå or not).")
@click.option("--page", default=1, show_default=True, type=int, help="Result page.")
@click.option("--per-page", "per_page", default=DEFAULT_PER_PAGE, show_default=True, type=int,
              help="Hits per page (1-100).")
@click.option("--sort", type=click.Choice(SORT_ORDERS), default=SORT_ORDERS[0], show_default=True,
              help="Order of the hits (region and kind keep the all-word matches first).")
@click.option("--correct/--no-correct", default=True, show_default=True,
              help="Search misspelt words as corrected (--no-correct: as typed, the "
                   "correction only offered).")
@click.option("--json", "as_json", is_flag=True,
              help="Print the results as the JSON API returns them.")
@click.option("--explain", "explaining", is_flag=True,
              help="Say why each hit matched: each query word's level and term (with --json: "
                   "an \"explain\" key).")
@pass_paths
@fails_cleanly
def search(paths: Paths, query: tuple[str, ...], themes: tuple[str, ...],
           regions: tuple[str, ...], counties: tuple[str, ...], kinds: tuple[str, ...],
           municipalities: tuple[str, ...], page: int, per_page: int, sort: str,
           correct: bool, as_json: bool, explaining: bool) -> None:
    """Search the knowledge base (builds the index first when there is none or it is stale).

    Words must all match; "a phrase", a OR b, -word to leave out, word* for prefixes.
    """
    import json

    from kb.index import TerminalProgress
    from kb.search import ensure_index, explain, format_results
    from kb.search import search as run_search
    from kb.web.app import url_app
    from kb.web.urls import item_url, results_json

    with TerminalProgress() as progress:
        index = ensure_index(paths.corpus, paths.index, progress=progress, warn=lambda message:
                             click.echo(f"kb search: warning: {message}", err=True),
                             embedding_progress=progress.embedding)
    try:
        filters = {"theme": themes, "region": regions, "county": counties, "kind": kinds,
                   "municipality": municipalities}
        results = run_search(index, " ".join(query), filters, page, per_page, sort=sort,
                             correct=correct)
        why = explain(index, results) if explaining else []
    finally:
        index.close()
    with url_app().app_context():  # the hits' links, built as /api/search builds them
        if as_json:
            data = results_json(results)
            if explaining:
                data["explain"] = [e.to_dict() for e in why]
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            click.echo(format_results(results, item_url,
                                      {e.item_id: e.lines() for e in why}))


@main.group()
def related() -> None:
    """The related words of the field (corpus/related.toml)."""


@related.command("seed")
@click.option("--thesaurus", "thesauri", multiple=True, metavar="PATH",
              type=click.Path(dir_okay=False, path_type=Path),
              help="A MyThes .dat thesaurus (repeatable; default: Debian's mythes-no, "
                   "nb and nn).")
@click.option("--write", is_flag=True, help="Write corpus/related.toml (groups marked "
                                            "source = \"hand\" or off = true are kept).")
@pass_paths
@fails_cleanly
def related_seed(paths: Paths, thesauri: tuple[Path, ...], write: bool) -> None:
    """Propose related-word groups from a thesaurus and the fact labels, filtered by the corpus.

    Prints each candidate group with its source; --write writes them to the file.
    """
    from kb.analysis.relatedseed import THESAURI, seed_related, write_related
    from kb.corpus import load_corpus
    from kb.ingest import label_words

    corpus = load_corpus(paths.corpus)
    field = [" ".join((t.label, t.description, *t.cues)) for t in corpus.taxonomy.themes]
    seeded = seed_related(paths.corpus, [it.text for it in corpus.items], field, label_words(),
                          thesauri or THESAURI)
    for group in seeded.kept:
        click.echo(f"{group.source:<10} {' ~ '.join(group.words)}"
                   + ("  (off)" if group.off else "") + "  [kept]")
    for found in seeded.candidates:
        click.echo(f"{found.group.source:<10} {' ~ '.join(found.group.words)}  [{found.note}]")
    click.echo(f"kb related seed: {len(seeded.candidates)} candidate group(s), "
               f"{len(seeded.kept)} kept", err=True)
    if write:
        write_related(seeded)
        click.echo(f"kb related seed: written to {seeded.path}", err=True)


@main.command()
@click.option("--explain", "item_id", metavar="ITEM_ID", default=None,
              help="Print each theme of the item and the cue, override or examples that gave it.")
@pass_paths
@fails_cleanly
def themes(paths: Paths, item_id: str | None) -> None:
    """List the themes with their item counts in the index, or explain one item's themes."""
    from kb.index import TerminalProgress, format_explanation
    from kb.search import ensure_index

    with TerminalProgress() as progress:
        index = ensure_index(paths.corpus, paths.index, progress=progress,
                             embedding_progress=progress.embedding)
    try:
        if item_id is None:
            counts = {t: sum(t in it.themes for it in index.items()) for t in index.taxonomy.ids}
            for theme in index.taxonomy:
                click.echo(f"{theme.id:<16}{counts[theme.id]:>5}  {theme.label}")
            return
        item = index.get_item(item_id)
        if item is None:
            raise click.BadParameter(f"no item {item_id!r} in the index", param_hint="--explain")
        click.echo(format_explanation(index.built, item))
    finally:
        index.close()


for _command in (build, serve, eval_command, bench, soak, harvest):
    main.add_command(_command)
