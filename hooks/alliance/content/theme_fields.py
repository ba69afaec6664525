"""Material's own front matter fields: the checks that need the installed theme, and the escaping of
every value Material prints.

Material's templates print `page.meta` values into the page without escaping (MkDocs' Jinja
environment does not autoescape): `title` and `description` in base.html and header.html,
`subtitle` and `status` in partials/nav-item.html, the tag names in partials/tags.html, `author` in
base.html, and `icon` and `template` become template paths. So every printed value is escaped on
every page, and the values that name files must name files the theme has.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, MutableMapping
from pathlib import Path
from typing import Any

from alliance.content.schema import FieldError

# What Material prints from page.meta as text (read from material/templates, version 9.x).
PRINTED_FIELDS = ("title", "description", "subtitle", "status", "author")
PRINTED_LISTS = ("tags",)

# Clinical pages render their byline, disclaimer and crisis help through main.html's content block;
# any other template (Material's redirect.html, blog templates, 404.html) would leave them out.
CLINICAL_TEMPLATES = ("main.html",)
# Pages the site opts out of review still show the crisis strip (main.html) and their own content,
# which on "Get help now" holds every helpline: main.html, or the site's templates that extend it and
# keep both (the home page's and /articles/'s listings). Material's redirect.html, 404.html, base.html
# or blog templates would drop the strip, or the helplines, or the page (red team, round 26).
PAGE_TEMPLATES = ("main.html", "home.html", "articles.html")

_TEMPLATE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*\.html$")
_ICON = re.compile(r"^[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)+$")
_STATUS = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def check(
    data: dict[str, Any], clinical: bool, theme_dirs: Iterable[Path], statuses: Iterable[str]
) -> list[FieldError]:
    """Problems with `template`, `icon` and `status` that only the theme's files can tell."""
    dirs = tuple(theme_dirs)
    errors = [
        _template_error(data.get("template"), clinical, dirs),
        _icon_error(data.get("icon"), dirs),
        _status_error(data.get("status"), tuple(statuses)),
    ]
    return [error for error in errors if error]


def _template_error(name: Any, clinical: bool, dirs: tuple[Path, ...]) -> FieldError | None:
    if not isinstance(name, str):
        return None  # missing, or not text: the contract has said so
    if clinical and name not in CLINICAL_TEMPLATES:
        return FieldError(
            "template",
            f"'{name[:60]}' cannot render a clinical page",
            "remove the line: clinical pages use main.html, which shows the byline, "
            "disclaimer and crisis help",
        )
    if not _TEMPLATE.match(name) or not _exists(dirs, name):
        return FieldError(
            "template",
            f"'{name[:60]}' is not a template of the theme",
            "use a template from overrides/, or remove the line",
        )
    if not clinical and name not in PAGE_TEMPLATES:
        return FieldError(
            "template",
            f"'{name[:60]}' cannot render a page of this site",
            f"use one of {', '.join(PAGE_TEMPLATES)}, or remove the line: other templates leave out "
            "the crisis strip or the page's own content",
        )
    return None


def _icon_error(name: Any, dirs: tuple[Path, ...]) -> FieldError | None:
    if not isinstance(name, str):
        return None
    if not _ICON.match(name) or not _exists(dirs, f".icons/{name}.svg"):
        return FieldError(
            "icon",
            f"'{name[:60]}' is not an icon of the theme",
            "pick one from https://squidfunk.github.io/mkdocs-material/reference/icons-"
            "emojis/ written like material/heart, or remove the line",
        )
    return None


def _status_error(status: Any, statuses: tuple[str, ...]) -> FieldError | None:
    if not isinstance(status, str):
        return None
    if status not in statuses or not _STATUS.match(status):
        return FieldError(
            "status",
            f"'{status[:60]}' is not a page status of the site",
            f"use one of: {', '.join(statuses)} (declare more under extra.status in mkdocs.yml)",
        )
    return None


def _exists(dirs: tuple[Path, ...], relative: str) -> bool:
    # The patterns above allow no '..' segment, so the file is inside one of the theme folders.
    return any((folder / relative).is_file() for folder in dirs)


def escape_printed(meta: MutableMapping[str, Any]) -> None:
    """Escape, in place, every front matter value Material prints, so markup shows as typed."""
    for key in PRINTED_FIELDS:
        if isinstance(meta.get(key), str):
            meta[key] = html.escape(meta[key], quote=True)
    for key in PRINTED_LISTS:
        if isinstance(meta.get(key), list):
            meta[key] = [
                html.escape(item, quote=True) if isinstance(item, str) else item for item in meta[key]
            ]
