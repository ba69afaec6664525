"""Logic that lived in several places now lives in one: the digits a phone dials, who a page
credits, and the reading of a file's front matter."""

from __future__ import annotations

from typing import Any

import pytest

from alliance.commands.approvals import _UNREADABLE, front_matter
from alliance.content import frontmatter
from alliance.content.people import _person_from_bytes, credited
from alliance.settings import dialled


@pytest.mark.parametrize(
    ("number", "digits"),
    [
        ("116 123", "116123"),
        ("+27 800 567 567", "+27800567567"),
        ("999", "999"),
        ("", ""),
        ("0800 58 58 58", "0800585858"),
    ],
)
def test_one_rule_for_the_digits_a_phone_dials(number: str, digits: str):
    assert dialled(number) == digits


@pytest.mark.parametrize(
    ("authors", "reviewer", "people"),
    [
        (["a", "b"], "r", ["a", "b", "r"]),
        (["a"], None, ["a"]),
        (["a"], "", ["a"]),
        ([], "r", ["r"]),
        ([], None, []),
    ],
)
def test_a_page_credits_its_authors_then_its_reviewer(
    authors: list[str], reviewer: str | None, people: list[str]
):
    assert credited(authors, reviewer) == people


PROFILE = b"---\nperson:\n  name: A\n  role: Writer\n  roles: [author]\n---\n# A\n"


@pytest.mark.parametrize(
    ("raw", "text", "has", "field", "data", "body", "body_line"),
    [
        (b"---\ntitle: T\n---\nBody\n", True, True, None, {"title": "T"}, "Body\n", 4),
        (b"\xef\xbb\xbf---\ntitle: T\n...\nBody", True, True, None, {"title": "T"}, "Body", 4),
        (b"# No front matter\n", True, False, None, None, "# No front matter\n", 1),
        (b"---\ntitle: T\nBody\n", True, True, "front matter", None, "---\ntitle: T\nBody\n", 1),
        (b"---\ntitle: [\n---\nBody\n", True, True, "front matter", None, "Body\n", 4),
        (b"---\ntitle: \xff\n---\n", False, False, "file", None, "", 1),
        (b"---\r\ntitle: T\r\n---\r\nBody\r\n", True, True, None, {"title": "T"}, "Body\r\n", 4),
    ],
)
def test_one_reading_of_front_matter(
    raw: bytes, text: bool, has: bool, field: str | None, data: Any, body: str, body_line: int
):
    page = frontmatter.read("docs/x.md", raw)
    assert (page.text is not None, page.has_front_matter, page.data, page.body, page.body_line) == (
        text,
        has,
        data,
        body,
        body_line,
    )
    assert (page.problem.field if page.problem else None) == field
    # Every reader agrees with it: approvals' view of the record and the people registry.
    expected = _UNREADABLE if field else (data if has else None)
    assert front_matter(raw) == expected
    if field or not has:
        assert _person_from_bytes("people/x.md", raw) is None


def test_a_profile_is_read_through_the_same_reading():
    person = _person_from_bytes("people/a.md", PROFILE)
    assert person is not None and person.name == "A" and person.id == "a"
