"""The linter and the type checker pass, with the settings in pyproject.toml ([tool.ruff], [tool.mypy]).

Both come with the `test` extra; without them the tests skip on a developer's machine and fail in CI."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def run_tool(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a tool installed in this Python (`python -m ruff …`) from the project root."""
    if importlib.util.find_spec(module) is None:
        message = f"{module} is not installed: pip install -e '.[test]'"
        if in_ci():
            pytest.fail(message + " (CI must lint and type-check)")
        pytest.skip(message)
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )


def test_ruff_finds_nothing():
    done = run_tool("ruff", "check", "--no-fix", "--output-format", "concise")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_would_change_nothing():
    done = run_tool("ruff", "format", "--check")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing():
    done = run_tool("mypy")  # the files to check are listed in [tool.mypy]
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues found" in done.stdout, done.stdout
