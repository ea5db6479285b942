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
from kb.vocabulary import is_web_url


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


def web_url_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check an option that takes a page's address: None or an http(s) URL with a host.

    Raises click.BadParameter (exit status 2, naming the option) for anything else,
    javascript: and data: addresses included.
    """
    if value is not None and not is_web_url(value.strip()):
        raise click.BadParameter(f"must be an http:// or https:// address with a host, "
                                 f"not {value[:80]!r}", ctx=ctx, param=param)
    return value.strip() if value is not None else None


def base_url_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check ``--base-url`` as :func:`kb.config.base_url` does; raises click.BadParameter."""
    if value is None:
        return None
    try:
        return config.base_url(value, "--base-url")
    except KbError as error:
        raise click.BadParameter(str(error), ctx=ctx, param=param) from None
