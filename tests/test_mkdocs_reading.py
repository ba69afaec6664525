"""The page check asks whether MkDocs reads a page's front matter as the gate does. When the YAML
holds nothing MkDocs' loader reads otherwise, it compares only the cut instead of loading the YAML a
second time; both ways must give the same answer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.content import frontmatter


def _both_ways(text: str) -> tuple[bool, bool]:
    page = frontmatter.read_text(text)
    quick = frontmatter.mkdocs_reads_differently(text, page.data, page.body, page.loaded_alike)
    full = frontmatter.mkdocs_reads_differently(text, page.data, page.body)
    return quick, full


@pytest.mark.parametrize(
    "text, differs",
    [
        ("---\ntitle: A\n---\n\nBody.\n", False),
        ("---\ntitle: A\n...\nBody.\n", False),
        ("---\ntitle: A\n# a comment\n---\nBody.\n", False),
        ("---\nreviewed: 2026-02-30\n---\nBody.\n", True),  # MkDocs' loader refuses the date
        ("---\nreviewed: 2026-02-28\n---\nBody.\n", False),
        ("---\ntitle: A\n---", True),  # no line after the closing '---': MkDocs does not cut
        ("---\ntitle: A\r\n---\r\nBody.\r\n", False),
        ("---\r\ntitle: A\r\n---\r\nBody.\r\n", False),
        ("---\n---\nBody\n---\n", True),
        ("---  \ntitle: A\n---\t\n\n\nBody.\n", False),
    ],
)
def test_a_quick_answer_is_the_full_answer(text: str, differs: bool):
    quick, full = _both_ways(text)
    assert quick == full == differs


LINES = st.sampled_from(
    [
        "title: A",
        "reviewed: 2026-02-30",
        "reviewed: 2026-02-28",
        "# note",
        "---",
        "...",
        "",
        "a: [1, 2]",
        "b: |",
        "  x",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, max_size=6), st.sampled_from(["\n", "\r\n"]), st.sampled_from(["", "\n", "Body.\n"]))
def test_random_front_matter_gets_the_same_answer_either_way(lines: list[str], newline: str, tail: str):
    text = newline.join(["---", *lines, "---"]) + newline + tail
    page = frontmatter.read_text(text)
    if isinstance(page.data, dict) and page.problem is None:
        quick, full = _both_ways(text)
        assert quick == full, text
