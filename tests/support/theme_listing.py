"""The installed themes' file listings, remembered for the test process.

Every build lists all the files of its theme's folders to find the static files it copies (MkDocs'
`Files.add_files_from_theme`, through Jinja's `FileSystemLoader.list_templates`): Material's folder holds
some 14,500 files (its icons), about 40 ms a listing, and the tests' in-process builds list it some fifty
times a run. A folder inside the installed packages does not change while the tests run, so its listing
is remembered; any other folder (a project's overrides/, which a test may change) is listed every time.
So are the installed themes themselves: MkDocs forgets them at every theme it loads (`get_themes`,
through `importlib.metadata.entry_points`, reads the metadata of every installed package: about 2 ms,
some 800 times a run), and nothing installs a package in the test process.
Subprocesses (the builds the tests run as a user would) never see this.
"""

from __future__ import annotations

import functools
import os
import sysconfig
from typing import Any

import mkdocs.utils
from jinja2 import FileSystemLoader

_INSTALLED = tuple(
    sorted({os.path.realpath(sysconfig.get_path(name)) + os.sep for name in ("purelib", "platlib")})
)


def is_installed(folder: str) -> bool:
    """Whether `folder` is inside this Python's installed packages (links followed)."""
    return (os.path.realpath(folder) + os.sep).startswith(_INSTALLED)


def install() -> None:
    """Put the memo in front of `FileSystemLoader.list_templates`: the union of each folder's listing,
    sorted, as Jinja's own gives it; and the installed themes' memo."""
    original = FileSystemLoader.list_templates
    if hasattr(original, "__wrapped__"):
        return
    seen: dict[tuple[str, bool], list[str]] = {}

    def list_templates(self: FileSystemLoader) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            key = (folder, self.followlinks)
            listed = seen.get(key)
            if listed is None:
                listed = original(FileSystemLoader(folder, followlinks=self.followlinks))
                if is_installed(folder):
                    seen[key] = listed
            found.update(listed)
        return sorted(found)

    wrapped: Any = list_templates
    wrapped.__wrapped__ = original
    FileSystemLoader.list_templates = wrapped  # type: ignore[method-assign]
    _installed_themes_remembered()


def _installed_themes_remembered() -> None:
    """Put a memo in front of the entry points MkDocs finds the themes by (`mkdocs.utils`' own name
    for `importlib.metadata.entry_points`): the same groups give the same entry points all run."""
    original = mkdocs.utils.entry_points
    if hasattr(original, "cache_info"):
        return
    mkdocs.utils.entry_points = functools.cache(original)  # type: ignore[assignment]
