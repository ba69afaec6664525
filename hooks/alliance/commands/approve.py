"""`alliance approve`: write a page's review block, and change no other byte of the file.

The block is replaced in the text, not re-serialised from parsed YAML, so the writer's comments,
quoting and key order survive. The digest binds the review block too (all but the digest itself), so
approve writes the reviewer and dates first and computes the digest over the file as written.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alliance import clock
from alliance.commands.arguments import date, site_of
from alliance.content import frontmatter
from alliance.content.pages import PageRecord
from alliance.content.people import Person
from alliance.content.review import review_digest
from alliance.problems import AllianceError
from alliance.settings import Settings

_REVIEW_KEY = re.compile(r"^review[ \t]*:")


def review_block(
    reviewer: str, reviewed: dt.date, next_review: dt.date, digest: str | None, newline: str
) -> str:
    lines = [
        "review:",
        f"  reviewer: {reviewer}",
        f"  reviewed: {reviewed.isoformat()}",
        f"  next_review: {next_review.isoformat()}",
    ]
    lines += [f"  digest: {digest}"] if digest else []
    return newline.join(lines) + newline


def signed_text(
    text: str,
    reviewer_id: str,
    reviewer: Person | None,
    reviewed: dt.date,
    next_review: dt.date,
    files: Mapping[str, str],
) -> str:
    """`text` with a review block whose digest is computed over the text as written with it."""
    newline = "\r\n" if "\r\n" in text else "\n"
    unsigned = replace_review_block(text, review_block(reviewer_id, reviewed, next_review, None, newline))
    front_matter, body = _front_matter_and_body(unsigned)
    digest = review_digest(front_matter, body, reviewer=reviewer, files=files)
    return replace_review_block(unsigned, review_block(reviewer_id, reviewed, next_review, digest, newline))


def _front_matter_and_body(text: str) -> tuple[Any, str]:
    page = frontmatter.read_text(text)
    if page.problem or not page.has_front_matter:
        # only a block this module wrote could cause it: say so rather than write a bad file
        raise AllianceError(f"the review block could not be written: {page.problem or page}")
    return page.data, page.body


def approve(
    record: PageRecord,
    reviewer: Person | None,
    reviewer_id: str,
    on: dt.date,
    today: dt.date,
    settings: Settings,
) -> str:
    """The page's new text with a review by `reviewer_id` on `on`; raises AllianceError if the page
    may not be approved (invalid, opted out, unknown reviewer, reviewer is an author, future date)."""
    path = record.path
    if not record.clinical:  # first: an opted-out page has no digest, and that is not why it is refused
        raise AllianceError(
            f"{path}: clinical: the page is opted out of review (mkdocs.yml lists it "
            "under extra.alliance.not_clinical); if it gives health information, "
            "ask a maintainer to take it off that list"
        )
    if record.text is None or record.digest is None:
        blocking = [str(problem) for problem in record.errors if not problem.field.startswith("review")]
        raise AllianceError("\n".join(blocking) or f"{path}: cannot be approved until it is valid")
    _check_reviewer(path, reviewer, reviewer_id, record, settings)
    if on > today:
        raise AllianceError(
            f"{path}: review.reviewed: {on.isoformat()} is in the future; approve on "
            "the day the review happens"
        )
    blocking = [str(problem) for problem in record.errors if not problem.field.startswith("review")]
    if blocking:
        raise AllianceError("\n".join(blocking))
    return signed_text(record.text, reviewer_id, reviewer, on, settings.next_review(on), record.files)


def _check_reviewer(
    path: str, reviewer: Person | None, reviewer_id: str, record: PageRecord, settings: Settings
) -> None:
    if reviewer is None or not reviewer.is_reviewer:
        raise AllianceError(
            f"{path}: review.reviewer: '{reviewer_id}' is not a reviewer; pass the id of "
            f"a reviewer profile in {settings.people_dir}/"
        )
    if reviewer_id in (record.front_matter.get("authors") or []):
        raise AllianceError(
            f"{path}: review.reviewer: '{reviewer_id}' wrote this page; a reviewer may "
            "not review a page they wrote, ask another reviewer"
        )
    if reviewer.sample and settings.production:
        raise AllianceError(
            f"{path}: review.reviewer: '{reviewer_id}' is a sample placeholder, refused in production"
        )


def replace_review_block(text: str, block: str) -> str:
    """Put `block` where the front matter's top-level `review:` is, or at the end of the front matter."""
    lines = text.splitlines(keepends=True)
    closing = next(
        index
        for index, line in enumerate(lines[1:], start=1)
        if line.rstrip("\r\n").rstrip() in ("---", "...")
    )
    start = next((index for index in range(1, closing) if _REVIEW_KEY.match(lines[index])), None)
    if start is None:
        return "".join(lines[:closing]) + block + "".join(lines[closing:])
    end = start + 1
    while end < closing and (lines[end][:1] in (" ", "\t") or not lines[end].strip()):
        end += 1
    while end - 1 > start and not lines[end - 1].strip():  # keep blank lines that follow the block
        end -= 1
    return "".join(lines[:start]) + block + "".join(lines[end:])


def register(commands: Any) -> None:
    cmd = commands.add_parser("approve", help="record a clinical review of pages")
    cmd.add_argument("paths", nargs="+", type=Path)
    cmd.add_argument("--reviewer", required=True, help="the reviewer's profile id")
    cmd.add_argument("--on", type=date, help="date of the review, YYYY-MM-DD (default: today)")
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    site = site_of(args, args.paths)
    today = clock.today()
    on = args.on or today
    reviewer = site.registry.get(args.reviewer)
    failed = 0
    for record, path in zip(site.records, args.paths, strict=True):
        try:
            new_text = approve(record, reviewer, args.reviewer, on, today, site.settings)
        except AllianceError as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        # The check reads past a byte order mark; approve must keep it, like every other byte.
        bom = codecs.BOM_UTF8 if path.read_bytes().startswith(codecs.BOM_UTF8) else b""
        path.write_bytes(bom + new_text.encode("utf-8"))
        print(
            f"{record.path}: approved by {args.reviewer} on {on.isoformat()}, next review "
            f"{site.settings.next_review(on).isoformat()} (in a pull request, this record counts once "
            f"{args.reviewer} approves its latest commit on GitHub)"
        )
    return 1 if failed else 0
