"""`alliance verify-site`: a built site's pages checked for byline, review dates, disclaimer, crisis
help and structured data, as the deploy runs it on exactly the folder it uploads."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from alliance.commands.arguments import site_of
from alliance.output.site_check import check_site
from alliance.problems import AllianceError, Problem


def register(commands: Any) -> None:
    verify = commands.add_parser(
        "verify-site",
        help="check a built site's pages for their byline, disclaimer, crisis help and structured data",
    )
    verify.add_argument("site_dir", type=Path, nargs="?", default=Path("site"))
    # No option turns production on or off: ALLIANCE_PRODUCTION=true in the environment (as the
    # deploy workflow sets it) makes verify-site insist that mkdocs.yml is in production mode too.
    verify.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    site = site_of(args, texts=False)
    if not args.site_dir.is_dir():
        raise AllianceError(f"{args.site_dir}: no built site here; run mkdocs build first")
    if os.environ.get("ALLIANCE_PRODUCTION", "").strip().lower() == "true" and not site.settings.production:
        raise AllianceError(
            "mkdocs.yml: extra.alliance.production: is not on although "
            "ALLIANCE_PRODUCTION=true; keep 'production: !ENV [ALLIANCE_PRODUCTION, "
            "false]' so the deploy's production build cannot be switched off"
        )
    extra_css = site.mkdocs_config.extra_css
    problems = check_site(
        args.site_dir,
        site.records,
        site.settings,
        site.registry,
        extra_css=[css for css in extra_css if isinstance(css, str)],
    )
    if site.settings.production:  # a production site publishes reviewed pages only
        problems += [
            Problem(
                record.path,
                "review",
                "is not reviewed, so it cannot be published in production",
                "approve it (alliance approve), or keep it off main",
            )
            for record in site.records
            if record.clinical and not record.reviewed
        ]
    for problem in problems:
        print(problem, file=sys.stderr)
    checked = sum(record.clinical for record in site.records)
    print(f"verified {checked} clinical page(s) in {args.site_dir}: {len(problems)} problem(s)")
    return 1 if problems else 0
