"""`git` in the tests' throwaway repositories."""

from __future__ import annotations

import subprocess
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
