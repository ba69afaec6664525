"""How many worker processes may help one run: the build's page checks and `alliance check`'s
renders both ask here, so one setting and one rule about `fork` govern both."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading

from alliance.problems import AllianceError

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
