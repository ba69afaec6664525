"""The search for a line opening with 2**k nesting levels (content.renderable._AT_LEAST_LEVELS) with
lookaheads that give up at once on lines that cannot open one: held to the patterns as they were
(frozen in support/renderable_before.py), match for match, and the page check to the check as it
was on generated, hostile and real pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from support import renderable_before
from support.examples import examples, hostile_size
from support.project import ROOT

from alliance.content import frontmatter, renderable

# Characters that make or nearly make nesting marks: quotes, list markers, digits (YAML's and other
# scripts'), the marks' closers, blanks, line breaks of every kind, and text.
_ALPHABET = list(">-*+0123456789.)( \t\n\r") + ["\u0661", "\uff11", "\u00a0", "\u2028", "\x0b", "x", "é", "#"]
_LINE_PIECES = st.sampled_from(
    [
        "> ",
        ">",
        "- ",
        "-",
        "* ",
        "+\t",
        "1. ",
        "1)",
        "123456789. ",
        "1234567890. ",
        "\u0661. ",
        "  ",
        "\t",
        "x",
    ]
)
_TEXT = st.text(st.sampled_from(_ALPHABET), max_size=80) | st.lists(
    st.lists(_LINE_PIECES, max_size=12).map("".join), max_size=8
).map("\n".join)


def _spans(text: str) -> list[tuple[int, int] | None]:
    return [
        None if (found := pattern.search(text)) is None else found.span()
        for pattern in renderable._AT_LEAST_LEVELS
    ]


def _spans_as_they_were(text: str) -> list[tuple[int, int] | None]:
    return [
        None if (found := pattern.search(text)) is None else found.span()
        for pattern in renderable_before._AT_LEAST_LEVELS
    ]


@settings(max_examples=examples(2000), deadline=None)
@given(_TEXT)
@example("\n- - x")
@example("\n> > x")
@example("\n\t1. > x")
@example("\n1234567890. - x")  # ten digits: no marker
@example("\n\u0661. - x")  # an Arabic-Indic digit: a digit to the pattern, as it was
@example("\n -\t-\tx")
@example("\r\n- - x")
@example("\n- -x\n- - x")
@example("\n" + "> " * 3000)
def test_the_levels_are_found_where_they_were(text: str):
    for body in (text, "\n" + text):
        assert _spans(body) == _spans_as_they_were(body)
    assert renderable._two_levels(text) == renderable_before.two_levels_as_it_was(text)


@settings(max_examples=examples(300), deadline=None)
@given(_TEXT, st.sampled_from(["", "word " * 1200, "a\n" * 2600, "x" * 16_000]))
@example("x  \ty\n\n   \tz", "")  # spaces before a tab: the run starts at the first of them
def test_the_page_check_says_what_it_said(text: str, filler: str):
    body = text + "\n" + filler
    assert renderable.problems("p.md", body, 3) == renderable_before.problems_as_it_was("p.md", body, 3)


@pytest.mark.parametrize(
    "body",
    [
        "",
        "\n",
        "- " * hostile_size(50_000),  # one line of 100,000 characters of list markers (full size)
        "> " * hostile_size(50_000) + "\n" + "word " * 2_000,
        "-" * hostile_size(100_000),
        "\n" * hostile_size(100_000),
        " " * hostile_size(100_000) + "- - x",
        "\t" * hostile_size(100_000),
        "1" * hostile_size(100_000) + ". - x",
        "\n- x" * hostile_size(30_000),  # many lines that open one level, none two
        ("> " * 2_100 + "x\n") * 20,
        "\r\n- - x\r\n" * 1000,
        "\u0661. \u0661. x\n" * 1000,
    ],
)
def test_hostile_bodies_are_checked_as_they_were(body: str):
    # Each of these would hang a search worse than linear on its line (100,000 characters at full
    # size, a tenth of it in the everyday suite: `hostile_size`).
    assert renderable.problems("p.md", body, 1) == renderable_before.problems_as_it_was("p.md", body, 1)
    assert _spans(body) == _spans_as_they_were(body)


def _check_pages_alike(pages: list[Path]) -> None:
    assert pages
    for path in pages:
        page = frontmatter.read(str(path), path.read_bytes())
        new = renderable.problems(str(path), page.body, page.body_line)
        assert new == renderable_before.problems_as_it_was(str(path), page.body, page.body_line), path
        assert _spans(page.body) == _spans_as_they_were(page.body), path


def test_every_page_of_the_docs_is_checked_as_it_was():
    _check_pages_alike(sorted((ROOT / "docs").rglob("*.md")))


def test_every_page_of_a_generated_site_is_checked_as_it_was(tmp_path: Path):
    from benchmarks.synthetic_site import write_drafts

    write_drafts(tmp_path, 60)
    _check_pages_alike(sorted(tmp_path.rglob("*.md")))
