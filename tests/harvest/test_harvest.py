"""``kb harvest`` against a local site: main text only, all or none, polite and cached."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SLUGS, Site, registry_text
from fixture_types import RunKb

from kb.harvest import USER_AGENT, main_content

# New pages are dated when harvested, the committed seeds when they were committed.
IMPORTED_LINE = re.compile(r"^imported: .*$", re.M)
OFOTEN = """<!DOCTYPE html><html><head><title>Vekstkraft Ofoten</title></head><body>
<header><nav><a href="/">Forside</a> <a href="/byregionprogrammet/">Byregionprogrammet</a></nav>
</header><main><nav class="breadcrumb"><a href="/">Forside</a> › Vekstkraft Ofoten</nav>
<article><h1>Byregionprogrammets fase 2: Vekstkraft Ofoten</h1>
<p>Vårt prosjekt vil være et hovedprosjekt med fem delprosjekt.</p>
<h2>Fra Narvikregionen sin søknad til Byregionprogrammet:</h2>
<ul><li>Strategisk næringsplan Ofoten</li><li>Stedsutvikling</li></ul>
<h2>Fakta Narvikregionen</h2><p>Søkerkommune: Narvik</p>
<p>Samarbeidskommuner: Tysfjord, Tjeldsund, Evenes, Ballangen</p></article>
<aside><h2>Les også</h2><ul><li><a href="/x/">Fase 1</a></li></ul></aside></main>
<footer><p>Personvern</p></footer></body></html>"""


def _harvest(run_kb: RunKb, corpus: Path, *args: str):  # noqa: ANN202 (click's Result)
    return run_kb("--corpus", corpus, "--index", corpus.parent / "index", "harvest",
                  "--delay", "0", "--backoff", "0", *args)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_main_content_leaves_the_site_chrome_out() -> None:
    kept = main_content((Path(__file__).parent / "data" / "alesund.html").read_text())
    for chrome in ("Hovudmeny", "Brødsmulesti", "Relaterte artiklar", "Personvern", "<button",
                   "Hopp til", "dataLayer"):
        assert chrome not in kept
    assert "<h1>Ålesundregionen</h1>" in kept and "<ol>" in kept and "<ul>" in kept


def test_every_registry_page_is_imported_as_the_committed_seed(
        site: Site, harvest_corpus: Path, project_corpus: Path, run_kb: RunKb) -> None:
    result = _harvest(run_kb, harvest_corpus)
    assert result.exit_code == 0, result.stderr
    for slug in SLUGS:
        committed = (project_corpus / f"{slug}.md").read_text(encoding="utf-8")
        url = site.url(f"/artikkel/{slug}/")
        harvested = (harvest_corpus / f"{slug}.md").read_text(encoding="utf-8")
        assert IMPORTED_LINE.sub("", harvested) == IMPORTED_LINE.sub("", committed).replace(
            f"https://distriktssenteret.no/artikkel/{slug}/", url)
    assert "left out as site boilerplate" not in result.stderr  # the chrome never got in
    assert site.agents == {USER_AGENT} and USER_AGENT.startswith("kb-byregion/")
    assert "3 page(s) fetched, 0 not modified" in result.stderr


def test_a_second_run_fetches_nothing_new(site: Site, harvest_corpus: Path,
                                          run_kb: RunKb) -> None:
    assert _harvest(run_kb, harvest_corpus).exit_code == 0
    before = _snapshot(harvest_corpus)
    again = _harvest(run_kb, harvest_corpus)
    assert again.exit_code == 0, again.stderr
    assert site.count(200) == 3 and site.count(304) == 3
    assert "0 page(s) fetched, 3 not modified" in again.stderr
    assert _snapshot(harvest_corpus) == before
    refreshed = _harvest(run_kb, harvest_corpus, "--refresh")
    assert refreshed.exit_code == 0 and site.count(200) == 6
    assert _snapshot(harvest_corpus) == before


def test_a_changed_page_is_fetched_and_reimported(site: Site, harvest_corpus: Path,
                                                  run_kb: RunKb) -> None:
    assert _harvest(run_kb, harvest_corpus).exit_code == 0
    path = "/artikkel/alstahaug/"
    site.pages[path] = site.pages[path].replace("Gjennomføre handlingsplanen".encode(),
                                               "Gjennomføre hele handlingsplanen".encode())
    result = _harvest(run_kb, harvest_corpus)
    assert result.exit_code == 0, result.stderr
    assert "1 page(s) fetched, 2 not modified" in result.stderr
    text = (harvest_corpus / "alstahaug.md").read_text(encoding="utf-8")
    assert "Gjennomføre hele handlingsplanen" in text


def test_a_missing_page_exits_2_and_leaves_the_corpus(site: Site, harvest_corpus: Path,
                                                      run_kb: RunKb) -> None:
    before = _snapshot(harvest_corpus)
    gone = site.url("/artikkel/finst-ikkje/")
    result = _harvest(run_kb, harvest_corpus, site.url("/artikkel/alesund/"), gone)
    assert result.exit_code == 2
    assert f"{gone}: HTTP 404" in result.stderr and "nothing written" in result.stderr
    assert _snapshot(harvest_corpus) == before
    assert not (harvest_corpus.parent / "index" / "harvest-cache").exists()


def test_a_page_that_cannot_be_placed_exits_2_naming_its_url(
        site: Site, harvest_corpus: Path, run_kb: RunKb) -> None:
    site.pages["/tom/"] = b"<html><body><main><nav>Meny</nav></main></body></html>"
    before = _snapshot(harvest_corpus)
    result = _harvest(run_kb, harvest_corpus, site.url("/artikkel/alesund/"), site.url("/tom/"))
    assert result.exit_code == 2
    assert site.url("/tom/") in result.stderr and "nothing written" in result.stderr
    assert _snapshot(harvest_corpus) == before


def test_a_5xx_is_retried(site: Site, harvest_corpus: Path, run_kb: RunKb) -> None:
    site.fail_first["/artikkel/bjugn/"] = [503, 502]
    result = _harvest(run_kb, harvest_corpus, site.url("/artikkel/bjugn/"))
    assert result.exit_code == 0, result.stderr
    assert site.answers[("/artikkel/bjugn/", 503)] == 1
    assert site.answers[("/artikkel/bjugn/", 200)] == 1
    site.fail_first["/artikkel/alesund/"] = [500] * 5
    failed = _harvest(run_kb, harvest_corpus, "--retries", "2", site.url("/artikkel/alesund/"))
    assert failed.exit_code == 2 and "HTTP 500" in failed.stderr
    assert site.answers[("/artikkel/alesund/", 500)] == 3  # one try and two retries


def test_dry_run_writes_nothing(site: Site, harvest_corpus: Path, run_kb: RunKb) -> None:
    before = _snapshot(harvest_corpus)
    result = _harvest(run_kb, harvest_corpus, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert _snapshot(harvest_corpus) == before
    assert not (harvest_corpus.parent / "index").exists()
    assert result.stdout.count("new: ") == 3
    assert _harvest(run_kb, harvest_corpus).exit_code == 0
    again = _harvest(run_kb, harvest_corpus, "--dry-run", "--refresh")
    assert again.stdout.count("unchanged: ") == 3


def test_the_registry_names_a_page_by_its_older_url(site: Site, harvest_corpus: Path,
                                                     run_kb: RunKb) -> None:
    site.pages["/artikkel/narvikregionen/"] = OFOTEN.encode()
    older = site.url("/artikkel/narvikregionen/")
    (harvest_corpus / "regions.toml").write_text(registry_text(site, (
        '\n[[region]]\nname = "Narvikregionen"\nslug = "narvik"\ncounty = "Nordland"\n'
        f'url = ["{site.url("/artikkel/narvik/")}", "{older}"]\n')), encoding="utf-8")
    result = _harvest(run_kb, harvest_corpus, older)
    assert result.exit_code == 0, result.stderr
    text = (harvest_corpus / "narvikregionen.md").read_text(encoding="utf-8")
    assert "region: Narvikregionen\n" in text and "county: Nordland\n" in text
    assert "title: 'Byregionprogrammets fase 2: Vekstkraft Ofoten'" in text
    assert "Les også" not in text and "Forside" not in text
