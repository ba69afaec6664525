"""How many worker processes may help one run, and work shared out among them: the build's page
checks, and the commands' page checks and renders, all ask here, so one setting
(ALLIANCE_CHECK_WORKERS) and one rule about `fork` govern them all."""

from __future__ import annotations

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


def in_shares(items: list[T], work: Callable[[S, list[T]], list[R]], state: S, workers: int) -> list[R]:
    """`work(state, share)` over `items` split in `workers` + 1 interleaved shares: one worked here,
    the others on forked workers, which inherit `state` as this process holds it (never pickled).
    The results come in the items' order; a share whose worker dies is worked here. `work` must be
    a module-level function and each result picklable."""
    if workers < 1 or len(items) < 2:
        return work(state, items)
    global _inherited
    shares = [items[start :: workers + 1] for start in range(workers + 1)]
    _inherited = state  # what each worker finds as it forks (the pool forks them all at the first submit)
    pool = None
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        futures = [pool.submit(_work_inherited, work, share) for share in shares[1:]]
    except (OSError, NotImplementedError, BrokenProcessPool):  # no processes or semaphores here
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        return work(state, items)
    finally:
        _inherited = None
    try:
        done = [work(state, shares[0])]
        for share, future in zip(shares[1:], futures, strict=True):
            try:
                done.append(future.result())
            except BrokenProcessPool:  # a worker killed (out of memory, a signal)
                done.append(work(state, share))
    finally:
        pool.shutdown(cancel_futures=True)
    results: list[R] = [None] * len(items)  # type: ignore[list-item]  # every place is filled below
    for start, share_results in enumerate(done):
        results[start :: workers + 1] = share_results
    return results


_inherited: Any = None  # in_shares' state, set while its workers fork


def _work_inherited(work: Callable[[Any, list[T]], list[R]], share: list[T]) -> list[R]:
    """In a worker: `work` on its share, with the state it inherited."""
    return work(_inherited, share)
