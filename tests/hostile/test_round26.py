"""Round 26 (2 Dec 2026): crisis help on the pages that need no review, and file names.

Helper 28 found three faults, all older than the day's changes. Two let a writer take crisis help
out of sight while the strict build and `alliance verify-site` passed:

- `template:` on a page the site opts out of review could name any theme template: redirect.html
  made "Get help now" a blank page reloading itself, 404.html replaced its helplines with "page not
  found", base.html dropped the crisis strip. Now only main.html and the site's templates that extend
  it are accepted (tests/hostile/test_input.py, rows `page-template-*`);
- the helplines of "Get help now" went after the first `</h1>` of its HTML, wherever that was: in a
  comment, a collapsed block, a tab or a footnote the page's Markdown opened. They now go after the
  title only when the page opens with it, else first; and the output check fails a help page whose
  helplines are not in the page itself, and any page without its crisis strip in sight (a second
  gate: Markdown escapes a `<!--` in a title and the body check refuses raw-text elements, so no
  page that passes the input gate is known to reach it).

The third: a file whose name is not UTF-8 stopped the build and `alliance check` with a traceback; it
is now refused with its name, as other files the site cannot publish are.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from support import BuildResult, alliance, copy_project, mkdocs_build
from support.hostile import EXTRA_CSS, SETTINGS, TODAY

from alliance.content.pages import PageRecord
from alliance.output import site_check

HELP = "get-help.md"
HELP_PAGE = "get-help/index.html"
PROFILE = "people/morgan-sample.md"
PROFILE_PAGE = "people/morgan-sample/index.html"
HELPLINES = re.compile(r'<section class="alliance-crisis alliance-crisis--full".*?</section>', re.S)
STRIP = re.compile(r'<p class="alliance-strip".*?</p>', re.S)


def _record(src_uri: str) -> PageRecord:
    return PageRecord(src_uri=src_uri, path=f"docs/{src_uri}", clinical=False)


def _check(src_uri: str, where: str, html: str) -> list[str]:
    return [
        problem.message
        for problem in site_check.check_output(_record(src_uri), where, html, SETTINGS, {}, EXTRA_CSS)
    ]


# ---- the output check: "Get help now" shows its helplines, every page its strip -----------------


@pytest.mark.parametrize(
    "move, says",
    [
        (lambda box: "", "lacks its helplines"),
        (lambda box: f"<!-- {box} -->", "lacks its helplines"),
        (lambda box: f"<details><summary>More</summary>{box}</details>", "inside a closed <details>"),
        (lambda box: f'<div class="footnote">{box}</div>', "not in the page itself"),
        (lambda box: f"<textarea>{box}", "inside a <textarea>"),
    ],
    ids=["removed", "in-a-comment", "in-closed-details", "in-a-footnote", "in-raw-text"],
)
def test_a_help_page_whose_helplines_are_out_of_sight_fails(built_site: BuildResult, move, says: str):
    html = built_site.page("get-help/")
    box = HELPLINES.search(html)
    assert box and _check(HELP, HELP_PAGE, html) == []
    moved = html[: box.start()] + move(box.group()) + html[box.end() :]
    problems = _check(HELP, HELP_PAGE, moved)
    assert any(says in message and message.startswith(HELP_PAGE) for message in problems), problems


@pytest.mark.parametrize(
    "change, says",
    [
        (lambda strip: "", "the crisis strip above the header is missing"),
        (lambda strip: strip.replace("<p ", "<p hidden ", 1), "the crisis strip is inside"),
        (lambda strip: strip + strip, "appears 2 times"),
    ],
    ids=["removed", "hidden", "twice"],
)
@pytest.mark.parametrize("url, src_uri", [("people/morgan-sample/", PROFILE), ("get-help/", HELP)])
def test_a_page_whose_crisis_strip_is_out_of_sight_fails(
    built_site: BuildResult, change, says: str, url: str, src_uri: str
):
    html = built_site.page(url)
    strip = STRIP.search(html)
    assert strip
    changed = html[: strip.start()] + change(strip.group()) + html[strip.end() :]
    problems = _check(src_uri, url + "index.html", changed)
    assert any(says in message for message in problems), problems


def test_a_clinical_page_without_its_crisis_strip_fails(built_site: BuildResult):
    from alliance.content.site import load_site

    site = load_site(SETTINGS, TODAY)
    record = next(record for record in site.records if record.src_uri == "articles/building-trust.md")
    html = built_site.page("articles/building-trust/")
    where = "articles/building-trust/index.html"
    assert site_check.check_output(record, where, html, SETTINGS, site.registry, EXTRA_CSS) == []
    without = STRIP.sub("", html, count=1)
    problems = site_check.check_output(record, where, without, SETTINGS, site.registry, EXTRA_CSS)
    assert [problem.message for problem in problems] == [
        f"{where}: the crisis strip above the header is missing"
    ]


# ---- the build: the helplines go after the title only when the page opens with it ----------------


def _help_page_with(project: Path, opening: str, title: str = "") -> None:
    page = project / "docs" / HELP
    text = page.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    body = body.replace("# Get help now\n", title, 1)
    page.write_text(f"{front}\n---\n{opening}{body}", encoding="utf-8")


def test_helplines_a_writer_tucks_away_are_shown_first_instead(tmp_path: Path):
    """The writer drops the title and opens with a collapsed block holding a `# ` heading: the first
    </h1> is inside it. The helplines now come first, in sight, and the gates pass."""
    project = copy_project(tmp_path / "project")
    _help_page_with(project, '??? note "Before you call"\n\n    # Before you call\n\n    Take a breath.\n\n')
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.output
    html = built.page("get-help/")
    article = html[html.index('<article class="md-content__inner') :]
    assert article.index("alliance-crisis--full") < article.index("<details")
    assert _check(HELP, HELP_PAGE, html) == []


# ---- a file name that is not UTF-8: a message, not a traceback -----------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes as a name")
def test_a_file_name_that_is_not_utf8_is_refused_with_its_name(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    article = project / "docs" / "articles" / "building-trust.md"
    (project / "docs" / "articles").joinpath(os.fsdecode(b"caf\xe9.md")).write_bytes(article.read_bytes())
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode != 0 and "Traceback" not in built.output
    assert (
        "docs/articles/caf\\xe9.md: file: has a name that is not valid UTF-8, so it cannot become a web "
        "address" in built.output
    ), built.output
    checked = alliance(project, "check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "docs/articles/caf\\xe9.md: file: has a name that is not valid UTF-8" in checked.stderr
