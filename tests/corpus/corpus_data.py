"""Where the corpus tests' data lives, and how each seed page is imported."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

# The five seed pages: file, corpus slug, and the options scripts/import-seeds.sh gives.
SEEDS = {
    "000_c23aa7f238a0f9c8.txt": ("alesund", {
        "source_url": "https://distriktssenteret.no/artikkel/alesund/"}),
    "001_0aa67e1460c53890.txt": ("8855-byregionsamling-i-alesund", {
        "source_url": "http://alesund.kommune.no/aktuelt/nyhetsarkiv/"
                      "8855-byregionsamling-i-alesund",
        "doc_type": "news", "region": "Ålesundregionen", "county": "Møre og Romsdal"}),
    "002_567d91dc4f52dd87.txt": ("alstahaug", {
        "source_url": "https://distriktssenteret.no/artikkel/alstahaug/"}),
    "003_172fd5cb87382db0.txt": ("dette-er-byregionprogrammet", {
        "source_url": "https://distriktssenteret.no/artikkel/dette-er-byregionprogrammet/",
        "doc_type": "programme", "region": "", "county": ""}),
    "004_8f61290f90e95610.txt": ("bjugn", {
        "source_url": "https://distriktssenteret.no/artikkel/bjugn/"}),
}
PAGES = sorted(p.stem for p in (DATA / "pages").glob("*.txt"))
