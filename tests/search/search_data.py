"""What the search tests share besides fixtures (a module of its own, so that a test
imports it by a name no other test folder uses, never ``conftest``)."""

from __future__ import annotations

from collections.abc import Callable

from kb.search import SearchIndex

NO_APERTIUM = "Apertium (lttoolbox + apertium-nno-nob) is not installed; run scripts/system-deps.sh"

# build_test_index(index_dir, *, use_apertium, items=None): a real index, opened
BuildIndex = Callable[..., SearchIndex]
