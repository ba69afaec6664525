"""How many worker processes may help one run, and work shared out among them: the build's page
checks, and the commands' page checks and renders, all ask here, so one setting
(ALLIANCE_CHECK_WORKERS) and one rule about `fork` govern them all."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from alliance.problems import AllianceError

T = TypeVar("T")
R = TypeVar("R")

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


def in_shares(items: list[T], work: Callable[[list[T]], list[R]], workers: int) -> list[R]:
    """`work` over `items` split in `workers` + 1 interleaved shares: one worked here, the others on
    forked workers (which inherit all this process holds, so `work` reads what it needs from module
    state set before the call). The results come in the items' order; a share whose worker dies is
    worked here. `work` must be a module-level function and each result picklable."""
    if workers < 1 or len(items) < 2:
        return work(items)
    shares = [items[start :: workers + 1] for start in range(workers + 1)]
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        futures: list[Future[list[R]] | None] = [pool.submit(work, share) for share in shares[1:]]
    except (OSError, NotImplementedError, BrokenProcessPool):  # no processes or semaphores here
        return work(items)
    try:
        done = [work(shares[0])]
        for share, future in zip(shares[1:], futures, strict=True):
            try:
                done.append(future.result() if future is not None else work(share))
            except BrokenProcessPool:  # a worker killed (out of memory, a signal)
                done.append(work(share))
    finally:
        pool.shutdown(cancel_futures=True)
    results: list[R] = [None] * len(items)  # type: ignore[list-item]  # every place is filled below
    for start, share_results in enumerate(done):
        results[start :: workers + 1] = share_results
    return results
