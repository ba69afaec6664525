"""The navigation window: a long section of the sidebar is cut to the pages around the current one,
a short one renders exactly as Material renders it."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, get_navigation

from alliance.render import navigation


def _long_section_nav(tmp_path: Path, articles: int) -> Navigation:
    docs = tmp_path / "docs"
    (docs / "articles").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    for number in range(articles):
        (docs / "articles" / f"a{number:03d}.md").write_text(f"# A{number}\n", encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "Test", "docs_dir": str(docs), "site_dir": str(tmp_path / "site")})
    config.validate()
    files = Files(
        [
            File(path.relative_to(docs).as_posix(), str(docs), str(tmp_path / "site"), True)
            for path in sorted(docs.rglob("*.md"))
        ]
    )
    return get_navigation(files, config)


def test_a_long_section_is_cut_to_a_window_around_the_page(tmp_path: Path) -> None:
    nav = _long_section_nav(tmp_path, 100)
    places = navigation.positions(nav.items)
    section = nav.items[1]
    view = navigation.for_page(nav, section.children[50], places)
    assert view.items[0] is nav.items[0]  # the home page, untouched
    assert view.items[1].title == section.title and view.items[1].active == section.active
    assert view.items[1].children == section.children[30:70]  # WINDOW items, the page in the middle
    at_start = navigation.for_page(nav, section.children[0], places)
    assert at_start.items[1].children == section.children[: navigation.WINDOW]
    at_end = navigation.for_page(nav, section.children[99], places)
    assert at_end.items[1].children == section.children[-navigation.WINDOW :]


def test_a_short_section_is_rendered_as_material_renders_it(tmp_path: Path) -> None:
    nav = _long_section_nav(tmp_path, navigation.WINDOW)
    page = nav.items[1].children[3]
    assert navigation.for_page(nav, page, navigation.positions(nav.items)) is nav
