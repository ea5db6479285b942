"""A build's progress as a bar on the terminal (``kb build``, and ``kb search`` when it builds)."""

from __future__ import annotations

import sys
from typing import Any

import click


class TerminalProgress:
    """A progress bar on stderr for a build's (done, total) callbacks, shown once a build
    starts: ``with TerminalProgress() as progress: build_index(..., progress=progress)``."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._done = 0

    def __enter__(self) -> TerminalProgress:
        return self

    def __call__(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` items indexed (the bar appears on the first call)."""
        if self._bar is None:
            self._bar = click.progressbar(length=total, label="Indekserer",
                                          file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
