"""The medical-review gate as a whole: the JSON Schema for editors, `alliance status` and `check`, the
production switch, the post-build check of the output, and bad site settings."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from support import PROJECT_PARTS, ROOT, alliance, mkdocs_build
from support.corpus import CORPUS

from alliance.content import frontmatter
from alliance.content.site import site_pages

ARTICLES = [
    "building-trust",
    "communication-and-boundaries",
    "ending-therapy",
    "finding-a-therapist",
    "first-sessions",
    "goals-and-collaboration",
    "ruptures-and-repair",
]
OPTED_OUT = [
    "docs/about/how-we-review.md",
    "docs/get-help.md",
    "docs/index.md",
    "docs/people/jordan-example.md",
    "docs/people/morgan-sample.md",
    "docs/articles/index.md",
    "docs/tags.md",
]
TODAY = "2026-11-25"


# ---- the JSON Schema ------------------------------------------------------------------------------


def as_json(value: Any) -> Any:
    """Front matter as an editor's YAML server hands it to a JSON Schema: dates are text."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def front_matter_of(raw: bytes) -> Any:
    text, problem = frontmatter.decode("page", raw)
    assert problem is None
    source = frontmatter.split(text)
    data, problem = frontmatter.parse(source.yaml_text)
    assert problem is None
    return as_json(data)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    committed = json.loads((ROOT / "docs/schema/front-matter.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(committed)
    return Draft202012Validator(committed, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_the_committed_schema_is_what_the_command_prints():
    printed = alliance(ROOT, "schema")
    assert printed.returncode == 0, printed.stderr
    committed = (ROOT / "docs/schema/front-matter.schema.json").read_text(encoding="utf-8")
    assert printed.stdout == committed
    checked = alliance(ROOT, "schema", "--check")
    assert checked.returncode == 0, checked.stderr


def test_schema_check_notices_a_stale_file(project_copy: Path):
    schema_file = project_copy / "docs/schema/front-matter.schema.json"
    schema_file.write_text(
        schema_file.read_text(encoding="utf-8").replace("morgan-sample", "someone"), encoding="utf-8"
    )
    done = alliance(project_copy, "schema", "--check")
    assert done.returncode == 1
    assert "docs/schema/front-matter.schema.json: is out of date; run: alliance schema --write" in done.stderr


@pytest.mark.parametrize("src_uri", site_pages(ROOT / "mkdocs.yml"))
def test_schema_accepts_every_real_page(validator, src_uri):
    data = front_matter_of((ROOT / "docs" / src_uri).read_bytes())
    errors = [error.message for error in validator.iter_errors(data)]
    assert not errors, errors


SCHEMA_CASES = [case for case in CORPUS if case.schema_rejects]


def test_the_corpus_has_enough_schema_cases():
    assert len(SCHEMA_CASES) >= 15


@pytest.mark.parametrize("case", SCHEMA_CASES, ids=[case.id for case in SCHEMA_CASES])
def test_schema_rejects_the_bad_corpus(validator, case):
    data = front_matter_of(case.content)
    assert list(validator.iter_errors(data)), f"the schema accepted {case.id}: {data}"


# ---- alliance check and status --------------------------------------------------------------------


def test_check_passes_on_the_real_site():
    done = alliance(ROOT, "check", ALLIANCE_TODAY=TODAY)
    assert done.returncode == 0, done.stderr
    assert f"checked {len(ARTICLES) + len(OPTED_OUT)} page(s): 0 error(s)" in done.stdout


def status_rows(project: Path, **env: str) -> dict[str, dict[str, str]]:
    done = alliance(project, "status", "--format", "json", **env)
    assert done.returncode == 0, done.stderr
    return {row["page"]: row for row in json.loads(done.stdout)}


def test_status_lists_every_real_page():
    rows = status_rows(ROOT, ALLIANCE_TODAY=TODAY)
    assert set(rows) == {f"docs/{uri}" for uri in site_pages(ROOT / "mkdocs.yml")}
    for name in ARTICLES:
        row = rows[f"docs/articles/{name}.md"]
        assert row["state"] == "sample"
        assert row["reviewer"] == "morgan-sample"
        assert row["reviewed"] == "2026-11-25" and row["next_review"] == "2029-11-25"
    for path in OPTED_OUT:
        assert rows[path]["state"] == "opted out"


REAL_REVIEWER = """---
title: Riley Real (test reviewer)
description: Riley Real is a reviewer profile made up for the status tests of the Alliance project.
clinical: false
person:
  name: Dr Riley Real
  credentials: DClinPsy
  role: Clinical psychologist
  roles: [reviewer]
  registration_body: Health and Care Professions Council
  registration_number: PYL012345
  github: riley-real
---

# Riley Real
"""
REAL_AUTHOR = (
    REAL_REVIEWER.replace("Riley Real", "Ash Writer")
    .replace("[reviewer]", "[author]")
    .replace("Dr Ash Writer", "Ash Writer")
    .replace(
        "  registration_body: Health and Care Professions Council\n  registration_number: PYL012345\n", ""
    )
    .replace("  github: riley-real\n", "")
)
PAGE = """---
title: {title}
description: A page made up for the status tests, long enough to be a real search snippet.
summary: It can help to tell your therapist how you feel. You can say it in your own words.
authors: [ash-writer]
---

# {title}

A short and plain line about therapy.
"""

# page name -> (approve on this date, or None; edit after approval?; state on TODAY)
STATUS_CASES = {
    "ok": ("2026-11-20", False, "ok"),
    "due-soon": ("2024-01-10", False, "due soon"),
    "overdue": ("2023-06-01", False, "overdue"),
    "changed": ("2026-11-20", True, "changed since review"),
    "missing": (None, False, "missing"),
}


@pytest.fixture(scope="module")
def status_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy with a real (non-sample) reviewer and one page in each review state; tests only read it."""
    project_copy = tmp_path_factory.mktemp("status") / "project"
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, project_copy / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            project_copy.mkdir(exist_ok=True)
            shutil.copy2(source, project_copy / part)
    people = project_copy / "docs/people"
    (people / "riley-real.md").write_text(REAL_REVIEWER, encoding="utf-8")
    (people / "ash-writer.md").write_text(REAL_AUTHOR, encoding="utf-8")
    for name, (approve_on, edit, _) in STATUS_CASES.items():
        path = f"docs/articles/status-{name}.md"
        (project_copy / path).write_text(PAGE.format(title=f"Status {name}"), encoding="utf-8")
        if approve_on:
            done = alliance(
                project_copy,
                "approve",
                path,
                "--reviewer",
                "riley-real",
                "--on",
                approve_on,
                ALLIANCE_TODAY=TODAY,
            )
            assert done.returncode == 0, done.stderr
        if edit:
            text = (project_copy / path).read_text(encoding="utf-8")
            (project_copy / path).write_text(text.replace("plain line", "plain sentence"), encoding="utf-8")
    (project_copy / "docs/articles/status-invalid.md").write_text("---\ntitle: [x\n---\n", encoding="utf-8")
    # New pages go into the record of published URLs, as `alliance new` would; the build and the
    # check fail on pages missing from it.
    assert alliance(project_copy, "urls", "--update").returncode == 0
    return project_copy


def expected_states() -> dict[str, str]:
    states = {f"docs/articles/status-{name}.md": state for name, (_, _, state) in STATUS_CASES.items()}
    states.update({f"docs/articles/{name}.md": "sample" for name in ARTICLES})
    states.update(dict.fromkeys(OPTED_OUT, "opted out"))
    states.update(
        {
            "docs/people/riley-real.md": "opted out",
            "docs/people/ash-writer.md": "opted out",
            "docs/articles/status-invalid.md": "invalid",
        }
    )
    return states


def test_status_shows_every_state_as_json(status_site: Path):
    rows = status_rows(status_site, ALLIANCE_TODAY=TODAY)
    assert {page: row["state"] for page, row in rows.items()} == expected_states()
    assert rows["docs/articles/status-ok.md"]["reviewer"] == "riley-real"
    assert rows["docs/articles/status-due-soon.md"]["next_review"] == "2027-01-10"
    assert rows["docs/articles/status-overdue.md"]["next_review"] == "2026-06-01"
    assert rows["docs/articles/status-missing.md"]["reviewer"] == ""


def test_status_table_and_markdown_agree_with_json(status_site: Path):
    table = alliance(status_site, "status", ALLIANCE_TODAY=TODAY).stdout
    markdown = alliance(status_site, "status", "--format", "markdown", ALLIANCE_TODAY=TODAY).stdout
    for page, state in expected_states().items():
        assert re.search(rf"^{re.escape(page)}\s+{re.escape(state)}(\s|$)", table, re.M), (page, table)
        assert re.search(rf"^\| {re.escape(page)} \| {re.escape(state)} \|", markdown, re.M), page
    assert "9 opted out" in markdown and "7 sample" in markdown and "1 due soon" in markdown


def test_check_fails_on_the_overdue_and_changed_pages_only(status_site: Path):
    done = alliance(status_site, "check", ALLIANCE_TODAY=TODAY)
    assert done.returncode == 1
    failing = set(re.findall(r"^(docs/\S+?\.md)(?::\d+)?: ", done.stderr, re.M))
    assert failing == {
        "docs/articles/status-overdue.md",
        "docs/articles/status-changed.md",
        "docs/articles/status-missing.md",
        "docs/articles/status-invalid.md",
    }
    assert (
        "notice: docs/articles/status-due-soon.md: review.next_review: the next review is due on "
        "2027-01-10" in done.stdout
    )


def test_overdue_can_be_configured_as_a_notice(status_site: Path):
    config = status_site / "mkdocs-notice.yml"
    config.write_text(
        (status_site / "mkdocs.yml").read_text(encoding="utf-8").replace("overdue: error", "overdue: notice"),
        encoding="utf-8",
    )
    done = alliance(
        status_site, "-f", config.name, "check", "docs/articles/status-overdue.md", ALLIANCE_TODAY=TODAY
    )
    assert done.returncode == 0, done.stderr
    assert (
        "notice: docs/articles/status-overdue.md: review.next_review: the review was due on "
        "2026-06-01" in done.stdout
    )


def test_reviews_expire(project_copy: Path):
    rows = status_rows(project_copy, ALLIANCE_TODAY="2029-11-26")
    assert {rows[f"docs/articles/{name}.md"]["state"] for name in ARTICLES} == {"overdue"}
    # Sample records stay marked as samples when their review comes due, and it is still reported.
    rows = status_rows(project_copy, ALLIANCE_TODAY="2029-10-01")
    assert {rows[f"docs/articles/{name}.md"]["state"] for name in ARTICLES} == {"sample"}
    # By then the helplines must have been verified again, or the check (like the build) fails on them.
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("verified: 2026-11-25", "verified: 2029-09-01"), encoding="utf-8")
    done = alliance(project_copy, "check", ALLIANCE_TODAY="2029-10-01")
    assert done.returncode == 0, done.stderr
    for name in ARTICLES:
        assert (
            f"notice: docs/articles/{name}.md: review.next_review: the next review is due on "
            "2029-11-25" in done.stdout
        )


# ---- the production switch ------------------------------------------------------------------------


def test_production_build_refuses_the_sample_reviewer(tmp_path: Path):
    built = mkdocs_build(ROOT, tmp_path / "site", ALLIANCE_PRODUCTION="true", ALLIANCE_TODAY=TODAY)
    assert built.returncode == 1
    assert "Traceback" not in built.output
    for name in ARTICLES:
        assert (
            f"docs/articles/{name}.md: review.reviewer: jordan-example, morgan-sample are sample "
            "placeholders, refused in production"
        ) in built.output


# ---- the post-build check of the output -----------------------------------------------------------


def test_verify_site_passes_on_the_built_site(built_site):
    done = alliance(ROOT, "verify-site", str(built_site.site_dir), ALLIANCE_TODAY=TODAY)
    assert done.returncode == 0, done.stderr
    assert "verified 7 clinical page(s)" in done.stdout and ": 0 problem(s)" in done.stdout


REMOVALS = {
    "byline": (r'<div class="alliance-byline" data-alliance="byline">.*?</div>', "the byline naming"),
    "disclaimer": (r'<aside class="alliance-disclaimer".*?</aside>', "the site's disclaimer"),
    "crisis": (r'<aside class="alliance-crisis".*?</aside>', "the crisis help notice with tel: links"),
    "json-ld": (r'<script type="application/ld\+json">.*?</script>', "MedicalWebPage structured data"),
    "review-dates": (r'<time datetime="2026-11-25">', "the review date 2026-11-25 as a <time>"),
    "sample-notice": (r'data-alliance="sample-notice"', "the 'sample review record' notice"),
}


@pytest.mark.parametrize("removed", REMOVALS)
def test_verify_site_fails_when_a_trust_signal_is_missing(built_site, tmp_path: Path, removed):
    site = tmp_path / "site"
    shutil.copytree(built_site.site_dir, site)
    page = site / "articles/ruptures-and-repair/index.html"
    pattern, says = REMOVALS[removed]
    html, count = re.subn(pattern, "", page.read_text(encoding="utf-8"), flags=re.S)
    assert count >= 1, f"nothing matched {pattern}: the test no longer removes anything"
    page.write_text(html, encoding="utf-8")
    done = alliance(ROOT, "verify-site", str(site), ALLIANCE_TODAY=TODAY)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert (
        f"docs/articles/ruptures-and-repair.md: output: articles/ruptures-and-repair/index.html "
        f"lacks {says}" in done.stderr
    )
    assert done.stderr.count("docs/articles/") == len(done.stderr.strip().splitlines()), (
        "only the edited page may fail"
    )
    assert "ruptures-and-repair" in done.stderr


def test_verify_site_fails_on_json_ld_that_does_not_parse(built_site, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(built_site.site_dir, site)
    page = site / "articles/building-trust/index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(
        html.replace('<script type="application/ld+json">{', '<script type="application/ld+json">{{', 1),
        encoding="utf-8",
    )
    done = alliance(ROOT, "verify-site", str(site), ALLIANCE_TODAY=TODAY)
    assert done.returncode == 1
    assert "articles/building-trust/index.html: JSON-LD block 1 is not valid JSON" in done.stderr


def test_verify_site_catches_a_build_without_the_hooks(project_copy: Path, tmp_path: Path):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    without_hooks = re.sub(r"^  - hooks/(review_gate|trust)\.py\n", "", text, flags=re.M)
    assert without_hooks != text
    config.write_text(without_hooks, encoding="utf-8")
    built = mkdocs_build(project_copy, tmp_path / "site", ALLIANCE_TODAY=TODAY)
    assert built.returncode == 0, built.output  # nothing in MkDocs itself notices
    done = alliance(project_copy, "verify-site", str(tmp_path / "site"), ALLIANCE_TODAY=TODAY)
    assert done.returncode == 1
    for name in ARTICLES:
        where = f"docs/articles/{name}.md: output: articles/{name}/index.html lacks"
        for says in (
            "the site's disclaimer",
            "the crisis help notice",
            "MedicalWebPage structured data",
            "the byline naming the author and the reviewer",
        ):
            assert f"{where} {says}" in done.stderr, (name, says)


def test_verify_site_without_a_built_site_is_a_clean_error(tmp_path: Path):
    done = alliance(ROOT, "verify-site", str(tmp_path / "nothing-here"))
    assert done.returncode == 2
    assert "no built site here; run mkdocs build first" in done.stderr
    assert "Traceback" not in done.stderr


# ---- bad site settings ----------------------------------------------------------------------------

BAD_SETTINGS = {
    "interval-is-text": (
        lambda text: text.replace("review_interval_years: 3", 'review_interval_years: "x"'),
        "mkdocs.yml: extra.alliance.review_interval_years: is 'x'",
    ),
    "no-alliance-block": (
        lambda text: re.sub(r"^  alliance:\n(    .*\n|\s*\n)+", "", text, flags=re.M),
        "mkdocs.yml: extra.alliance: is missing or not a mapping",
    ),
    "region-not-listed": (
        lambda text: text.replace("region: GB-ENG", "region: FR"),
        "mkdocs.yml: extra.alliance.region: 'FR' is not one of the codes",
    ),
    "overdue-unknown": (
        lambda text: text.replace("overdue: error", "overdue: sometimes"),
        "mkdocs.yml: extra.alliance.overdue: is 'sometimes'; set one of: error, notice",
    ),
    "helpline-without-digits": (
        lambda text: text.replace('number: "111"', 'number: "call us"', 1),
        "mkdocs.yml: extra.alliance.regions[0].helplines[0].numbers[0].number: "
        "is 'call us', not a number a phone can dial",
    ),
    "verified-not-a-date": (
        lambda text: text.replace("verified: 2026-11-25", "verified: last week", 1),
        "mkdocs.yml: extra.alliance.regions[0].helplines[0].verified: is 'last week'",
    ),
}


@pytest.mark.parametrize("case", BAD_SETTINGS)
def test_bad_settings_give_one_clean_line(project_copy: Path, tmp_path: Path, case):
    change, says = BAD_SETTINGS[case]
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert change(text) != text
    config.write_text(change(text), encoding="utf-8")

    checked = alliance(project_copy, "check")
    assert checked.returncode == 2
    assert checked.stderr.startswith(f"error: {says}"), checked.stderr
    assert len(checked.stderr.strip().splitlines()) == 1, checked.stderr

    built = mkdocs_build(project_copy, tmp_path / "site")
    assert built.returncode == 1
    assert "Traceback" not in built.output
    lines = [line for line in built.output.splitlines() if says in line]
    assert len(lines) == 1, built.output


def test_a_bad_today_is_a_clean_error(project_copy: Path, tmp_path: Path):
    checked = alliance(project_copy, "check", ALLIANCE_TODAY="tomorrow")
    assert checked.returncode == 2
    assert "ALLIANCE_TODAY: 'tomorrow' is not a date" in checked.stderr
    built = mkdocs_build(project_copy, tmp_path / "site", ALLIANCE_TODAY="tomorrow")
    assert built.returncode == 1
    assert "ALLIANCE_TODAY: 'tomorrow' is not a date" in built.output
    assert "Traceback" not in built.output + checked.stderr
