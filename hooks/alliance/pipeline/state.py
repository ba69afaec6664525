"""The state of one MkDocs build, owned by that build's config object.

MkDocs hands every event the same `config` from on_config to on_post_build, and loads a new one for
each `mkdocs serve` rebuild. Keeping the state on it (rather than in a module global the hook files
share) means whichever hook file MkDocs calls first creates it, the hooks work in any order, and
nothing survives from one build to the next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alliance import clock
from alliance import settings as site_settings
from alliance.content.page_files import Snippets
from alliance.content.pages import Context, PageRecord
from alliance.content.people import Person
from alliance.settings import Settings

if TYPE_CHECKING:  # only named in annotations: `alliance check` loads the hooks, and with them this
    # module, but never builds, so it need not load the workers and the listings (hooks/trust.py)
    from alliance.pipeline.workers import PageChecks
    from alliance.render.listing import ArticleIndex

_ATTRIBUTE = "_alliance_build"  # where the state hangs on MkDocs' config object


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
    # Each page's bytes as read once in on_files, until MkDocs reads that page: the bytes checked are
    # the bytes rendered, and no page is read from disk twice.
    page_bytes: dict[str, bytes] = field(default_factory=dict)

    @property
    def context(self) -> Context:
        return Context(self.settings, self.registry, self.today, self.snippets)

    def site_url_of(self, src_uri: str) -> str:
        return self.urls.get(src_uri, "")


def of(config: Any) -> BuildState:
    """This build's state, made from the config the first time any hook asks (raises AllianceError
    for bad settings, which the hook turns into a PluginError)."""
    state = getattr(config, _ATTRIBUTE, None)
    if state is None:
        settings = site_settings.from_mkdocs_config(config, Path(config.config_file_path))
        state = BuildState(settings, clock.today())
        setattr(config, _ATTRIBUTE, state)
    return state


def existing(config: Any) -> BuildState | None:
    """This build's state if a hook has made it (for tests and clean-up)."""
    return getattr(config, _ATTRIBUTE, None)
