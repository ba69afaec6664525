"""Git repositories for the approvals check's tests (tests/hostile/test_round33_red*.py): a real
reviewer on the base branch, a writer's pull request, and what `verify-approvals` asks for it.

A file's text that starts with "-> " is written as a symbolic link to the rest; None deletes it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alliance.commands.approvals import PullRequest, Requirement, required_approvals
from alliance.settings import load as load_settings
from support.git import fast_import, git
from support.project import alliance, copy_project, mkdocs_build

RILEY = """---
title: Riley Real (test reviewer)
description: Riley Real is a reviewer profile made up for the approvals tests of the Alliance project.
clinical: false
person:
  name: Dr Riley Real
  credentials: DClinPsy
  role: Clinical psychologist
  roles: [reviewer]
  registration_body: Health and Care Professions Council
  registration_number: PYL012345
  github: rreal
---

# Riley Real
"""

UNREVIEWED = """---
title: Stopping your medication
description: When you can stop taking the medicine your doctor gave you, and how to do it on your own.
summary: >-
  You can stop your medicine on your own when you feel better. You do not need to ask your
  doctor first.
authors: [jordan-example]
---

# Stopping your medication

You can stop taking your medicine on your own when you feel better. You do not need to ask your
doctor first. Most people feel fine when they stop.
"""

# A page with a review record naming Riley (its digest is whatever the test needs it to differ by).
RECORD = """---
title: Stopping your medication
review:
  reviewer: riley-real
  reviewed: 2026-11-25
  next_review: 2027-11-25
  digest: {digest}
---

Words.
"""


def branches(
    tmp_path: Path,
    merge_base: dict[str, str | None],
    main: dict[str, str | None],
    head: dict[str, str | None],
    moves: tuple[tuple[str, str], ...] = (),
) -> PullRequest:
    """A repository at tmp_path/repo: `merge_base` with Riley's profile; then on the base branch
    `moves` (git mv) and `main`; on the pull request's branch `head`, which is left checked out."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    _, main_id, head_id = fast_import(
        repo,
        [
            ("main", "merge base", {"docs/people/riley-real.md": RILEY, **merge_base}, ()),
            ("main", "main moves on", main, moves),
            ("pr", "pull request", head, ()),
        ],
    )
    git(repo, "checkout", "-q", "-f", "pr")  # the index and the files: none yet after the import
    return PullRequest(7, head_id, main_id, "main", "wren")


def writers_branch(tmp_path: Path, shape_main: Callable[[Path], None] | None = None) -> Path:
    """The sample site with Riley (a real reviewer) on main, shaped by `shape_main` before it is
    committed, and a writer's branch `pr` checked out."""
    project = copy_project(tmp_path / "project")
    (project / "docs/people/riley-real.md").write_text(RILEY, encoding="utf-8")
    if shape_main is not None:
        shape_main(project)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    git(project, "checkout", "-q", "-b", "pr")
    return project


def approve_as_riley(project: Path, page: str) -> None:
    """The writer signs their own words as Riley's review: anyone can run it."""
    signed = alliance(project, "approve", page, "--reviewer", "riley-real", "--on", "2026-11-25")
    assert signed.returncode == 0, signed.stdout + signed.stderr


def commit_pull_request(project: Path) -> None:
    assert alliance(project, "urls", "--update").returncode == 0
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "a writer's pull request")


def every_gate_passes(checkout: Path, site: Path, url: str) -> None:
    """`alliance check`, the strict build and `verify-site` of the checkout pass, and the page shows
    the writer's words as medically reviewed by Dr Riley Real."""
    checked = alliance(checkout, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = mkdocs_build(checkout, site)
    assert built.returncode == 0, built.output
    verified = alliance(checkout, "verify-site", str(site))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    html = built.page(url)
    assert "Medically reviewed by" in html and "Dr Riley Real" in html
    assert "You do not need to ask your" in html


def required(project: Path) -> list[Requirement]:
    """What `alliance verify-approvals` asks for, as the workflow runs it (settings and code of the
    base branch; the pull request's head and base from git)."""
    settings = load_settings(project / "mkdocs.yml")
    pull = PullRequest(
        7, git(project, "rev-parse", "pr"), git(project, "rev-parse", "main"), "main", "writer-wren"
    )
    return required_approvals(project, "docs", settings.people_dir, pull, settings.production)


def asks_riley(requirements: list[Requirement], path: str) -> None:
    assert [(r.path, r.reviewer, r.login, r.refusal) for r in requirements] == [
        (path, "riley-real", "rreal", None)
    ], requirements
