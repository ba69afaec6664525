"""The project under test, throwaway copies of it, and the two programs a writer runs on one.

`mkdocs_build` and `alliance` run in this process by default, as a child process would see them (its
folder, its environment, its output), because starting Python and importing MkDocs again costs more
than most builds. `separate_process=True` and `alliance_process` start the real programs: the tests of
the command line itself (tests/test_end_to_end.py) and of what only a fresh process shows use them.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import sys
import traceback
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks")
# The day every test runs on unless it asks for another, so the suite passes on any real date (review
# and helpline dates go stale with time). A test that means the real clock passes ALLIANCE_TODAY="".
TEST_TODAY = "2026-11-25"

Ran = subprocess.CompletedProcess

# For tests that start the page-check workers in this process. Under pytest-xdist this process also
# runs execnet's I/O thread, started below `threading` (so worker_count, which refuses to fork beside
# a thread, cannot see it), and Python 3.12+ warns at every fork beside another thread. The workers
# never touch execnet's objects, and a build's own process runs no other thread, so the warning says
# nothing about the code under test: it is silenced for these tests only.
FORKS_IN_A_TEST_WORKER = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded, use of fork:DeprecationWarning"
)


def quiet_env(base: Mapping[str, str] | None = None, /, **extra: str) -> dict[str, str]:
    """The environment for child builds: no MkDocs 2 notices, no CI strictness unless asked, the
    test day as today unless asked; made from this process's environment, or from `base`."""
    env = {
        key: value
        for key, value in (os.environ if base is None else base).items()
        if key not in ("CI", "ALLIANCE_TODAY")
    }
    env.update(
        NO_MKDOCS_2_WARNING="1",
        DISABLE_MKDOCS_2_WARNING="true",
        PYTHONIOENCODING="utf-8",
        ALLIANCE_TODAY=TEST_TODAY,
    )
    env.update(extra)
    return env


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


@contextmanager
def as_a_child_in(project: Path, **env: str) -> Iterator[None]:
    """This process in `project` with a child's environment (`quiet_env(**env)`), put back after."""
    wanted = quiet_env(**env)
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.clear()
    os.environ.update(wanted)
    os.chdir(project)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


@contextmanager
def _mkdocs_logging_put_back() -> Iterator[None]:
    """MkDocs' command line sets up logging for a process that runs one build: its handler, level and
    duplicate filter (which would hide a second build's repeated warning) are undone after each."""
    from mkdocs.commands import build

    top = logging.getLogger("mkdocs")
    saved = (list(top.handlers), top.level, top.propagate, list(build.log.filters))
    showwarning, filters = warnings.showwarning, list(warnings.filters)
    try:
        yield
    finally:
        top.handlers[:], top.level, top.propagate = saved[0], saved[1], saved[2]
        build.log.filters[:] = saved[3]
        warnings.showwarning, warnings.filters[:] = showwarning, filters


def mkdocs_build(
    project: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    quiet: bool = False,
    separate_process: bool = False,
    **env: str,
) -> BuildResult:
    """`mkdocs build -d site_dir [--strict] [-q]` in `project`: exit code and everything it printed."""
    arguments = ["build", "-d", str(site_dir)]
    if strict:
        arguments.append("--strict")
    if quiet:
        arguments.append("-q")
    if separate_process:
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", *arguments],
            cwd=project,
            capture_output=True,
            text=True,
            env=quiet_env(**env),
            timeout=600,
        )
    else:
        done = mkdocs_in_process(project, *arguments, **env)
    return BuildResult(done.returncode, done.stdout + done.stderr, site_dir)


def mkdocs_in_process(project: Path, *arguments: str, **env: str) -> Ran[str]:
    """`mkdocs ARGUMENTS` (its command line, logging set-up included) run in this process as a child
    in `project` would run: exit code, stdout and stderr."""
    from click.testing import CliRunner
    from mkdocs.__main__ import cli

    with as_a_child_in(project, **env), _mkdocs_logging_put_back():
        result = CliRunner().invoke(cli, list(arguments), catch_exceptions=True)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # What the process would have printed on an uncaught exception, so tests that refuse a
        # traceback see it.
        stderr += "Traceback (most recent call last):\n" + "".join(
            traceback.format_exception(result.exception)
        )
    return Ran(["mkdocs", *arguments], result.exit_code, result.stdout, stderr)


def alliance(project: Path, *args: str, **env: str) -> Ran[str]:
    """`alliance ARGS` in a project folder, as a writer would run it, in this process: exit code,
    stdout and stderr. An uncaught exception propagates (the command must never print a traceback)."""
    from alliance.commands import cli

    out, err = io.StringIO(), io.StringIO()
    with as_a_child_in(project, **env), redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exit_:  # argparse's usage errors (2) and --help (0)
            if isinstance(exit_.code, str):
                print(exit_.code, file=sys.stderr)
            code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
    return Ran(["alliance", *args], code, out.getvalue(), err.getvalue())


def alliance_process(project: Path, *args: str, **env: str) -> Ran[str]:
    """The `alliance` command started as its own process in a project folder."""
    return subprocess.run(
        [sys.executable, "-m", "alliance", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=quiet_env(**env),
        timeout=300,
    )


def copy_project(target: Path) -> Path:
    """Copy the project's config, content, templates and hook entry points into `target` (created),
    with its library linked: hooks/alliance is the project's own folder, which no test changes, so a
    copy costs a few dozen files instead of a hundred, and a build started in the copy imports the
    library's compiled bytecode instead of compiling it again. (MkDocs never walks hooks/; the gate's
    refusal of links concerns docs/.)"""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if part == "hooks":
            (target / part).mkdir()
            for hook in source.glob("*.py"):  # the entry points mkdocs.yml names
                shutil.copy2(hook, target / part / hook.name)
            _copy_bytecode(source, target / part)
            (target / part / "alliance").symlink_to(source / "alliance", target_is_directory=True)
        elif source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def _copy_bytecode(hooks: Path, target: Path) -> None:
    """The entry points' compiled bytecode (tests/conftest.py writes it before the run), so the copy's
    builds do not compile them again: MkDocs loads each hook from its file at every config load, some
    four hundred times a run in the test process, and where PYTHONDONTWRITEBYTECODE is set (as in CI)
    nothing would ever keep the compiled code. Python checks each file against its source's modification
    time and size, which copy2 keeps, so a test that edits a hook in its copy gets it compiled afresh."""
    compiled = hooks / "__pycache__"
    if not compiled.is_dir():
        return
    (target / "__pycache__").mkdir()
    for pyc in compiled.glob("*.pyc"):
        if (hooks / (pyc.name.split(".", 1)[0] + ".py")).is_file():
            shutil.copy2(pyc, target / "__pycache__" / pyc.name)
