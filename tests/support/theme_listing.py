"""The installed themes' file listings, remembered for the test process.

Every build lists all the files of its theme's folders to find the static files it copies (MkDocs'
`Files.add_files_from_theme`, through Jinja's `FileSystemLoader.list_templates`): Material's folder holds
some 14,500 files (its icons), about 40 ms a listing, and the tests' in-process builds list it some fifty
times a run. A folder inside the installed packages does not change while the tests run, so its listing
is remembered; any other folder (a project's overrides/, which a test may change) is listed every time.
MkDocs then runs its filter (a dozen patterns built afresh for every name) over every listed name
and keeps a few hundred: the names it always drops, hidden ones ('.icons/…'), are dropped first.
So are the installed themes themselves: MkDocs forgets them at every theme it loads (`get_themes`),
and finding them again reads the metadata of the installed packages (about 2 ms, twice a configuration,
some 800 configurations a run); nothing installs a package in the test process.
Subprocesses (the builds the tests run as a user would) never see this.
"""

from __future__ import annotations

import functools
import os
import sysconfig
from typing import Any

import mkdocs.utils
from jinja2 import Environment, FileSystemLoader

_INSTALLED = tuple(
    sorted({os.path.realpath(sysconfig.get_path(name)) + os.sep for name in ("purelib", "platlib")})
)


def is_installed(folder: str) -> bool:
    """Whether `folder` is inside this Python's installed packages (links followed)."""
    return (os.path.realpath(folder) + os.sep).startswith(_INSTALLED)


# (folder, followlinks, hidden names kept) -> the folder's names, for installed folders only.
_SEEN: dict[tuple[str, bool, bool], list[str]] = {}


def install() -> None:
    """Put the memo in front of `FileSystemLoader.list_templates`: the union of each folder's listing,
    sorted, as Jinja's own gives it; and the installed themes' memo."""
    original = FileSystemLoader.list_templates
    if hasattr(original, "__wrapped__"):
        return

    def list_templates(self: FileSystemLoader) -> list[str]:
        return _union(self, hidden=True)

    wrapped: Any = list_templates
    wrapped.__wrapped__ = original
    FileSystemLoader.list_templates = wrapped  # type: ignore[method-assign]
    _theme_files_filtered_visible_first()
    _installed_themes_remembered()


def _union(loader: FileSystemLoader, hidden: bool) -> list[str]:
    """The sorted names of every folder of `loader`, hidden ones only where `hidden`."""
    return sorted(
        {name for folder in loader.searchpath for name in _names(folder, loader.followlinks, hidden)}
    )


def _names(folder: str, followlinks: bool, hidden: bool) -> list[str]:
    """One folder's names as Jinja's own listing gives them (without the hidden ones unless
    `hidden`), remembered for a folder inside the installed packages."""
    key = (folder, followlinks, hidden)
    names = _SEEN.get(key)
    if names is None:
        if hidden:
            jinjas_own = FileSystemLoader.list_templates.__wrapped__  # type: ignore[attr-defined]
            names = jinjas_own(FileSystemLoader(folder, followlinks=followlinks))
        else:
            names = [name for name in _names(folder, followlinks, True) if visible(name)]
        if is_installed(folder):
            _SEEN[key] = names
    return names


# MkDocs' filter of a theme's static files (`Files.add_files_from_theme`): its first two patterns,
# '.*' and '*/.*' over the lowered name, drop every hidden name whatever the configuration says.
MKDOCS_THEME_FILTER = "Files.add_files_from_theme.<locals>.filter"


def visible(name: str) -> bool:
    """Whether neither '.*' nor '*/.*' matches `name` (fnmatch's '*' crosses '/')."""
    return not (name.startswith(".") or "/." in name)


def _theme_files_filtered_visible_first() -> None:
    """Put a shortcut in front of `Environment.list_templates` for MkDocs' theme file filter alone:
    the same names in the same order, with the hidden ones (remembered per installed folder) never
    handed to it."""
    original = Environment.list_templates
    if hasattr(original, "__wrapped__"):
        return

    def list_templates(self: Environment, extensions: Any = None, filter_func: Any = None) -> list[str]:
        if (
            extensions is not None
            or getattr(filter_func, "__qualname__", None) != MKDOCS_THEME_FILTER
            or type(self.loader) is not FileSystemLoader
        ):
            return original(self, extensions, filter_func)
        return [name for name in _union(self.loader, hidden=False) if filter_func(name)]

    wrapped: Any = list_templates
    wrapped.__wrapped__ = original
    Environment.list_templates = wrapped  # type: ignore[method-assign]


def _installed_themes_remembered() -> None:
    """Put a memo in front of the entry points MkDocs finds the themes by (`mkdocs.utils`' own name
    for `importlib.metadata.entry_points`): the same groups give the same entry points all run. And
    keep the themes MkDocs makes of them: it forgets them at every theme it loads
    (`get_themes.cache_clear()`), and finding them again reads each theme package's metadata file
    for its name (`Distribution.name`, about 2 ms a configuration, some 800 a run)."""
    original = mkdocs.utils.entry_points
    if hasattr(original, "cache_info"):
        return
    mkdocs.utils.entry_points = functools.cache(original)  # type: ignore[assignment]
    kept: Any = functools.cache(mkdocs.utils.get_themes.__wrapped__)  # MkDocs' own, uncached
    kept.cache_clear = lambda: None  # nothing installs a package in the test process
    mkdocs.utils.get_themes = kept
