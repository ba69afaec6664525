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
import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.utils import is_markdown_file

from alliance.commands import github_reviews
from alliance.content import frontmatter
from alliance.content.people import person_from_front_matter
from alliance.content.schema import github_login, is_github_login, is_sample_handle
from alliance.problems import AllianceError, Problem
from alliance.settings import load as load_settings

_SHA = re.compile(r"^[0-9a-f]{40}$")
# Only these change a reviewer's verdict; a comment leaves an approval standing, as GitHub does.
STATE_CHANGING = ("APPROVED", "CHANGES_REQUESTED", "DISMISSED")
_UNREADABLE = object()  # a page whose front matter cannot be read: its record is unknown


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


def git(repo: Path, *args: str) -> bytes:
    """Run git in the repository; a failure stops the check with git's own words."""
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=120)
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


def changed_files(repo: Path, merge_base: str, head: str, prefix: str) -> list[str]:
    """Files under `prefix` that the pull request changes: from the merge base, as GitHub shows them,
    so a page changed only on the base branch since the branch was made does not count."""
    out = git(repo, "diff", "--name-only", "--no-renames", "-z", merge_base, head, "--", prefix)
    return [name for name in out.decode("utf-8", "surrogateescape").split("\0") if name]


# git keeps a symbolic link as a blob of this mode holding the path it names, not the file it leads
# to; MkDocs reads a checkout, where the link is followed.
_LINK_MODE = "120000"
MAX_LINKS = 40  # links followed for one path, as Linux follows at most


def page_at(repo: Path, revision: str, path: str) -> Any:
    """A page's bytes at a revision as MkDocs reads them from a checkout of it: a symbolic link is
    followed to the file it leads to, wherever in the repository that is and whatever its name (red
    team, session 33: `stopping.md -> stopping.txt` published a review record git showed no one).
    None where nothing is at `path`; _UNREADABLE where a link leads out of the repository, to a
    folder, to nothing, or round more than MAX_LINKS links."""
    entry = _entry(repo, revision, path)
    if entry is None:
        return None
    mode, sha = entry
    if mode == _LINK_MODE:
        return _followed(repo, revision, path)
    return git(repo, "cat-file", "blob", sha) if mode.startswith("100") else _UNREADABLE


def _entry(repo: Path, revision: str, path: str) -> tuple[str, str] | None:
    """The mode and object of `path` in the revision's tree (git reads the path literally)."""
    for line in git(repo, "ls-tree", "-z", revision, "--", path).split(b"\0"):
        meta, _, name = line.partition(b"\t")
        if name.decode("utf-8", "surrogateescape") == path:
            mode, _kind, sha = meta.decode("ascii").split()
            return mode, sha
    return None


def _followed(repo: Path, revision: str, path: str) -> Any:
    """The bytes of the file a path leads to, its links followed part by part as the kernel follows
    them (a `..` after a link leaves the folder the link led to, not the link's), or _UNREADABLE."""
    parts = path.split("/")
    folders: list[str] = []  # the real folders walked so far, from the repository's root
    links = 0
    while parts:
        part = parts.pop(0)
        if part in ("", "."):
            continue
        if part == "..":
            if not folders:
                return _UNREADABLE  # out of the repository
            folders.pop()
            continue
        entry = _entry(repo, revision, "/".join([*folders, part]))
        if entry is None:
            return _UNREADABLE
        mode, sha = entry
        if mode == _LINK_MODE:
            links += 1
            target = git(repo, "cat-file", "blob", sha).decode("utf-8", "surrogateescape")
            if links > MAX_LINKS or target.startswith("/"):
                return _UNREADABLE
            parts = target.split("/") + parts  # relative to the link's own folder
        elif mode == "040000" and parts:
            folders.append(part)
        elif mode.startswith("100") and not parts:
            return git(repo, "cat-file", "blob", sha)
        else:
            return _UNREADABLE  # a folder as the page, a file as a folder, a submodule
    return _UNREADABLE


def linked_pages(repo: Path, revision: str, prefix: str) -> list[str]:
    """The pages under `prefix` that are symbolic links at a revision: such a page changes when the
    file it leads to does, and that file may be anywhere, named anything."""
    listed = git(repo, "ls-tree", "-r", "-z", revision, "--", prefix)
    pages = []
    for line in listed.split(b"\0"):
        meta, _, name = line.partition(b"\t")
        path = name.decode("utf-8", "surrogateescape")
        if meta.startswith(_LINK_MODE.encode()) and is_markdown_file(path):
            pages.append(path)
    return pages


def front_matter(raw: Any) -> Any:
    """Parsed front matter, None without a file or front matter, _UNREADABLE when it cannot be read."""
    if raw is None:
        return None
    if raw is _UNREADABLE:
        return _UNREADABLE
    page = frontmatter.read("", raw)
    if page.problem:
        return _UNREADABLE
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
    and one per reviewer profile whose GitHub account it changes. A page is any file MkDocs reads as
    Markdown (`.md`, `.markdown`, `.mdown`, `.mkdn`, `.mkd`: red team, session 33), read as a
    checkout has it (`page_at`)."""
    require_commit(repo, pull.base_sha, "the pull request's base")
    require_commit(repo, pull.head_sha, "the pull request's head")
    merge_base = git(repo, "merge-base", pull.base_sha, pull.head_sha).decode("ascii").strip()
    changed = changed_files(repo, merge_base, pull.head_sha, docs)
    pages = [path for path in changed if is_markdown_file(path)]
    pages += [path for path in linked_pages(repo, pull.head_sha, docs) if path not in pages]
    people = f"{docs}/{people_dir}/" if docs not in ("", ".") else f"{people_dir}/"
    result = []
    for path in pages:
        if path.startswith(people):
            result += _account_change(repo, path, pull, production)
            continue
        before = review_record(front_matter(page_at(repo, merge_base, path)))
        after = review_record(front_matter(page_at(repo, pull.head_sha, path)))
        if after is None or (after == before and after is not _UNREADABLE):
            continue  # no record (a draft, a deleted page) or the record the base branch approved
        result.append(_page_requirement(repo, path, after, people, pull, production))
    return result


def _page_requirement(
    repo: Path, path: str, record: Any, people: str, pull: PullRequest, production: bool
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
    return _reviewer_requirement(repo, path, "review", reviewer, people, pull, production)


def _reviewer_requirement(
    repo: Path, path: str, field: str, reviewer: str, people: str, pull: PullRequest, production: bool
) -> Requirement:
    """Whose approval counts for `reviewer`: the account on their profile on the base branch."""
    profile = f"{people}{reviewer}.md"
    data = front_matter(page_at(repo, pull.base_sha, profile))
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


def _account_change(repo: Path, path: str, pull: PullRequest, production: bool) -> list[Requirement]:
    """A reviewer's profile that moves to another GitHub account needs that reviewer's approval, from
    the account on the base branch: otherwise a writer could put their own account there. Removing a
    profile or its account gives no one the power to approve, so it needs nothing here."""
    before = front_matter(page_at(repo, pull.base_sha, path))
    after = front_matter(page_at(repo, pull.head_sha, path))
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
    return [_reviewer_requirement(repo, path, "person.github", old.id, people, pull, production)]


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
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return title + "\n".join(lines) + "\n"


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
    try:
        docs = settings.docs_dir.relative_to(repo).as_posix()
    except ValueError:
        raise AllianceError(
            f"mkdocs.yml: docs_dir: {settings.docs_dir} is outside the git repository {repo}"
        ) from None
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
