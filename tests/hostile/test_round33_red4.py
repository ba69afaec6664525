"""Red team, session 33, fourth look.

1. `alliance verify-approvals` takes the folder to walk from the BASE's working tree:
   `settings.docs_dir` is `.resolve()`d there, so where the base's `docs` is itself a link
   (`docs -> content`, a layout the build accepts), the check walks `content/` in the merge's
   checkout. A pull request that points `docs` at another folder (`docs -> content2`, a root
   link no CODEOWNERS line names) publishes `content2/`, whose pages the check never reads: a
   self-written record on a new page there is published as reviewed by Riley, every gate passing,
   and `verify-approvals` asks nothing. The folder to walk must be the one mkdocs.yml names,
   as written (`docs`), followed in each checkout as the build follows it.

Fixed (`Settings.docs_dir_as_written`, `approvals._verdicts`, `_not_a_folder`): the check walks
docs_dir as mkdocs.yml writes it, followed in each checkout; where the merge has no folder there
(missing, or a link out of the repository or to nothing) the check fails closed.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
from support import git
from support.approvals_repos import (
    UNREVIEWED,
    approve_as_riley,
    branches,
    commit_pull_request,
    every_gate_passes,
    writers_branch,
)

from alliance.commands import approvals, github_reviews
from alliance.commands.approvals import PullRequest


def _as_the_workflow_runs_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> list[approvals.Verdict]:
    """`alliance verify-approvals` in a working tree checked out at the base, as approvals.yml runs
    it: settings read there, docs folder computed by `_verdicts`."""
    pull = PullRequest(
        7,
        git(project, "rev-parse", "pr").strip(),
        git(project, "rev-parse", "main").strip(),
        "main",
        "writer-wren",
    )
    git(project, "checkout", "-q", "--detach", "main")
    monkeypatch.setattr(approvals, "read_event", lambda environ: pull)
    monkeypatch.setattr(github_reviews, "fetch_reviews", lambda *args, **kwargs: [])
    found = approvals._verdicts(argparse.Namespace(config_file=str(project / "mkdocs.yml")))
    assert found is not None
    return found[1]


def test_a_base_whose_docs_is_a_link_and_a_pull_request_that_repoints_it_needs_the_approval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def docs_a_link(main: Path) -> None:  # main keeps its pages in content/, docs/ a link to it
        (main / "docs").rename(main / "content")
        os.symlink("content", main / "docs")

    project = writers_branch(tmp_path, docs_a_link)  # the build accepts that layout

    # The writer copies the site to content2/, points docs at it, and signs a new page as Riley's.
    git(project, "mv", "content", "content2")  # or a copy: content/ may stay as it is
    (project / "docs").unlink()
    os.symlink("content2", project / "docs")
    (project / "content2/articles/stopping.md").write_text(UNREVIEWED, encoding="utf-8")
    approve_as_riley(project, "docs/articles/stopping.md")
    commit_pull_request(project)

    clone = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", "-b", "pr", str(project), str(clone))
    every_gate_passes(clone, tmp_path / "site", "articles/stopping/")

    verdicts = _as_the_workflow_runs_it(project, monkeypatch)
    asked = [(v.requirement.path, v.requirement.reviewer, v.requirement.login) for v in verdicts]
    assert ("docs/articles/stopping.md", "riley-real", "rreal") in asked, asked


# ---- the lead's additions: a docs_dir the merge does not have as a folder fails closed -------------


@pytest.mark.parametrize("docs", [None, "/etc", "nowhere"], ids=["missing", "link-out", "link-to-nothing"])
def test_a_docs_dir_that_is_no_folder_in_the_merge_fails_closed(tmp_path: Path, docs: str | None) -> None:
    import shutil

    pull = branches(tmp_path, {"docs/articles/a.md": "# A\n"}, {}, {})
    repo = tmp_path / "repo"
    shutil.rmtree(repo / "docs")  # on the pull request's branch
    if docs is not None:
        os.symlink(docs, repo / "docs")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "docs/ is no folder")
    pull = PullRequest(7, git(repo, "rev-parse", "pr"), pull.base_sha, "main", "wren")
    asked = approvals.required_approvals(repo, "docs", "people", pull, False)
    assert [(r.path, r.field) for r in asked] == [("docs", "docs_dir")], asked
    assert asked[0].refusal and "not a folder in the merge" in asked[0].refusal[0]
