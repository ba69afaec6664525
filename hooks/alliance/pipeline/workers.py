"""One build's per-page work, run in worker processes while MkDocs renders.

Three kinds of work need only one page and the site's Context, never another page, so they run on
the machine's other cores while MkDocs renders on its own:

- `check`: the page's contract and review record (`check_page`), submitted for every page in
  on_files and taken as MkDocs reads each page;
- `view`: a clinical page's template data, with the FAQ and sources read from what readers see in
  its rendered HTML, submitted in on_page_content and taken in on_page_context;
- `check_output`: the output check of the page as MkDocs writes it, submitted in on_post_page and
  taken in on_post_build, which first makes sure the file on disk is the HTML that was checked.

Results are taken in the order MkDocs visits pages, so problems come in the same order and words as
when everything runs in-process. Where a pool cannot run (no `fork` on this platform, a process
that already runs threads, such as `mkdocs serve` rebuilding, one core, a small site, a worker that
died) the work is done in-process instead: the same result, only later.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import sys
import weakref
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

from alliance.content.pages import Context, PageRecord, check_page
from alliance.cores import freeze_for_fork, thaw, worker_count
from alliance.pipeline.reporting import log
from alliance.problems import Problem
from alliance.render.page_view import Shown, clinical_view

# Pages per message to the workers. Each message sent while MkDocs renders costs the rendering
# thread a few milliseconds (the pool's threads take the GIL to pass it on), so checks are all sent
# before rendering starts (on_files), views once every page is rendered (on_env), and output checks
# in large batches, the last one as soon as the last page is written.
BATCH = {"check": 0, "view": 0, "output": 48}  # 0: only when flushed
FLUSHED = 16  # pages per message when a whole batch is sent at once
# A flushed batch's first messages are smaller (1, 2, 4, 8 pages, then FLUSHED): MkDocs waits for its
# first page's result, which then comes back after one page's work instead of sixteen.
FIRST_MESSAGES = (1, 2, 4, 8)
SWITCH_INTERVAL = 0.0005  # seconds; Python's default is 0.005
# Seconds the build waits for a result not ready yet; one that takes longer is done in the build's own
# process, which then waits no more for that kind of work (see PageChecks._take).
FIRST_RESULT_WAIT = 1.0

_worker_context: Context | None = None  # a worker's copy of the build's Context, set as it starts
_worker_views: Any = None  # and of the build's state, for pages' views (pipeline.views.BuildState)
_Result = TypeVar("_Result")


def _start_worker(context: Context, views_state: Any) -> None:
    global _worker_context, _worker_views
    _worker_context, _worker_views = context, views_state


def _context() -> Context:
    if _worker_context is None:  # only _start_worker's pool runs these
        raise RuntimeError("alliance.pipeline.workers: a worker started without the build's context")
    return _worker_context


def _check_in_worker(src_uri: str, raw: bytes) -> PageRecord:
    return check_page(src_uri, raw, _context())


def _digest(written: bytes) -> bytes:
    """What identifies the bytes of a written page: a page rewritten to the same size within one
    tick of a coarse file system clock keeps its size and time, never its digest."""
    return hashlib.sha256(written).digest()


def _file_digest(html_file: Path) -> bytes | None:
    """The digest of what the file holds now, or None if it cannot be read."""
    try:
        return _digest(html_file.read_bytes())
    except OSError:
        return None


def _check_output_in_worker(
    record: PageRecord, html_file: Path, where: str, extra_css: tuple[str, ...]
) -> tuple[list[Problem], bytes | None]:
    """The output check of the file MkDocs wrote, and the digest of the bytes it read."""
    site_check = _site_check()
    context = _context()
    try:
        written = html_file.read_bytes()
        html = written.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return [], None  # the build's own process reads it again and says what is wrong
    return (
        site_check.check_output(record, where, html, context.settings, context.registry, extra_css),
        _digest(written),
    )


def _site_check():
    """The output check, imported on first use: `alliance check` and the other commands load this
    module with the hooks (MkDocs runs them as it reads mkdocs.yml) and never check output; the
    HTML parser and the checks are a tenth of such a command's start when nothing is compiled yet."""
    from alliance.output import site_check

    return site_check


def _view_in_worker(facts: Shown, record: PageRecord, html: bytes) -> dict[str, Any]:
    state = _worker_views  # the build's state as it was when the workers started (on_files)
    text = html.decode("utf-8", "surrogatepass")
    view = clinical_view(state.settings, state.registry, state.site_url_of, state.crisis, facts, record, text)
    del view["crisis"]  # the site's helplines, the same on every page: the build puts its own back
    return view


def _view_message(facts: Shown, record: PageRecord, html: str) -> tuple[Shown, PageRecord, bytes]:
    """A view's arguments as sent: the HTML as UTF-8 bytes, made as its message is sent. Pickling a
    str that is not ASCII caches a UTF-8 copy inside it, and MkDocs keeps every page's HTML until the
    build ends (8 MB more a 1,000 pages)."""
    return facts, record, html.encode("utf-8", "surrogatepass")


_TASKS: dict[str, Callable[..., Any]] = {
    "check": _check_in_worker,
    "view": _view_in_worker,
    "output": _check_output_in_worker,
}
_MESSAGES: dict[str, Callable[..., tuple]] = {"view": _view_message}  # the rest go as given


def _run_batch(kind: str, batch: list[tuple]) -> list[Any]:
    # One message per batch of pages, not per page: each message to a pool costs the rendering
    # process thread switches, and pickling a batch costs no more than its pages one by one.
    task = _TASKS[kind]
    return [task(*arguments) for arguments in batch]


class _Batch:
    """Work for the pool gathered until there is a batch's worth, then sent as one message."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.keys: list[str] = []
        self.given: list[Any] = []  # what each page's work was given, to match it when taken
        self.arguments: list[tuple] = []


_QUEUED = None  # a page's work is gathered in its batch but not yet sent


def _chunks(count: int, ramp: bool = True) -> list[slice]:
    """The messages `count` gathered pages go in: FIRST_MESSAGES' sizes (if `ramp`), then FLUSHED each."""
    chunks, start = [], 0
    sizes = iter(FIRST_MESSAGES if ramp else ())
    while start < count:
        size = next(sizes, FLUSHED)
        chunks.append(slice(start, min(start + size, count)))
        start += size
    return chunks


class PageChecks:
    """This build's per-page work: submitted as MkDocs reaches each stage, taken in page order,
    closed when the build ends."""

    # Pools still running, so a build that fails (on_build_error is given no config, so no build
    # state) can still stop them.
    _running: weakref.WeakSet[PageChecks] = weakref.WeakSet()

    def __init__(
        self, context: Context, pool: ProcessPoolExecutor | None = None, views: bool = False
    ) -> None:
        self._context = context
        self._pool = pool
        self._views = views
        self._switch_interval: float | None = None  # Python's, while the pool runs
        self._froze = False  # this build moved what existed at the fork out of the collector's reach
        self._expected_outputs = 0  # pages whose output check is sent as soon as the last is written
        self._outputs = 0  # output checks submitted so far
        self.taken = dict.fromkeys(_TASKS, 0)  # results used from the workers, per kind of work
        self._done_here: set[str] = set()  # kinds of work this process has done itself
        self._pending = {kind: _Batch(kind) for kind in _TASKS}
        # (kind, src_uri) -> (what the work was given, the batch's future, the page's place in it)
        self._sent: dict[tuple[str, str], tuple[Any, Future[list[Any]], int] | None] = {}
        if pool is not None:
            PageChecks._running.add(self)

    @classmethod
    def start(
        cls, context: Context, pages: Iterable[tuple[str, bytes]], views_state: Any = None
    ) -> PageChecks:
        """Checks of `pages` (src_uri, bytes) started on worker processes, if any may run here;
        `views_state` (the BuildState) lets them build pages' views too."""
        # A build interrupted in this process (Ctrl-C is no Exception, so MkDocs called no
        # on_build_error) left its pool, the pool's threads (no pool forks beside them) and its
        # freeze: undone before this build starts (red team, round 25).
        cls.close_all()
        pages = list(pages)
        workers = worker_count(len(pages))
        if workers < 1 or not pages:
            return cls(context)
        try:
            pool = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(context, views_state),
            )
        except (OSError, NotImplementedError, BrokenProcessPool):  # no processes or semaphores here
            return cls(context)
        checks = cls(context, pool, views_state is not None)
        # The pool's own threads (one feeds the workers, one collects results) need the GIL for a
        # moment per batch; at Python's default 5 ms switch interval the rendering thread, which
        # holds it, stalls that long at every hand-over. A shorter interval while the pool runs
        # makes each hand-over brief; close() restores it.
        checks._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        for uri, raw in pages:
            checks._add("check", uri, raw, (uri, raw))
        checks._expected_outputs = len(pages)
        # The build's records and results are some 25,000 objects more than MkDocs alone holds: its
        # full collections took 0.35-0.40 s a 1,000 pages against 0.21-0.25 s without the hooks, and
        # 0.18-0.19 s with what exists at the fork frozen (MkDocs' startup objects included).
        checks._froze = freeze_for_fork()
        checks.flush()  # the pool forks its workers at the first message
        log.info(f"Alliance: checking {len(pages)} pages in {workers} worker process(es)")
        return checks

    @classmethod
    def close_all(cls) -> None:
        """Stop every pool of workers still running in this process."""
        for checks in list(cls._running):
            checks.close()

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def check(self, src_uri: str, raw: bytes) -> PageRecord:
        """The page's record: the worker's if it checked these very bytes, else checked here."""
        record = self._take("check", src_uri, raw)
        return record if record is not None else check_page(src_uri, raw, self._context)

    def submit_view(self, facts: Shown, record: PageRecord, html: str) -> None:
        """Gather a clinical page's view to build from its rendered HTML (sent at the next flush)."""
        if self._pool is not None and self._views:
            self._add("view", record.src_uri, html, (facts, record.facts(), html))

    def view(self, src_uri: str, html: str) -> dict[str, Any] | None:
        """The page's view as a worker built it from this very HTML, or None to build it here."""
        return self._take("view", src_uri, html)

    def submit_output(
        self, record: PageRecord, html_file: Path, where: str, extra_css: tuple[str, ...]
    ) -> None:
        """Queue the output check of a page MkDocs is about to write to `html_file` (`where` inside
        the site folder). Called in on_post_page, before the write, so a full batch is sent before
        this page joins the next one: its pages are written by now, and the worker reads each from
        disk (no page's HTML crosses the pipe)."""
        if self._pool is None:
            return
        # The check reads the record's facts, not its text: send less to the worker.
        arguments = (record.facts(), html_file, where, extra_css)
        self._add("output", record.src_uri, html_file, arguments, send_first=True)
        self._outputs += 1
        if self._outputs == self._expected_outputs:  # the last page: its batch is written by now
            self._send(self._pending["output"])

    def output_problems(
        self, record: PageRecord, site_dir: Path, extra_css: tuple[str, ...]
    ) -> list[Problem]:
        """The output check of the page as written in `site_dir`: the worker's if the file still
        holds the very bytes it read (nothing rewrote it since), else checked here."""
        html_file, _ = _site_check().output_file(site_dir, record, self._context.settings)
        return self._reused_or_checked(
            record, html_file, functools.partial(_file_digest, html_file), site_dir, extra_css
        )

    def all_output_problems(
        self, records: list[PageRecord], site_dir: Path, extra_css: tuple[str, ...]
    ) -> Iterator[list[Problem]]:
        """output_problems of each record, in order. Where the workers checked the pages, what each
        file holds now is read and hashed on two threads meanwhile (both release the GIL): a
        thousand pages are some 65 MB, about 70 ms of the build's end on one thread."""
        if self._pool is None:  # nothing was checked elsewhere: no digest to compare
            for record in records:
                yield self.output_problems(record, site_dir, extra_css)
            return
        settings = self._context.settings
        files = [_site_check().output_file(site_dir, record, settings)[0] for record in records]
        with ThreadPoolExecutor(max_workers=2) as readers:
            digests = [readers.submit(_file_digest, html_file) for html_file in files]  # all at once
            for record, html_file, now in zip(records, files, digests, strict=True):
                yield self._reused_or_checked(record, html_file, now.result, site_dir, extra_css)

    def _reused_or_checked(
        self,
        record: PageRecord,
        html_file: Path,
        digest_now: Callable[[], bytes | None],
        site_dir: Path,
        extra_css: tuple[str, ...],
    ) -> list[Problem]:
        """The worker's output problems if the file still holds the very bytes it read (the bytes
        themselves, not the size and time: see _digest), else the page checked here."""
        found = self._take("output", record.src_uri, html_file)
        if found is not None and found[1] is not None and digest_now() == found[1]:
            return found[0]
        return _site_check().check_built_page(
            site_dir, record, self._context.settings, self._context.registry, extra_css
        )

    def flush(self) -> None:
        """Send every queued page to the workers (all pages written or rendered by now)."""
        for batch in self._pending.values():
            self._send(batch)

    def _add(self, kind: str, src_uri: str, given: Any, arguments: tuple, send_first: bool = False) -> None:
        batch = self._pending[kind]
        size = BATCH[kind]
        if send_first and size and len(batch.keys) >= size:
            self._send(batch)
        batch.keys.append(src_uri)
        batch.given.append(given)
        batch.arguments.append(arguments)
        self._sent[(kind, src_uri)] = _QUEUED
        if not send_first and size and len(batch.keys) >= size:
            self._send(batch)

    def _send(self, batch: _Batch) -> None:
        """Send what the batch gathered, in messages of at most FLUSHED pages (the first ones
        smaller), so the first pages' results come back while the workers go on with the rest."""
        if not batch.keys or self._pool is None:
            return
        keys, given, arguments = batch.keys, batch.given, batch.arguments
        batch.keys, batch.given, batch.arguments = [], [], []
        message = _MESSAGES.get(batch.kind)
        for chunk in _chunks(len(keys), ramp=not BATCH[batch.kind]):
            sent = [message(*given) for given in arguments[chunk]] if message else arguments[chunk]
            try:
                future = self._pool.submit(_run_batch, batch.kind, sent)
            except (BrokenProcessPool, RuntimeError, OSError):  # dead, shut down, or no fork: here
                for key in keys[chunk.start :]:
                    self._sent.pop((batch.kind, key), None)
                return
            for place, (key, what) in enumerate(zip(keys[chunk], given[chunk], strict=True)):
                self._sent[(batch.kind, key)] = (what, future, place)

    def _take(self, kind: str, src_uri: str, given: Any) -> Any:
        """The worker's result for a page, if it has done this work on `given`; None to do it here.

        A result not ready yet is waited for until this process has done such work itself: its
        first page would load what the work needs (the page checks and the hyphenation dictionary,
        some 0.1 s), while a worker's result comes with the rest of its message, a few pages' work
        (a build's early pages are read faster than the starting worker checks them). Once loaded
        here, the page's work takes a few milliseconds, and waiting can take longer (the last pages
        wait for their batch): no more waits. A wait that lasts FIRST_RESULT_WAIT (a stalled worker)
        ends with the page done here too. The result is the same either way."""
        if (kind, src_uri) in self._sent and self._sent[(kind, src_uri)] is _QUEUED:
            self._send(self._pending[kind])  # still gathered: send its batch now
        result = self._result(kind, src_uri, given)
        if result is None:
            self._done_here.add(kind)  # the caller does the work here
        else:
            self.taken[kind] += 1
        return result

    def _result(self, kind: str, src_uri: str, given: Any) -> Any:
        sent = self._sent.pop((kind, src_uri), None)
        if sent is None or not (sent[0] is given or sent[0] == given):
            return None
        if not sent[1].done() and not self._result_comes(kind, sent[1]):
            return None
        try:
            return sent[1].result()[sent[2]]
        except BrokenProcessPool:  # a worker was killed (out of memory, a signal): do it here
            return None

    def _result_comes(self, kind: str, future: Future[list[Any]]) -> bool:
        """Wait, at most FIRST_RESULT_WAIT, for a result, unless this process has done such work."""
        if kind in self._done_here:
            return False
        done, _ = wait([future], timeout=FIRST_RESULT_WAIT)
        return bool(done)

    def settle(self) -> None:
        """Wait until the workers have done everything sent to them (tests use this)."""
        futures = {sent[1] for sent in self._sent.values() if sent is not None}
        for future in futures:
            try:
                future.result()
            except BrokenProcessPool:
                return

    def close(self) -> None:
        """Stop the workers and drop results nobody took; safe to call more than once."""
        pool, self._pool = self._pool, None
        self._sent.clear()
        for batch in self._pending.values():
            batch.keys, batch.given, batch.arguments = [], [], []
        PageChecks._running.discard(self)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if self._switch_interval is not None:
            sys.setswitchinterval(self._switch_interval)
            self._switch_interval = None
        if self._froze:
            thaw()  # the build's garbage is collected as usual again
            self._froze = False
