"""``kb soak`` run as a user runs it, and its pieces: the request mix, the client, the report.

No timing is asserted: only that the run completes, counts what it did, finds no
errors, rebuilds, and cleans up after itself.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.config import PROJECT_ROOT
from kb.corpus import load_corpus
from kb.measure.processes import free_port
from kb.measure.soak import SoakReport, format_report
from kb.measure.soakclient import Client
from kb.measure.soakmix import ODD, SoakRequest, request_mix
from kb.web.app import create_app
from kb.web.state import current_index

KB = str(Path(sys.executable).parent / "kb")
JSON_KEYS = {"requests", "errors", "p50_ms", "p95_ms", "p99_ms", "rebuilds"}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", target)
    return target


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if text in command:
            found.append(command)
    return found


def test_soak_serves_under_load_while_rebuilding_then_cleans_up(corpus: Path,
                                                                tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    before = _snapshot(corpus)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    env["TMPDIR"] = str(scratch)  # where the soak's copy, index and server log go
    result = subprocess.run([KB, "--corpus", str(corpus), "soak", "--seconds", "3", "--clients",
                             "2", "--rebuilds", "1", "--json"], capture_output=True, text=True,
                            env=env, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert JSON_KEYS <= set(report)
    assert report["errors"] == 0, report["error_samples"]
    assert report["rebuilds"] >= 1 and report["served_last_edit"] is True
    assert report["requests"] > 0 and report["clients"] == 2
    assert report["p50_ms"] <= report["p95_ms"] <= report["p99_ms"] <= report["max_ms"]
    assert sum(report["statuses"].values()) == report["requests"]
    assert "waiting for kb serve on 127.0.0.1:" in result.stderr
    assert _snapshot(corpus) == before  # the soak edits its copy, never the corpus
    assert list(scratch.iterdir()) == []  # copy, index and log removed
    assert _processes_mentioning(str(scratch)) == []  # kb serve and kb build are gone


def test_soak_options_are_bounded() -> None:
    runner = CliRunner()
    for args in (["--seconds", "0"], ["--clients", "0"], ["--clients", "65"],
                 ["--rebuilds", "-1"], ["--seconds", "3601"]):
        result = runner.invoke(main, ["soak", *args])
        assert result.exit_code == 2, args
        assert "Invalid value for '--" in result.output


def test_every_request_of_the_mix_answers_as_it_should(corpus: Path, tmp_path: Path) -> None:
    mix = request_mix(load_corpus(corpus), skip_items_of="alesund")
    assert set(mix.kinds) == {"search page", "api search", "region page", "item", "browse",
                              "csv", ODD}
    assert not any("/alesund--" in r.path for r in mix.by_kind["item"])
    app = create_app({"TESTING": True, "CORPUS_DIR": corpus, "INDEX_DIR": tmp_path / "index"})
    client = app.test_client()
    statuses = {}
    try:
        for requests in mix.by_kind.values():
            for request in requests:
                with client.get(request.path) as response:
                    response.get_data()
                    statuses[request.path] = (request.odd, response.status_code)
    finally:
        with app.app_context():
            current_index().close()  # and its lt-proc helper, when Apertium is installed
    assert all(status == 200 for odd, status in statuses.values() if not odd)
    assert all(status < 500 for odd, status in statuses.values() if odd)
    assert any(400 <= status < 500 for odd, status in statuses.values() if odd)


def test_client_counts_a_refused_connection_as_an_error() -> None:
    client = Client(f"http://127.0.0.1:{free_port()}", timeout=5)
    answer = client.fetch(SoakRequest("/", "search page"))
    assert answer.status == 0 and answer.failure == "connection"
    assert answer.sample.startswith("GET / -> ")


def test_text_report_names_every_figure() -> None:
    report = SoakReport(
        seconds=20.0, clients=8, rebuilds_requested=2, distinct=300, requests=4000, errors=1,
        odd_4xx=350, latencies=[3.0, 15.0, 30.0, 90.0], rebuilds=2, rebuild_s=[2.5, 2.4],
        served_last_edit=True, failures={"5xx": 1}, statuses={"200": 3649, "400": 200,
                                                               "404": 150, "500": 1},
        by_kind={"search page": [1200.0, 3.0, 14.0]}, samples=["GET /?q=x -> 500"])
    text = format_report(report)
    for expected in ("requests  4000 (200/s)", "errors 1", "4xx 350 (not errors)",
                     "p50 3.0 ms", "p95 15.0 ms", "p99 30.0 ms", "rebuilds  2 of 2",
                     "the last edit was served", "5xx: 1", "GET /?q=x -> 500",
                     "search page         1200      3.0     14.0"):
        assert expected in text
    assert JSON_KEYS <= set(report.to_dict())
