"""A corpus of bad pages: each must fail `alliance check` (and the strict build) with a message that
names the file and the field, and never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import alliance, mkdocs_build
from support.corpus import BAD_PATH, BASE, CORPUS, TODAY, Bad, reviewed_page

from alliance.render.html_extract import visible_text


def message_line(output: str, path: str, field_name: str) -> str | None:
    """The line of `output` that reports `field_name` in `path` (with or without a line number)."""
    pattern = re.compile(rf"^(?:error: )?{re.escape(path)}(?::\d+)?: {re.escape(field_name)}: .+$", re.M)
    found = pattern.search(output)
    return found.group(0) if found else None


@pytest.fixture
def project_copy(project_copy: Path) -> Path:
    """Every test here writes BAD_PATH; its URL is recorded as `alliance new` would, so the only
    problems reported are the page's own (the check, like the build, fails on an unrecorded page)."""
    record = project_copy / "docs" / ".published-urls.txt"
    record.write_text(record.read_text(encoding="utf-8") + "/articles/bad/\n", encoding="utf-8")
    return project_copy


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 25
    assert len({case.id for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[case.id for case in CORPUS])
def test_check_names_the_file_and_the_field(project_copy: Path, case: Bad):
    (project_copy / BAD_PATH).write_bytes(case.content)
    done = alliance(project_copy, "check", BAD_PATH, **{"ALLIANCE_TODAY": TODAY, **case.env})
    output = done.stdout + done.stderr
    assert done.returncode == case.status, output
    assert "Traceback" not in output
    line = message_line(output, BAD_PATH, case.field)
    assert line, f"no '{BAD_PATH}: {case.field}: …' in:\n{output}"
    for words in case.says:
        assert words in line, f"{words!r} not in {line!r}"


def test_the_good_page_of_the_corpus_passes(project_copy: Path):
    """The corpus bends one thing at a time, so the page it starts from must be clean."""
    (project_copy / BAD_PATH).write_bytes(reviewed_page())
    done = alliance(project_copy, "check", BAD_PATH, ALLIANCE_TODAY=TODAY)
    assert done.returncode == 0, done.stdout + done.stderr


# A few of the corpus through MkDocs itself: the strict build fails with the same words as the
# command, and a plain build still renders each bad page as a draft with a banner and noindex.
BUILT_CASES = (
    "malformed-yaml",
    "front-matter-is-a-list",
    "content-changed-after-review",
    "not-utf-8",
    "impossible-date",
    "no-front-matter",
    "empty-file",
)


# Values MkDocs and Material read themselves: of the wrong type, they used to stop even a preview
# with a traceback, so the build gives Material only the fields that passed the contract.
FOR_MATERIAL = {
    "search-is-a-number": ("search: 5\n", "search"),
    "tags-is-a-number": ("tags: 5\n", "tags"),
    "tags-hold-a-list": ("tags: [[Trust]]\n", "tags"),
    "title-is-a-number": ("title: 5\n", "title"),
    "authors-is-a-number": ("authors: 5\n", "authors"),
    "unknown-template": ("template: no-such-template.html\n", "template"),
}


@pytest.fixture
def copy_with_bad_pages(project_copy: Path) -> Path:
    by_id = {case.id: case for case in CORPUS}
    for case_id in BUILT_CASES:
        (project_copy / f"docs/articles/{case_id}.md").write_bytes(by_id[case_id].content)
    for name, (line, _) in FOR_MATERIAL.items():
        front = "".join(
            existing
            for existing in BASE.splitlines(keepends=True)
            if existing.split(":")[0] != line.split(":")[0]
        )
        (project_copy / f"docs/articles/{name}.md").write_bytes(reviewed_page(front + line))
    return project_copy


def test_strict_build_fails_with_the_same_messages(copy_with_bad_pages: Path, tmp_path: Path):
    by_id = {case.id: case for case in CORPUS}
    built = mkdocs_build(copy_with_bad_pages, tmp_path / "site", ALLIANCE_TODAY=TODAY)
    checked = alliance(copy_with_bad_pages, "check", ALLIANCE_TODAY=TODAY)
    assert built.returncode == 1, built.output
    assert checked.returncode == 1
    assert "Traceback" not in built.output + checked.stdout + checked.stderr
    for case_id in BUILT_CASES:
        path = f"docs/articles/{case_id}.md"
        in_build = message_line(built.output.replace("WARNING -  ", ""), path, by_id[case_id].field)
        in_check = message_line(checked.stderr, path, by_id[case_id].field)
        assert in_build and in_build == in_check, (case_id, in_build, in_check)
    for name, (_, field_name) in FOR_MATERIAL.items():
        assert message_line(
            built.output.replace("WARNING -  ", ""), f"docs/articles/{name}.md", field_name
        ), name


def test_plain_build_previews_bad_pages_as_unreviewed_drafts(copy_with_bad_pages: Path, tmp_path: Path):
    built = mkdocs_build(copy_with_bad_pages, tmp_path / "site", strict=False, ALLIANCE_TODAY=TODAY)
    assert built.returncode == 0, built.output
    assert "Traceback" not in built.output
    for case_id in [*BUILT_CASES, *FOR_MATERIAL]:
        html = built.page(f"articles/{case_id}/")
        assert 'data-alliance="review-banner"' in html, case_id
        assert "Not yet reviewed" in html, case_id
        assert '<meta name="robots" content="noindex">' in html, case_id
        assert "lastReviewed" not in html and "Medically reviewed by" not in html, case_id
        assert 'data-alliance="disclaimer"' in html and 'data-alliance="crisis"' in html, case_id
        assert "authors: [jordan-example]" not in visible_text(html), f"{case_id}: front matter shown"
