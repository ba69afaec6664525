"""A whole docs folder checked without building: the command line's view of the site."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .content_cache import cache_for
from .pages import Context, PageRecord, check_page
from .people import Person, is_profile, load_registry
from .settings import Settings


@dataclass
class Site:
    settings: Settings
    registry: dict[str, Person]
    records: list[PageRecord]


def markdown_files(docs_dir: Path) -> list[str]:
    """Every Markdown page MkDocs would build, as src_uri, skipping dot folders and files as it does."""
    found = []
    for path in docs_dir.rglob("*.md"):
        relative = path.relative_to(docs_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        found.append(relative.as_posix())
    return sorted(found)


def src_uri_of(path: Path, settings: Settings) -> str | None:
    """The src_uri of a file given on the command line, or None if it is not under docs_dir."""
    try:
        return path.resolve().relative_to(settings.docs_dir).as_posix()
    except ValueError:
        return None


def load_site(settings: Settings, today: dt.date, only: Iterable[str] | None = None) -> Site:
    """Check every page (or only some src_uris) against a registry read from all profile pages."""
    all_pages = markdown_files(settings.docs_dir)
    profiles = [(uri, (settings.docs_dir / uri).read_bytes()) for uri in all_pages
                if is_profile(uri, settings.people_dir)]
    registry = load_registry(profiles)
    wanted = all_pages if only is None else list(only)
    cache = cache_for(settings.config_dir) if wanted else None
    context = Context(settings, registry, today, cache)
    records = [check_page(uri, _read(settings.docs_dir / uri), context) for uri in wanted]
    if cache:
        cache.save(prune=only is None)  # a full run forgets pages that no longer exist
    return Site(settings, registry, records)


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""
