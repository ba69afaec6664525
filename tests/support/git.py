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
)


def git(repo: Path, *args: str) -> str:
    """`git ARGS` in `repo`, which must succeed: what it printed, stripped."""
    settings = [part for setting in GIT_SETTINGS for part in ("-c", setting)]
    done = subprocess.run(["git", *settings, *args], cwd=repo, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


Commit = tuple[str, str, dict[str, str | None], tuple[tuple[str, str], ...]]


def fast_import(repo: Path, commits: list[Commit]) -> list[str]:
    """Make `commits` in `repo` with one `git fast-import` instead of an add and a commit each: each
    is (branch, message, files, moves), the first made from nothing and every later one from the
    first (the merge base). In `files`, text that starts with "-> " is a symbolic link to the rest
    and None deletes; `moves` (source, target) come first, as `git mv` would. Git stores the text as
    given, as `git add` does where no .gitattributes or core.autocrlf converts it (no caller has
    either). Returns each commit's id."""
    now = f"{int(time.time())} +0000".encode()
    stream = bytearray()
    for mark, (branch, message, files, moves) in enumerate(commits, start=1):
        stream += b"commit refs/heads/%s\nmark :%d\n" % (branch.encode(), mark)
        stream += b"committer Test <test@example.org> " + now + b"\n" + _data(message.encode())
        if mark > 1:
            stream += b"from :1\n"
        for source, target in moves:
            stream += b"R " + _quoted(source) + b" " + _quoted(target) + b"\n"
        for path, text in files.items():
            if text is None:
                stream += b"D " + _quoted(path) + b"\n"
            elif text.startswith("-> "):
                stream += b"M 120000 inline " + _quoted(path) + b"\n" + _data(text[3:].encode())
            else:
                stream += b"M 100644 inline " + _quoted(path) + b"\n" + _data(text.encode())
        stream += b"\n"
    marks = repo / ".git" / "test-marks"
    settings = [part for setting in GIT_SETTINGS for part in ("-c", setting)]
    done = subprocess.run(
        ["git", *settings, "fast-import", "--quiet", f"--export-marks={marks}"],
        cwd=repo,
        input=bytes(stream),
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    ids = dict(line.split() for line in marks.read_text(encoding="utf-8").splitlines())
    marks.unlink()
    return [ids[f":{mark}"] for mark in range(1, len(commits) + 1)]


def _data(content: bytes) -> bytes:
    """fast-import's counted data: the length in bytes, the bytes and a newline."""
    return b"data %d\n" % len(content) + content + b"\n"


def _quoted(path: str) -> bytes:
    """A path in fast-import's C-style quotes."""
    return b'"' + path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").encode() + b'"'
