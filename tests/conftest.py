"""Fixtures shared by every test folder.

The model of meaning (kb.semantic) is switched off for the whole run, and for
the ``kb`` commands tests start, unless a test switches it on itself (the
tests in ``tests/semantic`` do): most tests are about words, and embedding
every corpus they build would take minutes.
"""

from __future__ import annotations

import os

os.environ["KB_SEMANTIC"] = "0"
