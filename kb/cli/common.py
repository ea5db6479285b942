"""What every ``kb`` command shares: the folders chosen for the run, and clean failures."""

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


pass_paths = click.make_pass_decorator(Paths)
