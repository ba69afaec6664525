"""A cache of lint findings per page content, so unchanged pages are not linted again.

The lints (above all the reading grade) are most of what checking a page costs. Their findings
depend only on the page's text, the readability ceiling and the lint code itself, so they are
stored under a SHA-256 of exactly those; any change to any of them is a cache miss. The cache is a
plain JSON file in `.alliance-cache/` beside mkdocs.yml (git-ignored); a missing, unreadable or
foreign file only means a cold start.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import astuple
from importlib import metadata
from pathlib import Path
from typing import Callable

from . import lint, readability
from .lint import Finding

CACHE_DIR = ".alliance-cache"
CACHE_FILE = "lints.json"


def _code_version() -> str:
    """Changes whenever the lint or readability code, or textstat, changes."""
    digest = hashlib.sha256()
    for module in (lint, readability):
        digest.update(Path(module.__file__).read_bytes())
    try:
        digest.update(metadata.version("textstat").encode())
    except metadata.PackageNotFoundError:
        pass
    return digest.hexdigest()[:16]


class LintCache:
    """Findings by content key; loaded once per build or command, saved once at its end."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.version = _code_version()
        self._entries: dict[str, list[list]] = self._load()
        self._used: set[str] = set()
        self._dirty = False

    def _load(self) -> dict[str, list[list]]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != self.version:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def findings(self, text: str, max_grade: float,
                 compute: Callable[[], list[Finding]]) -> list[Finding]:
        key = hashlib.sha256(f"{max_grade}\0{text}".encode("utf-8")).hexdigest()
        self._used.add(key)
        cached = self._entries.get(key)
        if cached is not None:
            try:
                return [Finding(*entry) for entry in cached]
            except TypeError:
                pass  # a damaged entry: compute it again
        found = compute()
        self._entries[key] = [list(astuple(finding)) for finding in found]
        self._dirty = True
        return found

    def save(self, prune: bool = False) -> None:
        """Write the cache (atomically); with prune, keep only entries this run used."""
        if self.path is None or not (self._dirty or prune):
            return
        entries = {key: value for key, value in self._entries.items()
                   if not prune or key in self._used}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as output:
                json.dump({"version": self.version, "entries": entries}, output)
            os.replace(temporary, self.path)
        except OSError:
            pass  # a read-only checkout still checks everything, just without the speed-up


def cache_for(config_dir: Path) -> LintCache:
    """The cache of the site whose mkdocs.yml is in `config_dir`; ALLIANCE_NO_CACHE=1 turns it off."""
    if os.environ.get("ALLIANCE_NO_CACHE"):
        return LintCache(None)
    return LintCache(config_dir / CACHE_DIR / CACHE_FILE)
