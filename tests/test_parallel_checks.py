"""Per-page checks in worker processes give exactly the records, messages and pages that checking
in-process gives, fall back to in-process where workers cannot run, and leave no worker behind."""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import subprocess
import sys
import textwrap
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest
from support import FORKS_IN_A_TEST_WORKER, ROOT, TEST_TODAY, copy_project, mkdocs_build, quiet_env

from alliance import settings as site_settings
from alliance.content.pages import Context, check_page
from alliance.content.site import load_site, site_pages
from alliance.cores import MIN_PAGES, WORKERS_VARIABLE, worker_count
from alliance.output import site_check
from alliance.pipeline import workers
from alliance.pipeline.workers import BATCH, PageChecks, _chunks
from alliance.problems import AllianceError

# A file of several seconds (builds as processes): scheduled first, with the other slow ones.
pytestmark = [FORKS_IN_A_TEST_WORKER, pytest.mark.slow]
TODAY = dt.date(2026, 11, 25)
BAD_PAGES = {
    "articles/empty.md": b"",
    "articles/no-front-matter.md": b"# Just a heading\n\nSome words.\n",
    "articles/malformed.md": b"---\ntitle: [unclosed\n---\n\n# Title\n",
    "articles/unreviewed.md": b"---\ntitle: Talking with your therapist\ndescription: Plain words "
    b"about what to say in a session, for people new to therapy.\n"
    b"authors: [jordan-example]\n---\n\n# Talking\n\nHello.\n",
    "articles/not-utf-8.md": b"---\ntitle: Caf\xe9\n---\n",
}


@pytest.fixture(scope="module")
def context() -> Context:
    settings = site_settings.load(ROOT / "mkdocs.yml")
    return Context(settings, load_site(settings, TODAY, only=[]).registry, TODAY)


@pytest.fixture(scope="module")
def pages() -> dict[str, bytes]:
    docs = ROOT / "docs"
    return {**{uri: (docs / uri).read_bytes() for uri in site_pages(docs.parent / "mkdocs.yml")}, **BAD_PAGES}


@pytest.mark.parametrize("workers", ["0", "1", "2"])
def test_workers_give_the_records_checking_here_gives(
    workers: str, context: Context, pages: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, workers)
    checks = PageChecks.start(context, pages.items())
    try:
        assert checks.parallel == (workers != "0")
        checks.settle()  # a result not ready yet is computed here instead: wait, to test the workers'
        for uri in reversed(list(pages)):  # taken in any order, each is the page's own record
            assert checks.check(uri, pages[uri]) == check_page(uri, pages[uri], context), uri
        assert checks.taken["check"] == (len(pages) if workers != "0" else 0)
    finally:
        checks.close()


def test_results_are_waited_for_until_the_build_has_checked_a_page_itself(
    context: Context, pages: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build asks for its first pages' records as the worker starts: it waits for them rather
    than load the page checks itself; once it has checked a page itself (here one changed since),
    a result not ready yet is done here, as before."""
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    monkeypatch.setattr(workers, "FIRST_RESULT_WAIT", 60.0)  # a busy machine still answers in time
    checks = PageChecks.start(context, pages.items())
    try:
        first, second, third = list(pages)[:3]
        for uri in (first, second):
            assert checks.check(uri, pages[uri]) == check_page(uri, pages[uri], context)
        assert checks.taken["check"] == 2
        changed = pages[third] + b"\nMore.\n"
        assert checks.check(third, changed) == check_page(third, changed, context)
        assert checks.taken["check"] == 2
        assert not checks._result_comes("check", Future())  # checked here once: no more waits
    finally:
        checks.close()


def test_a_worker_that_does_not_answer_in_time_is_waited_for_once(
    context: Context, pages: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stalled worker delays the build by FIRST_RESULT_WAIT once, not once a page: the page whose
    wait ran out is checked here, and later ones are not waited for. The wait is recorded, not
    timed: no assertion on the clock, and no timed wait that must run out (under libfaketime, in
    CI's second run, such a wait never does)."""
    waits: list[float | None] = []

    def times_out(futures, timeout=None):
        waits.append(timeout)
        return set(), set(futures)  # as a wait that ran out: nothing done

    monkeypatch.setattr(workers, "wait", times_out)
    checks = PageChecks(context)
    stalled: Future[list] = Future()
    checks._sent[("check", "articles/a.md")] = (b"a", stalled, 0)
    checks._sent[("check", "articles/b.md")] = (b"b", stalled, 1)
    assert checks.check("articles/a.md", b"a") == check_page("articles/a.md", b"a", context)
    assert waits == [workers.FIRST_RESULT_WAIT]
    assert checks.check("articles/b.md", b"b") == check_page("articles/b.md", b"b", context)
    assert waits == [workers.FIRST_RESULT_WAIT]  # not waited for again
    assert checks.taken["check"] == 0


def test_a_page_changed_or_added_since_the_start_is_checked_here(
    context: Context, pages: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    checks = PageChecks.start(context, pages.items())
    try:
        changed = pages["articles/unreviewed.md"].replace(b"Hello.", b"Hello again.")
        assert checks.check("articles/unreviewed.md", changed) == check_page(
            "articles/unreviewed.md", changed, context
        )
        assert checks.check("articles/new.md", b"") == check_page("articles/new.md", b"", context)
    finally:
        checks.close()


def test_closing_stops_the_workers_and_later_pages_are_checked_here(
    context: Context, pages: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    checks = PageChecks.start(context, pages.items())
    workers = list(checks._pool._processes.values())  # type: ignore[union-attr]
    checks.close()
    checks.close()  # twice: a build error and the end of the build may both close
    assert not checks.parallel
    assert all(not worker.is_alive() for worker in workers)
    assert checks.check("index.md", pages["index.md"]) == check_page("index.md", pages["index.md"], context)


def test_what_exists_at_the_fork_is_frozen_until_the_build_ends(
    context: Context, pages: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, gc_freezes: list[str]
) -> None:
    """gc.freeze before the pool forks (Python's advice for forked workers), gc.unfreeze once when
    the build ends, however often it is closed; without workers nothing is frozen."""
    calls = gc_freezes
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    checks = PageChecks.start(context, pages.items())
    assert calls == ["freeze"]
    checks.close()
    checks.close()
    assert calls == ["freeze", "unfreeze"]
    monkeypatch.setenv(WORKERS_VARIABLE, "0")
    PageChecks.start(context, pages.items()).close()
    assert calls == ["freeze", "unfreeze"]


def test_a_process_that_froze_objects_itself_keeps_them_frozen(
    context: Context, pages: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test suite freezes what collection built (conftest.py); a build in its process leaves that
    alone, neither freezing more nor unfreezing it."""
    if not gc.get_freeze_count():
        gc.freeze()  # as conftest.py does after collection (`-p no:...` runs may skip it)
    frozen = gc.get_freeze_count()
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    checks = PageChecks.start(context, pages.items())
    assert gc.get_freeze_count() == frozen
    checks.close()
    assert gc.get_freeze_count() == frozen


@pytest.mark.parametrize(
    "configured, pages_count, expected",
    [
        ("0", 5000, 0),
        ("3", 1, 3),
        (None, MIN_PAGES - 1, 0),
        (None, MIN_PAGES, "cores - 1"),
    ],
)
def test_how_many_workers(
    configured: str | None, pages_count: int, expected: int | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if configured is None:
        monkeypatch.delenv(WORKERS_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(WORKERS_VARIABLE, configured)
    cores = len(os.sched_getaffinity(0))
    assert worker_count(pages_count) == (cores - 1 if expected == "cores - 1" else expected)


def test_no_workers_are_forked_from_a_process_running_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert worker_count(5000) == 0  # as in `mkdocs serve`, whose rebuilds run beside its server
    finally:
        release.set()
        other.join()


def test_a_bad_worker_setting_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "two")
    with pytest.raises(AllianceError, match=f"{WORKERS_VARIABLE}: 'two' is not a whole number"):
        worker_count(10)


def _normalised(output: str) -> list[str]:
    """Build output without what differs between any two builds: timings and the output folder."""
    return [
        line
        for line in output.splitlines()
        if not re.search(
            r"Documentation built in|Building documentation to directory|"
            r"Alliance: checking \d+ pages in",
            line,
        )
    ]


def test_a_build_with_workers_says_and_writes_what_one_without_does(
    project_copy: Path, tmp_path: Path
) -> None:
    for uri, raw in BAD_PAGES.items():
        (project_copy / "docs" / uri).write_bytes(raw)
    # The build with workers as its own process: workers are forked only from a process without
    # threads (pytest-xdist's workers run some), and this is the end-to-end test of a build with
    # workers. The build without them, which it must match, runs in this process.
    builds = {
        workers: mkdocs_build(
            project_copy,
            tmp_path / f"site-{workers}",
            strict=False,
            separate_process=workers != "0",
            ALLIANCE_TODAY=TODAY.isoformat(),
            **{WORKERS_VARIABLE: workers},
        )
        for workers in ("0", "2")
    }
    without, with_workers = builds["0"], builds["2"]
    assert without.returncode == with_workers.returncode == 0, with_workers.output
    assert "Traceback" not in with_workers.output
    pages_count = len(site_pages(project_copy / "mkdocs.yml"))
    assert f"Alliance: checking {pages_count} pages in 2 worker process(es)" in with_workers.output
    assert "worker process" not in without.output
    assert sum("WARNING" in line for line in _normalised(without.output)) >= len(BAD_PAGES)
    assert _normalised(with_workers.output) == _normalised(without.output)
    pages = sorted(path.relative_to(without.site_dir) for path in without.site_dir.rglob("*.html"))
    assert pages == sorted(
        path.relative_to(with_workers.site_dir) for path in with_workers.site_dir.rglob("*.html")
    )
    for page in pages:
        assert (with_workers.site_dir / page).read_bytes() == (without.site_dir / page).read_bytes(), page


@pytest.fixture(scope="module")
def built(built_site) -> Path:
    """The sample site built strictly on the test day (conftest's, shared), for the output checks below:
    they only read it."""
    assert TODAY.isoformat() == TEST_TODAY
    return built_site.site_dir


EXTRA_CSS = tuple(site_settings.load_mkdocs_yml(ROOT / "mkdocs.yml").get("extra_css") or ())


def _records(context: Context) -> list:
    return load_site(context.settings, TODAY).records


@pytest.mark.parametrize("workers", ["0", "1", "2"])
def test_workers_build_the_views_building_here_builds(
    workers: str, context: Context, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alliance.paths import output_path
    from alliance.pipeline.state import BuildState
    from alliance.render.page_view import Shown, clinical_view, crisis_view

    monkeypatch.setenv(WORKERS_VARIABLE, workers)
    site = load_site(context.settings, TODAY)
    state = BuildState(
        context.settings,
        TODAY,
        registry=site.registry,
        urls={uri: uri.removesuffix(".md") + "/" for uri in site.pages},
    )
    state.crisis = crisis_view(state.settings, state.site_url_of)
    clinical = [record for record in site.records if record.clinical]
    pages = {
        record.src_uri: (built / output_path(record.src_uri)).read_text(encoding="utf-8")
        for record in clinical
    }
    facts = {
        record.src_uri: Shown(
            record.src_uri,
            "A title",
            "A description",
            record.src_uri.removesuffix(".md") + "/",
            (("Articles", "/a/"),),
        )
        for record in clinical
    }
    checks = PageChecks.start(
        context, [(record.src_uri, b"x") for record in site.records * 10], views_state=state
    )
    try:
        for record in clinical:
            checks.submit_view(facts[record.src_uri], record, pages[record.src_uri])
        checks.flush()
        checks.settle()
        found = {
            record.src_uri: checks.view(record.src_uri, pages[record.src_uri])
            for record in reversed(clinical)
        }
        assert checks.view(clinical[0].src_uri, "<p>other HTML</p>") is None  # taken once, this HTML
    finally:
        checks.close()
    expected = {
        record.src_uri: clinical_view(
            state.settings,
            state.registry,
            state.site_url_of,
            state.crisis,
            facts[record.src_uri],
            record,
            pages[record.src_uri],
        )
        for record in clinical
    }
    assert any(view["jsonld"] for view in expected.values())
    for view in expected.values():
        del view["crisis"]  # left out by the workers; the build puts the site's own back
    assert found == (expected if workers != "0" else dict.fromkeys(expected))


@pytest.mark.parametrize("workers", ["0", "1", "2"])
def test_workers_check_the_output_as_checking_here_does(
    workers: str, context: Context, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, workers)
    records = _records(context)
    checks = PageChecks.start(context, [(record.src_uri, b"x") for record in records * 10])
    try:
        for record in records:
            checks.submit_output(record, *site_check.output_file(built, record, context.settings), EXTRA_CSS)
        checks.flush()
        checks.settle()
        half = len(records) // 2  # one page at a time, and the rest as the build's end takes them
        results = [checks.output_problems(record, built, EXTRA_CSS) for record in records[:half]]
        results += checks.all_output_problems(records[half:], built, EXTRA_CSS)
        assert checks.taken["output"] == (len(records) if workers != "0" else 0)
    finally:
        checks.close()
    assert results == [
        site_check.check_built_page(built, record, context.settings, context.registry, EXTRA_CSS)
        for record in records
    ]
    assert results == [[] for _ in records]


@pytest.mark.parametrize("taken", ["one page", "every page"])
def test_a_page_rewritten_after_its_check_was_sent_is_checked_again(
    context: Context, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken: str
):
    """A plugin that rewrites a page after the worker read it (in on_post_build, say) cannot slip the
    rewrite past the check: the file's size and time no longer match, so it is checked again."""
    import shutil

    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    site_dir = tmp_path / "site"
    shutil.copytree(built, site_dir)
    records = _records(context)
    article = next(record for record in records if record.src_uri == "articles/building-trust.md")
    checks = PageChecks.start(context, [(record.src_uri, b"x") for record in records * 10])
    try:
        checks.submit_output(article, *site_check.output_file(site_dir, article, context.settings), EXTRA_CSS)
        checks.flush()
        page = site_dir / "articles/building-trust/index.html"
        original = page.read_text(encoding="utf-8")
        assert checks._sent[("output", article.src_uri)] is not None  # sent to the worker
        checks._sent[("output", article.src_uri)][1].result()  # the worker has read the page
        page.write_text(
            original.replace('data-alliance="disclaimer"', 'data-alliance="gone"'), encoding="utf-8"
        )
        if taken == "one page":
            problems = checks.output_problems(article, site_dir, EXTRA_CSS)
        else:  # as the build's end takes them: what the files hold now, read on other threads
            (problems,) = checks.all_output_problems([article], site_dir, EXTRA_CSS)
    finally:
        checks.close()
    assert any("disclaimer" in problem.message for problem in problems), problems


def test_a_flushed_batch_starts_with_small_messages():
    """MkDocs waits for its first page's result: the first message holds one page, not sixteen."""
    assert [c.stop - c.start for c in _chunks(40)] == [1, 2, 4, 8, 16, 9]
    assert [c.stop - c.start for c in _chunks(40, ramp=False)] == [16, 16, 8]
    assert _chunks(0) == []


def test_the_last_pages_output_checks_go_when_the_last_page_is_written(
    context: Context, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not at the end of the build, where the build would wait for their batch."""
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    records = _records(context)
    checks = PageChecks.start(context, [(record.src_uri, b"x") for record in records])
    try:
        for record in records:
            checks.submit_output(record, *site_check.output_file(built, record, context.settings), EXTRA_CSS)
        queued = [uri for (kind, uri), sent in checks._sent.items() if kind == "output" and sent is None]
        assert queued == [] and len(records) < BATCH["output"]  # sent although the batch is not full
    finally:
        checks.close()


# Builds in a fresh Python: the suite's conftest.py freezes objects after collection, so a build in
# the test process never takes the freeze (cores.freeze_for_fork leaves such a process alone).
BUILDS_IN_ONE_PROCESS = textwrap.dedent(
    """
    import gc, logging, sys, threading, weakref
    logging.disable(logging.WARNING)
    from mkdocs.config import load_config
    from mkdocs.commands.build import build

    def interrupt(markdown, page, config, files):
        raise KeyboardInterrupt  # Ctrl-C while MkDocs renders: no Exception, so no on_build_error

    config = load_config("mkdocs.yml", site_dir=sys.argv[1])
    config.plugins._register_event("page_markdown", interrupt)
    try:
        build(config)
    except KeyboardInterrupt:
        pass
    interrupted = (gc.get_freeze_count() > 0, threading.active_count() > 1)
    first = None
    for _ in range(2):  # no gc.collect() between builds, as a long-lived host would not call one
        config = load_config("mkdocs.yml", site_dir=sys.argv[1])
        build(config)
        first = first or weakref.ref(config)
        del config
    print(interrupted, gc.get_freeze_count(), threading.active_count(), first() is None)
    """
)


def test_a_process_that_builds_again_frees_each_build_and_recovers_from_an_interrupted_one(
    tmp_path: Path,
) -> None:
    """Red team, round 25: objects unfrozen when a build ends count towards no collection, so the next
    build's freeze kept every earlier build alive (about 10 MB a 200-page build); and a build stopped
    by Ctrl-C left its freeze and its pool, whose threads kept every later build from forking."""
    project = copy_project(tmp_path / "project")
    done = subprocess.run(
        [sys.executable, "-c", BUILDS_IN_ONE_PROCESS, str(tmp_path / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env=quiet_env(ALLIANCE_CHECK_WORKERS="1"),  # workers, and so the freeze, on the small sample site
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    interrupted, frozen, threads, first_build_freed = done.stdout.strip().splitlines()[-1].rsplit(" ", 3)
    assert interrupted == "(True, True)"  # what the interrupted build left, as the premise
    assert (frozen, threads, first_build_freed) == ("0", "1", "True")


def test_when_the_workers_cannot_fork_the_pages_are_checked_here(
    context: Context, pages: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Red team, round 25: the pool forks at its first message, so a fork refused by the system (out
    of processes or memory: EAGAIN) came out of the build as a traceback."""

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    monkeypatch.setattr(os, "fork", refused)
    checks = PageChecks.start(context, pages.items())
    try:
        for uri, raw in pages.items():
            assert checks.check(uri, raw) == check_page(uri, raw, context), uri
        assert checks.taken["check"] == 0
    finally:
        checks.close()
