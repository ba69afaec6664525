"""The tests' `fast_import` (support/git.py, behind support/approvals_repos.branches) makes the trees
that writing the files and `git mv`, `git add -A`, `git commit` would make, and refuses what only a
working tree would give (red team, session 43)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.git import Commit, fast_import, git

ODD_NAMES = {
    "docs/a b.md": "spaces\n",
    'docs/say "hi".md': "quotes\n",
    "docs/café.md": "beyond ASCII: é – 😀\n",
    "docs/tab\there.md": "a tab\n",
    "docs/back\\slash.md": "a backslash\n",
    "docs/line\nbreak.md": "a newline in the name\n",
    "docs/crlf.md": "---\r\ntitle: x\r\n---\r\n",
    "docs/empty.md": "",
}
COMMITS: list[Commit] = [
    (
        "main",
        "merge base",
        {
            **ODD_NAMES,
            "docs/articles/stopping.md": "-> stopping.txt",
            "docs/articles/stopping.txt": "record\n",
            "drafts/later.md": "draft\n",
            "docs/people/riley.md": "-> ../../profiles/riley.txt",
            "profiles/riley.txt": "riley\n",
        },
        (),
    ),
    (
        "main",
        "main moves on",
        {"content/articles/stopping.txt": "re-approved\n", "docs/a b.md": None, "nothing/here.md": None},
        (("docs", "content"), ("drafts/later.md", "content/later.md")),
    ),
    (
        "pr",
        "pull request",
        {
            "docs/articles/stopping.txt": "the writer's\n",
            "docs/articles/stopping.md": "-> ../../profiles/riley.txt",
            "docs/crlf.md": None,
            "docs/new/page.md": "new\n",
            "elsewhere": "-> profiles",
        },
        (),
    ),
]


def _by_working_tree(repo: Path, commits: list[Commit]) -> None:
    """The same commits as a test wrote them before fast_import: files, `git mv`, `git add -A`."""
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for number, (branch, message, files, moves) in enumerate(commits):
        if number == 1:
            git(repo, "branch", "base")
        if number > 0:
            git(repo, "checkout", "-q", "-B", branch, "base")
        for source, target in moves:
            (repo / target).parent.mkdir(parents=True, exist_ok=True)
            git(repo, "mv", source, target)
        for path, text in files.items():
            target = repo / path
            if target.is_symlink() or target.is_file():
                target.unlink()
            if text is None:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if text.startswith("-> "):
                os.symlink(text[3:], target)
            else:
                target.write_bytes(text.encode())
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--allow-empty", "-m", message)


def _trees(repo: Path) -> list[str]:
    return git(repo, "rev-parse", "main~1^{tree}", "main^{tree}", "pr~1^{tree}", "pr^{tree}").split()


def test_fast_import_makes_the_trees_files_and_git_add_make(tmp_path: Path) -> None:
    imported = tmp_path / "imported"
    imported.mkdir()
    git(imported, "init", "-q", "-b", "main")
    ids = fast_import(imported, COMMITS)
    _by_working_tree(tmp_path / "written", COMMITS)
    assert _trees(imported) == _trees(tmp_path / "written")
    assert ids == git(imported, "rev-parse", "main~1", "main", "pr").split()
    listed = git(imported, "ls-tree", "-r", "--name-only", "-z", "main~1").split("\0")
    assert set(ODD_NAMES) <= set(listed)


@pytest.mark.parametrize(
    "files, moves, refused",
    [
        ({"link/x.md": "x"}, (), "below a file or a link"),  # written through the linked folder
        ({"docs": None}, (), "a folder"),
        ({"docs": "x"}, (), "a folder in the tree"),
        ({}, (("a.md", "docs/b.md"),), "exists"),
        ({}, (("a.md", "docs"),), "exists"),
        ({}, (("missing.md", "b.md"),), "nothing to move"),
        ({"docs//c.md": "x"}, (), "not a plain path"),
        ({"docs/./c.md": "x"}, (), "not a plain path"),
        ({"../c.md": "x"}, (), "not a plain path"),
    ],
    ids=[
        "through-a-link",
        "delete-a-folder",
        "file-over-a-folder",
        "move-onto-a-file",
        "move-onto-a-folder",
        "move-nothing",
        "empty-part",
        "dot-part",
        "dot-dot-part",
    ],
)
def test_fast_import_refuses_what_only_a_working_tree_would_give(
    tmp_path: Path, files: dict[str, str | None], moves: tuple[tuple[str, str], ...], refused: str
) -> None:
    base = {"link": "-> real", "real/y.md": "y", "a.md": "a", "docs/b.md": "b"}
    git(tmp_path, "init", "-q", "-b", "main")
    with pytest.raises(AssertionError, match=refused):
        fast_import(tmp_path, [("main", "base", base, ()), ("pr", "change", files, moves)])


def test_fast_import_refuses_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    with pytest.raises(UnicodeEncodeError):
        fast_import(tmp_path, [("main", "base", {"docs/caf\udce9.md": "x"}, ())])
