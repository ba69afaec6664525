"""MkDocs' reading of mkdocs.yml, remembered for the test process.

MkDocs reads mkdocs.yml with PyYAML's pure-Python parser (libyaml reads some files differently, so
Alliance uses MkDocs' own loader too): about 22 ms for the sample site's file, and the tests' in-process
builds and commands read it (or a copy of it) some 800 times a run. A file with the same bytes as one
parsed before, under the same values of the variables it names (!ENV reads them; the tests set others,
such as a GitHub event file's path, per test), gives a deep copy of what that one gave, which is what
parsing it again would give, wherever the copy is. Files that name another file (INHERIT, !relative)
and files that fail to parse are always parsed, so every error is MkDocs' own and names its own file.
Subprocesses (the builds and commands the tests run as a user would) never see this.
"""

from __future__ import annotations

import copy
import io
import os
import re
from collections.abc import Callable
from typing import Any

_NOT_MEMOISED = ("INHERIT", "!relative")
# Also always parsed (red team, round 21): those names written without their letters, by an escape
# in a double-quoted key ("\x49NHERIT") or a %-escape or %TAG handle in a tag (!rel%61tive), and
# Python tags (MkDocs' loader runs `!!python/object/apply:os.getcwd []`, whose value is the folder's).
_SPELLED_OTHERWISE = re.compile(r"\\|%TAG|![^\s]*%|python/")
_PER_TEST = {"PYTEST_CURRENT_TEST"}  # pytest changes it for every test and each of its phases
# A variable named with letters, digits and _ only can reach the parse only by that name written in the
# file (`!ENV NAME` or `!ENV [NAME, ...]`): escapes are never remembered (above), and quoting or
# folding a name across lines would add a quote or a space to it. Other names always count.
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _environment_read_by(text: str) -> tuple[tuple[str, str], ...]:
    """The variables parsing `text` could read, with their values: those it names, and any whose name
    it could spell otherwise. (Upper case on both sides: Windows' variables ignore case.)"""
    upper = text.upper()
    return tuple(
        sorted(
            (key, value)
            for key, value in os.environ.items()
            if key not in _PER_TEST and (key.upper() in upper or not _PLAIN_NAME.match(key))
        )
    )


def remembering(parse: Callable[..., Any]) -> Callable[..., Any]:
    """`parse` (mkdocs.utils.yaml.yaml_load) with the memo in front of it."""
    seen: dict[tuple[bytes, tuple[tuple[str, str], ...]], Any] = {}

    def yaml_load(source: Any, loader: Any = None) -> Any:
        name = getattr(source, "name", None)
        if not isinstance(name, str) or not isinstance(source, io.BufferedReader):
            return parse(source, loader)
        start = source.tell()
        data = source.read()
        source.seek(start)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:  # UTF-16 and the like: the markers below could hide in them
            return parse(source, loader)
        if any(marker in text for marker in _NOT_MEMOISED) or _SPELLED_OTHERWISE.search(text):
            return parse(source, loader)
        # Not the path: without INHERIT and !relative the file's place changes nothing but the names
        # in error messages, and errors are never remembered; so every copy of the project shares one.
        key = (data, _environment_read_by(text))
        if key not in seen:
            seen[key] = parse(source, loader)  # MkDocs' default loader when `loader` is None
        return copy.deepcopy(seen[key])

    yaml_load.__wrapped__ = parse  # type: ignore[attr-defined]
    return yaml_load


def install() -> None:
    """Put the memo wherever MkDocs and Alliance look yaml_load up."""
    import mkdocs.utils
    import mkdocs.utils.yaml
    from mkdocs.config import defaults

    if hasattr(mkdocs.utils.yaml.yaml_load, "__wrapped__"):
        return
    memo = remembering(mkdocs.utils.yaml.yaml_load)
    for module in (mkdocs.utils.yaml, mkdocs.utils, defaults):
        module.yaml_load = memo  # type: ignore[attr-defined]
