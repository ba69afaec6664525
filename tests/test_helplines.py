"""Crisis helplines: every entry is checked against the service itself or shown as unverified, every
number can be dialled, and every bad entry names its place in mkdocs.yml and the fix."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from support import ROOT, mkdocs_build

from alliance import settings as site_settings
from alliance.problems import AllianceError
from alliance.render.page_view import crisis_view

TODAY = dt.date(2026, 11, 25)


def sample_settings():
    return site_settings.load(ROOT / "mkdocs.yml")


def sample_config() -> dict:
    return site_settings.load_mkdocs_yml(ROOT / "mkdocs.yml")


def helplines(settings):
    return [(region, helpline) for region in settings.regions for helpline in region.helplines]


# ---- the sample site: what readers are shown ------------------------------------------------------


def test_recently_verified_helplines_raise_nothing():
    settings = sample_settings()
    verified = max(h.verified for _, h in helplines(settings) if h.verified)
    assert site_settings.helpline_problems(settings, verified + dt.timedelta(days=30)) == []


def test_helplines_not_verified_within_the_configured_age_are_reported():
    settings = sample_settings()
    verified = min(h.verified for _, h in helplines(settings) if h.verified)
    later = verified + dt.timedelta(days=settings.helpline_max_age_days + 1)
    problems = site_settings.helpline_problems(settings, later)
    assert any(
        problem.startswith(
            "mkdocs.yml: extra.alliance.regions[0].helplines[1].verified: Samaritans: last verified"
        )
        and "update 'verified'" in problem
        for problem in problems
    ), problems


def test_never_verified_helplines_are_listed_and_shown_as_unverified():
    settings = sample_settings()
    assert any("Childline" in name for name in site_settings.unverified_helplines(settings))
    view = crisis_view(settings, lambda uri: uri)
    childline = [h for r in view["regions"] for h in r["helplines"] if "Childline" in h["name"]]
    assert childline and all(h["verified"] is None and h["method"] is None for h in childline)


def test_every_verified_entry_says_how_and_by_whom_on_the_services_own_site():
    for region, helpline in helplines(sample_settings()):
        host = helpline.source.split("/")[2]
        assert helpline.source.startswith("https://")
        assert host == helpline.service_domain or host.endswith("." + helpline.service_domain)
        if helpline.verified:
            assert helpline.method in site_settings.VERIFY_METHODS, (region.code, helpline.name)
            assert (ROOT / "docs/people" / f"{helpline.verified_by}.md").is_file()


@pytest.mark.parametrize("code", ["GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR", "US", "ZA"])
def test_each_covered_region_has_emergency_help_a_text_option_and_a_line_for_young_people(code):
    region = next(r for r in sample_settings().regions if r.code == code)
    assert region.emergency and region.emergency_department
    schemes = {scheme for h in region.helplines for _, _, scheme in h.numbers}
    assert "sms" in schemes, code
    young = [h for h in region.helplines if "young" in h.name.lower() or "any age" in h.name.lower()]
    assert young, code


def test_south_africa_lists_police_ambulance_and_mobile_emergency_numbers():
    region = next(r for r in sample_settings().regions if r.code == "ZA")
    assert [dialled for _, dialled, _ in region.emergency_numbers] == ["10111", "10177", "112"]


def test_the_sites_region_comes_first_and_text_numbers_are_sms_links():
    settings = sample_settings()
    view = crisis_view(settings, lambda uri: uri)
    assert view["regions"][0]["code"] == settings.region
    schemes = {n["scheme"] for r in view["regions"] for h in r["helplines"] for n in h["numbers"]}
    assert schemes == {"tel", "sms"}
    assert all(r["emergency_department"] for r in view["regions"])


# ---- bad entries: each refused with its place in mkdocs.yml and the fix ---------------------------


def first_helpline(config: dict) -> dict:
    return config["extra"]["alliance"]["regions"][0]["helplines"][0]


def set_field(key: str, value):
    def change(config: dict) -> None:
        if value is DELETE:
            first_helpline(config).pop(key, None)
        else:
            first_helpline(config)[key] = value

    return change


def set_region(key: str, value):
    def change(config: dict) -> None:
        config["extra"]["alliance"]["regions"][0][key] = value

    return change


def set_number(value):
    def change(config: dict) -> None:
        first_helpline(config)["numbers"] = [{"label": "Call", "number": value}]

    return change


DELETE = object()
HELPLINE = "mkdocs.yml: extra.alliance.regions[0].helplines[0]"
REGION = "mkdocs.yml: extra.alliance.regions[0]"

BAD_ENTRIES = [
    (
        "javascript source",
        set_field("source", "javascript:alert(1)"),
        f"{HELPLINE}.source: is 'javascript:alert(1)', not an https:// address",
    ),
    ("http source", set_field("source", "http://www.nhs.uk/"), f"{HELPLINE}.source: is 'http://"),
    (
        "source not the service's own",
        set_field("source", "https://news.example.org/nhs-111"),
        f"{HELPLINE}.source: 'https://news.example.org/nhs-111' is not on the service's own site (nhs.uk)",
    ),
    ("look-alike domain", set_field("source", "https://evilnhs.uk/"), "is not on the service's own site"),
    ("no service domain", set_field("service_domain", DELETE), f"{HELPLINE}.service_domain: is None"),
    (
        "service domain with a path",
        set_field("service_domain", "https://nhs.uk/x"),
        f"{HELPLINE}.service_domain: is 'https://nhs.uk/x'; write the service's own web address",
    ),
    (
        "letters in a number",
        set_number("0800-LIFELINE"),
        f"{HELPLINE}.numbers[0].number: is '0800-LIFELINE', not a number a phone can dial",
    ),
    ("a link as a number", set_number("javascript:alert(1)"), "not a number a phone can dial"),
    ("an empty number", set_number(""), "not a number a phone can dial"),
    (
        "a number entry that is text",
        set_field("numbers", ["116 123"]),
        f"{HELPLINE}.numbers[0]: is not a mapping",
    ),
    (
        "a date without a method",
        set_field("method", DELETE),
        f"{HELPLINE}.method: is empty; write how the numbers were checked",
    ),
    ("an unknown method", set_field("method", "notes"), f"{HELPLINE}.method: is 'notes'"),
    ("a date without a checker", set_field("verified_by", DELETE), f"{HELPLINE}.verified_by: is None"),
    (
        "a checker with no profile",
        set_field("verified_by", "nobody-here"),
        f"{HELPLINE}.verified_by: 'nobody-here' has no profile page in people/",
    ),
    (
        "a method without a date",
        set_field("verified", None),
        f"{HELPLINE}.verified: is empty while method or verified_by is set",
    ),
    ("a date that is not a date", set_field("verified", "last week"), f"{HELPLINE}.verified: is 'last week'"),
    (
        "emergency that is not a number",
        set_region("emergency", "call the police"),
        f"{REGION}.emergency: is 'call the police', not a number a phone can dial",
    ),
    (
        "emergency that is a link",
        set_region("emergency", "javascript:alert(1)"),
        f"{REGION}.emergency: is 'javascript:alert(1)'",
    ),
    (
        "no emergency department",
        set_region("emergency_department", ""),
        f"{REGION}.emergency_department: is ''",
    ),
    ("a bad region code", set_region("code", "england"), f"{REGION}.code: is 'england'"),
    (
        "a bad emergency number list",
        set_region("emergency_numbers", [{"label": "Police", "number": "x"}]),
        f"{REGION}.emergency_numbers[0].number: is 'x', not a number a phone can dial",
    ),
]


@pytest.mark.parametrize(
    ("change", "expected"), [case[1:] for case in BAD_ENTRIES], ids=[case[0] for case in BAD_ENTRIES]
)
def test_bad_helpline_entries_are_refused_with_place_and_fix(change, expected):
    config = copy.deepcopy(sample_config())
    change(config)
    with pytest.raises(AllianceError) as raised:
        site_settings.from_mkdocs_config(config, ROOT / "mkdocs.yml")
    message = str(raised.value)
    assert message.startswith("mkdocs.yml: extra.alliance.regions[0]"), message
    assert expected in message, message
    assert "; " in message  # problem; fix


def test_the_strip_shows_the_helpline_marked_for_it_or_the_regions_first():
    """The crisis box keeps the region's order; the one-line strip names the marked service."""
    view = crisis_view(sample_settings(), lambda uri: uri)
    assert view["regions"][0]["helplines"][0]["name"] == "NHS 111, choose the mental health option"
    assert (view["strip"]["name"], view["strip"]["tel"]) == ("Samaritans", "116123")
    config = copy.deepcopy(sample_config())
    for region in config["extra"]["alliance"]["regions"]:
        for helpline in region["helplines"]:
            helpline.pop("strip", None)
    unmarked = crisis_view(site_settings.from_mkdocs_config(config, ROOT / "mkdocs.yml"), lambda uri: uri)
    assert unmarked["strip"]["name"] == "NHS 111, choose the mental health option"


def test_two_helplines_for_the_strip_are_refused():
    config = copy.deepcopy(sample_config())
    first_helpline(config)["strip"] = True
    with pytest.raises(AllianceError) as raised:
        site_settings.from_mkdocs_config(config, ROOT / "mkdocs.yml")
    assert str(raised.value).startswith(
        f"{REGION}.helplines: NHS 111, choose the mental health "
        "option, Samaritans all have 'strip: true'; keep it on the one"
    )


@pytest.mark.parametrize(
    "number, dialled", [("116 123", "116123"), ("+27 800 567 567", "+27800567567"), ("999", "999")]
)
def test_dialable_numbers_are_accepted(number, dialled):
    config = copy.deepcopy(sample_config())
    set_number(number)(config)
    settings = site_settings.from_mkdocs_config(config, ROOT / "mkdocs.yml")
    assert settings.regions[0].helplines[0].numbers[0][1] == dialled


def test_an_unquoted_emergency_number_is_read_as_a_number():
    config = copy.deepcopy(sample_config())
    set_region("emergency", 999)(config)
    assert site_settings.from_mkdocs_config(config, ROOT / "mkdocs.yml").regions[0].emergency == "999"


def test_a_verified_date_in_the_future_is_reported():
    config = copy.deepcopy(sample_config())
    set_field("verified", dt.date(2030, 1, 1))(config)
    settings = site_settings.from_mkdocs_config(config, ROOT / "mkdocs.yml")
    problems = site_settings.helpline_problems(settings, TODAY)
    assert problems == [
        f"{HELPLINE}.verified: NHS 111, choose the mental health option: 2030-01-01 "
        "is in the future; write the date the numbers were actually checked"
    ]


def test_an_unverified_entry_needs_no_method_or_checker():
    config = copy.deepcopy(sample_config())
    for key in ("verified", "method", "verified_by"):
        first_helpline(config)[key] = None
    helpline = site_settings.from_mkdocs_config(config, ROOT / "mkdocs.yml").regions[0].helplines[0]
    assert (helpline.verified, helpline.method, helpline.verified_by) == (None, None, None)


# ---- the build ------------------------------------------------------------------------------------


def test_a_stale_helpline_fails_the_strict_build(project_copy: Path):
    settings = sample_settings()
    verified = min(h.verified for _, h in helplines(settings) if h.verified)
    later = verified + dt.timedelta(days=settings.helpline_max_age_days + 1)
    built = mkdocs_build(project_copy, project_copy / "site", ALLIANCE_TODAY=later.isoformat())
    assert built.returncode != 0
    assert "Samaritans: last verified" in built.output
    assert "Traceback" not in built.output


def test_a_bad_helpline_stops_the_build_with_its_place(project_copy: Path):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('emergency: "911"', 'emergency: "call 911"'), encoding="utf-8")
    built = mkdocs_build(project_copy, project_copy / "site", ALLIANCE_TODAY="2026-11-25")
    assert built.returncode != 0
    assert "extra.alliance.regions[4].emergency: is 'call 911', not a number a phone can dial" in built.output
    assert "Traceback" not in built.output
