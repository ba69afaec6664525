"""`alliance urls`: the record of published URLs, which only grows (a reader's bookmark keeps working)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from alliance import settings as site_settings
from alliance.commands.arguments import all_pages
from alliance.output import published_urls
from alliance.output.links import redirects_of
from alliance.problems import Problem


def register(commands: Any) -> None:
    urls = commands.add_parser("urls", help="the record of published URLs")
    urls.add_argument("--update", action="store_true", help="add every current page's URL")
    urls.add_argument(
        "--base",
        metavar="REVISION",
        help="also fail if a URL recorded at this git "
        "revision (the pull request's base) was removed from the record",
    )
    urls.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    site = all_pages(args)
    settings = site.settings
    record = published_urls.read_record(settings.docs_dir)
    pages = site.pages
    redirects = redirects_of(site.mkdocs_config)
    report = published_urls.check_urls(
        record,
        pages,
        redirects,
        settings.use_directory_urls,
        settings.display_path(published_urls.RECORD_NAME),
    )
    if args.update and report.unrecorded:
        published_urls.write_record(settings.docs_dir, [*record, *report.unrecorded])
        print(f"added {len(report.unrecorded)} URL(s) to {settings.display_path(published_urls.RECORD_NAME)}")
        record = [*record, *report.unrecorded]
        report = published_urls.UrlReport(report.problems, [])
    problems = list(report.problems)
    if args.base:
        problems += _removed_since(args.base, record, settings)
    for problem in problems:
        print(problem, file=sys.stderr)
    for url in report.unrecorded:
        print(f"not yet recorded: /{url} (run: alliance urls --update)", file=sys.stderr)
    if not problems and not report.unrecorded:
        print(
            f"{len(record)} published URL(s) recorded; every one has a page or a redirect"
            + (f", and none was removed since {args.base}" if args.base else "")
        )
    return 1 if problems or report.unrecorded else 0


def _removed_since(revision: str, record: list[str], settings: site_settings.Settings) -> list[Problem]:
    """Lines of the record at `revision` that this checkout dropped (the record only grows)."""
    record_file = published_urls.record_path(settings.docs_dir)
    base = published_urls.record_at(revision, settings.config_dir, record_file)
    return published_urls.removed_urls(
        base or [],
        record,
        revision,
        settings.display_path(published_urls.RECORD_NAME),
        settings.use_directory_urls,
        settings.display_path("").rstrip("/") or ".",
    )
