"""Work shared out among the cores (alliance.cores.in_shares): the same results in the same order as
working alone, whichever process did each share, and a dead worker's share worked here."""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import threading
import time

import pytest
from support import FORKS_IN_A_TEST_WORKER, ROOT

from alliance import cores
from alliance.content.site import load_site
from alliance.settings import load

pytestmark = FORKS_IN_A_TEST_WORKER


def _square_where(offset: int, items: list[int]) -> list[tuple[int, int]]:
    return [(item * item + offset, os.getpid()) for item in items]


def _dies_in_a_worker(offset: int, items: list[int]) -> list[tuple[int, int]]:
    if os.getpid() != _PARENT:
        os._exit(1)  # killed mid-work (out of memory, a signal)
    return _square_where(offset, items)


_PARENT = os.getpid()


@pytest.mark.parametrize("workers", [0, 1, 2, 5])
@pytest.mark.parametrize("count", [0, 1, 2, 7, 30])
def test_results_come_in_the_items_order_whoever_worked_them(workers: int, count: int):
    # While this process waits in `first`, the workers claim chunks: some of the work is theirs.
    results = cores.in_shares(list(range(count)), _square_where, 1, workers, first=lambda: time.sleep(0.1))
    assert [square for square, _ in results] == [item * item + 1 for item in range(count)]  # state: 1
    helpers = {pid for _, pid in results} - {os.getpid()}
    assert (1 <= len(helpers) <= workers) if (workers and count > 1) else not helpers


@pytest.mark.parametrize("workers", [0, 1, 2])
@pytest.mark.parametrize("count", [0, 1, 7, 200])
def test_this_process_runs_its_own_work_once_and_balances_it(workers: int, count: int):
    ran: list[int] = []
    results = cores.in_shares(
        list(range(count)), _square_where, 0, workers, first=lambda: ran.append(os.getpid())
    )
    assert ran == [os.getpid()]
    assert [square for square, _ in results] == [item * item for item in range(count)]


def test_a_long_first_task_leaves_the_items_to_the_workers():
    """While this process runs `first`, the workers take the chunks: a long `first` means fewer here."""
    results = cores.in_shares(list(range(64)), _square_where, 0, 1, first=lambda: time.sleep(0.5))
    worked_here = sum(pid == os.getpid() for _, pid in results)
    assert worked_here < len(results) // 2


def test_a_share_whose_worker_dies_is_worked_here():
    results = cores.in_shares(list(range(10)), _dies_in_a_worker, 0, 2)
    assert results == [(item * item, os.getpid()) for item in range(10)]


def test_load_site_shares_its_pages_out_and_gives_the_same_records(monkeypatch: pytest.MonkeyPatch):
    settings, today = load(ROOT / "mkdocs.yml"), dt.date(2026, 11, 25)
    monkeypatch.setenv(cores.WORKERS_VARIABLE, "0")
    alone = load_site(settings, today)
    shared_out: list[int] = []
    real = cores.in_shares

    def counting(items, work, state, workers, first=None):
        shared_out.append(workers)
        return real(items, work, state, workers, first)

    monkeypatch.setattr(cores, "in_shares", counting)
    monkeypatch.setenv(cores.WORKERS_VARIABLE, "2")
    shared = load_site(settings, today)
    facts = load_site(settings, today, texts=False)  # what check, status and verify-site ask for
    assert shared_out == [2, 2] and len(alone.records) > 3
    assert shared.records == alone.records
    assert facts.records == [record.facts() for record in alone.records]
    assert all(record.text is None and record.body == "" for record in facts.records)
    assert any(record.text for record in alone.records)
    assert cores._inherited is None  # nothing of this site left behind for the next


def _fails_in_a_worker(offset: int, items: list[int]) -> list[tuple[int, int]]:
    if os.getpid() != _PARENT:
        raise ValueError("a page the worker could not check")
    return _square_where(offset, items)


def test_an_error_in_a_worker_or_in_first_reaches_the_caller_and_leaves_nothing_running():
    with pytest.raises(ValueError, match="could not check"):
        cores.in_shares(list(range(40)), _fails_in_a_worker, 0, 1, first=lambda: time.sleep(0.2))

    def fails() -> None:
        raise KeyError("first")

    with pytest.raises(KeyError):
        cores.in_shares(list(range(40)), _square_where, 0, 1, first=fails)
    assert threading.active_count() == 1 and cores._inherited is None
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("already_frozen, expected", [(0, ["freeze", "unfreeze"]), (1234, [])])
def test_what_exists_when_the_workers_fork_is_frozen_until_they_are_done(
    monkeypatch: pytest.MonkeyPatch, gc_freezes: list[str], already_frozen: int, expected: list[str]
):
    """gc.freeze before the fork and gc.unfreeze after, as Python advises for forked workers; a
    process that froze objects itself (the test suite, after collection) is left as it is."""
    calls = gc_freezes
    monkeypatch.setattr(gc, "get_freeze_count", lambda: already_frozen)
    results = cores.in_shares(list(range(30)), _square_where, 0, 1, first=lambda: calls.append("first"))
    assert [square for square, _ in results] == [item * item for item in range(30)]
    assert calls == [*expected[:1], "first", *expected[1:]]
    calls.clear()
    cores.in_shares(list(range(30)), _square_where, 0, 0)  # no workers: nothing to freeze for
    assert calls == []
