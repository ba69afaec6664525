"""Red team, session 38: the six performance commits (b9b735b..9d46872 and on), compared old
against new, and two tracebacks in front matter that predate them.

Differential runs, old tree against new, over the same inputs (pages through `check_page`, bodies
through `unsafe_links`, `check_body`, `plain_targets` and `renderable.problems`, front matters
through `_parse` alone and five to a loader memo): no digest, problem, finding or value differed.
Two front matters stopped `alliance check` and `mkdocs build` alike with a traceback, before the
commits as after:

- A value tagged `!!int` or `!!float` whose text without underscores is empty (`a: !!int`,
  `a: !!float '_'`): PyYAML reads its first character, IndexError.
- An int too large to be written in decimal (`a: 1:59:59:…`, base 60, or `0x` and 3,600 hex
  digits): PyYAML builds it, and the first check or template to show it (`str()`) raised
  ValueError past Python's limit on the digits of an int written out.
"""

from __future__ import annotations

import pytest
from support import copy_project, mkdocs_build
from support.hostile import ARTICLE, CONTEXT, FRONT, page

from alliance.content import frontmatter
from alliance.content.pages import check_page

BIG_BASE_60 = "1" + ":59" * 3000
BIG_HEX = "0x" + "f" * 3600

EMPTY_NUMBERS = [
    ("a: !!int\n", "'' is tagged !!int but is not a whole number"),
    ("a: !!int ''\n", "'' is tagged !!int but is not a whole number"),
    ("a: !!int _\n", "'_' is tagged !!int but is not a whole number"),
    ("a: !!float\n", "'' is tagged !!float but is not a number"),
    ("a: !!float '__'\n", "'__' is tagged !!float but is not a number"),
    ("~: !!int\n", "'' is tagged !!int but is not a whole number"),
    ("!!int\n  \n  ", "'' is tagged !!int but is not a whole number"),
]


@pytest.mark.parametrize("text, words", EMPTY_NUMBERS, ids=[text for text, _ in EMPTY_NUMBERS])
def test_an_empty_number_is_a_problem_not_a_traceback(text: str, words: str):
    data, problem, alike = frontmatter._parse(text)
    assert data is None and problem is not None and not alike
    assert words in problem.message and problem.line == 2, problem


@pytest.mark.parametrize("value", [BIG_BASE_60, BIG_HEX, "0b" + "1" * 15000], ids=["base60", "hex", "binary"])
def test_a_number_too_large_to_show_is_a_problem_not_a_traceback(value: str):
    data, problem, _ = frontmatter._parse(f"a: {value}\n")
    assert data is None and problem is not None
    assert "is a number too large to show" in problem.message and problem.line == 2, problem


@pytest.mark.parametrize("value", ["12", "1_000", "1:20", "0x" + "f" * 400, "-0b101", "1.5", ".inf"])
def test_numbers_read_as_before(value: str):
    import yaml

    data, problem, _ = frontmatter._parse(f"a: {value}\n")
    assert problem is None and data == yaml.safe_load(f"a: {value}\n")


@pytest.mark.parametrize(
    "line",
    ["hide: [!!int]", f"hide: [{BIG_BASE_60}]", f"status: {BIG_HEX}", f"content_warnings: [{BIG_BASE_60}]"],
    ids=["empty-int", "base60-in-list", "hex", "base60-warning"],
)
def test_the_page_check_reports_the_number(line: str):
    record = check_page(ARTICLE, page(FRONT + line + "\n"), CONTEXT)  # raised IndexError, ValueError
    assert any(problem.field == "front matter" and problem.line == 6 for problem in record.errors), (
        record.problems
    )


def test_the_strict_build_fails_with_the_problem_not_a_traceback(tmp_path):
    project = copy_project(tmp_path / "project")
    article = project / "docs" / "articles" / "building-trust.md"
    article.write_text(
        article.read_text("utf-8").replace("\n", f"\nsearch:\n  boost: {BIG_BASE_60}\n", 1), "utf-8"
    )
    result = mkdocs_build(project, tmp_path / "site", strict=True)
    assert result.returncode != 0
    assert "is a number too large to show" in result.output and "Traceback" not in result.output
