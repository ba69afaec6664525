"""Red team 3, session 31: nesting Python-Markdown reads again at each level, under every cap.

- A line opening with many quote marks ('>') or list markers, followed by lines of text in the same
  block (lazy lines, which belong to the deepest level): Python-Markdown reads the rest of the block
  again at each level. 127 '- ' (under the cap of 128 list markers) before 4,000 lines of text
  (420 KB) took 16 s in Markdown; 1,000 '>' (no cap on quotes) before the same text 17 s; 60 items
  each indented 4 columns more than the last (under the indentation cap), then the same text, 5.1 s.
  Capped: levels (markers, and indentation by 4 columns) times the block's length (MAX_NESTING_WORK).
- Lines each opening with stacked list markers ("- - x"): a list and an item for each marker, side by
  side with the other lines' (the elements cap counted only lines). "- " 20 times then text on 4,900
  lines took 12 s; "- - x" on 4,900 lines 1.7 s. Each marker past a line's first now counts as an
  element.

Times above were measured by hand (time.process_time); no test here is timed.
"""

from __future__ import annotations

import pytest
from support.hostile import markdown_problems
from support.slow_markdown import ELEMENTS, NESTING, NESTING_SLOW, SENTENCE

from alliance.content import renderable


@pytest.mark.parametrize(
    ("markup", "message"), [case[1:] for case in NESTING_SLOW], ids=[case[0] for case in NESTING_SLOW]
)
def test_deep_nesting_before_a_long_block_is_refused(markup: str, message: str) -> None:
    assert any(message in problem for problem in markdown_problems(markup))


def _nested(levels: int, work: int) -> str:
    """A line `levels` quote marks deep, then lazy lines of text: levels times the block about `work`."""
    line = SENTENCE * 8 + "\n"
    text = work // levels - renderable._LEVEL_COST - len(SENTENCE)  # the marks themselves do not count
    return ">" * levels + " " + SENTENCE + "\n" + line * max(text // len(line), 0)


@pytest.mark.parametrize("levels", [3, 20, 127, 800])
def test_nesting_just_under_the_cap_passes_and_just_over_is_refused(levels: int) -> None:
    under = _nested(levels, renderable.MAX_NESTING_WORK * 9 // 10)
    over = _nested(levels, renderable.MAX_NESTING_WORK * 11 // 10)
    assert not any(NESTING in message for message in markdown_problems(under))
    assert any(NESTING in message for message in markdown_problems(over))


def test_stacked_markers_just_under_the_elements_cap_pass() -> None:
    # 2,400 lines with two markers each: 2,400 lines and 2,400 markers past the first, plus the
    # approved page's own lines, under 5,000.
    assert not any(ELEMENTS in message for message in markdown_problems("- - We go to it.\n" * 2_400))
    assert any(ELEMENTS in message for message in markdown_problems("- - We go to it.\n" * 2_600))


def test_the_same_text_split_into_blocks_passes() -> None:
    # What is slow is the lazy text in the deep line's block: after a blank line it is read once.
    assert markdown_problems("> " * 100 + SENTENCE + "\n\n" + (SENTENCE * 8 + "\n\n") * 2_000) == []


def test_a_long_page_of_plain_lists_and_quotes_passes() -> None:
    # A tight list of 4,900 items, and quotes and nested lists by indentation, as writers write them.
    assert markdown_problems("- We go to it.\n" * 4_900) == []
    block = "> " + SENTENCE + "\n> > " + SENTENCE + "\n\n- " + SENTENCE + "\n    - " + SENTENCE + "\n\n"
    assert markdown_problems(block * 700) == []  # 4,200 lines


def test_each_tier_of_the_search_finds_the_lines_it_must() -> None:
    # The search for a deep line uses the deepest tier at most as deep as needed: a line exactly
    # that deep is found by it, and one level less is not.
    for tier, pattern in enumerate(renderable._AT_LEAST_LEVELS):
        levels = 2**tier
        assert pattern.search("\nx\n" + "- " * levels + "x\n")
        assert pattern.search("\nx\n" + "> " * levels + "x\n")
        assert not pattern.search("\nx\n" + "> " * (levels - 1) + "x\n")
