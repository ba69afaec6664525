"""How many worker processes may help one run, and work shared out among them: the build's page
checks, and the commands' page checks and renders, all ask here, so one setting
(ALLIANCE_CHECK_WORKERS) and one rule about `fork` govern them all."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from alliance.problems import AllianceError

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

WORKERS_VARIABLE = "ALLIANCE_CHECK_WORKERS"
MIN_PAGES = 50  # below this, starting workers costs more than checking the pages here
# Chunks per process: small enough that the last ones balance the load (a claim costs a lock on a
# shared counter, a few microseconds).
CHUNKS_PER_PROCESS = 16


def worker_count(pages: int) -> int:
    """How many workers help: ALLIANCE_CHECK_WORKERS if set (0 turns them off), else the cores
    beyond the one this process runs on, for sites large enough to gain; 0 where fork is unsafe."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 0  # fork only: a spawned worker would import the library again and may not find it
    if threading.active_count() > 1:
        return 0  # forking a process that runs threads may copy a lock another thread holds
    configured = os.environ.get(WORKERS_VARIABLE, "").strip()
    if configured:
        if not (configured.isascii() and configured.isdigit()):  # int() refuses "²", which isdigit() allows
            raise AllianceError(
                f"{WORKERS_VARIABLE}: '{configured}' is not a whole number; set it to "
                "0 (check every page in the build's own process) or more, or unset it"
            )
        return int(configured)
    return len(os.sched_getaffinity(0)) - 1 if pages >= MIN_PAGES else 0


def freeze_for_fork() -> bool:
    """Python's advice for workers forked without exec (the `gc.freeze` documentation): what exists
    when they fork (MkDocs' configuration, theme and file list, the imported modules, the pages) is
    moved out of the garbage collector's reach until the caller calls thaw(). The workers'
    collections then never touch (so never copy) the memory they share with this process, and
    neither process rescans those objects at each full collection. True if it froze: only a process
    where nothing is frozen yet does, so a program that manages its own frozen objects (the test
    suite) is left as it is."""
    global _thawed
    if gc.get_freeze_count():
        return False
    if _thawed:
        # Objects unfrozen after an earlier run count towards no collection, so in a process that
        # builds again (a build service, a notebook) they would be frozen again, and the earlier
        # builds never freed (red team, round 25): collect them first.
        gc.collect()
        _thawed = False
    gc.freeze()
    return True


def thaw() -> None:
    """Undo freeze_for_fork once its caller's workers are done."""
    global _thawed
    gc.unfreeze()
    _thawed = True


_thawed = False  # thaw() ran since the last full collection freeze_for_fork made


def in_shares(
    items: list[T],
    work: Callable[[S, list[T]], list[R]],
    state: S,
    workers: int,
    first: Callable[[], Any] | None = None,
) -> list[R]:
    """`work(state, chunk)` over `items` cut in chunks, which this process and `workers` forked
    workers (holding `state` as this process holds it, never pickled) claim one at a time from a
    shared counter; this process first runs `first` (work of its own that needs nothing from the
    items), so the load balances whatever `first` and each chunk cost. The results come in the
    items' order; chunks a dead worker claimed are worked here. `work` must be a module-level
    function and each result picklable."""
    if workers < 1 or len(items) < 2:
        if first is not None:
            first()
        return work(state, items)
    global _inherited
    context = multiprocessing.get_context("fork")
    size = max(1, len(items) // (CHUNKS_PER_PROCESS * (workers + 1)))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    pool = None
    froze = freeze_for_fork()
    try:
        claims = context.Value("i", 0)  # the next chunk to claim, shared with the workers
        # What each worker finds as it forks (the pool forks them all at the first submit).
        _inherited = (state, chunks, claims)
        pool = ProcessPoolExecutor(workers, mp_context=context)
        futures = [pool.submit(_claim_inherited, work) for _ in range(workers)]
    except (OSError, NotImplementedError, BrokenProcessPool):  # no processes or semaphores here
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if froze:
            thaw()
        if first is not None:
            first()
        return work(state, items)
    finally:
        _inherited = None
    try:
        if first is not None:
            first()
        done = _claim(work, state, chunks, claims)
        for future in futures:
            try:
                done.update(future.result())
            except BrokenProcessPool:  # a worker killed (out of memory, a signal): its chunks are lost
                pass
    finally:
        pool.shutdown(cancel_futures=True)
        if froze:
            thaw()
    return [
        result
        for index, chunk in enumerate(chunks)
        for result in (done[index] if index in done else work(state, chunk))
    ]


def _claim(
    work: Callable[[S, list[T]], list[R]], state: S, chunks: list[list[T]], claims: Any
) -> dict[int, list[R]]:
    """Claim chunks from the shared counter and work them until none is left; results by chunk."""
    done: dict[int, list[R]] = {}
    while True:
        with claims.get_lock():
            index = claims.value
            claims.value = index + 1
        if index >= len(chunks):
            return done
        done[index] = work(state, chunks[index])


_inherited: Any = None  # in_shares' state, set while its workers fork


def _claim_inherited(work: Callable[[Any, list[T]], list[R]]) -> dict[int, list[R]]:
    """In a worker: claim and work chunks, with the state, chunks and counter it inherited."""
    state, chunks, claims = _inherited
    return _claim(work, state, chunks, claims)
