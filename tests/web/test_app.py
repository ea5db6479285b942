"""Where the application finds its page templates (kb.web.app.template_folder)."""

from __future__ import annotations

from importlib.machinery import ModuleSpec
from pathlib import Path

import pytest

from kb import config
from kb.web import app

PROJECT = Path(__file__).resolve().parents[2]


def namespace_spec(folder: Path) -> ModuleSpec:
    """The spec of kb.web.templates as a namespace package living in ``folder``."""
    spec = ModuleSpec("kb.web.templates", None, is_package=True)
    spec.submodule_search_locations = [str(folder)]
    return spec


def test_a_checkout_serves_its_top_level_templates_folder() -> None:
    folder = app.template_folder()
    assert (folder / "search.html").is_file()
    assert sorted(p.name for p in folder.glob("*.html")) == \
        sorted(p.name for p in (PROJECT / "templates").glob("*.html"))


def test_the_package_folder_comes_first_when_it_holds_the_templates(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / app.BASE_TEMPLATE).write_text("{% block main %}{% endblock %}", encoding="utf-8")
    monkeypatch.setattr(app, "find_spec", lambda name: namespace_spec(tmp_path))
    assert app.template_folder() == tmp_path


def test_an_empty_package_folder_falls_back_to_the_checkout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app, "find_spec", lambda name: namespace_spec(tmp_path))
    assert app.template_folder() == config.PROJECT_ROOT / "templates"


def test_no_templates_anywhere_is_an_error_at_start_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app, "find_spec", lambda name: namespace_spec(tmp_path))
    monkeypatch.setattr(config, "PROJECT_ROOT", tmp_path)
    with pytest.raises(RuntimeError, match="kb.web.templates"):
        app.template_folder()
