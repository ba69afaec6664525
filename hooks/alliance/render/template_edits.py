"""Fixed edits to the theme's own templates, made to their source once per build as they load.

Material writes a little markup that Alliance must correct and that sits outside any block or partial
an override can replace (base.html's toggle checkboxes). Correcting the written page cost every page
a search and a copy of its whole HTML (some 0.18 M instructions a page); correcting the template's
source costs one replace per build, and every page rendered from it reads the same.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from jinja2 import BaseLoader, Environment

Edits = tuple[tuple[str, str], ...]  # (what the theme writes, what the page shows instead)


class EditedSource(BaseLoader):
    """The theme's loader, with each of `edits[name]` made once in the source of template `name`."""

    def __init__(self, loader: BaseLoader, edits: Mapping[str, Edits]) -> None:
        self.loader = loader
        self.edits = dict(edits)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        for theirs, ours in self.edits.get(template, ()):
            source = source.replace(theirs, ours, 1)
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


def edit_templates(env: Environment, edits: Mapping[str, Edits]) -> None:
    """Have `env` load the named templates with `edits` made. A template loaded before this is
    loaded again: Jinja caches templates by their loader."""
    if env.loader is None:
        return
    env.loader = EditedSource(env.loader, edits)
