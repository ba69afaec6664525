"""Red team, session 33: review records the approvals check never reads.

`alliance verify-approvals` (the approvals workflow) is the only gate that proves the reviewer named
in a review record approved it: anyone can run `alliance approve --reviewer <someone>` and write a
record whose digest matches. It asks for an approval only for files of the pull request whose path
ends in ".md" (`approvals.required_approvals`), and reads each one's record from the git blob
(`file_at`). The build publishes more than that as pages:

1. A page with another suffix MkDocs reads as Markdown (`.markdown`, `.mdown`, `.mkdn`, `.mkd`): the
   gate checks it as a clinical page (SECURITY.md: "every suffix MkDocs knows is checked"), takes a
   self-written record as a review, and the approvals check skips the file.
2. A page that is a symlink inside docs/ (`stopping.md -> stopping.txt`): MkDocs follows it, the gate
   accepts it (only links out of the repository and links to folders are refused), but git's blob of
   a symlink is its target's name, so `front_matter` finds no record ("a draft"), and the target, a
   `.txt`, is skipped by its suffix.

Either way a writer publishes unreviewed clinical words as "Medically reviewed by Dr Riley Real"
(a real, non-sample reviewer profile on the base branch) with every gate green: `alliance check`
(0 errors), `mkdocs build --strict`, `alliance verify-site` (0 problems) and `verify-approvals`
("adds or changes no review record: no approval is needed").

The fix (`approvals.checkout_of`, `pages_in`, `page_in`; see test_round33_red2.py for its second
form): every suffix MkDocs reads as Markdown is a page, and every page is read from a checkout as the
build reads it, its links followed within the repository, so a page that is a link is compared
whatever the file it leads to is called and wherever it is. Two layouts show the whole attack
through every gate; the rest ask the approvals check alone, on a repository of a few files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import git
from support.approvals_repos import (
    RECORD,
    RILEY,
    UNREVIEWED,
    approve_as_riley,
    branches,
    commit_pull_request,
    every_gate_passes,
    required,
    writers_branch,
)

from alliance.commands.approvals import Requirement, checkout_of, page_in, required_approvals


def _pull_request_with(tmp_path: Path, layout: str) -> tuple[Path, Path, list[str]]:
    """The sample site with a real reviewer (Riley) on main; a writer's branch adds a page of new
    clinical words with a review record the writer wrote themselves (`alliance approve --reviewer
    riley-real`, which anyone can run), laid out as `layout`. Returns the project, its strict build's
    site folder and the writer's files."""
    project = writers_branch(tmp_path)

    articles = project / "docs/articles"
    (articles / "stopping.md").write_text(UNREVIEWED, encoding="utf-8")
    approve_as_riley(project, "docs/articles/stopping.md")
    if layout == "symlink":  # the words in a .txt beside the page; the page a link to it
        (articles / "stopping.md").rename(articles / "stopping.txt")
        os.symlink("stopping.txt", articles / "stopping.md")
        files = ["docs/articles/stopping.md", "docs/articles/stopping.txt"]
    else:  # another suffix MkDocs reads as Markdown
        (articles / "stopping.md").rename(articles / f"stopping.{layout}")
        files = [f"docs/articles/stopping.{layout}"]
    commit_pull_request(project)
    return project, tmp_path / "site", files


@pytest.mark.parametrize("layout", ["markdown", "symlink"])
def test_a_self_written_review_record_passes_every_content_gate_and_needs_the_reviewers_approval(
    tmp_path: Path, layout: str
) -> None:
    project, site, files = _pull_request_with(tmp_path, layout)

    # Every content gate takes the page as reviewed by Dr Riley Real ...
    every_gate_passes(project, site, "articles/stopping/")

    # ... so the approvals check asks Riley, from the account on the base branch, to approve it.
    assert [(r.path, r.reviewer, r.login, r.refusal) for r in required(project)] == [
        (files[0], "riley-real", "rreal", None)
    ]


# ---- the approvals check alone, on a repository of a few files ---------------------------------------


def _repository(
    tmp_path: Path, base: dict[str, str | None], head: dict[str, str | None]
) -> list[Requirement]:
    """A repository whose main holds Riley's profile and `base` (path: text, or "-> target" for a
    link), and a pull request that writes `head` over it (None deletes); what the approvals check
    asks for it."""
    pull = branches(tmp_path, base, {}, head)
    return required_approvals(tmp_path / "repo", "docs", "people", pull, False)


def _asked(requirements: list[Requirement]) -> list[tuple[str, str]]:
    return [(requirement.path, requirement.reviewer) for requirement in requirements]


@pytest.mark.parametrize("suffix", ["md", "markdown", "mdown", "mkdn", "mkd"])
def test_every_suffix_mkdocs_reads_as_markdown_is_a_page(tmp_path: Path, suffix: str) -> None:
    page = f"docs/articles/stopping.{suffix}"
    asked = _repository(tmp_path, {}, {page: RECORD.format(digest="a")})
    assert _asked(asked) == [(page, "riley-real")]


def test_other_suffixes_are_not_pages(tmp_path: Path) -> None:
    # MkDocs copies these as they are (a reader gets the file, no byline): nothing to approve.
    asked = _repository(tmp_path, {}, {"docs/notes.txt": RECORD.format(digest="a"), "docs/x.MD": "x"})
    assert asked == []


def test_a_linked_page_whose_file_changes_needs_the_approval_though_the_link_does_not_change(
    tmp_path: Path,
) -> None:
    # The link was approved on main; the pull request changes only the file it leads to.
    base = {
        "docs/articles/stopping.md": "-> stopping.txt",
        "docs/articles/stopping.txt": RECORD.format(digest="approved"),
    }
    head = {"docs/articles/stopping.txt": RECORD.format(digest="the writer's")}
    assert _asked(_repository(tmp_path, base, head)) == [("docs/articles/stopping.md", "riley-real")]


@pytest.mark.parametrize(
    "link, files",
    [
        ("../../notes/stopping.txt", {"notes/stopping.txt": "{record}"}),  # outside docs/
        ("../../elsewhere/stopping.txt", {"elsewhere": "-> notes", "notes/stopping.txt": "{record}"}),
        (
            "../../notes/../stopping.txt",  # `..` leaves deep/er, where the link led: deep/stopping.txt
            # (read as text, the path would be stopping.txt at the top: a file with no record)
            {
                "notes": "-> deep/er",
                "deep/er/x.txt": "x",
                "deep/stopping.txt": "{record}",
                "stopping.txt": "x",
            },
        ),
        ("one.link", {"docs/articles/one.link": "-> two.txt", "docs/articles/two.txt": "{record}"}),
    ],
    ids=["outside-docs", "through-a-linked-folder", "dot-dot-after-a-link", "a-chain"],
)
def test_a_link_is_followed_as_the_kernel_follows_it(
    tmp_path: Path, link: str, files: dict[str, str]
) -> None:
    head = {
        "docs/articles/stopping.md": f"-> {link}",
        **{path: text.format(record=RECORD.format(digest="w")) for path, text in files.items()},
    }
    assert _asked(_repository(tmp_path, {}, head)) == [("docs/articles/stopping.md", "riley-real")]


@pytest.mark.parametrize(
    "head",
    [
        {"docs/articles/stopping.md": "-> ../../../outside.txt"},
        {"docs/articles/stopping.md": "-> /etc/hostname"},
        {"docs/articles/stopping.md": "-> missing.txt"},
        {"docs/articles/stopping.md": "-> stopping.md"},  # a loop
        {"docs/articles/stopping.md": "-> folder", "docs/articles/folder/x.md": "x"},
        {"docs/articles/stopping.md": "-> file.txt/x.md", "docs/articles/file.txt": "x"},
    ],
    ids=["out-of-the-repository", "absolute", "nothing", "loop", "a-folder", "a-file-as-a-folder"],
)
def test_a_link_that_leads_nowhere_readable_fails_closed(tmp_path: Path, head: dict[str, str]) -> None:
    asked = _repository(tmp_path, {}, head)
    assert len(asked) == 1 and asked[0].path == "docs/articles/stopping.md", asked
    refusal = asked[0].refusal  # no approval can count: the page cannot be read, or is a folder's link
    assert refusal and ("cannot be read" in refusal[0] or "link to a folder" in refusal[0]), asked[0]


def test_a_linked_page_the_pull_request_leaves_alone_needs_nothing(tmp_path: Path) -> None:
    base = {
        "docs/articles/stopping.md": "-> stopping.txt",
        "docs/articles/stopping.txt": RECORD.format(digest="approved"),
    }
    assert _repository(tmp_path, base, {"docs/articles/other.txt": "a note"}) == []


def test_a_linked_reviewer_profile_moved_to_another_account_needs_the_reviewers_approval(
    tmp_path: Path,
) -> None:
    base = {"docs/people/riley.md": "-> ../../profiles/riley.txt", "profiles/riley.txt": RILEY}
    head = {"profiles/riley.txt": RILEY.replace("github: rreal", "github: wren-writer")}
    asked = _repository(tmp_path, base, head)
    assert [(r.path, r.field, r.login) for r in asked] == [("docs/people/riley.md", "person.github", "rreal")]


def test_a_checkout_reads_a_file_and_nothing_for_a_missing_path(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "a [b].md").write_text("text", encoding="utf-8")
    (repo / "a b.md").write_text("other", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "x")
    with checkout_of(repo, "main") as files:
        assert page_in(files, "a [b].md") == b"text"
        assert page_in(files, "a [c].md") is None
    assert not files.exists()  # removed once read
