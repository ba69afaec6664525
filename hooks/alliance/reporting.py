"""Send problems to MkDocs' log so `--strict` counts the errors and `mkdocs serve` shows them."""

from __future__ import annotations

import logging
from typing import Iterable

from .problems import Problem

# Only loggers under "mkdocs" count toward --strict.
log = logging.getLogger("mkdocs.plugins.alliance")


def report(problems: Iterable[Problem]) -> None:
    for problem in problems:
        if problem.is_error:
            log.warning(str(problem))
        else:
            log.info(str(problem))
