"""One shape for every problem Alliance reports: file, field, what is wrong, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# "error" fails `mkdocs build --strict` and `alliance check`; "notice" is reported and never fails.
Severity = Literal["error", "notice"]
# The field of the problems that would stop MkDocs rendering a page (content.renderable finds them):
# the build previews them instead. Here, so the build's own process can tell them apart without
# loading the page checks (alliance.content.pages says why).
MARKDOWN_FIELD = "markdown"


@dataclass(frozen=True)
class Problem:
    """A problem in one file, phrased for the writer who has to fix it."""

    path: str
    field: str
    message: str
    fix: str
    severity: Severity = "error"
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}; {self.fix}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class AllianceError(Exception):
    """A problem that stops the command or the build outright (a bad mkdocs.yml, an unreadable file)."""
