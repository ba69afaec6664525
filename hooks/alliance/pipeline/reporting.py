"""Send problems to MkDocs' log so `--strict` counts the errors and `mkdocs serve` shows them, and make
strict mode hold whatever the log level.

MkDocs counts warnings for `--strict` with a handler on its `mkdocs` logger; `-q` raises that
logger's level to ERROR, so every warning is dropped before the counter sees it and the build passes.
`-v` lowers it to DEBUG, and MkDocs then skips the anchor check (pages.py records links to anchors
only above DEBUG). ProperDocs does the same under its own `properdocs` logger. In strict mode the
watch below keeps warnings flowing (and shown: each one fails the build), keeps the anchor check on,
and counts every warning itself so the review gate can fail the build on its own count.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from alliance.problems import Problem

# Only loggers under "mkdocs" count toward --strict.
log = logging.getLogger("mkdocs.plugins.alliance")


def report(problems: Iterable[Problem]) -> None:
    for problem in problems:
        if problem.is_error:
            log.warning(str(problem))
        else:
            log.info(str(problem))


class _Counter(logging.Handler):
    """Counts records at WARNING and above, whatever handlers and filters the command line set."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class StrictWatch:
    """For one strict build: the log levels strictness needs, and a count of every warning."""

    def __init__(self) -> None:
        self._counter: _Counter | None = None
        self._restore: list[tuple[logging.Logger, int]] = []

    def start(self, strict: bool) -> None:
        self.stop()  # `mkdocs serve` runs on_config again for every rebuild
        if not strict:
            return
        # The command's own top logger: "mkdocs", or "properdocs" when MkDocs is ProperDocs' alias.
        top = logging.getLogger(PluginError.__module__.split(".")[0])
        for logger in {top, logging.getLogger("mkdocs")}:
            if logger.getEffectiveLevel() > logging.WARNING:  # -q: warnings would vanish uncounted
                self._set_level(logger, logging.WARNING)
        pages = logging.getLogger(Page.__module__)
        if pages.getEffectiveLevel() <= logging.DEBUG:  # -v: MkDocs would skip the anchor check
            self._set_level(pages, logging.INFO)
        self._counter = _Counter()
        top.addHandler(self._counter)
        self._top = top

    def _set_level(self, logger: logging.Logger, level: int) -> None:
        self._restore.append((logger, logger.level))
        logger.setLevel(level)

    def failure(self) -> PluginError | None:
        """The error that fails a strict build with warnings, or None."""
        if self._counter is None or not self._counter.count:
            return None
        return PluginError(
            f"Alliance: {self._counter.count} warning(s) and error(s) above; strict "
            "mode fails the build on every one (fix them, or build without --strict "
            "to preview)"
        )

    def stop(self) -> None:
        if self._counter is not None:
            self._top.removeHandler(self._counter)
            self._counter = None
        for logger, level in reversed(self._restore):
            logger.setLevel(level)
        self._restore.clear()


strict_watch = StrictWatch()  # one per process; start() resets it for every build
