"""The render checks' nesting caps share one search for a line of two nesting levels
(content.renderable._two_levels): held to the checks as they were, each searching on its own."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from support import renderable_before
from support.examples import examples

from alliance.content import renderable

# Lines that nest, or nearly: list markers stacked or not, quotes, indentation, digits that are not
# markers, and lines deep enough to pass the cap behind a long block.
_LINE = st.sampled_from(
    [
        "- an item",
        "- - two stacked",
        "1. 2) stacked steps",
        "* \t+ stacked after a tab",
        "-x",
        "1.x",
        "  - indented",
        "\t* after a tab",
        "> a quote",
        "> > two quotes",
        ">- a quoted item",
        "1) > a quote in a step",
        "> - a quoted item",
        "> " * 200 + "deep quotes",
        "> " * 20 + "- " * 20 + "deep quoted items",
        "- " * 100 + "deep items",
        "- " * 130 + "too many items",
        "    " * 20 + "indented text",
        " " * 64 + "indented 64 columns",
        " " * 63 + "\t" + "a tab past 63 spaces",
        " " * 300 + "indented past the cap",
        "\t" * 70 + "tabs past the cap",
        " \t" * 40 + "spaces and tabs",
        "text of a paragraph",
        "",
        "   ",
        "\r",
    ]
)
# Each body is long enough that the nesting cap is looked at (a page of some 5,000 characters or
# more), and one paragraph of filler may be long enough for a deep line to pass it.
_BODY = st.builds(
    lambda lines, filler, at: "\n".join([*lines[:at], filler, *lines[at:]]),
    st.lists(_LINE, max_size=10),
    st.sampled_from(
        ["word " * 1000, "word " * 1400, "word " * 2400, "word " * 3200, "a\n" * 2600, "x" * 16_000]
    ),
    st.integers(0, 10),
)


@settings(max_examples=examples(300), deadline=None)
@given(_BODY)
@example("> " * 200 + "x\n" + "word " * 1200)  # deep quotes alone: no two list markers
@example("- " * 100 + "x\n" + "word " * 2400)  # list markers stacked deep behind a long block
@example("- " * 130 + "x")  # more list markers on a line than MkDocs renders
@example("text\n" + " " * 300 + "x")  # indented past the cap, by spaces alone
@example("text\n" + " \t" * 90 + "x")  # by spaces and tabs
def test_the_nesting_caps_find_what_each_search_on_its_own_found(body: str):
    assert renderable.problems("p.md", body, 3) == renderable_before.problems_as_it_was("p.md", body, 3)
    assert renderable._slow(body) == renderable_before.slow_as_it_was(body)
    assert renderable._too_deep(body) == renderable_before.too_deep_as_it_was(body)
