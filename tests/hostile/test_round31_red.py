"""Red team, session 31: bodies under every cap of Markdown's time budget that Python-Markdown still
read slowly, or that stopped the build.

- A lone "\\r" is a line break to Python-Markdown (and to MkDocs, which reads files with universal
  newlines), but every count in `content.renderable` found lines by "\\n": a page whose lines ended in
  "\\r" passed the caps on headings and openers, and a list nested 300 levels deep passed the
  indentation cap and stopped `mkdocs build --strict` with a RecursionError.
- A heading, a setext underline or a rule cuts its block: Python-Markdown puts the rest back and every
  block reader reads it again (`a` and `-` on 8,000 lines in one block, 32 KB: 20 s of CPU; 499
  headings before 150 KB of text in their block: 5.3 s).
- Python-Markdown's inline pass (run twice: smartsymbols runs it again) finds each element among its
  siblings by a list copy: time grows with the square of the elements side by side (paragraphs,
  list items, line breaks, code spans, table cells). 32,000 paragraphs `a` (96 KB) took 19.7 s.

Times above were measured by hand (time.process_time); no test here is timed.
"""

from __future__ import annotations

import pytest
from support.hostile import ARTICLE, CONTEXT, approved_body, markdown_problems
from support.slow_markdown import SPLIT, TAIL

from alliance.content import renderable
from alliance.content.pages import check_page


def _problems(markup: str) -> list[str]:
    return [str(problem) for problem in check_page(ARTICLE, approved_body(markup), CONTEXT).problems]


# ---- lone "\r": the caps read lines as Markdown does -------------------------------------------------

LONE_RETURN = [
    (
        "a list nested 300 levels, lines ended by '\\r' (RecursionError in the build)",
        "".join("    " * level + "- We talk with you here.\r" for level in range(300)),
        f"indented more than {renderable.MAX_INDENT} columns",
    ),
    (
        "headings past the cap, lines ended by '\\r'",
        "## A part\r\rWe talk with you here.\r\r" * (renderable.MAX_HEADINGS + 1),
        f"more than {renderable.MAX_HEADINGS} headings",
    ),
    (
        "admonitions past the cap, lines ended by '\\r'",
        "!!! note\r    We talk with you here.\r\r" * (renderable.MAX_BLOCK_OPENERS + 1),
        f"opens more than {renderable.MAX_BLOCK_OPENERS} admonitions",
    ),
]


@pytest.mark.parametrize(
    ("markup", "wanted"), [case[1:] for case in LONE_RETURN], ids=[c[0] for c in LONE_RETURN]
)
def test_lone_returns_are_line_breaks_to_the_caps(markup: str, wanted: str) -> None:
    found = markdown_problems(markup)
    assert any(wanted in message for message in found), found
    # the same page with "\n" is refused alike: the lone "\r" changes nothing
    assert any(wanted in message for message in markdown_problems(markup.replace("\r", "\n")))


def test_a_lone_return_page_otherwise_passes() -> None:
    """What made the lone "\\r" page an attack: it passed every other check (readability included)."""
    markup = LONE_RETURN[0][1]
    assert [problem for problem in _problems(markup) if ": markdown: " not in problem] == []


def test_returns_and_newlines_keep_their_line_numbers() -> None:
    markup = "## A part\r\rWe talk with you here.\r\r" * (renderable.MAX_HEADINGS + 1)
    record = check_page(ARTICLE, approved_body(markup), CONTEXT)
    assert record.body is not None
    problem = next(problem for problem in record.problems if problem.field == renderable.FIELD)
    assert problem.line is not None and problem.line > record.body_line


# ---- blocks cut again and again: headings, underlines, rules inside long blocks ----------------------


@pytest.mark.parametrize("markup", [case[1] for case in SPLIT], ids=[case[0] for case in SPLIT])
def test_marks_cutting_long_blocks_are_refused(markup: str) -> None:
    found = markdown_problems(markup)
    assert any(f"passes {renderable.MAX_SPLIT_WORK:,}" in message for message in found), found


SPLIT_PASSING = [
    ("a few headings before a long block", "# A part\n" * 15 + TAIL),
    ("headings with blank lines around each", "## A part\n\nWe talk with you here.\n\n" * 400),
    ("setext headings with blank lines", "A part\n------\n\nWe talk with you here.\n\n" * 400),
    ("a tight block with a heading", ("## A part\n" + "We talk with you here.\n" * 40 + "\n") * 60),
]


@pytest.mark.parametrize(
    "markup", [case[1] for case in SPLIT_PASSING], ids=[case[0] for case in SPLIT_PASSING]
)
def test_headings_and_rules_in_ordinary_pages_pass(markup: str) -> None:
    assert markdown_problems(markup) == []


def test_the_split_work_counts_each_block_once() -> None:
    """The walk over the marks is one bisection each: the sum it reaches is marks times block length."""
    body = "a\n-\n" * 1_000 + "\n\n" + "b\n-\n" * 10
    marks = [(match.start(1) - 1, match.group(1)) for match in renderable._LINE_MARK.finditer("\n" + body)]
    assert len(marks) == 1_010
    assert renderable._split_work_passed(body, marks) == 2  # the first block's first underline


# ---- elements side by side ----------------------------------------------------------------------------

ELEMENTS = [
    ("paragraphs", lambda count: "We talk.\n\n" * (count // 2)),
    ("list items", lambda count: "- We talk.\n" * count),
    ("line breaks", lambda count: "We talk.  \n" * count),
    ("code spans", lambda count: "`a` b " * (count // 2)),
    (
        "table cells",
        lambda count: "|".join(["a"] * (count // 2)) + "\n" + "|".join(["-"] * (count // 2)) + "\n",
    ),
]


@pytest.mark.parametrize("make", [case[1] for case in ELEMENTS], ids=[case[0] for case in ELEMENTS])
def test_many_elements_side_by_side_are_refused(make) -> None:  # type: ignore[no-untyped-def]
    found = markdown_problems(make(renderable.MAX_ELEMENTS + 100))
    assert any(f"more than {renderable.MAX_ELEMENTS:,} lines" in message for message in found), found


@pytest.mark.parametrize("make", [case[1] for case in ELEMENTS], ids=[case[0] for case in ELEMENTS])
def test_elements_under_the_cap_pass(make) -> None:  # type: ignore[no-untyped-def]
    body = check_page(ARTICLE, approved_body(""), CONTEXT).body or ""
    room = renderable.MAX_ELEMENTS - body.count("\n") - 200
    assert not any("lines, '`' and '|'" in message for message in markdown_problems(make(room)))
