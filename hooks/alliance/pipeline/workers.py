"""One build's per-page checks, run in worker processes while MkDocs renders.

`check_page` needs only a page's bytes and the site's Context and never looks at another page, so all
pages can be checked at once on the machine's other cores as soon as the files are known (on_files).
The review gate takes each page's record when MkDocs reads that page, so problems are reported in the
same order and words as when every page is checked in-process. Where a pool cannot run (no `fork` on
this platform, a process that already runs threads, such as `mkdocs serve` rebuilding, one core, a
worker that died) a page is checked in-process instead: the same record, only later.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import weakref
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from alliance.content.pages import Context, PageRecord, check_page
from alliance.pipeline.reporting import log
from alliance.problems import AllianceError

WORKERS_VARIABLE = "ALLIANCE_CHECK_WORKERS"
MIN_PAGES = 50  # below this, starting workers costs more than checking the pages here

_worker_context: Context | None = None  # a worker's copy of the build's Context, set as it starts


def _start_worker(context: Context) -> None:
    global _worker_context
    _worker_context = context


def _check_in_worker(src_uri: str, raw: bytes) -> PageRecord:
    if _worker_context is None:  # only _start_worker's pool runs this
        raise RuntimeError("parallel_checks: a worker started without the build's context")
    return check_page(src_uri, raw, _worker_context)


def worker_count(pages: int) -> int:
    """How many workers help this build: ALLIANCE_CHECK_WORKERS if set (0 turns them off), else the
    cores beyond the one MkDocs renders on, for sites large enough to gain; 0 where fork is unsafe."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 0  # fork only: a spawned worker would import the library again and may not find it
    if threading.active_count() > 1:
        return 0  # forking a process that runs threads may copy a lock another thread holds
    configured = os.environ.get(WORKERS_VARIABLE, "").strip()
    if configured:
        if not configured.isdigit():
            raise AllianceError(f"{WORKERS_VARIABLE}: '{configured}' is not a whole number; set it to "
                                "0 (check every page in the build's own process) or more, or unset it")
        return int(configured)
    return len(os.sched_getaffinity(0)) - 1 if pages >= MIN_PAGES else 0


class PageChecks:
    """This build's page checks: submitted together in on_files, taken one by one as MkDocs reads
    each page, closed when the build ends."""

    # Checks with workers still running, so a build that fails (on_build_error is given no config,
    # so no build state) can still stop them.
    _running: weakref.WeakSet[PageChecks] = weakref.WeakSet()

    def __init__(self, context: Context, pool: ProcessPoolExecutor | None = None,
                 submitted: dict[str, tuple[bytes, Future[PageRecord]]] | None = None) -> None:
        self._context = context
        self._pool = pool
        self._submitted = submitted or {}
        if pool is not None:
            PageChecks._running.add(self)

    @classmethod
    def close_all(cls) -> None:
        """Stop every pool of workers still running in this process."""
        for checks in list(cls._running):
            checks.close()

    @classmethod
    def start(cls, context: Context, pages: Iterable[tuple[str, bytes]]) -> PageChecks:
        """Checks of `pages` (src_uri, bytes) started on worker processes, if any may run here."""
        pages = list(pages)
        workers = worker_count(len(pages))
        if workers < 1 or not pages:
            return cls(context)
        try:
            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                       initializer=_start_worker, initargs=(context,))
            submitted = {uri: (raw, pool.submit(_check_in_worker, uri, raw)) for uri, raw in pages}
        except (OSError, NotImplementedError, BrokenProcessPool):  # no processes or semaphores here
            return cls(context)
        log.info(f"Alliance: checking {len(pages)} pages in {workers} worker process(es)")
        return cls(context, pool, submitted)

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def check(self, src_uri: str, raw: bytes) -> PageRecord:
        """The page's record: the worker's if it checked these very bytes, else checked here."""
        submitted = self._submitted.pop(src_uri, None)
        if submitted is not None and submitted[0] == raw:
            try:
                return submitted[1].result()
            except BrokenProcessPool:  # a worker was killed (out of memory, a signal): do it here
                pass
        return check_page(src_uri, raw, self._context)

    def close(self) -> None:
        """Stop the workers and drop results nobody took; safe to call more than once."""
        pool, self._pool = self._pool, None
        self._submitted.clear()
        PageChecks._running.discard(self)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
