"""Crisis helplines: stale entries warn (and so fail the strict build); never-verified ones stay marked."""

from __future__ import annotations

import datetime as dt

from alliance import settings as site_settings
from alliance.page_view import crisis_view
from conftest import ROOT, mkdocs_build


def sample_settings():
    return site_settings.load(ROOT / "mkdocs.yml")


def test_recently_verified_helplines_raise_nothing():
    settings = sample_settings()
    verified = min(h.verified for r in settings.regions for h in r.helplines if h.verified)
    assert site_settings.helpline_problems(settings, verified + dt.timedelta(days=30)) == []


def test_helplines_not_verified_within_the_configured_age_are_reported():
    settings = sample_settings()
    verified = min(h.verified for r in settings.regions for h in r.helplines if h.verified)
    later = verified + dt.timedelta(days=settings.helpline_max_age_days + 1)
    problems = site_settings.helpline_problems(settings, later)
    assert any("Samaritans" in problem and "last verified" in problem and "update 'verified'"
               in problem for problem in problems)


def test_never_verified_helplines_are_listed_and_shown_as_unverified():
    settings = sample_settings()
    assert any("SADAG" in name for name in site_settings.unverified_helplines(settings))
    view = crisis_view(settings, lambda uri: uri)
    sadag = [h for r in view["regions"] for h in r["helplines"] if "SADAG" in h["name"]]
    assert sadag and all(h["verified"] is None for h in sadag)


def test_the_sites_region_comes_first_and_text_numbers_are_sms_links():
    settings = sample_settings()
    view = crisis_view(settings, lambda uri: uri)
    assert view["regions"][0]["code"] == settings.region
    schemes = {n["scheme"] for r in view["regions"] for h in r["helplines"] for n in h["numbers"]}
    assert schemes == {"tel", "sms"}


def test_a_stale_helpline_fails_the_strict_build(project_copy):
    settings = sample_settings()
    verified = min(h.verified for r in settings.regions for h in r.helplines if h.verified)
    later = verified + dt.timedelta(days=settings.helpline_max_age_days + 1)
    built = mkdocs_build(project_copy, project_copy / "site", ALLIANCE_TODAY=later.isoformat())
    assert built.returncode != 0
    assert "Samaritans: last verified" in built.output
    assert "Traceback" not in built.output
