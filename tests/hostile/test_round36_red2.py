"""Red team 2, session 36: front matter built without PyYAML's constructor, and values tagged as what
they are not.

The red team compared 128,000 generated front matters old against new (0e8f913, the quick path that
builds a tree of plain nodes itself). No value, type, key order or flag differed; every difference
was an error, and all held an explicit `!!bool` or `!!timestamp` tag:

- PyYAML's constructors for those tags fail on a value that is not one (`!!bool foo` raised KeyError,
  `!!timestamp x` AttributeError), which stopped `alliance check` and `mkdocs build` alike with a
  traceback (before the quick path too). Now each is a clear problem at its line.
- The quick path built such values in its own order (depth first, a value before its key), so another
  error could surface first than PyYAML's (merge keys first, each key before its value, nested
  collections last). Now it builds only what cannot fail, and leaves a tagged flag or date to PyYAML.
"""

from __future__ import annotations

import datetime as dt

import pytest
from support import copy_project, mkdocs_build
from support.hostile import ARTICLE, CONTEXT, FRONT, page
from support.readings_before import parse_as_it_was

from alliance.content import frontmatter
from alliance.content.pages import check_page

# (text, the first problem PyYAML's order finds: words of its message, and its line)
CASES = [
    ("a: !!bool foo\n", ("'foo' is tagged !!bool but is not true or false", 2)),
    ("a: !!timestamp x\n", ("'x' is tagged !!timestamp but is not a date", 2)),
    ("a: !!bool foo\n<<: 1\n", ("expected a mapping or list of mappings for merging", 3)),
    ("a: !!timestamp x\n<<: 1\n", ("expected a mapping or list of mappings for merging", 3)),
    ("a: [!!timestamp x]\nb: !!int x\n", ("invalid literal for int() with base 10: 'x'", None)),
    ("a: [!!bool foo]\nb: !!float y\n", ("could not convert string to float: 'y'", None)),
    ("a: {b: !!bool foo}\nc: !x v\n", ("could not determine a constructor for the tag '!x'", 3)),
    ("a: [!!bool foo]\n? [k]\n: v\n", ("found unhashable key", 3)),
    ("!!timestamp x: !!bool foo\n", ("'x' is tagged !!timestamp", 2)),  # the key before its value
    ("a: [!!bool foo]\nb: !!timestamp x\n", ("'x' is tagged !!timestamp", 3)),  # nested last
    ("a: [!!timestamp x]\nb: !!bool foo\n", ("'foo' is tagged !!bool", 3)),
    ("!!bool foo: !!bool bar\n", ("'foo' is tagged !!bool", 2)),
    ("a: !!bool [x]\n", ("expected a scalar node, but found sequence", 2)),
]


@pytest.mark.parametrize("text, first", CASES, ids=[text for text, _ in CASES])
def test_a_value_that_fails_is_a_problem_found_in_pyyamls_order(text: str, first: tuple):
    data, problem, alike = frontmatter._parse(text)
    assert data is None and problem is not None and not alike
    assert first[0] in problem.message and problem.line == first[1], problem
    assert (data, problem, alike) == parse_as_it_was(text)  # PyYAML's own construction, same loader


@pytest.mark.parametrize(
    "text, value",
    [
        ("a: !!bool yes\n", True),
        ("a: !!bool 'Off'\n", False),
        ("a: !!timestamp 2026-12-03\n", dt.date(2026, 12, 3)),
        ("a: !!timestamp 2026-02-30\n", "2026-02-30"),  # an impossible date stays text, as untagged
    ],
)
def test_a_value_tagged_as_what_it_is_reads_as_untagged(text: str, value):
    data, problem, _ = frontmatter._parse(text)
    assert problem is None and data == {"a": value}
    assert frontmatter._parse(text) == parse_as_it_was(text)


@pytest.mark.parametrize(
    "extra, message",
    [
        ("tags: [!!bool x]\nupdated: !!int soon\n", "invalid literal for int() with base 10: 'soon'"),
        ("note: !!timestamp soon\n<<: 1\n", "expected a mapping or list of mappings for merging"),
        ("draft: !!bool maybe\n", "'maybe' is tagged !!bool but is not true or false"),
        ("updated: !!timestamp soon\n", "'soon' is tagged !!timestamp but is not a date"),
    ],
)
def test_a_page_with_a_failing_value_is_reported_not_a_traceback(extra: str, message: str):
    problems = check_page(ARTICLE, page(FRONT + extra), CONTEXT).problems
    found = [p for p in problems if p.field == "front matter" and message in p.message]
    assert found and found[0].fix, problems


def test_the_build_refuses_a_wrongly_tagged_flag_and_a_preview_shows_the_page(tmp_path):
    """Before, MkDocs' own reading of the page stopped the build with a KeyError: the gate now hands
    MkDocs the body alone, as for any front matter it refuses."""
    project = copy_project(tmp_path / "project")
    article = project / "docs" / "articles" / "ending-therapy.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("---\n", "---\nhide: !!bool maybe\n", 1), encoding="utf-8"
    )
    strict = mkdocs_build(project, tmp_path / "strict")
    assert strict.returncode == 1 and "Traceback" not in strict.output
    assert "docs/articles/ending-therapy.md:2: front matter: not valid YAML: 'maybe' is tagged !!bool" in (
        strict.output
    )
    preview = mkdocs_build(project, tmp_path / "preview", strict=False)
    assert preview.returncode == 0 and "Traceback" not in preview.output, preview.output
    assert (tmp_path / "preview" / "articles" / "ending-therapy" / "index.html").is_file()
