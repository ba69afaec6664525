"""The state of one MkDocs build, shared by the hook modules; created afresh in every on_config so
nothing leaks between `mkdocs serve` rebuilds."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from .page_files import Snippets
from .listing import ArticleIndex
from .pages import Context, PageRecord
from .parallel_checks import PageChecks
from .people import Person
from .problems import AllianceError
from .settings import Settings

TODAY_VARIABLE = "ALLIANCE_TODAY"


def today() -> dt.date:
    """Today's date, or ALLIANCE_TODAY (YYYY-MM-DD) so reviewers and tests can see a future build."""
    value = os.environ.get(TODAY_VARIABLE)
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise AllianceError(f"{TODAY_VARIABLE}: '{value}' is not a date; write YYYY-MM-DD or unset it") \
            from None


@dataclass
class BuildState:
    settings: Settings
    today: dt.date
    registry: dict[str, Person] = field(default_factory=dict)
    records: dict[str, PageRecord] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)  # docs src_uri -> site-relative url
    crisis: dict = field(default_factory=dict)  # the helplines as templates show them, built once
    snippets: Snippets | None = None  # pymdownx.snippets, read in on_files from the loaded config
    articles: ArticleIndex | None = None  # built once all pages are read (on_env)
    checks: PageChecks | None = None  # the pages' checks running in workers; closed as the build ends

    @property
    def context(self) -> Context:
        return Context(self.settings, self.registry, self.today, self.snippets)

    def site_url_of(self, src_uri: str) -> str:
        return self.urls.get(src_uri, "")


current: BuildState | None = None


def start(settings: Settings) -> BuildState:
    global current
    current = BuildState(settings, today())
    return current


def state() -> BuildState:
    if current is None:  # a hook ran without on_config: MkDocs always calls it first
        raise AllianceError("Alliance hooks: on_config did not run; list hooks/review_gate.py first "
                            "under 'hooks:' in mkdocs.yml")
    return current
