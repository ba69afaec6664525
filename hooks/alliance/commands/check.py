"""`alliance check`: every page checked as the strict build checks it, without building."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alliance import clock
from alliance.commands.arguments import site_of
from alliance.content.site import Site

if TYPE_CHECKING:
    from alliance.output import links


def register(commands: Any) -> None:
    check = commands.add_parser("check", help="check pages as the build does, without building")
    check.add_argument("paths", nargs="*", type=Path, help="pages to check (default: every page)")
    check.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    def site_wide(site: Site, checked: list[str]) -> links.SiteCheck:
        # What the strict build fails on besides each page's contract: links and anchors (as MkDocs
        # resolves them), published URLs, stale helplines; so a clean check means a clean build.
        # Started while the workers check the pages (it needs only the page list); the pages whose
        # links need MkDocs' render are rendered after, on every core. Imported here, once the workers
        # have forked: only this process uses it, so it is compiled and loaded while they check pages.
        from alliance.output import links

        return links.start(
            args.config_file,
            site.settings,
            checked,
            clock.today(),
            site.pages,
            site.mkdocs_config,
            site.files,
        )

    site = site_of(args, args.paths, site_wide, texts=False)
    from alliance.output import links  # loaded by site_wide

    site_problems = links.finish(site.alongside)
    errors = notices = 0
    # Files refused and people defined twice first: they fail every check, whatever the pages say.
    for problem in [
        *site.problems,
        *(p for record in site.records for p in record.problems),
        *site_problems,
    ]:
        print(
            ("" if problem.is_error else "notice: ") + str(problem),
            file=sys.stderr if problem.is_error else sys.stdout,
        )
        errors += problem.is_error
        notices += not problem.is_error
    print(f"checked {len(site.records)} page(s): {errors} error(s), {notices} notice(s)")
    return 1 if errors else 0
