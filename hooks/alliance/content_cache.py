"""A cache of work derived from page content, so unchanged pages are not processed again.

Two things cost most per page and depend on nothing but their input: the lints (above all the
reading grade), which read the page's source and the readability ceiling, and the FAQ and sources
read from the rendered HTML. Each result is stored under a SHA-256 of exactly that input, and the
whole cache is keyed to the code that computes them; any change to any of it is a miss. The cache
is a plain JSON file in `.alliance-cache/` beside mkdocs.yml (git-ignored); a missing, unreadable
or foreign file only means a cold start.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import astuple
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from . import html_extract, lint, readability
from .html_extract import Faq, PageExtract, Source
from .lint import Finding

CACHE_DIR = ".alliance-cache"
CACHE_FILE = "content.json"


def _code_version() -> str:
    """Changes whenever the lint, readability or extraction code, or textstat, changes."""
    digest = hashlib.sha256()
    for module in (lint, readability, html_extract):
        digest.update(Path(module.__file__).read_bytes())
    try:
        digest.update(metadata.version("textstat").encode())
    except metadata.PackageNotFoundError:
        pass
    return digest.hexdigest()[:16]


class ContentCache:
    """Results by content key; loaded once per build or command, saved once at its end."""

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
        """The lint findings of a page's source text under a readability ceiling."""
        return self._remember(
            f"lint\0{max_grade}\0{text}", compute,
            encode=lambda found: [list(astuple(finding)) for finding in found],
            decode=lambda stored: [Finding(*entry) for entry in stored])

    def page_extract(self, html: str, compute: Callable[[], PageExtract]) -> PageExtract:
        """The FAQ entries and sources read from a page's rendered HTML."""
        return self._remember(
            f"extract\0{html}", compute,
            encode=lambda found: [[astuple(faq) for faq in found.faqs],
                                  [astuple(source) for source in found.sources]],
            decode=lambda stored: PageExtract([Faq(*faq) for faq in stored[0]],
                                              [Source(*source) for source in stored[1]]))

    def _remember(self, material: str, compute: Callable[[], Any], encode: Callable[[Any], Any],
                  decode: Callable[[Any], Any]) -> Any:
        key = hashlib.sha256(material.encode("utf-8")).hexdigest()
        self._used.add(key)
        stored = self._entries.get(key)
        if stored is not None:
            try:
                return decode(stored)
            except (TypeError, IndexError):
                pass  # a damaged entry: compute it again
        result = compute()
        self._entries[key] = encode(result)
        self._dirty = True
        return result

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


def cache_for(config_dir: Path) -> ContentCache:
    """The cache of the site whose mkdocs.yml is in `config_dir`; ALLIANCE_NO_CACHE=1 turns it off."""
    if os.environ.get("ALLIANCE_NO_CACHE"):
        return ContentCache(None)
    return ContentCache(config_dir / CACHE_DIR / CACHE_FILE)
