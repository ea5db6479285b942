"""Errors with messages that are safe to show to a user.

Every error names what was wrong: the file (and line) or the parameter.
"""

from __future__ import annotations


class KbError(Exception):
    """Base class: ``str(error)`` is a complete message for the user."""


class InputError(KbError):
    """Bad input in a file: carries the path and, where known, the line number."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class CorpusError(InputError):
    """A corpus file that cannot be read or does not follow the corpus format."""


class ImportFailed(InputError):
    """A raw page that cannot be imported (empty, binary, duplicate document, ...)."""


class SearchQueryError(KbError):
    """A query or a search parameter that cannot be served (too long, unknown facet, ...).

    ``parameter`` names the offending request parameter (``q``, ``page``, ``theme`` ...).
    """

    def __init__(self, message: str, parameter: str = "q") -> None:
        self.parameter = parameter
        super().__init__(message)


class IndexBuildError(KbError):
    """The index could not be built; the previously served index is untouched."""
