"""Red team 2, session 31: bodies under every cap of Markdown's time budget that Python-Markdown still
read slowly.

- Each inline match (an escape, an entity, a smart symbol such as `(c)`, `1/2`, `-->` or the ordinal
  `1st`, a mail link `<1@a>` whose '<' opens no tag) is replaced by a placeholder in the text of its
  paragraph, which rebuilds that text: time grows with their number times the paragraph's length.
  None of these marks was counted: "We met on the 1st. " 30,000 times in one paragraph (570 KB) took
  8.6 s of CPU in `mkdocs build --strict` of the sample site, which passed; 60,000 `\\.` (120 KB) took
  9.2 s in Markdown alone.
- The count of line marks itself (`_LINE_MARK`) read the rest of a run of '-' at each length of the
  line's opening: a line of 16,000 '-' then 'x', after 600 short lines, took 5.3 s in the page check
  (time growing with the square of the line's length).

Times above were measured by hand (time.process_time); no test here is timed.
"""

from __future__ import annotations

import math

import pytest
from support.hostile import ARTICLE, markdown_problems
from support.slow_markdown import INLINE_SLOW

from alliance.content import renderable

INLINE = "holds many escapes"


@pytest.mark.parametrize("markup", [case[1] for case in INLINE_SLOW], ids=[case[0] for case in INLINE_SLOW])
def test_inline_matches_in_a_long_paragraph_are_refused(markup: str) -> None:
    assert any(INLINE in message for message in markdown_problems(markup))


def _at(unit: str, work: int) -> str:
    """`unit` (one inline mark) repeated so that marks times the block's length is about `work`."""
    return unit * math.isqrt(work // len(unit))


@pytest.mark.parametrize("unit", ["\\.", "&#1;", "1st ", "(c)"])
def test_inline_marks_just_under_the_cap_pass_and_just_over_are_refused(unit: str) -> None:
    under = _at(unit, renderable.MAX_INLINE_WORK * 9 // 10)
    over = _at(unit, renderable.MAX_INLINE_WORK * 11 // 10)
    assert not any(INLINE in message for message in markdown_problems(under))
    assert any(INLINE in message for message in markdown_problems(over))


def test_the_same_marks_split_into_paragraphs_pass() -> None:
    # What is slow is the marks in one paragraph: the same page with blank lines between its
    # paragraphs is read in time growing with its length.
    assert markdown_problems("We met on the 1st. We talk &amp; listen.\n\n" * 2_000) == []


# A line of marks after enough lines to be counted: the pattern's lookahead read the rest of the run
# at each position of it, so the check took time growing with the square of the line (16,000 '-'
# then 'x': 5.3 s; after, 2 ms). No time is asserted here: the pattern now reads each run once, and a
# return of the square would show as this test's own minutes in `pytest --durations`.
@pytest.mark.parametrize("run", ["-" * 20_000 + "x", "- " * 10_000 + "x", "*" * 20_000 + "x"])
def test_a_long_line_of_marks_is_counted_in_one_pass(run: str) -> None:
    body = "a\n" * 600 + run + "\n"
    assert renderable._LINE_MARK.findall("\n" + body) == []  # not a rule: text follows the marks
    # The whole reading too (these lines may pass other caps: '- ' opens a list on each).
    assert all(problem.field == renderable.FIELD for problem in renderable.problems(ARTICLE, body, 1))


@pytest.mark.parametrize(
    ("line", "mark"),
    [("---", "-"), ("- - -", "-"), ("***  ", "*"), ("===", "==="), ("=", "="), ("___", "___"), ("> --", "-")],
)
def test_underlines_and_rules_are_still_found(line: str, mark: str) -> None:
    assert renderable._LINE_MARK.findall("\nSome text\n" + line + "\n") == [mark]
