"""The ``kb`` command line: thin wrappers over the pipeline's entry points.

Exit status: 0 on success, 2 on bad input (the message names file and line or
the parameter), 1 on an unexpected failure.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kb import config
from kb.errors import KbError


class Paths:
    """The corpus and index folders chosen for this run."""

    def __init__(self, corpus: str | None, index: str | None) -> None:
        self.corpus: Path = config.corpus_dir(corpus)
        self.index: Path = config.index_dir(index)


def fails_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a :class:`KbError` into its message on stderr and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KbError as error:
            click.echo(f"kb: {error}", err=True)
            sys.exit(2)

    return wrapper


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


pass_paths = click.make_pass_decorator(Paths)
