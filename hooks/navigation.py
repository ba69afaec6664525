"""MkDocs hook that keeps each page's sidebar a fixed size however large the site grows: sections
longer than alliance.render.navigation.WINDOW show a window of pages around the current one."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from alliance.render import navigation

# Every item's place in its section, rebuilt in each build's on_nav (so nothing survives from one
# `mkdocs serve` rebuild to the next); this hook needs no other Alliance state, so it can run alone.
_places: dict[int, int] = {}


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    _places.clear()
    _places.update(navigation.positions(nav.items))
    return nav


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    context["nav"] = navigation.for_page(nav, page, _places)
    return context
