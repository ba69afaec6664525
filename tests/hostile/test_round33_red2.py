"""Red team, session 33, second look: review records `required_approvals` still does not read.

After 4ea7a7b the approvals check reads a page as a checkout has it, following links part by part.
Four layouts still publish a self-written record ("Medically reviewed by Dr Riley Real", a real
reviewer on the base branch, who never approved) while `required_approvals` asks for nothing:

1. `docs` itself replaced by a link (`docs -> content`): git lists the link `docs`, not a page, so
   `changed_files` sees only deletions and `linked_pages` finds no Markdown name; MkDocs and the gate
   follow the link (the gate resolves docs_dir, so everything under content/ is "inside docs/").
2. `working-tree-encoding` in a `.gitattributes` (a dot file in docs/, never published): the approvals
   check reads git's blob, the checkout holds the bytes re-encoded. Under ISO646-DE the checkout's
   `{ } [ ]` are the blob's `ä ü Ä Ü`, so front matter written as one flow mapping in the checkout is,
   in the blob, one plain YAML string: no record there.
3. A profile page (under docs/people/) with a review record: a profile may be clinical and shows the
   byline, but `required_approvals` only asks about a profile's GitHub account, never its record.
4. What is published is the merge of the head into the base, not the head: a change on the base
   branch since the merge base (a link added to a file that is no page, a draft moved into docs/,
   docs/ moved to another docs_dir) carries the pull request's edit of a file the check never reads
   as a page into a published page.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from support import git
from support.approvals_repos import (
    RECORD,
    UNREVIEWED,
    approve_as_riley,
    asks_riley,
    branches,
    commit_pull_request,
    every_gate_passes,
    required,
    writers_branch,
)

from alliance.commands.approvals import (
    checkout_of,
    front_matter,
    page_in,
    required_approvals,
    review_record,
)

# ---- 1. docs/ replaced by a link --------------------------------------------------------------------


def test_docs_replaced_by_a_link_to_another_folder_needs_the_reviewers_approval(tmp_path: Path) -> None:
    project = writers_branch(tmp_path)
    (project / "docs").rename(project / "content")
    os.symlink("content", project / "docs")
    (project / "content/articles/stopping.md").write_text(UNREVIEWED, encoding="utf-8")
    approve_as_riley(project, "docs/articles/stopping.md")
    commit_pull_request(project)

    every_gate_passes(project, tmp_path / "site", "articles/stopping/")
    # git: `docs` is a link (not a page), every docs/ file deleted: the check asks nothing (fails here).
    asks_riley(required(project), "docs/articles/stopping.md")


# ---- 2. working-tree-encoding -----------------------------------------------------------------------


def _flow(value: Any) -> str:
    """YAML as one flow mapping with no ': ' in it (JSON's separators; dates left plain)."""
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k) + ":" + _flow(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_flow(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(value)


def test_a_record_hidden_from_git_by_working_tree_encoding_needs_the_reviewers_approval(
    tmp_path: Path,
) -> None:
    from alliance.content import frontmatter

    project = writers_branch(tmp_path)
    page = project / "docs/articles/stopping.md"
    page.write_text(UNREVIEWED, encoding="utf-8")
    approve_as_riley(project, "docs/articles/stopping.md")
    # The same front matter (the digest hashes the data, not its layout) as one flow mapping.
    read = frontmatter.read("", page.read_bytes())
    page.write_text("---\n" + _flow(read.data) + "\n---\n" + read.body, encoding="utf-8")
    (project / "docs/articles/.gitattributes").write_text(
        "stopping.md working-tree-encoding=ISO646-DE\n", encoding="utf-8"
    )
    commit_pull_request(project)

    blob = git(project, "cat-file", "blob", "pr:docs/articles/stopping.md")
    assert blob.startswith('---\nä"title"'), blob[:40]  # git's view: a plain string, no record

    clone = tmp_path / "checkout"  # a fresh checkout of the head, as CI has it
    git(tmp_path, "clone", "-q", "-b", "pr", str(project), str(clone))
    assert (clone / "docs/articles/stopping.md").read_bytes() == page.read_bytes()
    every_gate_passes(clone, tmp_path / "site", "articles/stopping/")
    asks_riley(required(project), "docs/articles/stopping.md")


# ---- 3. a profile page with a review record ---------------------------------------------------------

PROFILE = UNREVIEWED.replace(
    "authors: [jordan-example]\n",
    "clinical: true\nauthors: [jordan-example]\n"
    "person:\n  name: Wren Writer\n  role: Health writer\n  roles: [author]\n  github: wren-writer\n",
)


def test_a_review_record_on_a_profile_page_needs_the_reviewers_approval(tmp_path: Path) -> None:
    project = writers_branch(tmp_path)
    (project / "docs/people/wren-writer.md").write_text(PROFILE, encoding="utf-8")
    approve_as_riley(project, "docs/people/wren-writer.md")
    commit_pull_request(project)

    every_gate_passes(project, tmp_path / "site", "people/wren-writer/")
    # Under docs/people/ only an account change is asked about: the record is never read.
    asks_riley(required(project), "docs/people/wren-writer.md")


# ---- 4. the merge publishes what the head does not show ---------------------------------------------


DRAFT = "# Stopping your medication\n\nDraft words.\n"
WRITERS = RECORD.format(digest="the writer's")


@pytest.mark.parametrize(
    "merge_base, main, moves, head, docs, published",
    [
        (  # a maintainer publishes a plain-text draft as a (draft) page through a link
            {"docs/articles/stopping.txt": DRAFT},
            {"docs/articles/stopping.md": "-> stopping.txt"},
            [],
            {"docs/articles/stopping.txt": WRITERS},
            "docs",
            "docs/articles/stopping.md",
        ),
        (  # a maintainer moves a draft from outside docs/ into it
            {"drafts/stopping.md": DRAFT},
            {},
            [("drafts/stopping.md", "docs/articles/stopping.md")],
            {"drafts/stopping.md": WRITERS},
            "docs",
            "docs/articles/stopping.md",
        ),
        (  # maintainers move docs/ to content/ (docs_dir: content)
            {"docs/articles/stopping.md": DRAFT},
            {},
            [("docs", "content")],
            {"docs/articles/stopping.md": WRITERS},
            "content",
            "content/articles/stopping.md",
        ),
    ],
    ids=["base-links-a-file-the-pr-changes", "base-moves-a-file-into-docs", "base-moves-docs"],
)
def test_a_record_the_merge_publishes_needs_the_reviewers_approval(
    tmp_path: Path,
    merge_base: dict[str, str],
    main: dict[str, str],
    moves: list[tuple[str, str]],
    head: dict[str, str],
    docs: str,
    published: str,
) -> None:
    # The base branch moves on (maintainers' changes); the writer edits a file at its path on the
    # merge base.
    pull = branches(tmp_path, merge_base, main, head, tuple(moves))
    repo = tmp_path / "repo"
    asked = required_approvals(repo, docs, "people", pull, False)

    # What GitHub builds (refs/pull/N/merge) and merges: a clean merge that publishes the record.
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-edit", "pr")
    with checkout_of(repo, "HEAD") as files:
        record = review_record(front_matter(page_in(files, published)))
    assert isinstance(record, dict) and record["reviewer"] == "riley-real"
    assert record["digest"] == "the writer's"

    # The check asks Riley for it (under whichever path it names the page): it asks nothing.
    assert [(r.reviewer, r.refusal) for r in asked] == [("riley-real", None)], asked


# ---- the lead's additions: the merge, both ways --------------------------------------------------


def test_a_record_approved_on_the_base_since_the_branch_was_made_needs_nothing(tmp_path: Path) -> None:
    # Riley re-approved the page on main after the writer branched; the writer changed another file.
    pull = branches(
        tmp_path,
        {"docs/articles/stopping.md": RECORD.format(digest="old")},
        {"docs/articles/stopping.md": RECORD.format(digest="re-approved")},
        {"docs/notes.txt": "a note"},
    )
    assert required_approvals(tmp_path / "repo", "docs", "people", pull, False) == []


def test_a_pull_request_that_does_not_merge_cleanly_stops_the_check(tmp_path: Path) -> None:
    from alliance.problems import AllianceError

    pull = branches(
        tmp_path,
        {"docs/articles/stopping.md": RECORD.format(digest="old")},
        {"docs/articles/stopping.md": RECORD.format(digest="main's")},
        {"docs/articles/stopping.md": RECORD.format(digest="the writer's")},
    )
    with pytest.raises(AllianceError, match="does not merge into main without conflicts"):
        required_approvals(tmp_path / "repo", "docs", "people", pull, False)


@pytest.mark.parametrize("front", ["'a string'", "[a, list]", "42"])
def test_front_matter_that_is_no_mapping_cannot_be_read(tmp_path: Path, front: str) -> None:
    # Where git and a checkout could read a page otherwise, a record may hide in front matter that
    # one of them reads as a string: such front matter fails closed instead of counting as a draft.
    asked = branches(tmp_path, {}, {}, {"docs/articles/stopping.md": f"---\n{front}\n---\n\nWords.\n"})
    requirements = required_approvals(tmp_path / "repo", "docs", "people", asked, False)
    assert [(r.path, r.refusal and "cannot be read" in r.refusal[0]) for r in requirements] == [
        ("docs/articles/stopping.md", True)
    ]
