"""Unsafe or oversized input to ``kb import`` and ``kb check``, run as a user runs them.

Every bad input exits 2 with a message naming the file (and line) or the option,
and leaves the corpus folder exactly as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_data import DATA

from kb.errors import ImportFailed
from kb.ingest import import_pages
from kb.vocabulary import MAX_ID_LENGTH, MAX_SLUG_LENGTH

KB = str(Path(sys.executable).parent / "kb")
PAGE = DATA / "pages" / "rana.txt"
UNSAFE_URLS = ["javascript:alert(1)", "JavaScript:alert(document.cookie)",
               "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
               "file:///etc/passwd", "http:no-host", "https://", "//example.org/side/",
               " javascript:alert(1)", "java\tscript:alert(1)"]


def kb(*args: str, env: dict[str, str] | None = None,
       umask: int | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items()
                if k not in ("KB_CORPUS_DIR", "KB_INDEX_DIR", "KB_MAX_PAGE_BYTES")}
    full_env.update(env or {})
    command = [KB, *args]
    if umask is not None:  # as a user's shell would run it under that umask
        command = ["sh", "-c", f'umask {umask:03o} && exec "$@"', "sh", *command]
    return subprocess.run(command, capture_output=True, text=True, env=full_env, timeout=120,
                          check=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_import_refuses_a_source_url_that_is_not_http(corpus_dir: Path, url: str) -> None:
    before = snapshot(corpus_dir)
    result = kb("--corpus", str(corpus_dir), "import", str(PAGE), "--source-url", url)
    assert result.returncode == 2
    assert "'--source-url'" in result.stderr and "http:// or https://" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(corpus_dir) == before


def _corpus_file(url: str) -> str:
    return ("---\ntitle: Testside\ndoc_type: programme\nregion: ''\ncounty: ''\nlanguage: nb\n"
            f"source_url: '{url}'\n---\n\n# Testside {{: .article }}\n\nEt avsnitt.\n")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/"])
def test_check_names_file_and_line_of_an_unsafe_source_url(corpus_dir: Path, url: str) -> None:
    (corpus_dir / "testside.md").write_text(_corpus_file(url), encoding="utf-8")
    result = kb("--corpus", str(corpus_dir), "check")
    assert result.returncode == 2
    assert f"{corpus_dir / 'testside.md'}:7: error: 'source_url' must be an http://" \
        in result.stdout
    assert "source_url" in result.stdout and repr(url)[:20] in result.stdout


def test_import_of_a_corpus_file_with_an_unsafe_source_url_names_its_line(
        corpus_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "utkast.md"
    page.write_text(_corpus_file("javascript:alert(1)"), encoding="utf-8")
    before = snapshot(corpus_dir)
    result = kb("--corpus", str(corpus_dir), "import", str(page))
    assert result.returncode == 2
    assert result.stderr.startswith(f"kb: {page}:7: 'source_url' must be an http://")
    assert snapshot(corpus_dir) == before


def test_check_refuses_an_unsafe_region_url(corpus_dir: Path) -> None:
    registry = corpus_dir / "regions.toml"
    text = registry.read_text(encoding="utf-8")
    first_url = next(line for line in text.splitlines() if line.startswith("url = "))
    registry.write_text(text.replace(first_url, 'url = "javascript:alert(1)"', 1),
                        encoding="utf-8")
    result = kb("--corpus", str(corpus_dir), "check")
    assert result.returncode == 2
    line = text.splitlines().index(first_url) + 1
    assert f"{registry}:{line}: error: region 1" in result.stdout
    assert "'url' must be" in result.stdout


def test_an_http_source_url_is_kept(corpus_dir: Path) -> None:
    url = "HTTPS://example.org/artikkel/rana/"
    result = kb("--corpus", str(corpus_dir), "import", str(PAGE), "--source-url", url)
    assert result.returncode == 0, result.stderr
    assert f"source_url: {url}\n" in (corpus_dir / "rana.md").read_text(encoding="utf-8")
    assert kb("--corpus", str(corpus_dir), "check").returncode == 0


def test_markdown_and_html_links_in_items_keep_their_text_only(corpus_dir: Path,
                                                               tmp_path: Path) -> None:
    markdown = tmp_path / "lenker.md"
    markdown.write_text("# Lenkeside\n\nLes [rapporten](javascript:alert(1)) og "
                        "[planen](https://example.org/plan) her.\n", encoding="utf-8")
    html = tmp_path / "lenker2.html"
    html.write_text("<h1>Lenkeside to</h1><p>Les <a href=\"javascript:alert(1)\">rapporten</a> "
                    "her.</p>", encoding="utf-8")
    result = kb("--corpus", str(corpus_dir), "import", str(markdown), str(html))
    assert result.returncode == 0, result.stderr
    first = (corpus_dir / "lenker.md").read_text(encoding="utf-8")
    second = (corpus_dir / "lenker2.md").read_text(encoding="utf-8")
    assert "\nLes rapporten og planen her.\n" in first
    assert "\nLes rapporten her.\n" in second
    assert "javascript" not in first + second and "example.org/plan" not in first


def test_page_larger_than_the_limit_is_refused_naming_file_and_limit(corpus_dir: Path,
                                                                     tmp_path: Path) -> None:
    page = tmp_path / "stor.txt"
    page.write_bytes(PAGE.read_bytes() + b"\n" + b"Mer tekst her.\n" * 200)
    before = snapshot(corpus_dir)
    by_option = kb("--corpus", str(corpus_dir), "import", str(page), "--max-bytes", "1000")
    by_env = kb("--corpus", str(corpus_dir), "import", str(page),
                env={"KB_MAX_PAGE_BYTES": "1000"})
    for result in (by_option, by_env):
        assert result.returncode == 2
        assert result.stderr.startswith(f"kb: {page}: the file is larger than the limit of "
                                         "1,000 bytes")
    assert snapshot(corpus_dir) == before
    fits = kb("--corpus", str(corpus_dir), "import", str(page), "--max-bytes", "1000000",
              env={"KB_MAX_PAGE_BYTES": "1000"})  # the option wins over the environment
    assert fits.returncode == 0, fits.stderr


def test_default_limit_is_5_mib_and_a_bad_setting_is_named(corpus_dir: Path,
                                                           tmp_path: Path) -> None:
    page = tmp_path / "enorm.txt"
    page.write_bytes(PAGE.read_bytes() + b"\n" + b"Et avsnitt til.\n\n" * 330_000)
    assert page.stat().st_size > 5 * 1024 * 1024
    before = snapshot(corpus_dir)
    result = kb("--corpus", str(corpus_dir), "import", str(page))
    assert result.returncode == 2 and "limit of 5,242,880 bytes" in result.stderr
    for bad in ("tusen", "0", "-5"):
        setting = kb("--corpus", str(corpus_dir), "import", str(PAGE),
                     env={"KB_MAX_PAGE_BYTES": bad})
        assert setting.returncode == 2 and "KB_MAX_PAGE_BYTES must be" in setting.stderr
    option = kb("--corpus", str(corpus_dir), "import", str(PAGE), "--max-bytes", "0")
    assert option.returncode == 2 and "--max-bytes" in option.stderr
    assert snapshot(corpus_dir) == before


def test_very_long_file_name_is_a_clean_error(corpus_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / ("regionside-" * 22 + "slutt.txt")
    assert 240 < len(page.name) <= 255
    page.write_text("Nyregionen\n\nResultater\n\n • Mer tillit\n", encoding="utf-8")
    before = snapshot(corpus_dir)
    result = kb("--corpus", str(corpus_dir), "import", str(page))
    assert result.returncode == 2, result.stderr
    assert f"\nkb: {page}: the slug 'regionside-regionside" in result.stderr
    assert f"more than the {MAX_SLUG_LENGTH}" in result.stderr
    assert "Traceback" not in result.stderr and "OSError" not in result.stderr
    assert snapshot(corpus_dir) == before


def test_slug_longer_than_an_item_id_allows_is_refused(corpus_dir: Path) -> None:
    longest = "a" * MAX_SLUG_LENGTH
    too_long = "a" * (MAX_SLUG_LENGTH + 1)
    before = snapshot(corpus_dir)
    result = kb("--corpus", str(corpus_dir), "import", str(PAGE), "--source-url",
                f"https://example.org/artikkel/{too_long}/")
    assert result.returncode == 2 and result.stderr.startswith(f"kb: {PAGE}: the slug")
    assert snapshot(corpus_dir) == before
    fits = kb("--corpus", str(corpus_dir), "import", str(PAGE), "--source-url",
              f"https://example.org/artikkel/{longest}/")
    assert fits.returncode == 0, fits.stderr
    exported = kb("--corpus", str(corpus_dir), "export")
    ids = [json.loads(line)["id"] for line in exported.stdout.splitlines()]
    assert ids and max(len(i) for i in ids) <= MAX_ID_LENGTH


def test_check_names_a_corpus_file_whose_name_is_too_long(corpus_dir: Path,
                                                            project_corpus: Path) -> None:
    name = "b" * (MAX_SLUG_LENGTH + 1) + ".md"
    shutil.copy(project_corpus / "bjugn.md", corpus_dir / name)
    result = kb("--corpus", str(corpus_dir), "check")
    assert result.returncode == 2
    assert f"{corpus_dir / name}: error: file name: the slug 'bbbb" in result.stdout


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_imported_files_get_the_mode_of_a_normal_write(corpus_dir: Path, umask: int,
                                                       mode: int) -> None:
    result = kb("--corpus", str(corpus_dir), "import", str(PAGE), umask=umask)
    assert result.returncode == 0, result.stderr
    assert (corpus_dir / "rana.md").stat().st_mode & 0o777 == mode


def test_replace_keeps_the_mode_of_the_file_it_replaces(corpus_dir: Path) -> None:
    assert kb("--corpus", str(corpus_dir), "import", str(PAGE)).returncode == 0
    (corpus_dir / "rana.md").chmod(0o640)
    result = kb("--corpus", str(corpus_dir), "import", "--replace", str(PAGE), umask=0o022)
    assert result.returncode == 0, result.stderr
    assert (corpus_dir / "rana.md").stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_imports_as_the_utf8_page(corpus_dir: Path, tmp_path: Path,
                                                    encoding: str) -> None:
    reference = kb("--corpus", str(corpus_dir), "import", str(PAGE))
    assert reference.returncode == 0, reference.stderr
    expected = (corpus_dir / "rana.md").read_bytes()
    page = tmp_path / "rana.txt"
    page.write_bytes(PAGE.read_text(encoding="utf-8").encode(encoding))
    assert not page.read_bytes().startswith((b"\xff\xfe", b"\xfe\xff"))
    result = kb("--corpus", str(corpus_dir), "import", "--replace", str(page))
    assert result.returncode == 0, result.stderr
    assert (corpus_dir / "rana.md").read_bytes() == expected


def test_import_removes_stale_temporary_files_of_dead_writers_only(corpus_dir: Path) -> None:
    live = os.getpid()  # this test's process: alive while the import runs
    dead = 4_194_305  # above Linux's largest pid: no such process
    hour_old = (corpus_dir / f".bjugn.{live}.00112233445566ff.tmp", 2 * 3600)
    files = {
        "dead": corpus_dir / f".alesund.{dead}.0123456789abcdef.tmp",
        "live": corpus_dir / f".rana.{live}.fedcba9876543210.tmp",
        "old": hour_old[0],
        "foreign": corpus_dir / ".alesund.x1y2z3.tmp",  # not kb's pattern: left alone
        "notes": corpus_dir / "notater.tmp",
    }
    for path in files.values():
        path.write_text("halvskrevet\n", encoding="utf-8")
    stamp = files["old"].stat().st_mtime - hour_old[1]
    os.utime(files["old"], (stamp, stamp))
    result = kb("--corpus", str(corpus_dir), "import", str(PAGE))
    assert result.returncode == 0, result.stderr
    assert sorted(k for k, p in files.items() if p.exists()) == ["foreign", "live", "notes"]
    assert not [p for p in corpus_dir.iterdir()
                if p.name.endswith(".tmp") and p not in files.values()]  # none of its own left


def test_import_pages_checks_the_source_url_itself(corpus_dir: Path) -> None:
    with pytest.raises(ImportFailed, match=rf"^{re.escape(str(PAGE))}: --source-url must be"):
        import_pages([PAGE], corpus_dir, source_url="javascript:alert(1)")
    assert not list(corpus_dir.glob("*.md"))
    import_pages([PAGE], corpus_dir, source_url="  https://example.org/artikkel/rana/ ")
    assert "source_url: https://example.org/artikkel/rana/\n" in \
        (corpus_dir / "rana.md").read_text(encoding="utf-8")
