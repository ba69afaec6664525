"""`alliance verify-approvals`: a review record counts only when the reviewer it names approved the pull
request's head commit from the GitHub account on their profile (on the base branch).

Each test builds a throwaway git repository (a base commit on main, a pull request branch on top),
writes the workflow's event file, and answers the reviews endpoint from a local server on 127.0.0.1.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from support import ROOT, alliance, alliance_process, git

from alliance.commands import cli, github_reviews
from alliance.commands.approve import replace_review_block, review_block
from alliance.content.pages import Context, check_page
from alliance.content.schema import is_github_login, is_sample_handle
from alliance.settings import load as load_settings

# A file of several seconds (a git repository per test): scheduled first, with the other slow ones.
pytestmark = pytest.mark.slow

REPOSITORY, NUMBER, WRITER = "alliance/site", 7, "writer-wren"
TRUST, ENDING = "docs/articles/building-trust.md", "docs/articles/ending-therapy.md"
RILEY, CASEY = "docs/people/riley-real.md", "docs/people/casey-check.md"


def profile(name: str, github: str) -> str:
    return f"""---
title: {name} (test reviewer)
description: {name} is a reviewer profile made up for the approvals tests of the Alliance project.
clinical: false
person:
  name: Dr {name}
  credentials: DClinPsy
  role: Clinical psychologist
  roles: [reviewer]
  registration_body: Health and Care Professions Council
  registration_number: PYL012345
  github: {github}
---

# {name}
"""


# ---- a throwaway repository with a pull request ---------------------------------------------------


@dataclasses.dataclass
class PullRequestRepo:
    root: Path
    base: str = ""
    commits: list[str] = dataclasses.field(default_factory=list)

    def write(self, path: str, text: str) -> None:
        (self.root / path).parent.mkdir(parents=True, exist_ok=True)
        (self.root / path).write_text(text, encoding="utf-8")

    def edit(self, path: str, old: str, new: str) -> None:
        text = (self.root / path).read_text(encoding="utf-8")
        assert old in text, (path, old)
        self.write(path, text.replace(old, new, 1))

    def record(self, path: str, reviewer: str, reviewed: str = "2026-11-26") -> None:
        """Write a review record as `alliance approve` does (the digest does not matter here)."""
        day = dt.date.fromisoformat(reviewed)
        block = review_block(reviewer, day, day.replace(year=day.year + 3), "sha256:" + "0" * 64, "\n")
        self.write(path, replace_review_block((self.root / path).read_text(encoding="utf-8"), block))

    def commit(self, message: str) -> str:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "--allow-empty", "-m", message)
        self.commits.append(git(self.root, "rev-parse", "HEAD"))
        return self.commits[-1]

    @property
    def head(self) -> str:
        return self.commits[-1]


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory: pytest.TempPathFactory) -> PullRequestRepo:
    """The repository every test starts from, made once for this module: each test works on its own
    copy (`repo`), never on this one."""
    root = tmp_path_factory.mktemp("base") / "project"
    root.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    made = PullRequestRepo(root)
    git(root, "init", "-q", "-b", "main")
    made.write(RILEY, profile("Riley Real", "rreal"))
    made.write(CASEY, profile("Casey Check", "ccheck"))
    made.base = made.commit("base")
    git(root, "checkout", "-q", "-b", "pr")
    return made


@pytest.fixture
def repo(tmp_path: Path, base_repo: PullRequestRepo) -> PullRequestRepo:
    """main holds the site and two real reviewers; the branch `pr` is checked out, with no commit yet:
    a copy of `base_repo`, its history included, which this test may change."""
    root = tmp_path / "project"
    shutil.copytree(base_repo.root, root, symlinks=True)
    return PullRequestRepo(root, base_repo.base, list(base_repo.commits))


# ---- a local GitHub that answers the reviews endpoint ---------------------------------------------


@dataclasses.dataclass
class FakeGitHub:
    url: str
    reviews: list[dict] = dataclasses.field(default_factory=list)
    per_page: int = 100
    status: int = 200
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    body: bytes | None = None
    requests: list[tuple[str, dict[str, str]]] = dataclasses.field(default_factory=list)

    def approve(self, login: str, commit: str, state: str = "APPROVED") -> None:
        self.reviews.append(
            {
                "id": len(self.reviews) + 1,
                "user": {"login": login},
                "state": state,
                "commit_id": commit,
                "body": "",
            }
        )


def _handler(github: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            github.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            url = urlsplit(self.path)
            if url.path != f"/repos/{REPOSITORY}/pulls/{NUMBER}/reviews":
                return self._answer(404, b'{"message": "Not Found"}')
            if github.status != 200 or github.body is not None:
                return self._answer(github.status, github.body or b"{}", github.headers)
            page = int(parse_qs(url.query).get("page", ["1"])[0])
            start = (page - 1) * github.per_page
            headers = {}
            if start + github.per_page < len(github.reviews):
                headers["Link"] = (
                    f'<{github.url}{url.path}?per_page=100&page={page + 1}>; rel="next", '
                    f'<{github.url}{url.path}?per_page=100&page=99>; rel="last"'
                )
            self._answer(200, json.dumps(github.reviews[start : start + github.per_page]).encode(), headers)

        def _answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub("")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    # shutdown() waits for the server's next poll: the default half second, at every test's end.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


def event(tmp_path: Path, repo: PullRequestRepo, author: str = WRITER) -> Path:
    path = tmp_path / "event.json"
    path.write_text(
        json.dumps(
            {
                "action": "submitted",
                "pull_request": {
                    "number": NUMBER,
                    "user": {"login": author},
                    "head": {"sha": repo.head, "ref": "pr"},
                    "base": {"sha": repo.base, "ref": "main"},
                },
            }
        ),
        encoding="utf-8",
    )
    return path


@dataclasses.dataclass
class Run:
    code: int
    out: str
    err: str
    summary: str


@pytest.fixture
def verify(
    repo: PullRequestRepo,
    github: FakeGitHub,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Callable[..., Run]:
    """Run `alliance verify-approvals` in-process, as the workflow runs it, for the branch's head."""

    def run(*command: str, author: str = WRITER, **env: str) -> Run:
        summary = tmp_path / "summary.md"
        summary.write_text("", encoding="utf-8")
        settings = {
            "GITHUB_EVENT_PATH": str(event(tmp_path, repo, author)),
            "GITHUB_API_URL": github.url,
            "GITHUB_REPOSITORY": REPOSITORY,
            "GITHUB_TOKEN": "test-token",
            "GITHUB_STEP_SUMMARY": str(summary),
            **env,
        }
        for key, value in settings.items():
            if value is None:
                monkeypatch.delenv(key, raising=False)
            else:
                monkeypatch.setenv(key, value)
        capsys.readouterr()
        code = cli.main(["-f", str(repo.root / "mkdocs.yml"), *(command or ["verify-approvals"])])
        out, err = capsys.readouterr()
        return Run(code, out, err, summary.read_text(encoding="utf-8"))

    return run


def waiting(path: str, who: str, commit: str) -> str:
    return f"{path}: review: {who} has not approved commit {commit[:7]} of this pull request"


# ---- the verdicts ---------------------------------------------------------------------------------

# What the reviewers did on GitHub -> what the check says. "head" and "older" stand for the commits.
VERDICTS = [
    ("no-approval", [], "; ask them to review it"),
    (
        "approval-by-someone-else",
        [("writer-friend", "head", "APPROVED")],
        " (an approval from @writer-friend does not count for them); ask them to review it",
    ),
    (
        "approval-of-an-older-commit",
        [("rreal", "older", "APPROVED")],
        ": they approved an earlier commit, {older}; ask them to review the latest changes and approve again",
    ),
    (
        "approval-then-changes-requested",
        [("rreal", "head", "APPROVED"), ("rreal", "head", "CHANGES_REQUESTED")],
        ": their latest review asks for changes; make the changes, then ask them to review it again",
    ),
    (
        "dismissed-approval",
        [("rreal", "head", "DISMISSED")],
        ": their approval was dismissed; ask them to review it again",
    ),
    ("comment-only", [("rreal", "head", "COMMENTED")], "; ask them to review it"),
    ("pending-review", [("rreal", "", "PENDING")], "; ask them to review it"),
]


@pytest.mark.parametrize(
    ("reviews", "expected"), [case[1:] for case in VERDICTS], ids=[case[0] for case in VERDICTS]
)
def test_a_missing_approval_fails_and_names_the_page_and_the_reviewer(
    repo, github, verify, reviews, expected
):
    repo.record(TRUST, "riley-real")
    older = repo.commit("record for Riley")
    repo.edit(TRUST, "# Building trust", "# Building trust ")
    repo.record(TRUST, "riley-real", "2026-11-27")
    head = repo.commit("a later change")
    for login, commit, state in reviews:
        github.approve(login, {"head": head, "older": older, "": ""}[commit], state)
    run = verify()
    assert run.code == 1
    message = waiting(TRUST, "riley-real (@rreal)", head)
    assert message + expected.format(older=older[:7]) in run.err
    assert run.err.count("has not approved") == 1
    assert "1 approval(s) needed for commit" in run.out and "0 given, 1 missing" in run.out


APPROVED = [
    ("approval-of-the-head", [("rreal", "head", "APPROVED")]),
    ("login-case-differs", [("RReal", "head", "APPROVED")]),
    (
        "a-comment-after-the-approval-leaves-it",
        [("rreal", "head", "APPROVED"), ("rreal", "head", "COMMENTED")],
    ),
    (
        "changes-requested-then-approved",
        [("rreal", "head", "CHANGES_REQUESTED"), ("rreal", "head", "APPROVED")],
    ),
]


@pytest.mark.parametrize("reviews", [case[1] for case in APPROVED], ids=[case[0] for case in APPROVED])
def test_the_reviewers_latest_approval_of_the_head_passes(repo, github, verify, reviews):
    repo.record(TRUST, "riley-real")
    head = repo.commit("record for Riley")
    for login, _, state in reviews:
        github.approve(login, head, state)
    run = verify()
    assert run.code == 0, run.err
    assert f"{TRUST}: approved by riley-real (@rreal) on commit {head[:7]}" in run.out
    assert "1 given, 0 missing" in run.out
    path, headers = github.requests[0]
    assert path == f"/repos/{REPOSITORY}/pulls/{NUMBER}/reviews?per_page=100"
    assert headers["authorization"] == "Bearer test-token"
    assert headers["accept"] == "application/vnd.github+json"
    assert headers["x-github-api-version"] == github_reviews.API_VERSION


def test_two_pages_with_two_reviewers_where_one_approved(repo, github, verify):
    repo.record(TRUST, "riley-real")
    repo.record(ENDING, "casey-check")
    head = repo.commit("two records")
    github.approve("ccheck", head)
    run = verify()
    assert run.code == 1
    assert waiting(TRUST, "riley-real (@rreal)", head) + "; ask them to review it" in run.err
    assert ENDING not in run.err
    assert f"{ENDING}: approved by casey-check (@ccheck)" in run.out
    assert "1 given, 1 missing" in run.out
    assert f"| {TRUST} | riley-real | @rreal | waiting: riley-real (@rreal) has not approved" in run.summary
    assert f"| {ENDING} | casey-check | @ccheck | approved |" in run.summary


def test_every_page_of_reviews_is_read(repo, github, verify):
    repo.record(TRUST, "riley-real")
    head = repo.commit("record")
    github.per_page = 2
    for login in ("a1", "a2", "a3", "a4"):
        github.approve(login, head, "COMMENTED")
    github.approve("rreal", head)  # on the third page
    assert verify().code == 0
    assert [path.rsplit("?", 1)[1] for path, _ in github.requests] == [
        "per_page=100",
        "per_page=100&page=2",
        "per_page=100&page=3",
    ]


def test_a_later_page_can_take_an_approval_back(repo, github, verify):
    repo.record(TRUST, "riley-real")
    head = repo.commit("record")
    github.per_page = 1
    github.approve("rreal", head)
    github.approve("rreal", head, "CHANGES_REQUESTED")  # the second page
    run = verify()
    assert run.code == 1 and "their latest review asks for changes" in run.err


# ---- who may approve: read from the base branch ---------------------------------------------------


def test_a_writer_cannot_put_their_own_account_on_the_reviewers_profile(repo, github, verify):
    repo.edit(RILEY, "github: rreal", "github: writer-friend")
    repo.record(TRUST, "riley-real")
    head = repo.commit("Riley is now writer-friend")
    github.approve("writer-friend", head)
    run = verify()
    assert run.code == 1
    assert waiting(TRUST, "riley-real (@rreal)", head) in run.err
    # The profile's move to another account needs the approval of the account on main, too.
    assert f"{RILEY}: person.github: riley-real (@rreal) has not approved commit {head[:7]}" in run.err


def test_a_reviewer_can_move_their_own_profile_to_a_new_account(repo, github, verify):
    repo.edit(RILEY, "github: rreal", "github: riley-new")
    head = repo.commit("new account")
    github.approve("rreal", head)
    run = verify()
    assert run.code == 0, run.err
    assert f"{RILEY}: approved by riley-real (@rreal)" in run.out


def test_removing_a_reviewers_account_or_profile_needs_no_approval(repo, github, verify):
    repo.edit(RILEY, "  github: rreal\n", "")
    (repo.root / CASEY).unlink()
    repo.commit("Riley has no account now, Casey left")
    run = verify()
    assert run.code == 0 and "no approval is needed" in run.out


def test_a_reviewer_profile_added_in_the_pull_request_cannot_approve(repo, github, verify):
    repo.write("docs/people/nina-new.md", profile("Nina New", "nina-new"))
    repo.record(TRUST, "nina-new")
    head = repo.commit("a new reviewer approves")
    github.approve("nina-new", head)
    run = verify()
    assert run.code == 1
    assert (
        f"{TRUST}: review: nina-new has no profile on main (docs/people/nina-new.md); a new "
        "reviewer's profile is merged in a pull request of its own"
    ) in run.err


def test_an_author_made_a_reviewer_in_the_pull_request_cannot_approve(repo, github, verify):
    repo.edit("docs/people/jordan-example.md", "roles: [author]", "roles: [author, reviewer]")
    repo.record(TRUST, "jordan-example")
    head = repo.commit("Jordan reviews now")
    github.approve("whoever", head)
    run = verify()
    assert run.code == 1
    assert f"{TRUST}: review: jordan-example is not a reviewer on main" in run.err


def test_no_one_can_approve_as_a_sample_reviewer(repo, github, verify):
    repo.record(TRUST, "morgan-sample")
    head = repo.commit("sample")
    github.approve("sample.morgan", head)  # GitHub has no such account; a fake server could say so
    run = verify()
    assert run.code == 1
    assert (
        f"{TRUST}: review: morgan-sample (@sample.morgan) is a sample placeholder: no GitHub "
        "account can approve as them; name a real reviewer"
    ) in run.err


def test_the_writer_cannot_be_the_reviewer(repo, github, verify):
    repo.record(TRUST, "riley-real")
    head = repo.commit("record")
    github.approve("rreal", head)
    run = verify(author="RReal")
    assert run.code == 1
    assert f"{TRUST}: review: riley-real (@rreal) opened this pull request" in run.err


# ---- which pages count ----------------------------------------------------------------------------


def test_a_pull_request_that_changes_no_review_record_passes_and_says_so(repo, github, verify):
    repo.edit("docs/index.md", "\n", "\n\n")
    repo.edit(TRUST, "# Building trust", "# Building trust ")  # the build's digest check catches this
    repo.write("docs/articles/draft.md", "---\ntitle: A draft\n---\n\nNo record yet.\n")
    repo.commit("no records")
    run = verify("verify-approvals", GITHUB_TOKEN=None)
    assert run.code == 0, run.err
    assert f"pull request #{NUMBER} adds or changes no review record: no approval is needed" in run.out
    assert github.requests == []
    assert "adds or changes no review record" in run.summary


def test_a_record_changed_only_on_main_since_the_branch_was_made_does_not_count(repo, github, verify):
    repo.commit("the writer's branch")
    git(repo.root, "checkout", "-q", "main")
    repo.record(ENDING, "casey-check")
    repo.base = repo.commit("approved on main meanwhile")
    git(repo.root, "checkout", "-q", "pr")
    repo.commits.append(git(repo.root, "rev-parse", "HEAD"))
    run = verify()
    assert run.code == 0 and "no approval is needed" in run.out


def test_a_deleted_page_needs_no_approval_and_a_broken_record_fails(repo, github, verify):
    (repo.root / ENDING).unlink()
    repo.write(TRUST, (repo.root / TRUST).read_text(encoding="utf-8").replace("title:", "title: [", 1))
    head = repo.commit("delete one page, break another")
    run = verify()
    assert run.code == 1
    assert f"{TRUST}: review: the review record cannot be read at commit {head[:7]}" in run.err
    assert ENDING not in run.err + run.out


def test_not_a_pull_request(repo, github, verify, tmp_path):
    push = tmp_path / "push.json"
    push.write_text(json.dumps({"ref": "refs/heads/main", "after": "0" * 40}), encoding="utf-8")
    for path in (str(push), None):
        run = verify("verify-approvals", GITHUB_EVENT_PATH=path)
        assert run.code == 0
        assert "not in a pull request" in run.out and "nothing to verify" in run.out
    assert github.requests == []


# ---- GitHub's answer cannot be trusted: the check fails -------------------------------------------


@pytest.mark.parametrize(
    ("status", "headers", "body", "expected"),
    [
        (500, {}, b"oops", "GitHub answered 500; nothing counts as approved until it answers"),
        (
            403,
            {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1800000000"},
            b"{}",
            "GitHub's rate limit is used up (403); re-run the job after",
        ),
        (429, {"retry-after": "60"}, b"{}", "GitHub's rate limit is used up (429); re-run the job in 60"),
        (403, {}, b"{}", "the token may not read pull requests"),
        (401, {}, b"{}", "the token was refused"),
        (200, {}, b"<html>not json</html>", "GitHub's answer is not JSON"),
        (200, {}, b'{"message": "a mapping"}', "GitHub's answer is not a list of reviews"),
        (200, {}, b'[{"user": {"login": "rreal"}}]', "a review without a state"),
        (301, {"Location": "https://elsewhere.example/"}, b"", "GitHub answered 301 (moved to"),
    ],
    ids=[
        "server-error",
        "rate-limit-403",
        "rate-limit-429",
        "forbidden",
        "unauthorised",
        "not-json",
        "not-a-list",
        "no-state",
        "redirect",
    ],
)
def test_a_bad_answer_from_github_fails_the_check(repo, github, verify, status, headers, body, expected):
    repo.record(TRUST, "riley-real")
    repo.commit("record")
    github.status, github.headers, github.body = status, headers, body
    run = verify()
    assert run.code == 2
    assert expected in run.err and run.err.startswith("error: http://127.0.0.1:")
    assert "approved by" not in run.out


def test_a_missing_token_fails_the_check(repo, github, verify):
    repo.record(TRUST, "riley-real")
    repo.commit("record")
    run = verify("verify-approvals", GITHUB_TOKEN=None)
    assert run.code == 2
    assert "error: GITHUB_TOKEN is not set, so the pull request's reviews cannot be read" in run.err
    assert "### Reviewer approvals could not be checked" in run.summary
    assert github.requests == []


def test_an_unreachable_github_fails_the_check(repo, github, verify):
    with socket.socket() as closed:  # a port that was free a moment ago and now has no server
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    repo.record(TRUST, "riley-real")
    repo.commit("record")
    run = verify("verify-approvals", GITHUB_API_URL=f"http://127.0.0.1:{port}")
    assert run.code == 2
    assert "cannot reach GitHub" in run.err and "re-run the job" in run.err


def test_a_next_page_on_another_host_is_refused():
    base = "https://api.github.com"
    assert github_reviews.next_page(f'<{base}/x?page=2>; rel="next"', base) == f"{base}/x?page=2"
    assert github_reviews.next_page(f'<{base}/x?page=9>; rel="last"', base) is None
    with pytest.raises(github_reviews.GitHubError, match="refusing to send the token there"):
        github_reviews.next_page('<https://evil.example/x?page=2>; rel="next"', base)


@pytest.mark.parametrize(
    "event_text",
    [
        '{"pull_request": {"number": 7}}',
        "not json",
        '{"pull_request": {"number": 7, "head": {"sha": "abc"}, '
        '"base": {"sha": "def"}, "user": {"login": "w"}}}',
    ],
)
def test_a_broken_event_file_fails(repo, verify, tmp_path, event_text):
    repo.commit("anything")
    bad = tmp_path / "bad-event.json"
    bad.write_text(event_text, encoding="utf-8")
    run = verify("verify-approvals", GITHUB_EVENT_PATH=str(bad))
    assert run.code == 2 and "error: GITHUB_EVENT_PATH:" in run.err


def test_a_commit_missing_from_a_shallow_clone_fails(repo, verify, tmp_path):
    repo.commit("anything")
    repo.commits.append("f" * 40)
    run = verify()
    assert run.code == 2
    assert (
        "commit fffffff (the pull request's head) is not in this clone; check out with "
        "'fetch-depth: 0'" in run.err
    )


# ---- status and the command as a process ----------------------------------------------------------


def test_status_shows_which_pages_wait_for_whose_approval(repo, github, verify):
    repo.record(TRUST, "riley-real")
    repo.record(ENDING, "casey-check")
    head = repo.commit("two records")
    github.approve("ccheck", head)
    run = verify("status", "--pull-request")
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0].split() == ["page", "reviewer", "github", "approval"]
    assert any(line.startswith(TRUST) and "@rreal" in line and "waiting" in line for line in lines)
    assert any(line.startswith(ENDING) and "@ccheck" in line and line.endswith("approved") for line in lines)
    markdown = verify("status", "--pull-request", "--format", "markdown")
    assert f"### Reviewer approvals for commit {head[:7]} of pull request #{NUMBER}" in markdown.out
    assert "1 approved, 1 waiting." in markdown.out


def test_the_command_runs_as_a_process(repo, github, tmp_path):
    repo.record(TRUST, "riley-real")
    head = repo.commit("record")
    env = {
        "GITHUB_EVENT_PATH": str(event(tmp_path, repo)),
        "GITHUB_API_URL": github.url,
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_TOKEN": "test-token",
        "GITHUB_STEP_SUMMARY": "",
    }
    done = alliance_process(repo.root, "verify-approvals", **env)
    assert done.returncode == 1
    assert waiting(TRUST, "riley-real (@rreal)", head) + "; ask them to review it" in done.stderr
    github.approve("rreal", head)
    done = alliance(repo.root, "verify-approvals", **env)  # the same command, once approved
    assert done.returncode == 0, done.stderr


# ---- the profile's `github:` ----------------------------------------------------------------------

SETTINGS = load_settings(ROOT / "mkdocs.yml")
TODAY = dt.date(2026, 11, 25)


def profile_errors(
    github: str | None, *, sample: bool = False, production: bool = False, roles: str = "[reviewer]"
) -> list[str]:
    text = profile("Riley Real", github or "").replace("roles: [reviewer]", f"roles: {roles}")
    if github is None:
        text = text.replace("  github: \n", "")
    if sample:
        text = text.replace("  github:", "  sample: true\n  github:")
    context = Context(dataclasses.replace(SETTINGS, production=production), {}, TODAY)
    record = check_page("people/riley-real.md", text.encode(), context)
    return [str(problem) for problem in record.errors]


@pytest.mark.parametrize("handle", ["rreal", "RReal", "riley-real-2", '"@rreal"', "a", "a" * 39])
def test_a_github_login_is_accepted(handle: str):
    assert profile_errors(handle) == []


@pytest.mark.parametrize(
    ("handle", "kwargs", "expected"),
    [
        ('"@alliance/reviewers"', {}, "'@alliance/reviewers' is not a GitHub login"),
        ("riley--real", {}, "is not a GitHub login"),
        ("-riley", {}, "is not a GitHub login"),
        ("riley-", {}, "is not a GitHub login"),
        ("riley_real", {}, "is not a GitHub login"),
        ("a" * 40, {}, "is not a GitHub login"),
        ("riley.real", {}, "is not a GitHub login"),
        ("sample.riley", {}, "'sample.riley' is a sample placeholder on a profile without 'sample: true'"),
        (
            "sample.riley",
            {"sample": True, "production": True},
            "'sample.riley' is a sample placeholder, refused in production",
        ),
        (None, {}, "person.github: is missing for a reviewer"),
    ],
)
def test_a_bad_github_handle_is_refused(handle, kwargs, expected):
    errors = profile_errors(handle, **kwargs)
    assert len(errors) == 1 and "docs/people/riley-real.md: person.github: " in errors[0]
    assert expected in errors[0]


def test_a_sample_placeholder_is_accepted_only_on_a_sample_profile_outside_production():
    assert profile_errors("sample.riley", sample=True) == []
    assert profile_errors(None, roles="[author]") == []  # authors need no account


def test_the_sample_people_have_placeholders_no_github_account_can_have():
    for name in ("morgan-sample", "jordan-example"):
        text = (ROOT / f"docs/people/{name}.md").read_text(encoding="utf-8")
        handle = next(
            line.split(":", 1)[1].strip() for line in text.splitlines() if line.strip().startswith("github:")
        )
        assert "sample: true" in text and handle.startswith("sample.")
        assert is_sample_handle(handle) and not is_github_login(handle)


# ---- the workflow and the repository ruleset ------------------------------------------------------

WORKFLOWS = ROOT / ".github" / "workflows"
RULESET = ROOT / ".github" / "rulesets" / "main.json"


def workflow(name: str) -> dict:
    # PyYAML reads the key `on` as the boolean True (YAML 1.1); GitHub reads it as "on".
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_the_approvals_workflow_runs_on_every_review_with_a_read_only_token():
    flow = workflow("approvals.yml")
    assert flow["on"] == {"pull_request": None, "pull_request_review": {"types": ["submitted", "dismissed"]}}
    assert flow["permissions"] == {}
    job = flow["jobs"]["approvals"]
    assert job["permissions"] == {"contents": "read", "pull-requests": "read"}
    assert "if" not in job  # a job skipped by a condition reports success: never skip the check
    steps = job["steps"]
    checkout = steps[0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}
    # The check, its settings and the profiles come from the base branch, not the pull request.
    assert steps[1]["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    assert 'git checkout --quiet --detach "$BASE_SHA"' in steps[1]["run"]
    assert steps[-1]["run"] == "alliance verify-approvals"
    assert steps[-1]["env"] == {"GITHUB_TOKEN": "${{ github.token }}"}
    assert all("${{" not in step.get("run", "") for step in steps)


def test_the_build_workflow_is_not_run_by_reviews():
    """A review event that skipped the build's job would report it green over a failed build."""
    assert set(workflow("pr.yml")["on"]) == {"pull_request"}


def job_names() -> set[str]:
    return {
        job.get("name", job_id)
        for name in ("pr.yml", "approvals.yml")
        for job_id, job in workflow(name)["jobs"].items()
    }


def test_the_ruleset_requires_review_the_checks_and_no_bypass():
    ruleset = json.loads(RULESET.read_text(encoding="utf-8"))
    assert ruleset["target"] == "branch" and ruleset["enforcement"] == "active"
    assert ruleset["conditions"]["ref_name"]["include"] == ["~DEFAULT_BRANCH"]
    assert ruleset["bypass_actors"] == []
    rules = {rule["type"]: rule.get("parameters") for rule in ruleset["rules"]}
    assert set(rules) == {"deletion", "non_fast_forward", "pull_request", "required_status_checks"}
    assert rules["pull_request"] == {
        "required_approving_review_count": 1,
        "require_code_owner_review": True,
        "dismiss_stale_reviews_on_push": True,
        "require_last_push_approval": True,
        "required_review_thread_resolution": False,
    }
    checks = rules["required_status_checks"]["required_status_checks"]
    assert {check["context"] for check in checks} == {"Check, build and test", "Reviewer approvals"}
    assert {check["context"] for check in checks} <= job_names()
    assert all(check["integration_id"] == 15368 for check in checks)  # only GitHub Actions may report
    # Up-to-date branches would make every "Update branch" push dismiss the reviewer's approval.
    assert rules["required_status_checks"]["strict_required_status_checks_policy"] is False
