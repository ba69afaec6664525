"""Red team, session 33, third look: what `required_approvals` still does not read as the build does.

1. `git checkout-index` reads `.gitattributes` from the WORKING TREE first, and from the (temporary)
   index only where the working tree has no such file (git's default "check-in" direction; only
   `git checkout`/unpack-trees switch to "index first"). The approvals workflow runs the check in a
   working tree checked out at the base. So wherever the base already has a `.gitattributes` under
   `docs/` (an ordinary `*.png binary` or LFS line beside the images), the pull request's edit of
   that very file is never applied to the merged checkout: the check reads the page with the base's
   attributes, while the build's fresh checkout of the merge applies the pull request's. Under
   `working-tree-encoding=IBM037` (EBCDIC) git's blob of a UTF-8 page has no `---` at all: the check
   reads no front matter (a draft, no record, nothing asked) while the build publishes the
   self-approved record. Every gate passes.
2. A page whose name is not UTF-8 (git allows any bytes but NUL and '/') becomes a path with
   surrogates; the job summary is written as strict UTF-8, so `alliance verify-approvals` ends with a
   traceback (UnicodeEncodeError) instead of saying what is wrong.
3. A reviewer id too long for a file name (300 characters): the base profile's lookup raises
   OSError (ENAMETOOLONG) from Path.is_symlink, a traceback instead of a refusal.

Fixed (`approvals.checkout_of`, `pages_in`, `page_in`): checkout-index runs with an empty work tree,
so the attributes are the tree's own, as `git checkout` takes them; a name that is not UTF-8 is
refused with a message that names it escaped; any error reading a path fails closed.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest
from support import copy_project, git
from support.approvals_repos import (
    RECORD,
    RILEY,
    UNREVIEWED,
    approve_as_riley,
    asks_riley,
    branches,
    commit_pull_request,
    every_gate_passes,
    required,
    writers_branch,
)

from alliance.commands import approvals, github_reviews
from alliance.commands.approvals import checkout_of, front_matter, page_in, review_record

# ---- 1. a .gitattributes the base already has ---------------------------------------------------------


def test_a_pull_requests_edit_of_a_gitattributes_the_base_has_is_applied_by_the_check(
    tmp_path: Path,
) -> None:
    # Main has an ordinary attributes file beside the articles (maintainers' or any merged PR's).
    project = writers_branch(
        tmp_path,
        lambda main: (main / "docs/articles/.gitattributes").write_text("*.png binary\n", encoding="utf-8"),
    )

    # The writer signs their own words as Riley's review, and adds one line to that same file.
    page = project / "docs/articles/stopping.md"
    page.write_text(UNREVIEWED, encoding="utf-8")
    approve_as_riley(project, "docs/articles/stopping.md")
    with (project / "docs/articles/.gitattributes").open("a", encoding="utf-8") as attributes:
        attributes.write("stopping.md working-tree-encoding=IBM037\n")
    commit_pull_request(project)
    blob = git(project, "cat-file", "blob", "pr:docs/articles/stopping.md")
    assert not blob.startswith("---"), blob[:20]  # git's blob: EBCDIC read as text, no front matter

    # What GitHub builds (a fresh checkout, index first): the UTF-8 page with Riley's record.
    clone = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", "-b", "pr", str(project), str(clone))
    assert (clone / "docs/articles/stopping.md").read_bytes() == page.read_bytes()
    every_gate_passes(clone, tmp_path / "site", "articles/stopping/")

    # The approvals workflow checks out the BASE, then runs the check in that working tree.
    git(project, "checkout", "-q", "main")
    with checkout_of(project, git(project, "rev-parse", "pr^{tree}")) as files:
        seen = review_record(front_matter(page_in(files, "docs/articles/stopping.md")))
    # The check's checkout of the head applies the head's attributes, as a fresh clone does (it read
    # the base's, and found no record, before the fix): Riley's approval is asked for.
    assert isinstance(seen, dict) and seen["reviewer"] == "riley-real"
    asks_riley(required(project), "docs/articles/stopping.md")


# ---- 2. a page name that is not UTF-8 -----------------------------------------------------------------


def test_a_page_name_that_is_not_utf8_fails_the_check_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs/people/riley-real.md").write_text(RILEY, encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    git(project, "checkout", "-q", "-b", "pr")
    name = os.fsencode(project / "docs/articles") + b"/stopping-\xff.md"
    with open(name, "wb") as handle:
        record = "---\nreview: {reviewer: riley-real}\ntitle"
        handle.write(UNREVIEWED.replace("---\ntitle", record, 1).encode())
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "a writer's pull request")
    head, base = git(project, "rev-parse", "pr"), git(project, "rev-parse", "main")
    git(project, "checkout", "-q", "main")

    event = tmp_path / "event.json"
    event.write_text(
        json.dumps(
            {
                "pull_request": {
                    "number": 7,
                    "head": {"sha": head},
                    "base": {"sha": base, "ref": "main"},
                    "user": {"login": "wren"},
                }
            }
        ),
        encoding="utf-8",
    )
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setattr(github_reviews, "fetch_reviews", lambda *args: [])  # no one approved

    # The check must fail, saying why (it ended in UnicodeEncodeError before the fix): the build
    # refuses such a name, and so does the check, naming the file with the byte escaped.
    code = approvals.run_verify_approvals(argparse.Namespace(config_file=project / "mkdocs.yml"))
    assert code == 1
    said = summary.read_text(encoding="utf-8")
    assert "docs/articles/stopping-\\xff.md" in said and "not UTF-8" in said, said


# ---- 3. a reviewer id too long for a file name ----------------------------------------------------------


def test_a_reviewer_id_too_long_for_a_file_name_fails_closed_without_a_traceback(tmp_path: Path) -> None:
    # The profile is looked up as docs/people/<id>.md in the base's checkout: a 300-character id is
    # no file name (ENAMETOOLONG), which Path.is_symlink raises instead of answering False.

    page = RECORD.format(digest="the writer's").replace("riley-real", "r" * 300)
    pull = branches(tmp_path, {}, {}, {"docs/articles/stopping.md": page})
    git(tmp_path / "repo", "checkout", "-q", "main")
    asked = approvals.required_approvals(tmp_path / "repo", "docs", "people", pull, False)
    assert [(r.path, r.refusal is not None) for r in asked] == [("docs/articles/stopping.md", True)]
