"""Fixtures of the hostile-writer tests: the approved page the output check is handed, as built."""

from __future__ import annotations

import datetime as dt

import pytest
from support import ROOT, TEST_TODAY
from support.hostile import PAGE

from alliance import settings as site_settings
from alliance.content.site import load_site


@pytest.fixture(scope="module")
def checked():
    """The sample site's settings, people and the approved page's record, as verify-site sees them."""
    settings = site_settings.load(ROOT / "mkdocs.yml")
    site = load_site(settings, dt.date.fromisoformat(TEST_TODAY), [PAGE])
    (record,) = site.records
    assert record.reviewed, "the page must be approved for the byline and dates to be required"
    return settings, site.registry, record


@pytest.fixture(scope="module")
def page_html(built_site) -> str:
    return built_site.page("articles/ruptures-and-repair/")
