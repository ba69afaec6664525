"""Shared fixtures: the real site built once per session, and throwaway copies of the project. The
helpers they use live in tests/support, where test modules import them from."""

from __future__ import annotations

import compileall
import gc
import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from support import (
    ROOT,
    TEST_TODAY,
    BuildResult,
    config_memo,
    copy_project,
    examples,
    jinja_cache,
    mkdocs_build,
    theme_listing,
)

try:
    import fcntl
except ImportError:  # Windows: each xdist worker builds the sample site itself
    fcntl = None  # type: ignore[assignment]

config_memo.install()  # MkDocs parses the same mkdocs.yml hundreds of times a run in this process
theme_listing.install()  # and lists Material's 14,500 files at every build
jinja_cache.install()  # and compiles the plugins' own templates again at every build
examples.use_profile()  # a quick look at each property, every example in CI's second run


def pytest_configure(config: pytest.Config) -> None:
    """The library's bytecode, written once before the workers start: the tests run some fifty
    builds and commands as processes, and where PYTHONDONTWRITEBYTECODE is set (as in CI) each would
    compile the library again. Python writes the same files on a user's machine; git ignores them.
    And the folder the tests' temporary files go to."""
    if not hasattr(config, "workerinput"):  # the controller (or the only process), not each worker
        compileall.compile_dir(ROOT / "hooks", quiet=1)
        if sys.dont_write_bytecode and config.getoption("assertmode") == "rewrite":
            _write_rewritten_tests(config)
        _temporary_files_in_memory(config)


# A run writes some 30,000 files (project copies, built sites) and deletes as many of an earlier run.
MEMORY_FOLDER = Path("/dev/shm")
MEMORY_NEEDED = 2 * 1024**3  # bytes free: the runs pytest keeps (tmp_path_retention_count) and this one


def _temporary_files_in_memory(config: pytest.Config) -> None:
    """The tests' temporary folders (tmp_path and the rest) in memory where Linux offers a tmpfs
    (/dev/shm), unless --basetemp or PYTEST_DEBUG_TEMPROOT says where. On a disk the file system
    journals every file the tests create and delete: about a third of the suite's system time on
    2 cores. Set in the controller, which hands each xdist worker its folder below."""
    if config.option.basetemp or os.environ.get("PYTEST_DEBUG_TEMPROOT"):
        return
    try:
        usable = MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK | os.X_OK)
        free = os.statvfs(MEMORY_FOLDER).f_bavail * os.statvfs(MEMORY_FOLDER).f_frsize if usable else 0
    except OSError:
        return
    if free >= MEMORY_NEEDED:
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(MEMORY_FOLDER)


def _write_rewritten_tests(config: pytest.Config) -> None:
    """The test modules as pytest's assertion rewriting makes them, written once where every xdist
    worker finds them. Each worker imports every test module to collect the suite, and where
    PYTHONDONTWRITEBYTECODE is set pytest rewrites (parses, rewrites, compiles) them all again in each
    (about 1.6 s of a worker's 3 s start on 2 cores). pytest reads these files even then, and checks
    each against its source's hash (so does this, to skip the files an earlier run wrote); the
    helpers are pytest's own, so where a version moves them the workers simply rewrite as before.
    A run after a fresh clone writes them all (some 1.7 s on one core before any worker starts), so
    they are shared out among the cores."""
    try:
        from _pytest.assertion.rewrite import (
            PYC_TAIL,
            _read_pyc,
            _rewrite_test,
            _write_pyc,
            assertstate_key,
            get_cache_dir,
        )
    except ImportError:
        return
    state = config.stash.get(assertstate_key, None)
    if state is None:
        return
    here = Path(__file__).parent
    # pytest also rewrites the packages of its plugins (xdist, pytest-cov, platformdirs, and
    # hypothesis, which the test modules import: some ninety files, about 1 s a process), and without
    # bytecode it does so in every worker again: they are imported here and written with the tests.
    try:
        import hypothesis  # noqa: F401
    except ImportError:
        pass
    plugins = {Path(path) for path in getattr(state.hook, "_rewritten_names", {}).values()}
    stale = []
    for source in sorted({*here.rglob("test_*.py"), *here.rglob("conftest.py"), *plugins}):
        try:
            if _read_pyc(source, get_cache_dir(source) / (source.name[:-3] + PYC_TAIL)) is None:
                stale.append(source)  # an earlier run wrote none, or its source has changed since
        except (OSError, ValueError):
            stale.append(source)

    def rewrite_and_write(sources: list[Path]) -> None:
        """Rewrite each of `sources` and write its bytecode where pytest looks."""
        for source in sources:
            cache = get_cache_dir(source)
            try:
                cache.mkdir(parents=True, exist_ok=True)
                source_key, code = _rewrite_test(source, config)
                _write_pyc(state, code, source_key, cache / (source.name[:-3] + PYC_TAIL))
            except (OSError, SyntaxError, TypeError, ValueError):
                continue  # the worker that imports it rewrites it, and reports a broken file as always

    _on_every_core(stale, rewrite_and_write)


def _on_every_core(items: list[Path], work: Callable[[list[Path]], None]) -> None:
    """`work` over `items` in this process and in one forked child per other core, each taking every
    n-th item; all in this process where fork is missing or unsafe (threads running). The harness's
    own fork, not the library's `alliance.cores` (whose setting, ALLIANCE_CHECK_WORKERS, is the
    check's, and whose code a coverage run would count as tested here)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if cores < 2 or len(items) < 2 * cores or not hasattr(os, "fork") or threading.active_count() > 1:
        work(items)
        return
    children = []
    for share in range(1, cores):
        child = os.fork()
        if child == 0:
            try:
                work(items[share::cores])
            finally:
                os._exit(0)  # a child that failed leaves its files to the workers, as before
        children.append(child)
    work(items[0::cores])
    for child in children:
        os.waitpid(child, 0)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (pyproject.toml): one worker per core, and one more when the browser tests are left
    out. A worker of the other tests spends part of its time waiting on the builds, installs and
    servers it starts as processes, and the extra worker fills those gaps (non-browser suite on 2
    cores: 50.9 s with 3 workers, 56.3 s with 2); Chromium keeps the cores busy itself (browser tests:
    107.9 s with 3 workers, 99.7 s with 2)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores + 1 if "not browser" in (config.option.markexpr or "") else cores


@pytest.fixture(autouse=True)
def test_today(monkeypatch: pytest.MonkeyPatch) -> str:
    """In-process calls see the test day too (`build.today()` reads ALLIANCE_TODAY)."""
    monkeypatch.setenv("ALLIANCE_TODAY", TEST_TODAY)
    return TEST_TODAY


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real sample site, built once with --strict: once a run, under pytest-xdist too, where the
    first worker to need it builds it in the run's folder and the others (which, like every test, only
    read it) take that build."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None or fcntl is None:
        result = mkdocs_build(ROOT, tmp_path_factory.mktemp("site") / "site")
    else:
        result = _built_once_a_run(tmp_path_factory.getbasetemp().parent)  # the workers' shared parent
    assert result.returncode == 0, result.output
    return result


def _built_once_a_run(shared: Path) -> BuildResult:
    """The sample site's build in `shared`, made by whichever process asks first, held under a lock."""
    record = shared / "built-site.json"
    with open(shared / "built-site.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this process dies
        if record.exists():
            saved = json.loads(record.read_text(encoding="utf-8"))
            return BuildResult(saved["returncode"], saved["output"], Path(saved["site_dir"]))
        result = mkdocs_build(ROOT, shared / "built-site" / "site")
        saved = {"returncode": result.returncode, "output": result.output, "site_dir": str(result.site_dir)}
        record.write_text(json.dumps(saved), encoding="utf-8")
        return result


@pytest.fixture
def gc_freezes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """gc.freeze and gc.unfreeze recorded instead of done, as in a process where nothing is frozen
    yet (patch gc.get_freeze_count again for one that froze objects itself)."""
    calls: list[str] = []
    monkeypatch.setattr(gc, "get_freeze_count", lambda: 0)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
    return calls


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A private copy of the project that a test may change."""
    return copy_project(tmp_path / "project")


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection built (test modules, their parameters, hypothesis, the library and MkDocs
    imported) lives until the run ends: frozen out of the garbage collector's reach, it is not
    scanned again at every full collection of a worker's run."""
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright keeps threads alive for the rest of the session, and the
    build's page-check workers are (rightly) never forked from a process that runs threads. Tests
    marked `slow` run first, so under pytest-xdist one worker waits on them while the others take the
    rest, instead of everyone waiting for them at the end."""
    items.sort(
        key=lambda item: (
            item.get_closest_marker("browser") is not None,
            item.get_closest_marker("slow") is None,
        )
    )
