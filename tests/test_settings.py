"""`alliance.settings`: mkdocs.yml read once and checked; each bad value stops with
`mkdocs.yml: extra.alliance.<field>: what; how to fix`, and the derived values (next review, page
urls, display paths, not-clinical globs) are what writers are told they are."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from support import ROOT

from alliance.problems import AllianceError
from alliance.settings import from_mkdocs_config, load, load_mkdocs_yml

SAMPLE = load_mkdocs_yml(ROOT / "mkdocs.yml")
CONFIG_FILE = ROOT / "mkdocs.yml"
MISSING = object()


def settings_with(key: str, value: Any, top: bool = False):
    """The sample settings with one value of extra.alliance (or, with `top`, of mkdocs.yml) changed;
    MISSING deletes it."""
    config = copy.deepcopy(SAMPLE)
    target = config if top else config["extra"]["alliance"]
    if value is MISSING:
        del target[key]
    else:
        target[key] = value
    return from_mkdocs_config(config, CONFIG_FILE)


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("review_interval_years", 0, "alliance.review_interval_years: is 0; set a whole number from 1 to 10"),
        ("review_interval_years", True, "review_interval_years: is True; set a whole number from 1 to 10"),
        ("review_interval_years", "3", "review_interval_years: is '3'; set a whole number"),
        ("due_soon_days", 366, "due_soon_days: is 366; set a whole number from 0 to 365"),
        ("helpline_max_age_days", 0, "helpline_max_age_days: is 0; set a whole number from 1 to 3650"),
        ("readability_max_grade", 21, "readability_max_grade: is 21; set a whole number from 1 to 20"),
        ("overdue", "warn", "extra.alliance.overdue: is 'warn'; set one of: error, notice"),
        ("production", "maybe", "extra.alliance.production: is 'maybe'; set true or false"),
        ("production", 1, "extra.alliance.production: is 1; set true or false"),
        ("publisher_name", "   ", "extra.alliance.publisher_name: is '   '; set it to some text"),
        ("disclaimer", MISSING, "extra.alliance.disclaimer: is None; set it to some text"),
        ("feedback_url", 5, "extra.alliance.feedback_url: is 5; set it to some text"),
        ("region", "XX", "extra.alliance.region: 'XX' is not one of the codes under extra.alliance.regions"),
        ("not_clinical", "index.md", "extra.alliance.not_clinical: is 'index.md'; list paths or globs"),
        ("not_clinical", ["/index.md"], "not_clinical: '/index.md' is not a path under docs/"),
        ("not_clinical", ["../outside.md"], "not_clinical: '../outside.md' is not a path under docs/"),
        ("not_clinical", ["  "], "extra.alliance.not_clinical: is ['  ']"),
        ("regions", [], "extra.alliance.regions: is missing or empty"),
        (
            "people_dir",
            "team",
            "verified_by: 'jordan-example' has no profile page in team/; use the id of an",
        ),
        ("regions", ["GB"], "extra.alliance.regions[0]: is not a mapping"),
    ],
    ids=lambda value: None if not isinstance(value, str) or " " in value else value,
)
def test_a_bad_setting_names_itself_and_the_fix(key: str, value: Any, says: str):
    with pytest.raises(AllianceError) as raised:
        settings_with(key, value)
    message = str(raised.value)
    assert message.startswith("mkdocs.yml: ") and says in message, message


@pytest.mark.parametrize(
    ("key", "says"),
    [
        (
            "site_url",
            "mkdocs.yml: site_url: is missing; structured data and the sitemap need the site's address",
        ),
        (
            "extra",
            "mkdocs.yml: extra.alliance: is missing or not a mapping; copy the 'extra: alliance:' block",
        ),
    ],
)
def test_missing_top_level_settings(key: str, says: str):
    with pytest.raises(AllianceError, match="^" + says.replace("(", r"\(").replace(".", r"\.")):
        settings_with(key, MISSING, top=True)


@pytest.mark.parametrize(
    ("key", "value", "attribute", "expected"),
    [
        ("production", "true", "production", True),  # !ENV hands the value over as text
        ("production", "no", "production", False),
        ("production", "", "production", False),
        ("production", True, "production", True),
        ("due_soon_days", MISSING, "due_soon_days", 60),
        ("review_interval_years", MISSING, "review_interval_years", 3),
        ("overdue", "notice", "overdue_severity", "notice"),
        ("people_dir", "/people/", "people_dir", "people"),
        ("readability_max_grade", 10, "readability_max_grade", 10.0),
        ("publisher_name", "  Padded  ", "publisher_name", "Padded"),
    ],
)
def test_good_values_and_defaults(key: str, value: Any, attribute: str, expected: Any):
    assert getattr(settings_with(key, value), attribute) == expected


def test_the_sample_settings():
    settings = load(CONFIG_FILE)
    assert settings.config_dir == ROOT and settings.docs_dir == ROOT / "docs"
    assert settings.region in {region.code for region in settings.regions}
    assert settings.site_url.startswith("https://") and settings.language == "en"
    assert settings.production is False  # ALLIANCE_PRODUCTION is unset in the tests
    assert "extra.css" not in settings.site_assets and settings.statuses[:2] == ("new", "deprecated")


def test_production_follows_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ALLIANCE_PRODUCTION", "true")
    assert load(CONFIG_FILE).production is True


@pytest.mark.parametrize(
    ("reviewed", "years", "expected"),
    [
        (dt.date(2026, 11, 20), 3, dt.date(2029, 11, 20)),
        (dt.date(2028, 2, 29), 3, dt.date(2031, 2, 28)),  # no 29 February that year
        (dt.date(2028, 2, 29), 4, dt.date(2032, 2, 29)),
        (dt.date(9998, 1, 1), 3, dt.date.max),  # past the calendar: in the future anyway, and reported
    ],
)
def test_next_review(reviewed: dt.date, years: int, expected: dt.date):
    assert settings_with("review_interval_years", years).next_review(reviewed) == expected


@pytest.mark.parametrize(
    ("site_url", "url", "expected"),
    [
        ("https://example.org/", "articles/a/", "https://example.org/articles/a/"),
        ("https://example.org", "/articles/a/", "https://example.org/articles/a/"),
        ("https://example.org/sub/", "", "https://example.org/sub/"),
    ],
)
def test_page_url(site_url: str, url: str, expected: str):
    assert settings_with("site_url", site_url, top=True).page_url(url) == expected


@pytest.mark.parametrize(
    ("globs", "src_uri", "expected"),
    [
        (["people/*"], "people/morgan-sample.md", True),
        (["people/*"], "people/team/morgan.md", False),  # '*' stays within a folder
        (["people/**"], "people/team/morgan.md", True),
        (["index.md"], "articles/index.md", False),
        (["about/how-we-review.md"], "about/how-we-review.md", True),
        (["articles/?.md"], "articles/a.md", True),
        (["articles/?.md"], "articles/ab.md", False),
        (["a+b.md"], "aab.md", False),  # only * ** ? are wildcards
    ],
)
def test_not_clinical_globs(globs: list[str], src_uri: str, expected: bool):
    assert settings_with("not_clinical", globs).is_not_clinical(src_uri) is expected


@pytest.mark.parametrize(
    ("docs_dir", "expected"),
    [
        (ROOT / "docs", "docs/articles/a.md"),
        (ROOT, "articles/a.md"),
        (Path("/elsewhere/docs"), "/elsewhere/docs/articles/a.md"),
    ],
)
def test_display_path_is_relative_to_the_project(docs_dir: Path, expected: str):
    settings = dataclasses.replace(load(CONFIG_FILE), docs_dir=docs_dir)
    assert settings.display_path("articles/a.md") == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (None, "not found; run alliance in the folder with mkdocs.yml, or pass --config-file"),
        ("site_name: [unclosed\n", "cannot be read"),
        ("- just\n- a list\n", "is not a mapping of settings"),
        ("INHERIT: missing.yml\n", "cannot be read"),
    ],
)
def test_an_unreadable_mkdocs_yml_is_refused_cleanly(text: str | None, says: str, tmp_path: Path):
    config = tmp_path / "mkdocs.yml"
    if text is not None:
        config.write_text(text, encoding="utf-8")
    with pytest.raises(AllianceError, match=f"^{config}: .*{says[:20]}"):
        load(config)


@pytest.mark.parametrize(
    "text",
    [
        None,  # the project's own mkdocs.yml
        "INHERIT: base.yml\nsite_name: Child\nextra: {alliance: {region: GB}}\n",
        "site_name: !ENV [ALLIANCE_TEST_NAME, fallback]\nnav: [{Home: index.md}, a.md]\n",
        "emoji: !!python/name:material.extensions.emoji.twemoji\nwhen: 2026-01-02\nflag: yes\n",
    ],
)
def test_mkdocs_yml_is_read_as_mkdocs_reads_it(
    text: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Alliance reads mkdocs.yml with MkDocs' own loader, so it gets what the build gets."""
    from mkdocs.utils.yaml import yaml_load

    monkeypatch.setenv("ALLIANCE_TEST_NAME", "From the environment")
    (tmp_path / "base.yml").write_text("site_name: Base\nextra: {alliance: {region: US, x: 1}}\n")
    config = CONFIG_FILE if text is None else tmp_path / "mkdocs.yml"
    if text is not None:
        config.write_text(text, encoding="utf-8")
    with open(config, encoding="utf-8") as handle:
        assert load_mkdocs_yml(config) == yaml_load(handle)


def test_what_mkdocs_refuses_is_reported_in_its_words(tmp_path: Path):
    from mkdocs.utils.yaml import yaml_load

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: !relative\n", encoding="utf-8")  # no build, so no !relative
    with open(config, encoding="utf-8") as handle, pytest.raises(Exception) as mkdocs_says:
        yaml_load(handle)
    with pytest.raises(AllianceError) as refused:
        load_mkdocs_yml(config)
    assert str(refused.value) == f"{config}: cannot be read: {mkdocs_says.value}"


def test_a_command_reads_mkdocs_yml_once_and_gets_the_settings_the_build_gets(
    monkeypatch: pytest.MonkeyPatch,
):
    """open_site (what check, status, approve and the other commands start with) parses mkdocs.yml once
    and takes the settings from MkDocs' loaded configuration, as the build's state does."""
    from mkdocs.config import defaults, load_config
    from mkdocs.utils import yaml as mkdocs_yaml

    from alliance.content.site import open_site

    parsed: list[str] = []
    parse = mkdocs_yaml.yaml_load

    def counting(source: Any, *args: Any, **kwargs: Any) -> Any:
        parsed.append(Path(getattr(source, "name", "")).name)
        return parse(source, *args, **kwargs)

    for module in (defaults, mkdocs_yaml):  # MkDocs' config reads it through the first, settings the second
        monkeypatch.setattr(module, "yaml_load", counting)
    settings, config = open_site(CONFIG_FILE)
    assert parsed.count("mkdocs.yml") == 1
    assert config.config_file_path == str(CONFIG_FILE)
    assert settings == from_mkdocs_config(load_config(str(CONFIG_FILE)), CONFIG_FILE) == load(CONFIG_FILE)
