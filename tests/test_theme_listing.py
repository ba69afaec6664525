"""The tests' memo of theme folder listings (support/theme_listing.py) gives what Jinja's own listing
gives: an installed theme's files, and a project folder's files as they are now; and the installed
themes MkDocs finds are the ones importlib finds."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
from pathlib import Path

import material
import mkdocs.utils
import pytest
from jinja2 import Environment, FileSystemLoader
from mkdocs.config import load_config
from mkdocs.structure.files import Files
from support import ROOT
from support.theme_listing import is_installed, visible

MATERIAL = str(Path(material.__file__).parent / "templates")
JINJAS_OWN = FileSystemLoader.list_templates.__wrapped__  # the memo is installed by conftest


def test_the_listing_is_jinjas_own(tmp_path: Path):
    overrides = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    loader = FileSystemLoader([str(overrides), MATERIAL])
    for _ in range(2):  # listed, then remembered
        assert loader.list_templates() == JINJAS_OWN(loader)
    assert "main.html" in loader.list_templates() and len(loader.list_templates()) > 10_000


def test_only_installed_folders_are_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    loader = FileSystemLoader([str(overrides), MATERIAL])
    loader.list_templates()  # Material's folder, remembered from here on
    walked: list[str] = []
    walk = os.walk
    monkeypatch.setattr(os, "walk", lambda top, **kwargs: walked.append(str(top)) or walk(top, **kwargs))
    (overrides / "partials" / "new.html").write_text("", encoding="utf-8")  # a test's change
    assert "partials/new.html" in loader.list_templates()
    assert walked == [str(overrides)]
    assert is_installed(MATERIAL) and not is_installed(str(overrides)) and not is_installed(str(ROOT))


def test_the_installed_themes_are_importlibs():
    assert mkdocs.utils.entry_points is not importlib.metadata.entry_points  # conftest's memo
    for _ in range(2):  # found, then remembered, also across MkDocs' own forgetting
        mkdocs.utils.get_themes.cache_clear()
        assert mkdocs.utils.get_themes() == {
            entry.name: entry for entry in importlib.metadata.entry_points(group="mkdocs.themes")
        }
    assert {"mkdocs", "readthedocs", "material"} <= set(mkdocs.utils.get_theme_names())


def test_theme_files_are_the_ones_mkdocs_filter_finds(project_copy: Path, monkeypatch: pytest.MonkeyPatch):
    project = project_copy
    (project / "overrides" / ".hidden").mkdir()
    (project / "overrides" / ".hidden" / "x.css").write_text("", encoding="utf-8")
    (project / "overrides" / "extra.css").write_text("", encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"))
    env = config.theme.get_env()

    def theme_files() -> list[tuple[str, str]]:
        files = Files([])
        files.add_files_from_theme(env, config)
        return [(file.src_uri, file.abs_src_path) for file in files]

    for _ in range(2):  # listed, then remembered
        shortcut = theme_files()
    with monkeypatch.context() as original:
        original.setattr(Environment, "list_templates", Environment.list_templates.__wrapped__)
        assert shortcut == theme_files()
    assert ("extra.css", str(project / "overrides" / "extra.css")) in shortcut
    assert len(shortcut) > 20 and all(visible(uri) for uri, _ in shortcut)
    assert not visible(".icons/a.svg") and not visible("a/.b") and visible("a.b/c")
