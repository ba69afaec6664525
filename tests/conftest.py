"""Shared fixtures: the real site built once per session, and throwaway copies of the project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks")
# The day every test runs on unless it asks for another, so the suite passes on any real date (review
# and helpline dates go stale with time). A test that means the real clock passes ALLIANCE_TODAY="".
TEST_TODAY = "2026-11-25"


def quiet_env(**extra: str) -> dict[str, str]:
    """The environment for child builds: no MkDocs 2 notices, no CI strictness unless asked, the
    test day as today unless asked."""
    env = {key: value for key, value in os.environ.items() if key not in ("CI", "ALLIANCE_TODAY")}
    env.update(NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", PYTHONIOENCODING="utf-8",
               ALLIANCE_TODAY=TEST_TODAY)
    env.update(extra)
    return env


@pytest.fixture(autouse=True)
def test_today(monkeypatch: pytest.MonkeyPatch) -> str:
    """In-process calls see the test day too (`build.today()` reads ALLIANCE_TODAY)."""
    monkeypatch.setenv("ALLIANCE_TODAY", TEST_TODAY)
    return TEST_TODAY


@dataclass
class BuildResult:
    returncode: int
    output: str
    site_dir: Path

    def page(self, url_path: str) -> str:
        """HTML of a built page by its url path, e.g. 'articles/building-trust/'."""
        target = self.site_dir / url_path
        if url_path.endswith("/") or url_path == "":
            target = target / "index.html"
        return target.read_text(encoding="utf-8")


def mkdocs_build(project: Path, site_dir: Path, *, strict: bool = True, **env: str) -> BuildResult:
    # Never -q: it raises MkDocs' log level to ERROR, so warnings are not counted and --strict passes.
    command = [sys.executable, "-m", "mkdocs", "build", "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, env=quiet_env(**env),
                          timeout=600)
    return BuildResult(done.returncode, done.stdout + done.stderr, site_dir)


def alliance(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the `alliance` command in a project folder, as a writer would."""
    return subprocess.run([sys.executable, "-m", "alliance", *args], cwd=project,
                          capture_output=True, text=True, env=quiet_env(**env), timeout=300)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real sample site, built once with --strict."""
    result = mkdocs_build(ROOT, tmp_path_factory.mktemp("site") / "site")
    assert result.returncode == 0, result.output
    return result


def copy_project(target: Path) -> Path:
    """Copy the project's config, content, templates and hooks into `target` (created)."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A private copy of the project that a test may change."""
    return copy_project(tmp_path / "project")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright keeps threads alive for the rest of the session, and the
    build's page-check workers are (rightly) never forked from a process that runs threads."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
