"""Check one page against the content contract and its review record.

This is the single implementation behind `alliance check`, `alliance status`, `alliance approve` and
the build's review gate: it never raises, and every problem names the file, the field and the fix.

The body's own checks (renderable, body_markup, lint and with it readability) are imported when a
page is first checked, not with this module: in a build whose workers check every page, the build's
own process (which needs only Context and PageRecord from here) never loads the larger ones, some
0.12 G instructions (valgrind) and, in a fresh clone, their compilation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import importlib
from dataclasses import dataclass, field
from typing import Any

from alliance.clock import as_date
from alliance.content import frontmatter, schema, theme_fields
from alliance.content import review as states
from alliance.content.page_files import Snippets, Sources, local_files
from alliance.content.people import Person, credited, github_problems, is_profile
from alliance.content.review import Review
from alliance.problems import Problem
from alliance.settings import Settings


@dataclass(frozen=True)
class Context:
    """What checking a page needs from the rest of the site; built once per build or command."""

    settings: Settings
    registry: dict[str, Person]
    today: dt.date
    snippets: Snippets | None = None  # pymdownx.snippets, when the site uses it

    @functools.cached_property  # one per build, so the folders it resolves are looked up once
    def sources(self) -> Sources:
        return Sources(
            self.settings.docs_dir,
            self.settings.config_dir,
            self.snippets,
            self.settings.use_directory_urls,
            self.settings.footnotes,
            site_url=self.settings.site_url,
        )


@dataclass
class PageRecord:
    """Everything Alliance knows about one Markdown page after checking it."""

    src_uri: str
    path: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    text: str | None = None
    clinical: bool = True
    review: Review | None = None
    digest: str | None = None
    files: dict[str, str] = field(default_factory=dict)  # local files the page shows -> SHA-256
    state: str = states.INVALID
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]

    def facts(self) -> PageRecord:
        """The record without the page's text: all a build needs once MkDocs has the source, and
        all a worker needs to build a view or check the output (a build holds one per page)."""
        return self if self.text is None and not self.body else dataclasses.replace(self, body="", text=None)

    @property
    def reviewed(self) -> bool:
        """True only when a reader may be told this page is medically reviewed (fail closed)."""
        return self.clinical and self.state in (states.OK, states.DUE_SOON, states.SAMPLE) and not self.errors


def load_checks() -> None:
    """Load the body's checks and the hyphenation dictionary now, in a process about to fork workers
    that all check pages (`alliance check`): they share this copy instead of each loading its own."""
    for name in ("renderable", "body_markup", "lint", "readability"):
        importlib.import_module(f"alliance.content.{name}")
    importlib.import_module("alliance.content.readability").prepare()


def check_page(src_uri: str, raw: bytes, context: Context) -> PageRecord:
    """Parse, validate and lint one page; the record's problems say everything that is wrong."""
    record = PageRecord(src_uri=src_uri, path=context.settings.display_path(src_uri))
    _check(record, raw, context)
    record.state = page_state(record, context)
    return record


def _check(record: PageRecord, raw: bytes, context: Context) -> None:
    """Every check, in order; each failure that makes the rest meaningless ends it."""
    src_uri = record.src_uri
    # Only the site opts a page out (extra.alliance.not_clinical); a page may only opt itself in.
    record.clinical = not context.settings.is_not_clinical(src_uri)
    if not raw.strip():
        return _fail(
            record, "file", "the file is empty", 'start it from the scaffold: alliance new "Your title"'
        )
    from alliance.content import renderable  # on first use: see the module's docstring

    page = frontmatter.read(record.path, raw)
    record.text, record.body, record.body_line = page.text, page.body, page.body_line
    # Before anything can end the check: MkDocs renders the body whatever else is wrong with the page.
    record.problems.extend(renderable.problems(record.path, record.body, record.body_line))
    if page.problem:
        return _fail_with(record, page.problem)
    text, data = page.text, page.data
    assert text is not None  # read gives the text or a problem
    if not page.has_front_matter:
        return _fail(
            record,
            "front matter",
            "is missing, so this page has no title, authors or review",
            "add front matter at the top of the file; `alliance new` writes a complete one",
        )
    record.clinical = record.clinical or (isinstance(data, dict) and data.get("clinical") is True)
    _add_field_errors(record, schema.validate(data, clinical=record.clinical))
    if not isinstance(data, dict):
        return
    record.front_matter = data
    if frontmatter.mkdocs_reads_differently(text, data, record.body, page.loaded_alike):
        return _fail(
            record,
            "front matter",
            "MkDocs reads it differently from the review gate (an "
            "impossible date, a YAML feature MkDocs' loader refuses, or no line after the "
            "closing '---'), and would show it as page text, comments included",
            "write dates as real days (YYYY-MM-DD) or in quotes, and end the front matter "
            "with a '---' line followed by the page",
        )
    _add_field_errors(
        record,
        theme_fields.check(data, record.clinical, context.settings.theme_dirs, context.settings.statuses),
    )
    if is_profile(src_uri, context.settings.people_dir):
        _check_profile(record, data, context.settings.production)
    # Every page, not only clinical ones: the help page shows the crisis help, and a script or a
    # refresh on the home page acts with the whole site's origin; no page is reviewed for markup.
    _check_body_markup(record)
    if not record.clinical:
        return
    if data.get("clinical") is False:
        _problem(
            record,
            "clinical",
            "only the site can opt a page out of review",
            "remove the line; if this page gives no health information, ask a maintainer to "
            "add it to extra.alliance.not_clinical in mkdocs.yml",
        )
    if any(not problem.field.startswith("review") for problem in record.errors):
        return  # the rest would only repeat what the contract already reported
    _check_people(record, data, context)
    _bind(record, data, context, raw)
    _check_review(record, data.get("review"), context)
    _lint(record, context)


def _add_field_errors(record: PageRecord, errors: list[schema.FieldError]) -> None:
    for error in errors:
        record.problems.append(
            Problem(record.path, error.field, error.message, error.fix.replace("{path}", record.path))
        )


def _check_body_markup(record: PageRecord) -> None:
    """Raw HTML and attribute lists in a body: only the harmless inline allow-list."""
    from alliance.content import body_markup  # on first use: see the module's docstring
    from alliance.content.lint import unsafe_links

    for line, message, fix in body_markup.check_body(record.body):
        record.problems.append(Problem(record.path, "body", message, fix, line=record.body_line + line - 1))
    for finding in unsafe_links(record.body, record.body_line):
        record.problems.append(
            Problem(record.path, finding.rule, finding.message, finding.fix, line=finding.line)
        )


def _fail(record: PageRecord, field_name: str, message: str, fix: str) -> None:
    _fail_with(record, Problem(record.path, field_name, message, fix))


def _fail_with(record: PageRecord, problem: Problem) -> None:
    record.problems.append(dataclasses.replace(problem, path=record.path))


def page_state(record: PageRecord, context: Context) -> str:
    """The one decision of a page's state, from the facts its checks left on the record."""
    if not record.clinical:
        return states.OPTED_OUT if not record.errors else states.INVALID
    state = _review_state(record, context)
    # The review states say more than "invalid" does; `alliance status` must show them.
    if record.errors and state not in (states.MISSING, states.CHANGED, states.OVERDUE):
        return states.INVALID
    return state


def _review_state(record: PageRecord, context: Context) -> str:
    """What the review block says of a clinical page (its problems are reported by _check_review)."""
    if record.digest is None:
        return states.INVALID  # the checks stopped before the review: the page has other errors
    if record.review is None:  # no usable review date; a block that is not a mapping is no review
        return states.INVALID if isinstance(record.front_matter.get("review"), dict) else states.MISSING
    approved, next_review = record.review.digest, record.review.next_review
    if approved is None:
        return states.MISSING
    if states.is_older_digest(approved) or approved != record.digest:
        return states.CHANGED
    if next_review < context.today:
        return states.OVERDUE
    if any(context.registry[pid].sample for pid in _people(record) if pid in context.registry):
        return states.SAMPLE
    return states.DUE_SOON if _due_soon(next_review, context) else states.OK


def _due_soon(next_review: dt.date, context: Context) -> bool:
    return (next_review - context.today).days <= context.settings.due_soon_days


def _problem(record: PageRecord, field_name: str, message: str, fix: str, severity="error") -> None:
    record.problems.append(Problem(record.path, field_name, message, fix, severity))


def _check_profile(record: PageRecord, data: dict, production: bool) -> None:
    person = data.get("person")
    if not isinstance(person, dict):
        _problem(
            record,
            "person",
            "is missing on a profile page",
            "add a 'person:' block with name, role and roles (see the writers' guide)",
        )
        return
    roles = person.get("roles")
    if isinstance(roles, list) and "reviewer" in roles:
        for key in ("credentials", "registration_body", "registration_number"):
            if not person.get(key):
                _problem(
                    record,
                    f"person.{key}",
                    "is missing for a reviewer",
                    f"add 'person.{key}:' so readers can check the reviewer's registration",
                )
    for field_name, message, fix in github_problems(person, production):
        _problem(record, field_name, message, fix)


def _check_people(record: PageRecord, data: dict, context: Context) -> None:
    registry, production = context.registry, context.settings.production
    review_block = data.get("review") if isinstance(data.get("review"), dict) else {}
    reviewer_id = _reviewer_id(review_block)
    for author_id in data.get("authors") or []:
        _check_person(record, "authors", author_id, "author", registry)
    if reviewer_id is not None:
        _check_person(record, "review.reviewer", reviewer_id, "reviewer", registry)
        if reviewer_id in (data.get("authors") or []):
            _problem(
                record,
                "review.reviewer",
                f"'{reviewer_id}' is also an author of this page",
                "a reviewer may not review a page they wrote; ask another reviewer",
            )
    samples = [
        pid
        for pid in credited(data.get("authors") or [], reviewer_id)
        if pid in registry and registry[pid].sample
    ]
    if samples and production:
        _problem(
            record,
            "review.reviewer" if reviewer_id in samples else "authors",
            f"{', '.join(samples)} are sample placeholders, refused in production",
            "replace the sample people with real, registered profiles and have the page approved again",
        )


def _reviewer_id(block: dict | None) -> str | None:
    """The reviewer's id if it is text; anything else the contract check has already reported."""
    reviewer = (block or {}).get("reviewer")
    return reviewer if isinstance(reviewer, str) else None


def _check_person(
    record: PageRecord, field_name: str, person_id: str, role: str, registry: dict[str, Person]
) -> None:
    person = registry.get(person_id)
    if person is None:
        known = ", ".join(sorted(pid for pid, p in registry.items() if role in p.roles)) or "none yet"
        _problem(
            record,
            field_name,
            f"'{person_id}' has no profile page",
            f"use the id of a {role} profile ({known}) or add docs/people/{person_id}.md",
        )
    elif role not in person.roles:
        _problem(
            record,
            field_name,
            f"'{person_id}' is not registered as a {role}",
            f"add '{role}' to person.roles on their profile page, or choose a {role}",
        )


def _bind(record: PageRecord, data: dict, context: Context, raw: bytes) -> None:
    """The digest of what the reviewer approves: page, review block, local files, reviewer's profile.
    `raw` is the page's file: the digest takes the body's bytes from it rather than encode the body
    again (record.text was decoded from it)."""
    found = local_files(record.path, record.src_uri, record.body, record.body_line, context.sources)
    record.problems.extend(found.problems)
    record.files = found.digests
    block = data.get("review") if isinstance(data.get("review"), dict) else {}
    reviewer_id = _reviewer_id(block)
    reviewer = context.registry.get(reviewer_id) if reviewer_id else None
    body_utf8 = frontmatter.tail_bytes(raw, record.text, record.body) if record.text is not None else None
    record.digest = states.review_digest(
        data, record.body, reviewer=reviewer, files=record.files, body_utf8=body_utf8
    )


def _check_review(record: PageRecord, block: Any, context: Context) -> None:
    how_to_approve = f"ask a reviewer to run: alliance approve {record.path} --reviewer <id>"
    if not isinstance(block, dict):
        return  # the contract check has said what is wrong with it
    reviewed = as_date(block.get("reviewed"))
    written_next_review = as_date(block.get("next_review"))
    if reviewed is None:
        return  # the schema already reported it
    next_review = written_next_review or context.settings.next_review(reviewed)
    record.review = Review(_reviewer_id(block) or "", reviewed, next_review, block.get("digest"))
    if reviewed > context.today:
        _problem(
            record,
            "review.reviewed",
            f"{reviewed.isoformat()} is in the future",
            "write the date the review actually happened; `alliance approve` sets it for you",
        )
    if written_next_review and next_review <= reviewed:
        _problem(
            record,
            "review.next_review",
            f"{next_review.isoformat()} is not after the review date {reviewed.isoformat()}",
            "remove it to use the site's review interval, or pick a later date",
        )
    _check_interval(record, reviewed, next_review, context.settings)
    if record.review.digest is None:
        _problem(
            record, "review.digest", "is missing, so nothing binds this review to the content", how_to_approve
        )
    elif states.is_older_digest(record.review.digest):
        _problem(
            record,
            "review.digest",
            f"the review on {reviewed.isoformat()} was approved under an "
            "older rule that did not bind the review dates, the files the page shows or the "
            "reviewer's profile",
            how_to_approve.replace("ask a reviewer to run", "ask a reviewer to check the page again and run"),
        )
    elif record.review.digest != record.digest:
        _problem(
            record,
            "review.digest",
            f"the content changed after the review on {reviewed.isoformat()}",
            how_to_approve,
        )
    elif next_review < context.today:
        _problem(
            record,
            "review.next_review",
            f"the review was due on {next_review.isoformat()}",
            how_to_approve.replace("ask", "ask a reviewer to check the page again, then"),
            context.settings.overdue_severity,
        )
    elif _due_soon(next_review, context):  # a review that still holds, soon due: say so in time
        _problem(
            record,
            "review.next_review",
            f"the next review is due on {next_review.isoformat()}",
            "plan the review with a reviewer before then",
            "notice",
        )


def _check_interval(record: PageRecord, reviewed: dt.date, next_review: dt.date, settings: Settings) -> None:
    """A written next_review may bring the review forward, never push it past the site's interval:
    the interval is the maintainers' promise to readers about how old a review can be."""
    latest = settings.next_review(reviewed)
    if next_review > latest:
        _problem(
            record,
            "review.next_review",
            f"{next_review.isoformat()} is later than the review "
            f"date plus the site's review interval of {settings.review_interval_years} year(s), "
            f"{latest.isoformat()}",
            "remove it to use the interval, or pick an earlier date; `alliance approve` writes it for you",
        )


def _people(record: PageRecord) -> list[str]:
    return credited(
        record.front_matter.get("authors") or [], record.review.reviewer if record.review else None
    )


def _lint(record: PageRecord, context: Context) -> None:
    from alliance.content.lint import lint_body, lint_front_matter, lint_placeholders  # on first use

    findings = [
        *lint_placeholders(record.text or ""),
        *lint_front_matter(record.front_matter, record.text or ""),
        *lint_body(record.body, record.body_line, context.settings.readability_max_grade),
    ]
    for finding in findings:
        record.problems.append(
            Problem(record.path, finding.rule, finding.message, finding.fix, line=finding.line)
        )
