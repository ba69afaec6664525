"""What several commands read from their arguments: the site's pages (all, or the paths given) and
dates typed as YYYY-MM-DD."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mkdocs.utils import is_markdown_file

from alliance import clock
from alliance.content.site import Site, load_site, open_site, src_uri_of
from alliance.problems import AllianceError


def date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def site_of(
    args: argparse.Namespace,
    paths: Sequence[Path] = (),
    alongside: Callable[[Site, list[str]], Any] | None = None,
    texts: bool = True,
) -> Site:
    """Every page of the site checked as the build checks it, or only the pages at `paths`;
    `alongside` and `texts` as load_site's."""
    settings, config = open_site(args.config_file)
    only = None
    if paths:
        only = []
        for path in paths:
            uri = src_uri_of(path, settings)
            if uri is None or not is_markdown_file(path.name):
                raise AllianceError(f"{path}: not a Markdown page under {settings.docs_dir}")
            if not path.is_file():
                raise AllianceError(f"{path}: no such file")
            only.append(uri)
    return load_site(settings, clock.today(), only, args.config_file, config, alongside, texts)


def all_pages(args: argparse.Namespace) -> Site:
    """The site's people and page list, with no page checked (for commands that need only those)."""
    settings, config = open_site(args.config_file)
    return load_site(settings, clock.today(), [], args.config_file, config)
