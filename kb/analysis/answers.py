"""The Apertium answers an :class:`~kb.analysis.Analyzer` keeps: asked in batches, cached
(and kept with the build), and the ``lt-proc`` processes kept for a few words at a time."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import kb.analysis.apertium as apertium
from kb.analysis.words import LETTERS_ONLY

log = logging.getLogger(__name__)


class ApertiumAnswers:
    """Apertium's analysis of every word asked so far (None: Apertium does not know it).

    ``enabled`` False (Apertium missing or not wanted) answers None to everything.
    """

    def __init__(self, enabled: bool,
                 cache: dict[str, apertium.Analysis | None] | None = None) -> None:
        self.enabled = enabled
        self.cache: dict[str, apertium.Analysis | None] = {} if cache is None else cache
        self._kept: apertium.KeptProcesses | None = None

    def known(self, word: str) -> apertium.Analysis | None:
        """The answer already kept for ``word``, without asking."""
        return self.cache.get(word)

    def parts_of(self, word: str) -> tuple[str, ...]:
        """The compound parts of the answer kept for ``word`` (none when not asked)."""
        found = self.cache.get(word)
        return found.parts if found is not None else ()

    def get(self, word: str) -> apertium.Analysis | None:
        """The analysis of ``word``, asked of Apertium when not kept yet."""
        if not self.enabled or not LETTERS_ONLY.match(word):
            return None
        if word not in self.cache:
            self.ensure([word])
        return self.cache.get(word)

    def ensure(self, words: Iterable[str]) -> None:
        """Ask about the words not asked yet, in one request."""
        missing = sorted({w for w in words if w not in self.cache and LETTERS_ONLY.match(w)})
        if not missing or not self.enabled:
            return
        found = apertium.analyse_many(missing, run=self._processes())
        for word in missing:
            self.cache[word] = found.get(word)

    def _processes(self) -> apertium.KeptProcesses:
        if self._kept is None:
            self._kept = apertium.KeptProcesses()
        return self._kept

    def start_helpers(self) -> None:
        """Start the kept processes now rather than at the first lookup that needs each
        (they take ~0.1 s to load); logs and goes on when they cannot start (a lookup
        then starts them, or goes without Apertium)."""
        if not self.enabled:
            return
        try:
            self._processes().start(apertium.kept_commands())
        except OSError as error:
            log.warning("apertium could not be started ahead of queries: %s", error)

    def close(self) -> None:
        """Stop the kept processes (a later lookup starts them again)."""
        if self._kept is not None:
            self._kept.close()
            self._kept = None
