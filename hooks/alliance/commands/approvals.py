"""`alliance verify-approvals`: a review record counts only when the reviewer it names approved it.

The record on a page (`review.reviewer: morgan-sample`, the digest) says who checked the content; anyone
can write it. What a writer cannot fake is Morgan's own approval on GitHub. So, for every page whose
review record a pull request adds or changes, the reviewer named in it must have, as their latest
verdict on the pull request, approved its current head commit, from the GitHub account in their
profile. Everything that decides who may approve is read from the base branch, which the pull request
cannot change: the profile (so a writer cannot put their own account on Morgan's profile) and the
registry of reviewers (so a writer cannot add a reviewer and approve as them).
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.utils import is_markdown_file

from alliance.commands import github_reviews
from alliance.content import frontmatter
from alliance.content.people import person_from_front_matter, person_id
from alliance.content.schema import github_login, is_github_login, is_sample_handle
from alliance.problems import AllianceError, Problem
from alliance.settings import load as load_settings

_SHA = re.compile(r"^[0-9a-f]{40}$")
# Only these change a reviewer's verdict; a comment leaves an approval standing, as GitHub does.
STATE_CHANGING = ("APPROVED", "CHANGES_REQUESTED", "DISMISSED")
_UNREADABLE = object()  # a page whose front matter cannot be read: its record is unknown
# The base branch's profiles by person id: (path, front matter).
Profiles = dict[str, tuple[str, Any]]


@dataclass(frozen=True)
class PullRequest:
    """What the approvals check needs from the workflow's event."""

    number: int
    head_sha: str
    base_sha: str
    base_ref: str
    author: str  # login of whoever opened it: GitHub never lets them approve it

    @property
    def head(self) -> str:
        return self.head_sha[:7]


@dataclass(frozen=True)
class Requirement:
    """One approval a pull request needs: this file's change, by this reviewer's account."""

    path: str  # repository path of the page (or of the profile whose account changes)
    field: str  # "review", or "person.github" for a profile that moves to another account
    reviewer: str  # profile id ('' when the record names none)
    login: str  # the account on the base branch whose approval counts ('' when there is none)
    refusal: tuple[str, str] | None = None  # (why no approval can count, what to do)

    @property
    def who(self) -> str:
        return f"{self.reviewer} (@{self.login})" if self.login else self.reviewer


@dataclass(frozen=True)
class Verdict:
    requirement: Requirement
    approved: bool
    problem: Problem | None  # what is missing, phrased for the writer; None when approved


# ---- the event ------------------------------------------------------------------------------------


def read_event(environ: Mapping[str, str]) -> PullRequest | None:
    """The pull request of the workflow's event, or None outside a pull request."""
    path = environ.get("GITHUB_EVENT_PATH")
    if not path:
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise AllianceError(f"GITHUB_EVENT_PATH: {path}: cannot be read as JSON ({error})") from None
    pull = data.get("pull_request") if isinstance(data, dict) else None
    if pull is None:
        return None
    try:
        number, head, base = pull["number"], pull["head"]["sha"], pull["base"]["sha"]
        base_ref, author = pull["base"].get("ref") or "the base branch", pull["user"]["login"]
    except (KeyError, TypeError, AttributeError):
        number = head = base = author = base_ref = None
    if not (
        isinstance(number, int)
        and number > 0
        and all(isinstance(sha, str) and _SHA.match(sha) for sha in (head, base))
        and isinstance(author, str)
        and isinstance(base_ref, str)
    ):
        raise AllianceError(
            f"GITHUB_EVENT_PATH: {path}: pull_request lacks its number, head.sha, base.sha or user.login"
        )
    return PullRequest(number, head, base, base_ref, author)


# ---- what changed, from git -----------------------------------------------------------------------


def git(repo: Path, *args: str, env: Mapping[str, str] | None = None) -> bytes:
    """Run git in the repository; a failure stops the check with git's own words."""
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=120, env=env)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AllianceError(f"git {args[0]}: cannot run ({error})") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
        raise AllianceError(f"git {' '.join(args)}: {message}")
    return done.stdout


def repository_root(folder: Path) -> Path:
    return Path(git(folder, "rev-parse", "--show-toplevel").decode("utf-8").strip()).resolve()


def require_commit(repo: Path, sha: str, what: str) -> None:
    try:
        git(repo, "cat-file", "-e", f"{sha}^{{commit}}")
    except AllianceError:
        raise AllianceError(
            f"commit {sha[:7]} ({what}) is not in this clone; check out with 'fetch-depth: 0'"
        ) from None


def merged_tree(repo: Path, pull: PullRequest) -> str:
    """The tree GitHub builds and merges for the pull request (`refs/pull/N/merge`): its head merged
    into the base as the base is now. Not the head itself: a change on the base since the branch was
    made (a link added, a draft moved into docs/) can carry the pull request's edit of a file that is
    no page at its head into a published page (red team, session 33)."""
    try:
        done = subprocess.run(
            [
                "git",
                "-C",
                str(repo),
                "merge-tree",
                "--write-tree",
                "--no-messages",
                pull.base_sha,
                pull.head_sha,
            ],
            capture_output=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AllianceError(f"git merge-tree: cannot run ({error})") from None
    if done.returncode == 1:
        raise AllianceError(
            f"the pull request does not merge into {pull.base_ref} without conflicts, so what it would "
            f"publish cannot be known: merge {pull.base_ref} into it, settle the conflicts and push"
        )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
        raise AllianceError(f"git merge-tree (git 2.38 or later): {message}")
    return done.stdout.decode("ascii").split()[0]


@contextlib.contextmanager
def checkout_of(repo: Path, tree: str) -> Iterator[Path]:
    """The files of `tree` as `git checkout` writes them, in a temporary folder removed after: links
    as links, and the tree's own .gitattributes applied (working-tree-encoding, eol, ident). What the
    build reads is a checkout, not git's blobs: a link's blob is the name it points to, and under
    `working-tree-encoding` a blob is the page in other bytes (red team, session 33)."""
    with tempfile.TemporaryDirectory(prefix="alliance-approvals-") as folder:
        # checkout-index takes attributes from the work tree first, the index only where the work
        # tree has none: the job's own checkout (the base) would win over the tree's (red team 3,
        # session 33). An empty work tree leaves the index's, the tree's own, as `git checkout` has.
        empty = Path(folder, "empty")
        empty.mkdir()
        env = {**os.environ, "GIT_INDEX_FILE": os.path.join(folder, "index"), "GIT_WORK_TREE": str(empty)}
        files = Path(folder, "files")
        git(repo, "read-tree", tree, env=env)
        git(repo, "checkout-index", "--all", "--force", f"--prefix={files}{os.sep}", env=env)
        files.mkdir(exist_ok=True)  # an empty tree writes nothing
        yield files


def pages_in(checkout: Path, docs: str) -> tuple[list[str], list[str]]:
    """Every file under `docs` that MkDocs reads as Markdown (`.md`, `.markdown`, `.mdown`, `.mkdn`,
    `.mkd`), as paths from the checkout's root, `docs` itself followed if it is a link; and what this
    check cannot compare, which the build refuses too: links to folders below it, and names that are
    not UTF-8."""
    top = checkout / docs if docs not in ("", ".") else checkout
    pages, refused = [], []
    for folder, folders, names in os.walk(top):
        here = Path(folder)
        refused += [_relative(here / name, checkout) for name in folders if (here / name).is_symlink()]
        for name in names:
            if not _utf8(name):
                refused.append(_relative(here / name, checkout))
            elif is_markdown_file(name):
                pages.append(_relative(here / name, checkout))
    return sorted(pages), refused


def _relative(path: Path, checkout: Path) -> str:
    return path.relative_to(checkout).as_posix()


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8, which os.walk gives as lone surrogates
        return False
    return True


def page_in(checkout: Path, path: str) -> Any:
    """A page's bytes in a checkout, links followed as the build follows them: None where nothing is
    at `path`; _UNREADABLE where a link leads out of the checkout, to a folder, to nothing or round
    a loop, or where the path cannot be a file's (a name too long, say)."""
    place = checkout / path
    try:
        if not place.is_symlink() and not place.exists():
            return None
        real = place.resolve(strict=True)
        if not real.is_relative_to(checkout.resolve()) or not real.is_file():
            return _UNREADABLE
        return real.read_bytes()
    except (OSError, RuntimeError, ValueError):
        return _UNREADABLE


def front_matter(raw: Any) -> Any:
    """Parsed front matter, None without a file or front matter, _UNREADABLE when it cannot be read."""
    if raw is None:
        return None
    if raw is _UNREADABLE:
        return _UNREADABLE
    page = frontmatter.read("", raw)
    if page.problem or (page.data is not None and not isinstance(page.data, dict)):
        return _UNREADABLE  # a record may hide where git and a checkout read the page otherwise
    return page.data if page.has_front_matter else None


def review_record(data: Any) -> Any:
    if data is _UNREADABLE:
        return _UNREADABLE
    return data.get("review") if isinstance(data, dict) else None


# ---- which approvals a pull request needs ---------------------------------------------------------


def required_approvals(
    repo: Path, docs: str, people_dir: str, pull: PullRequest, production: bool
) -> list[Requirement]:
    """Every approval the pull request needs: one per page whose review record it adds or changes,
    and one per reviewer profile whose GitHub account it changes. What it changes is what merging it
    changes (`merged_tree`), read from checkouts of the base and of the merge as the build reads
    them (`checkout_of`): every file MkDocs reads as Markdown, links followed. A profile is a page
    too: its review record needs its reviewer like any other."""
    require_commit(repo, pull.base_sha, "the pull request's base")
    require_commit(repo, pull.head_sha, "the pull request's head")
    merged = merged_tree(repo, pull)
    people = f"{docs}/{people_dir}/" if docs not in ("", ".") else f"{people_dir}/"
    result = []
    with checkout_of(repo, pull.base_sha) as base, checkout_of(repo, merged) as after_merge:
        if (no_folder := _not_a_folder(after_merge, docs)) is not None:
            return [Requirement(docs, "docs_dir", "", "", no_folder)]
        pages, refused = pages_in(after_merge, docs)
        # Profiles by id, as the build knows people (the file's name without its suffix, in any
        # folder below people_dir): a profile moved to `riley-real.markdown` or `x/riley-real.md` is
        # the same person (red team 5, session 33).
        base_profiles = {
            person_id(path): (path, front_matter(page_in(base, path)))
            for path in pages_in(base, docs)[0]
            if path.startswith(people)
        }
        for path in refused:
            result.append(Requirement(_printable(path), "file", "", "", _refusal_of(after_merge, path)))
        for path in pages:
            before_data = front_matter(page_in(base, path))
            after_data = front_matter(page_in(after_merge, path))
            if path.startswith(people):
                old_profile = base_profiles.get(person_id(path), (path, None))[1]
                result += _account_change(path, old_profile, after_data, base_profiles, pull, production)
            before, after = review_record(before_data), review_record(after_data)
            if after is None or (after == before and after is not _UNREADABLE):
                continue  # no record (a draft, a deleted page) or the record the base branch approved
            result.append(_page_requirement(base_profiles, path, after, people, pull, production))
    return result


def _not_a_folder(checkout: Path, docs: str) -> tuple[str, str] | None:
    """Why `docs` in the merge's checkout is no folder of it to read pages from, or None: missing, a
    link that leads out of the checkout or to no folder. Its pages would be read as none at all."""
    top = checkout / docs if docs not in ("", ".") else checkout
    try:
        real = top.resolve(strict=True)
        if real.is_dir() and real.is_relative_to(checkout.resolve()):
            return None
    except (OSError, RuntimeError):
        pass
    return (
        "is not a folder in the merge of this pull request (missing, or a link that leads out of the "
        "repository or to no folder), so its pages cannot be compared",
        "keep the folder mkdocs.yml names as docs_dir, or a link to a folder in the repository",
    )


def _printable(path: str) -> str:
    """A path as text that any summary can hold: bytes that are not UTF-8 as \\x escapes."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _refusal_of(checkout: Path, path: str) -> tuple[str, str]:
    if not _utf8(path):
        return (
            "has a name that is not UTF-8: the build refuses it, and this check cannot name it",
            "rename the file with UTF-8 characters only",
        )
    return (
        "is a link to a folder: the build refuses it, and its pages cannot be compared",
        "move the pages into a folder of their own and remove the link",
    )


def _page_requirement(
    profiles: Profiles, path: str, record: Any, people: str, pull: PullRequest, production: bool
) -> Requirement:
    if record is _UNREADABLE or not isinstance(record, dict):
        return Requirement(
            path,
            "review",
            "",
            "",
            (
                f"the review record cannot be read at commit {pull.head} (nor can a page whose link "
                "leads out of the repository, to a folder or to no file)",
                f"run 'alliance check {path}' and fix what it says",
            ),
        )
    reviewer = record.get("reviewer")
    if not isinstance(reviewer, str) or not reviewer:
        return Requirement(
            path,
            "review",
            "",
            "",
            (
                "the review record names no reviewer",
                f"ask a reviewer, then run: alliance approve {path} --reviewer <id>",
            ),
        )
    return _reviewer_requirement(profiles, path, "review", reviewer, people, pull, production)


def _reviewer_requirement(
    profiles: Profiles, path: str, field: str, reviewer: str, people: str, pull: PullRequest, production: bool
) -> Requirement:
    """Whose approval counts for `reviewer`: the account on their profile on the base branch
    (`profiles`, read from a checkout of it)."""
    profile, data = profiles.get(reviewer, (f"{people}{reviewer}.md", None))
    person = person_from_front_matter(profile, data) if isinstance(data, dict) else None
    where = f"on {pull.base_ref}"
    if person is None:
        return Requirement(
            path,
            field,
            reviewer,
            "",
            (
                f"{reviewer} has no profile {where} ({profile})",
                "a new reviewer's profile is merged in a pull request of its own before their approvals "
                "can count",
            ),
        )
    if not person.is_reviewer:
        return Requirement(
            path,
            field,
            reviewer,
            "",
            (
                f"{reviewer} is not a reviewer {where} ({profile})",
                "choose a reviewer, or merge the change to their roles first",
            ),
        )
    handle, login = person.github, github_login(person.github)
    if is_sample_handle(handle) and not is_github_login(handle):
        return Requirement(
            path,
            field,
            reviewer,
            login,
            (
                f"{reviewer} (@{login}) is a sample placeholder"
                + (", refused in production" if production else "")
                + ": no GitHub account can approve as them",
                "name a real reviewer",
            ),
        )
    if not is_github_login(handle):
        return Requirement(
            path,
            field,
            reviewer,
            "",
            (
                f"{reviewer} has no valid 'github:' on their profile {where}, so no approval can be checked",
                "a maintainer adds their GitHub login to the profile first",
            ),
        )
    if login.lower() == pull.author.lower():
        return Requirement(
            path,
            field,
            reviewer,
            login,
            (
                f"{reviewer} (@{login}) opened this pull request, and GitHub lets no one approve their own",
                "ask another reviewer",
            ),
        )
    return Requirement(path, field, reviewer, login)


def _account_change(
    path: str, before: Any, after: Any, profiles: Profiles, pull: PullRequest, production: bool
) -> list[Requirement]:
    """A reviewer's profile that moves to another GitHub account needs that reviewer's approval, from
    the account on the base branch: otherwise a writer could put their own account there. Removing a
    profile or its account gives no one the power to approve, so it needs nothing here. `before` is
    the base's profile of the same person, wherever it was."""
    old = person_from_front_matter(path, before) if isinstance(before, dict) else None
    new = person_from_front_matter(path, after) if isinstance(after, dict) else None
    if (
        old is None
        or new is None
        or not new.is_reviewer
        or not new.login
        or new.login.lower() == old.login.lower()
    ):
        return []
    people = str(PurePosixPath(path).parent) + "/"
    return [_reviewer_requirement(profiles, path, "person.github", old.id, people, pull, production)]


# ---- the verdict, from the reviews ----------------------------------------------------------------


def judge(
    requirement: Requirement,
    reviews: list[github_reviews.SubmittedReview],
    pull: PullRequest,
    reviewers: frozenset[str] = frozenset(),
) -> Verdict:
    """Approved only if the reviewer's latest verdict is an approval of the head commit; `reviewers`
    (lower-case logins the pull request needs) are not named as approvals that do not count."""
    req = requirement
    if req.refusal:
        return Verdict(req, False, Problem(req.path, req.field, *req.refusal))
    verdicts = [r for r in reviews if r.login.lower() == req.login.lower() and r.state in STATE_CHANGING]
    latest = verdicts[-1] if verdicts else None
    if latest and latest.state == "APPROVED" and latest.commit_id == pull.head_sha:
        return Verdict(req, True, None)
    missing = f"{req.who} has not approved commit {pull.head} of this pull request"
    fix = "ask them to review it"
    if latest and latest.state == "CHANGES_REQUESTED":
        missing, fix = (
            missing + ": their latest review asks for changes",
            "make the changes, then ask them to review it again",
        )
    elif latest and latest.state == "DISMISSED":
        missing, fix = missing + ": their approval was dismissed", "ask them to review it again"
    elif latest:
        missing, fix = (
            missing + f": they approved an earlier commit, {latest.commit_id[:7]}",
            "ask them to review the latest changes and approve again",
        )
    others = sorted(
        {
            r.login
            for r in reviews
            if r.state == "APPROVED"
            and r.login
            and r.commit_id == pull.head_sha
            and r.login.lower() != req.login.lower()
            and r.login.lower() not in reviewers
        }
    )
    if others:
        missing += f" (an approval from {', '.join('@' + o for o in others)} does not count for them)"
    return Verdict(req, False, Problem(req.path, req.field, missing, fix))


def verify(
    repo: Path, docs: str, people_dir: str, pull: PullRequest, production: bool, environ: Mapping[str, str]
) -> list[Verdict]:
    """Every approval the pull request needs, judged against its reviews on GitHub."""
    requirements = required_approvals(repo, docs, people_dir, pull, production)
    if not requirements:
        return []
    reviews = github_reviews.fetch_reviews(
        environ.get("GITHUB_API_URL") or github_reviews.DEFAULT_API_URL,
        environ.get("GITHUB_REPOSITORY") or "",
        pull.number,
        environ.get("GITHUB_TOKEN") or "",
    )
    needed = frozenset(requirement.login.lower() for requirement in requirements)
    return [judge(requirement, reviews, pull, needed) for requirement in requirements]


# ---- reports --------------------------------------------------------------------------------------


def rows(verdicts: list[Verdict]) -> list[dict[str, str]]:
    """One row per approval the pull request needs, for `alliance status --pull-request`."""
    return [
        {
            "page": v.requirement.path,
            "reviewer": v.requirement.reviewer,
            "github": f"@{v.requirement.login}" if v.requirement.login else "",
            "approval": "approved" if v.approved else "waiting: " + (v.problem.message if v.problem else ""),
        }
        for v in verdicts
    ]


def summary(verdicts: list[Verdict], pull: PullRequest) -> str:
    """The job summary: which pages wait for whose approval, in Markdown."""
    title = f"### Reviewer approvals for commit {pull.head} of pull request #{pull.number}\n\n"
    if not verdicts:
        return title + "This pull request adds or changes no review record: no approval is needed.\n"
    waiting = sum(not v.approved for v in verdicts)
    lines = [
        f"{len(verdicts) - waiting} approved, {waiting} waiting.",
        "",
        "| page | reviewer | GitHub account | approval |",
        "| --- | --- | --- | --- |",
    ]
    for row in rows(verdicts):
        cells = [row["page"], row["reviewer"], row["github"], row["approval"]]
        lines.append("| " + " | ".join(map(_cell, cells)) + " |")
    return title + "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """A table cell of the writer's words (a reviewer id, a file name) that stays one cell: line
    breaks would end the table and let what follows pass for the check's own words, and `<` could
    open a comment that hides the rows after it (red team 6, session 33)."""
    return html.escape(" ".join(text.splitlines()), quote=False).replace("|", "\\|")


# ---- the commands ---------------------------------------------------------------------------------


def register(commands: Any) -> None:
    cmd = commands.add_parser(
        "verify-approvals",
        help="in a pull request: check that each changed "
        "review record is approved on GitHub by the reviewer it names",
    )
    cmd.set_defaults(run=run_verify_approvals)


def _verdicts(args: argparse.Namespace) -> tuple[PullRequest, list[Verdict]] | None:
    pull = read_event(os.environ)
    if pull is None:
        return None
    settings = load_settings(args.config_file)
    repo = repository_root(settings.config_dir)
    # As written, not resolved: where the base's docs_dir is a link, a pull request may point it
    # elsewhere, and the merge's own link is what its build follows (red team 4, session 33).
    written = Path(os.path.normpath(settings.docs_dir_as_written or settings.docs_dir))
    try:
        docs = written.relative_to(repo).as_posix()
    except ValueError:
        raise AllianceError(f"mkdocs.yml: docs_dir: {written} is outside the git repository {repo}") from None
    return pull, verify(repo, docs, settings.people_dir, pull, settings.production, os.environ)


def run_verify_approvals(args: argparse.Namespace) -> int:
    try:
        found = _verdicts(args)
    except AllianceError as error:  # the summary says it too, where reviewers look
        _write_summary(f"### Reviewer approvals could not be checked\n\n{error}\n")
        raise
    if found is None:
        print("not in a pull request (no pull_request in GITHUB_EVENT_PATH): nothing to verify")
        return 0
    pull, verdicts = found
    _write_summary(summary(verdicts, pull))
    if not verdicts:
        print(f"pull request #{pull.number} adds or changes no review record: no approval is needed")
        return 0
    for verdict in verdicts:
        if verdict.problem:
            print(verdict.problem, file=sys.stderr)
        else:
            print(f"{verdict.requirement.path}: approved by {verdict.requirement.who} on commit {pull.head}")
    waiting = sum(not verdict.approved for verdict in verdicts)
    print(
        f"{len(verdicts)} approval(s) needed for commit {pull.head}: "
        f"{len(verdicts) - waiting} given, {waiting} missing"
    )
    return 1 if waiting else 0


def run_status_pull_request(args: argparse.Namespace) -> int:
    """`alliance status --pull-request`: which pages wait for whose approval."""
    from alliance.commands.tables import render

    found = _verdicts(args)
    if found is None:
        print("not in a pull request (no pull_request in GITHUB_EVENT_PATH)")
        return 0
    pull, verdicts = found
    if args.format == "markdown":
        print(summary(verdicts, pull), end="")
    else:
        print(
            render(rows(verdicts), args.format)
            if verdicts or args.format == "json"
            else "no page waits for an approval\n",
            end="",
        )
    return 0


def _write_summary(markdown: str) -> None:
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(markdown)
