"""A build's progress as bars on the terminal (``kb build``, and ``kb search`` when it builds)."""

from __future__ import annotations

import sys
from typing import Any

import click

EMBEDDING_LABEL = "Lager vektorer"  # the texts the model embeds, before the items are written
INDEXING_LABEL = "Indekserer"


class TerminalProgress:
    """Progress bars on stderr for a build's (done, total) callbacks, each shown once its
    stage starts: ``with TerminalProgress() as progress: build_index(...,
    progress=progress, embedding_progress=progress.embedding)``."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._label = ""
        self._done = 0

    def __enter__(self) -> TerminalProgress:
        return self

    def __call__(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` items indexed."""
        self._show(INDEXING_LABEL, done, total)

    def embedding(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` texts embedded by the model."""
        self._show(EMBEDDING_LABEL, done, total)

    def _show(self, label: str, done: int, total: int) -> None:
        """Move the bar of ``label`` to ``done``, ending the bar of the stage before."""
        if label != self._label:
            self._close()
            self._bar = click.progressbar(length=total, label=label, file=sys.stderr)
            self._bar.__enter__()
            self._label, self._done = label, 0
        self._bar.update(done - self._done)
        self._done = done

    def _close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def __exit__(self, *exc: object) -> None:
        self._close()
