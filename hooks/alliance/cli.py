"""The `alliance` command: the same checks as the build, for writers, reviewers and CI."""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from . import build, links, published_urls, schema, settings as site_settings, status as site_status
from .approve import approve
from .generated import write_or_check
from .problems import AllianceError, Problem
from mkdocs.utils import is_markdown_file

from .site import Site, load_site, src_uri_of

SCHEMA_FILE = "schema/front-matter.schema.json"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except AllianceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="alliance", description=__doc__)
    parser.add_argument("--config-file", "-f", default=site_settings.CONFIG_NAME, type=Path,
                        help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="check pages as the build does, without building")
    check.add_argument("paths", nargs="*", type=Path, help="pages to check (default: every page)")
    check.set_defaults(run=run_check)

    approve_cmd = commands.add_parser("approve", help="record a clinical review of pages")
    approve_cmd.add_argument("paths", nargs="+", type=Path)
    approve_cmd.add_argument("--reviewer", required=True, help="the reviewer's profile id")
    approve_cmd.add_argument("--on", type=_date, help="date of the review, YYYY-MM-DD (default: today)")
    approve_cmd.set_defaults(run=run_approve)

    status = commands.add_parser("status", help="every page with its review state")
    status.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    status.add_argument("--pull-request", action="store_true",
                        help="in a pull request's workflow: which pages wait for whose approval")
    status.set_defaults(run=run_status)

    schema_cmd = commands.add_parser("schema", help="print or write the front matter JSON Schema")
    schema_cmd.add_argument("--write", action="store_true", help=f"write docs/{SCHEMA_FILE}")
    schema_cmd.add_argument("--check", action="store_true", help="fail if that file is out of date")
    schema_cmd.add_argument("--fields", action="store_true", help="print the field table (Markdown)")
    schema_cmd.set_defaults(run=run_schema)

    urls = commands.add_parser("urls", help="the record of published URLs")
    urls.add_argument("--update", action="store_true", help="add every current page's URL")
    urls.add_argument("--base", metavar="REVISION", help="also fail if a URL recorded at this git "
                      "revision (the pull request's base) was removed from the record")
    urls.set_defaults(run=run_urls)

    report = commands.add_parser("report", help="length, FAQs, sources and reading grade per article")
    report.add_argument("--format", choices=("table", "json"), default="table")
    report.set_defaults(run=run_report)

    verify = commands.add_parser("verify-site", help="check a built site's pages for their byline, "
                                 "disclaimer, crisis help and structured data")
    verify.add_argument("site_dir", type=Path, nargs="?", default=Path("site"))
    # No option turns production on or off: ALLIANCE_PRODUCTION=true in the environment (as the
    # deploy workflow sets it) makes verify-site insist that mkdocs.yml is in production mode too.
    verify.set_defaults(run=run_verify_site)

    from . import approvals, codeowners, scaffold  # registered here: each module keeps its options
    scaffold.register(commands)
    codeowners.register(commands)
    approvals.register(commands)
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def load_settings(args: argparse.Namespace) -> site_settings.Settings:
    return site_settings.load(args.config_file)


def _site(args: argparse.Namespace, paths: Sequence[Path] = ()) -> Site:
    settings = load_settings(args)
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
    return load_site(settings, build.today(), only, args.config_file)


def run_check(args: argparse.Namespace) -> int:
    site = _site(args, args.paths)
    # What the strict build fails on besides each page's contract: links and anchors (as MkDocs
    # resolves them), published URLs, stale helplines; so a clean check means a clean build.
    site_wide = links.build_problems(args.config_file, site.settings,
                                     [record.src_uri for record in site.records], build.today())
    errors = notices = 0
    # Files refused and people defined twice first: they fail every check, whatever the pages say.
    for problem in [*site.problems, *(p for record in site.records for p in record.problems),
                    *site_wide]:
        print(("" if problem.is_error else "notice: ") + str(problem),
              file=sys.stderr if problem.is_error else sys.stdout)
        errors += problem.is_error
        notices += not problem.is_error
    print(f"checked {len(site.records)} page(s): {errors} error(s), {notices} notice(s)")
    return 1 if errors else 0


def run_approve(args: argparse.Namespace) -> int:
    site = _site(args, args.paths)
    today = build.today()
    on = args.on or today
    reviewer = site.registry.get(args.reviewer)
    failed = 0
    for record, path in zip(site.records, args.paths):
        try:
            new_text = approve(record, reviewer, args.reviewer, on, today, site.settings)
        except AllianceError as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        # The check reads past a byte order mark; approve must keep it, like every other byte.
        bom = codecs.BOM_UTF8 if path.read_bytes().startswith(codecs.BOM_UTF8) else b""
        path.write_bytes(bom + new_text.encode("utf-8"))
        print(f"{record.path}: approved by {args.reviewer} on {on.isoformat()}, next review "
              f"{site.settings.next_review(on).isoformat()} (in a pull request, this record counts once "
              f"{args.reviewer} approves its latest commit on GitHub)")
    return 1 if failed else 0


def run_status(args: argparse.Namespace) -> int:
    if args.pull_request:
        from .approvals import run_status_pull_request
        return run_status_pull_request(args)
    site = _site(args)
    rows = site_status.rows(site)
    print(site_status.render(rows, args.format), end="")
    if args.format != "json":  # the JSON stays one list of pages, for scripts that read it
        print(site_status.render_people(site, args.format), end="")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    if args.fields:
        print(schema.field_table(), end="")
        return 0
    settings = load_settings(args)
    site = load_site(settings, build.today(), only=[], config_file=args.config_file)
    document = json.dumps(schema.json_schema(site_status.people_ids(site.registry)), indent=2,
                          ensure_ascii=False) + "\n"
    if args.check or args.write:
        return write_or_check(settings.docs_dir / SCHEMA_FILE, document,
                              settings.display_path(SCHEMA_FILE), "alliance schema --write", args.check)
    print(document, end="")
    return 0


def run_urls(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    record = published_urls.read_record(settings.docs_dir)
    pages = load_site(settings, build.today(), only=[], config_file=args.config_file).pages
    redirects = site_status.redirect_maps(args.config_file)
    report = published_urls.check_urls(record, pages, redirects, settings.use_directory_urls,
                                       settings.display_path(published_urls.RECORD_NAME))
    if args.update and report.unrecorded:
        published_urls.write_record(settings.docs_dir, [*record, *report.unrecorded])
        print(f"added {len(report.unrecorded)} URL(s) to "
              f"{settings.display_path(published_urls.RECORD_NAME)}")
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
        print(f"{len(record)} published URL(s) recorded; every one has a page or a redirect"
              + (f", and none was removed since {args.base}" if args.base else ""))
    return 1 if problems or report.unrecorded else 0


def _removed_since(revision: str, record: list[str], settings: site_settings.Settings) -> list:
    """Lines of the record at `revision` that this checkout dropped (the record only grows)."""
    record_file = published_urls.record_path(settings.docs_dir)
    base = published_urls.record_at(revision, settings.config_dir, record_file)
    return published_urls.removed_urls(
        base or [], record, revision, settings.display_path(published_urls.RECORD_NAME),
        settings.use_directory_urls, settings.display_path("").rstrip("/") or ".")


def run_report(args: argparse.Namespace) -> int:
    site = _site(args)
    rows = site_status.content_report(site)
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    else:
        print(site_status.render_report(rows), end="")
    return 0


def run_verify_site(args: argparse.Namespace) -> int:
    from .site_check import check_site

    site = _site(args)
    if not args.site_dir.is_dir():
        raise AllianceError(f"{args.site_dir}: no built site here; run mkdocs build first")
    if os.environ.get("ALLIANCE_PRODUCTION", "").strip().lower() == "true" and not site.settings.production:
        raise AllianceError("mkdocs.yml: extra.alliance.production: is not on although "
                            "ALLIANCE_PRODUCTION=true; keep 'production: !ENV [ALLIANCE_PRODUCTION, "
                            "false]' so the deploy's production build cannot be switched off")
    extra_css = site_settings.load_mkdocs_yml(args.config_file).get("extra_css") or []
    problems = check_site(args.site_dir, site.records, site.settings, site.registry,
                          extra_css=[css for css in extra_css if isinstance(css, str)])
    if site.settings.production:  # a production site publishes reviewed pages only
        problems += [Problem(record.path, "review", "is not reviewed, so it cannot be published in "
                             "production", "approve it (alliance approve), or keep it off main")
                     for record in site.records if record.clinical and not record.reviewed]
    for problem in problems:
        print(problem, file=sys.stderr)
    checked = sum(record.clinical for record in site.records)
    print(f"verified {checked} clinical page(s) in {args.site_dir}: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
