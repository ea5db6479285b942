"""The small corpus and helpers of the meaning tests (imported by their conftest and tests)."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kb.corpus import document_path, write_document
from kb.models import Document, Section, SectionItem
from kb.semantic import Embedder, cache_path

THEMES = '''
[[theme]]
id = "tillit"
label = "Tillit og relasjoner"
description = "Tillit og relasjoner mellom aktørene."
cues = ["tillit", "relasjon"]
examples = ["Stol på hverandre og hold det dere lover"]

[[theme]]
id = "moteplasser"
label = "Møteplasser og nettverk"
description = "Arenaer der aktørene møtes."
cues = ["møteplass", "nettverk"]
examples = ["Samle aktørene jevnlig til felles møter"]

[[theme]]
id = "samferdsel"
label = "Samferdsel og mobilitet"
description = "Kollektivtransport, sykkel, veg og infrastruktur."
cues = ["kollektiv", "*buss*", "sykkel"]
examples = ["Gjør det enklere å reise mellom byen og kommunene rundt"]

[[theme]]
id = "kunnskap"
label = "Kunnskap og kompetanse"
description = "Kunnskap og kompetanse, å lære av andre."
cues = ["kunnskap", "kompetanse", "=lære"]
examples = ["Del erfaringene med andre byregioner"]
'''

# (slug, region, kind, [(text, editor's themes or None)])
PAGES = [
    ("alfa", "Alfaregionen", "advice", [
        ("Bruk tid på å skape tillit", None),
        ("Lag gode møteplasser", None),
        ("Flere bussavganger mellom byen og omlandet", None),
        ("Del erfaringer med nabokommunene", ("tillit",)),
    ]),
    ("beta", "Betaregionen", "result", [
        ("Kollektivtilbudet er styrket", None),
        ("Vi har lært mye av andre regioner", None),
        ("Nye sykkelveier binder sentrum og campus sammen", None),
    ]),
]


def write_corpus(folder: Path, pages: Sequence[tuple[str, str, str, list[tuple[str, tuple[
        str, ...] | None]]]] = PAGES, themes: str = THEMES) -> Path:
    """Write a corpus folder of ``pages`` (one section each) and the taxonomy ``themes``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "themes.toml").write_text(themes, encoding="utf-8")
    for slug, region, kind, rows in pages:
        doc = Document(slug=slug, title=region, doc_type="region", region=region,
                       county="Nordland", language="nb", source_url=f"https://example.org/{slug}/",
                       sections=[Section(kind, f"Fra {region}", [
                           SectionItem(text, themes=themes, style="bullet")
                           for text, themes in rows])])
        document_path(folder, slug).write_text(write_document(doc), encoding="utf-8")
    return folder


class Counting:
    """An embedder that passes everything to another and records the passages asked for."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self.asked: list[str] = []

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        self.asked += list(texts)
        return self.inner.passages(texts)

    def query(self, text: str) -> np.ndarray:
        return self.inner.query(text)


def copy_cache(index_dir: Path, target: Path, model_id: str) -> None:
    """Start the index folder ``target`` with the vector cache of ``index_dir``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cache_path(index_dir, model_id), cache_path(target, model_id))
