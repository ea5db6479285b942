"""Fixtures of the search tests: real indexes over hand-made items in a temp folder.

Two analyzers: ``plain`` (no Apertium: the fallback every install has) and, when
the Apertium nno-nob analysers are installed, ``apertium``. Core behaviour is
tested on both through the ``index`` fixture.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from search_data import NO_APERTIUM, BuildIndex

import kb.index.lock
from kb.analysis import Analyzer, apertium, load_synonyms
from kb.index import write_index
from kb.models import Item
from kb.search import SearchIndex, open_index
from kb.themes import load_taxonomy

# (doc, region, county, kind, text, themes)
ROWS = [
    ("alfa", "Alfaregionen", "Møre og Romsdal", "application",
     "Prosjektet skal styrke samspillet i byregionen.", ("partnerskap",)),
    ("beta", "Betaregionen", "Nordland", "article",
     "Vi veit at betre samspel mellom by og omland gjev vekst.", ("partnerskap",)),
    ("alfa", "Alfaregionen", "Møre og Romsdal", "advice", "Bruk tid på å skape tillit",
     ("tillit", "prosess")),
    ("beta", "Betaregionen", "Nordland", "result", "Mer tillit mellom kommunene", ("tillit",)),
    ("gamma", "Gammaregionen", "Trøndelag", "result", "Tilliten mellom aktørene vokser",
     ("tillit",)),
    ("gamma", "Gammaregionen", "Trøndelag", "result", "Tillitsbygging tar tid", ("tillit",)),
    ("alfa", "Alfaregionen", "Møre og Romsdal", "advice", "Lag gode møteplasser",
     ("moteplasser",)),
    ("beta", "Betaregionen", "Nordland", "advice", "Skap nettverk og møtearenaer for bransjene",
     ("moteplasser",)),
    ("gamma", "Gammaregionen", "Trøndelag", "result", "Kollektivtilbudet i regionen er styrket",
     ("samferdsel",)),
    ("gamma", "Gammaregionen", "Trøndelag", "advice", "Vær raus og del kunnskap med andre",
     ("kunnskap",)),
    ("alfa", "Alfaregionen", "Møre og Romsdal", "result",
     "Styrket kunnskapsdeling mellom kommunene", ("kunnskap",)),
    ("beta", "Betaregionen", "Nordland", "summary",
     "Eit godt forsknings- og utdanningsmiljø i regionen", ("kunnskap",)),
    ("beta", "Betaregionen", "Nordland", "goal", "Et godt miljø for forskning og utdanning",
     ("kunnskap",)),
    ("alfa", "Alfaregionen", "Møre og Romsdal", "summary",
     "Tekst med <b>fet</b> skrift & <script>alert(1)</script> om tillit", ()),
    ("alfa", "Alfaregionen", "Møre og Romsdal", "goal", "Styrke regionens omdømme", ("omdomme",)),
    ("gamma", "Gammaregionen", "Trøndelag", "goal", "Vedta en strategisk næringsplan",
     ("strategi", "naering")),
    ("gamma", "Gammaregionen", "Trøndelag", "result", "Regionalt næringsfond er etablert",
     ("naering",)),
    ("beta", "Betaregionen", "Nordland", "result", "Samarbeid med høgskulen i regionen",
     ("kunnskap",)),
    ("alfa", "Alfaregionen", "Møre og Romsdal", "result", "Avtale med høyskolen om praksis",
     ("kunnskap",)),
    ("alfa", "Alfaregionen", "Møre og Romsdal", "after",
     "Planene skal kommuniseres bredt i kommunene", ("kommunikasjon",)),
    ("gamma", "Gammaregionen", "Trøndelag", "result", "Bedre kommunikasjon mellom kommunene",
     ("kommunikasjon",)),
    ("alfa", "Alfaregionen", "Møre og Romsdal", "advice", "Gå fra ord til handling!",
     ("gjennomforing",)),
    ("beta", "Betaregionen", "Nordland", "result", "Handling og ord går hand i hand",
     ("gjennomforing",)),
    ("gamma", "Gammaregionen", "Trøndelag", "advice", "Organiser samarbeidet",
     ("organisering",)),
    ("beta", "Betaregionen", "Nordland", "result", "Løs oppgavene innafor etablert organisasjon",
     ("organisering",)),
    ("gamma", "Gammaregionen", "Trøndelag", "fact",
     "Samarbeidskommuner: Sula, Haram, Giske", ()),
]


def make_items() -> list[Item]:
    """The rows as Items, with ids and positions as the corpus would give them."""
    items = []
    for position, (doc, region, county, kind, text, themes) in enumerate(ROWS, start=1):
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        items.append(Item(
            id=f"{doc}--{kind}-{digest}", anchor=f"{kind}-{digest}", doc=doc, title=region,
            doc_type="region", region=region, county=county, language="nb", kind=kind,
            heading=f"Overskrift {kind}", position=position, number=1, section_size=1,
            text=text, themes=themes, source_url=f"https://example.org/{doc}/"))
    return items


@pytest.fixture(scope="session")
def build_test_index(project_corpus: Path) -> BuildIndex:
    """``build(index_dir, *, use_apertium, items=None)``: write a real index of the test
    items (or of ``items``) with the project's synonyms and taxonomy, and open it."""

    def build(index_dir: Path, *, use_apertium: bool,
              items: list[Item] | None = None) -> SearchIndex:
        synonyms = load_synonyms(project_corpus / "synonyms.toml")
        taxonomy = load_taxonomy(project_corpus / "themes.toml")
        write_index(items if items is not None else make_items(), [], taxonomy,
                    Analyzer(synonyms, use_apertium=use_apertium), "test", index_dir)
        return open_index(index_dir)

    return build


@pytest.fixture(scope="session")
def test_items() -> list[Item]:
    """The test rows as Items, shared by every test: copy the list before changing it."""
    return make_items()


@pytest.fixture(scope="session")
def plain_index(tmp_path_factory: pytest.TempPathFactory,
                build_test_index: BuildIndex) -> Iterator[SearchIndex]:
    """The test items indexed without Apertium (the fallback every install has)."""
    index = build_test_index(tmp_path_factory.mktemp("plain"), use_apertium=False)
    yield index
    index.close()


@pytest.fixture(scope="session")
def apertium_index(tmp_path_factory: pytest.TempPathFactory,
                   build_test_index: BuildIndex) -> Iterator[SearchIndex]:
    """The test items indexed with Apertium; skipped where it is not installed."""
    if not apertium.available():
        pytest.skip(NO_APERTIUM)
    index = build_test_index(tmp_path_factory.mktemp("apertium"), use_apertium=True)
    yield index
    index.close()


@pytest.fixture(params=["plain", "apertium"])
def index(request: pytest.FixtureRequest) -> SearchIndex:
    """Each core test runs without Apertium, and with it when it is installed."""
    return request.getfixturevalue(f"{request.param}_index")



@pytest.fixture()
def read_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """``read_only(index_dir)``: make an index folder unwritable for builds. Not root: the
    folder is made 0555 (restored after the test); root ignores that (as in CI), so there
    the creation of files in index folders fails instead, as on a read-only file system."""
    folders: list[Path] = []

    def make(index_dir: Path) -> None:
        if os.geteuid() != 0:
            index_dir.chmod(0o555)
            folders.append(index_dir)
            return
        real_open, real_mkdir = os.open, Path.mkdir

        def refuse_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if Path(path).name == kb.index.lock.LOCK_FILE:
                raise PermissionError(errno.EROFS, "Read-only file system", str(path))
            return real_open(path, flags, *args, **kwargs)

        def refuse_mkdir(self: Path, *args: Any, **kwargs: Any) -> None:
            if self.parent == index_dir:
                raise PermissionError(errno.EROFS, "Read-only file system", str(self))
            real_mkdir(self, *args, **kwargs)

        monkeypatch.setattr(kb.index.lock.os, "open", refuse_open)
        monkeypatch.setattr(Path, "mkdir", refuse_mkdir)

    yield make
    for folder in folders:
        folder.chmod(0o755)
