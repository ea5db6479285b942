"""The product as a user installs it: the wheel of the checkout, installed (not editable) in
a fresh virtual environment, serves every page when `kb serve` runs outside the checkout.

Marked ``slow`` (10-20 s: it builds a wheel and a virtual environment; deselect with
``-m "not slow"``). Offline, and fit for a CI machine where `make install-test` has
just run: the wheel is built with the project venv's setuptools (``--no-build-isolation``),
installed with ``--no-index --no-deps``, and the fresh venv sees the dependencies through
a ``.pth`` file naming the folders where this interpreter's packages live. A ``.pth``
line naming a folder only adds it to ``sys.path``: the ``.pth`` files inside it (the
checkout's editable install) are not processed, so ``kb`` imports from the fresh venv.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import site
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

import pytest
from serving import fetch, free_port, interrupt, wait_for

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[2]
# The build copies every top-level file of the checkout and, of its folders, only these.
BUILD_FOLDERS = ("kb", "templates")
# What setuptools says of a folder that would be importable but is not shipped as a package.
UNLISTED_PACKAGE = "absent from the `packages` configuration"
# Run by the fresh venv's Python outside the checkout: where kb and its templates come from.
PROBE = ("import json, kb; from kb.web.app import template_folder; "
         "print(json.dumps({'kb': kb.__file__, 'templates': str(template_folder())}))")


@dataclass(frozen=True)
class Installed:
    """A fresh virtual environment with the wheel installed."""

    python: Path
    kb: Path
    site_packages: Path


def user_env() -> dict[str, str]:
    """The environment of a user's shell: no PYTHONPATH or other Python, pip and kb settings
    of this machine (pip reads no config file and does not look for a newer pip)."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("PYTHON", "PIP_", "KB_")) and name != "VIRTUAL_ENV"}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


def run(args: list[str | Path], cwd: Path) -> str:
    """Run ``args`` in ``cwd`` with :func:`user_env`; return stdout and stderr together."""
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=user_env(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout[-4000:]}"
    return result.stdout


def copy_build_inputs(target: Path) -> None:
    """Copy what the wheel is built from to ``target``.

    setuptools writes build/ and kb.egg-info/ into the tree it builds; in the checkout a
    stale build/lib would put files into the wheel that the configuration no longer ships.
    """
    target.mkdir()
    for path in PROJECT.iterdir():
        if path.is_file():
            shutil.copy2(path, target / path.name)
    for name in BUILD_FOLDERS:
        shutil.copytree(PROJECT / name, target / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def dependency_dirs() -> list[str]:
    """The folders where this interpreter's installed packages (kb's dependencies) live."""
    dirs = list(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        dirs.append(site.getusersitepackages())
    return list(dict.fromkeys(d for d in dirs if Path(d).is_dir()))


def expected_wheel_files() -> set[str]:
    """Every file of kb/ (modules, data, static files, py.typed) and every page template."""
    files = {p.relative_to(PROJECT).as_posix() for p in (PROJECT / "kb").rglob("*")
             if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")}
    files |= {f"kb/web/templates/{p.name}" for p in (PROJECT / "templates").glob("*.html")}
    return files


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of the checkout, built offline with the project venv's setuptools."""
    assert find_spec("setuptools"), "setuptools is missing from the test extras: make install-test"
    tmp = tmp_path_factory.mktemp("wheel")
    copy_build_inputs(tmp / "src")
    output = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                  "--no-index", "--no-cache-dir", "-v", "-w", tmp / "dist", tmp / "src"], cwd=tmp)
    assert UNLISTED_PACKAGE not in output, "setuptools warns about pyproject.toml's packages"
    (built,) = (tmp / "dist").glob("kb-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """A fresh venv holding the wheel. It gets no pip of its own (ensurepip takes ~10 s):
    the project venv's pip (22.3 or later, for ``--python``) installs into it."""
    tmp = tmp_path_factory.mktemp("venv")
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp)
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
         "--no-cache-dir", "-q", wheel], cwd=tmp)
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                  cwd=tmp).strip()
    site_packages = Path(purelib)
    (site_packages / "kb_test_dependencies.pth").write_text(
        "".join(f"{d}\n" for d in dependency_dirs()), encoding="utf-8")
    return Installed(python=python, kb=venv / "bin" / "kb", site_packages=site_packages)


def test_the_wheel_holds_every_module_template_static_and_data_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert expected_wheel_files() - names == set()
    assert "kb/web/templates/base.html" in names
    assert "kb/web/static/kb.css" in names


def test_the_installed_wheel_serves_every_page(installed: Installed, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"  # the cwd: outside the checkout
    elsewhere.mkdir()
    found = json.loads(run([installed.python, "-c", PROBE], cwd=elsewhere))
    site_packages = installed.site_packages.resolve()
    assert Path(found["kb"]).resolve().is_relative_to(site_packages)  # not the checkout's kb
    assert Path(found["templates"]).resolve() == site_packages / "kb" / "web" / "templates"

    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT / "corpus", corpus)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [str(installed.kb), "--corpus", str(corpus), "--index", str(tmp_path / "index"),
         "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=elsewhere, env=user_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        search = wait_for(f"{base}/?q=tillit", process).decode("utf-8")
        pages = {path: fetch(base + path) for path in
                 ("/dokument/alesund", "/regioner", "/tema", "/rad", "/oversikt", "/finnes-ikke")}
        static = {p.name: fetch(f"{base}/static/{p.name}")
                  for p in (PROJECT / "kb" / "web" / "static").iterdir() if p.is_file()}
    finally:
        status, stderr = interrupt(process)

    assert "treff for «tillit»" in search
    assert '<article class="card' in search and "<mark>" in search
    assert 'href="/static/kb.css"' in search
    region_status, region = pages.pop("/dokument/alesund")
    assert region_status == 200
    assert "<h1" in region.decode("utf-8")
    assert "Ålesundregionen" in region.decode("utf-8")
    missing_status, missing = pages.pop("/finnes-ikke")
    assert missing_status == 404
    assert "<!doctype html>" in missing.decode("utf-8").lower()  # error.html, not a bare 404
    for path, (page_status, body) in pages.items():
        assert page_status == 200, path
        assert "<!doctype html>" in body.decode("utf-8").lower(), path
    assert static
    for name, (file_status, body) in static.items():
        assert file_status == 200, name
        assert body == (PROJECT / "kb" / "web" / "static" / name).read_bytes(), name
    assert status == 0, stderr
    assert "Traceback" not in stderr
    # a first run embeds every text before it serves, and says how far it is
    told = re.findall(r"kb serve: lager vektorer (\d+)/(\d+) tekster", stderr)
    assert told[0][0] == "0" and told[-1][0] == told[-1][1] != "0"
    assert 3 <= len(told) <= 11  # a line each tenth
    assert stderr.index("lager vektorer") < stderr.index("indekserer")
