"""`git` in the tests' throwaway repositories."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

# A test's author, no signing, and none of git's automatic upkeep: a commit in a fresh repository may
# start `git maintenance` or `git gc --auto` in the background, work no test asks for.
GIT_SETTINGS = (
    "user.name=Test",
    "user.email=test@example.org",
    "commit.gpgsign=false",
    "maintenance.auto=false",
    "gc.auto=0",
    # The tests' repositories hold what each test writes, whatever the machine's own git settings:
    # no line endings converted, no attributes or ignore file of the user's.
    "core.autocrlf=false",
    "core.attributesFile=/dev/null",
    "core.excludesFile=/dev/null",
)


def git(repo: Path, *args: str) -> str:
    """`git ARGS` in `repo`, which must succeed: what it printed, stripped."""
    done = subprocess.run(_command(*args), cwd=repo, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _command(*args: str) -> list[str]:
    """`git ARGS` with the tests' settings."""
    return ["git", *[part for setting in GIT_SETTINGS for part in ("-c", setting)], *args]


Commit = tuple[str, str, dict[str, str | None], tuple[tuple[str, str], ...]]


def fast_import(repo: Path, commits: list[Commit]) -> list[str]:
    """Make `commits` in `repo` with one `git fast-import` instead of an add and a commit each: each
    is (branch, message, files, moves), the first made from nothing and every later one from the
    first (the merge base). In `files`, text that starts with "-> " is a symbolic link to the rest
    and None deletes (nothing where there is nothing); `moves` (source, target) come first, as
    `git mv` would. Git stores the text as given, as `git add` does where no .gitattributes converts
    it. What only a working tree would give (a file written through a linked folder, a move onto a
    path that exists, a folder deleted) is refused: a test of such a tree writes it and adds it."""
    now = f"{int(time.time())} +0000".encode()
    stream = bytearray()
    base: dict[str, bool] = {}  # the merge base's paths: True for a link
    for mark, (branch, message, files, moves) in enumerate(commits, start=1):
        tree = dict(base)
        stream += b"commit refs/heads/%s\nmark :%d\n" % (branch.encode(), mark)
        stream += b"committer Test <test@example.org> " + now + b"\n" + _data(message.encode())
        if mark > 1:
            stream += b"from :1\n"
        for source, target in moves:
            _moved(tree, source, target)
            stream += b"R " + _quoted(source) + b" " + _quoted(target) + b"\n"
        for path, text in files.items():
            _plain(path)
            if text is None:
                assert not _below(tree, path), f"{path}: a folder; delete its files"
                if tree.pop(path, None) is not None:
                    stream += b"D " + _quoted(path) + b"\n"
                continue
            assert not _below(tree, path), f"{path}: a folder in the tree"
            _not_below_a_file(tree, path)
            tree[path] = text.startswith("-> ")
            mode, data = (b"120000", text[3:]) if tree[path] else (b"100644", text)
            stream += b"M " + mode + b" inline " + _quoted(path) + b"\n" + _data(data.encode())
        stream += b"\n"
        if mark == 1:
            base = tree
    marks = repo / ".git" / "test-marks"
    done = subprocess.run(
        _command("fast-import", "--quiet", f"--export-marks={marks}"),
        cwd=repo,
        input=bytes(stream),
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    ids = dict(line.split() for line in marks.read_text(encoding="utf-8").splitlines())
    marks.unlink()
    return [ids[f":{mark}"] for mark in range(1, len(commits) + 1)]


def _plain(path: str) -> None:
    """A path as git names it: relative, no empty, `.` or `..` part, encodable (fast-import would
    stop at some and read others as another path)."""
    assert all(part not in ("", ".", "..") for part in path.split("/")), f"{path!r}: not a plain path"
    path.encode()  # a name that is not UTF-8 raises here


def _not_below_a_file(tree: dict[str, bool], path: str) -> None:
    """No folder above `path` is a file or a link in `tree` (on disk, a write through a linked
    folder lands where the link leads)."""
    parts = path.split("/")
    above = ["/".join(parts[:end]) for end in range(1, len(parts))]
    assert not [folder for folder in above if folder in tree], f"{path}: below a file or a link"


def _below(tree: dict[str, bool], folder: str) -> list[str]:
    return [path for path in tree if path.startswith(folder + "/")]


def _moved(tree: dict[str, bool], source: str, target: str) -> None:
    """`git mv source target` on the paths of `tree`: a file, a link or a folder, onto nothing."""
    _plain(source)
    _plain(target)
    assert target not in tree and not _below(tree, target), f"{target}: exists; git mv would refuse"
    _not_below_a_file(tree, target)
    moving = [source] if source in tree else _below(tree, source)
    assert moving, f"{source}: nothing to move"
    for path in moving:
        tree[target + path[len(source) :]] = tree.pop(path)


def _data(content: bytes) -> bytes:
    """fast-import's counted data: the length in bytes, the bytes and a newline."""
    return b"data %d\n" % len(content) + content + b"\n"


def _quoted(path: str) -> bytes:
    """A path in fast-import's C-style quotes."""
    return b'"' + path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").encode() + b'"'
