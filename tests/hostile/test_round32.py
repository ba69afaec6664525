"""Session 32: the time budget's '[' cap counts what Python-Markdown's link readers read, and pages
saved with "\\r\\n" are cut into blocks as Markdown cuts them.

- A page saved with "\\r\\n" passed every cap that sums over blocks: the blank-line pattern took each
  "\\r\\n" for a blank line, so each line was a block of its own. A paragraph of 2,000 lines, each with
  an unclosed '[', passed `alliance check` and `approve` and took 43 s of Markdown.
- The '[' cap counted each '[' as read to the end of its block, so a resources page with a tight list
  of 200 links, or a paragraph of 200 links, was refused though Markdown renders it in 0.05 s. Each
  '[' is now counted as read to the ']' that closes it (and a '](' to its ')'), or to the end of the
  block when none surely does (content.renderable._link_reads). The property test below compares
  that count with the characters Markdown's readers really read.

No test here is timed (SECURITY.md gives the times measured by hand).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.examples import examples
from support.hostile import markdown_problems
from support.link_reads import reads_counted, reads_of_markdown, site_markdown
from support.slow_markdown import NESTING_SLOW, SLOW_BODIES, SPLIT

from alliance.content import renderable


def _crlf(markup: str) -> str:
    return markup.replace("\r\n", "\n").replace("\n", "\r\n")


# The slow bodies whose caps sum over blocks (each passed saved with "\r\n" before).
CRLF_BODIES = [
    ("2,000 lines, an unclosed '[' on each", ("Some words [a " + "b" * 30 + "\n") * 2000),
    *((why, markup) for why, markup in SLOW_BODIES if why.startswith("a tight definition list")),
    *SPLIT,
    *((why, markup) for why, markup, _ in NESTING_SLOW if "\n" in markup.rstrip("\n")),
]


@pytest.mark.parametrize(("why", "markup"), CRLF_BODIES, ids=[row[0] for row in CRLF_BODIES])
def test_a_slow_body_saved_with_windows_line_endings_is_refused(why: str, markup: str):
    assert markdown_problems(_crlf(markup)), why  # and with "\n", in test_round31*


def test_blocks_are_cut_at_blank_lines_whatever_the_line_endings():
    for ending in ("\n", "\r\n"):
        body = ending.join(["a", "b", "", "c", " \t", "d"])
        blocks = [body[start:end].strip() for start, end in renderable._blocks(body)]
        assert blocks == [f"a{ending}b", "c", "d"], ending


# ---- pages with many links, as writers write them ----------------------------------------------------


def _services(count: int) -> str:
    return "\n".join(
        f"- [Service number {index} near you](https://example.org/services/{index}) - a line about it"
        for index in range(count)
    )


def _sources(count: int) -> str:
    return "\n".join(
        f"{index + 1}. Author A, Author B. A study of things, part {index}. Journal of Studies. "
        f"2020;{index}(3):1-10. [doi:10.1000/{index}](https://doi.org/10.1000/{index})"
        for index in range(count)
    )


MANY_LINKS = [
    ("a tight list of 400 links", _services(400), 400),
    (
        "a paragraph of 800 links",
        " ".join(f"[Service {i}](https://example.org/{i})" for i in range(800)),
        800,
    ),
    ("a tight list of 300 sources", _sources(300), 300),
    ("1,000 reference links in a paragraph", "[a][r] " * 1000 + "\n\n[r]: https://example.org/\n", 1000),
]


@pytest.mark.parametrize(("page", "markup", "links"), MANY_LINKS, ids=[row[0] for row in MANY_LINKS])
def test_pages_of_many_closed_links_pass_the_budget(page: str, markup: str, links: int):
    # Each was refused by the '[' cap before: their '[' times their block's length passed it.
    assert markup.count("[") * len(markup) > 2_000_000, page
    assert markdown_problems("\n\n## Services\n\n" + markup + "\n") == [], page
    assert site_markdown().convert(markup).count("<a href=") == links, page


# ---- where a closing on the page is not the one Markdown's readers find ------------------------------

# Each hides the ']' after it from the link-text readers (a code span, an escape, a footnote
# reference, maths, keys, critic marks), or may (raw HTML); between '(' and ')' a quote does too (it
# opens a title, inside which ')' does not count).
HIDING = ["`", "\\", "^", "$", "+", "{", "<"]
QUOTES = ["'", '"']
TEXT = "It is fine to ask. " * 800  # about 15 KB, in the block of the brackets before it


@pytest.mark.parametrize("mark", HIDING + QUOTES, ids=[repr(mark) for mark in HIDING + QUOTES])
def test_a_closing_behind_a_mark_that_can_hide_it_counts_as_read_to_the_end(mark: str):
    assert markdown_problems("[a](b) " * 500 + TEXT) == []  # the same, closed plainly
    assert markdown_problems(("[a](" + mark + ") ") * 500 + TEXT), mark
    text_closed = markdown_problems(("[" + mark + "] ") * 100 + TEXT)
    assert markdown_problems("[a] " * 100 + TEXT) == []
    assert bool(text_closed) == (mark in HIDING), mark  # a quote hides no ']'


@pytest.mark.parametrize("mark", ["~", ">", "}", "\t", "'", '"'])
def test_marks_that_hide_no_closing_from_the_text_readers_count_as_text(mark: str):
    # Red team, session 32: tight lists of links with an apostrophe or quoted words in their text, or
    # '~' in their address, were refused from 120-250 items (Markdown: 0.02-0.04 s).
    assert markdown_problems(("[a" + mark + "b](https://example.org/~a) ") * 100 + TEXT) == []


def test_a_progress_bar_counts_as_read_to_the_end():
    assert markdown_problems("[=50%] " * 100 + TEXT)
    assert markdown_problems("[a=50%] " * 100 + TEXT) == []


def test_an_escaped_closing_is_not_a_closing_to_markdown():
    # Why '\\' is in HIDING: Markdown reads '\\]' as an escape, so the '[' before it is unclosed and
    # its readers read on to the end of the text.
    assert "<a" not in site_markdown().convert("[a\\](b)")
    assert "<a" in site_markdown().convert("[a](b)")


def test_code_spans_after_unclosed_brackets_count_as_the_placeholders_markdown_reads():
    # Markdown reads each code span as a placeholder of 14 characters or more: 60 unclosed '[' before
    # 2,000 `abc` (12 KB) took 1.1 s. Counted by the page's characters alone, they passed the cap.
    assert markdown_problems("[a " * 60 + "`abc` " * 2000)
    assert markdown_problems("[a " * 60 + "abcde " * 2000) == []


def test_reference_links_in_one_paragraph_count_as_rebuilds():
    # Each match rebuilds the paragraph's text: 7,000 reference links in one paragraph took 2 s.
    assert markdown_problems("[a][r] " * 7000 + "\n\n[r]: https://example.org/\n")


# ---- the count against what Markdown reads ----------------------------------------------------------

PIECES = [
    *(
        "\n>",
        "[",
        "]",
        "(",
        ")",
        "![",
        "](",
        "][",
        "a",
        "b c",
        " ",
        "\n",
        "\n\n",
        "`",
        "\\",
        "- ",
        "1. ",
        "> ",
    ),
    *("    ", "'", '"', "<b>", "</b>", "<", "[^1]", "\n[^1]: n\n", "\n[r]: /x\n", "[r]", "*", "=", "$"),
    *("+", "{", "}", "~", "|", "#", ":", "\n: ", "x" * 40, "[a](b)", "[a][r]", "<div markdown>\n"),
    *(
        "</div>\n",
        "!!! note\n    ",
        "```\n",
        "(c)",
        "&amp;",
        "^",
        "\t",
        "\r\n",
        "[=",
        "| a | b |\n|---|---|\n",
    ),
]


@settings(
    max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(PIECES), max_size=120).map("".join))
def test_the_count_is_never_below_what_markdowns_link_readers_read(monkeypatch, body: str):
    assert reads_of_markdown(body, monkeypatch) <= reads_counted(body)


@pytest.mark.parametrize(
    "body",
    [
        "\n[^1]: n\n\t][",  # a footnote's text is read with its backlink's placeholder
        "![a    [a](b)    :[r]( |",  # a link is read as its placeholder by the image's readers
        "x}![]([a](b)[#",
        "a[\r\n<b>a ~- +}" + "x" * 40,
        "1. ![" + "[]()" * 10 + "\n>",  # ten links, each read (twice) as a placeholder of 14 characters
        "1. []()[]\n>",  # a list item with a quote after it: the text after the link is read twice
        "- [a](b) [ " + "x " * 1000 + "\n>",
        "- [a](b) [ " + "&a; " * 100 + "\n>",  # read again, each entity as its placeholder (red team)
    ],
)
def test_the_count_covers_what_placeholders_and_second_reads_add(monkeypatch, body: str):
    # Each of these was found by comparing the count with what Markdown read (the property above).
    assert reads_of_markdown(body, monkeypatch) <= reads_counted(body)


@given(st.text(alphabet=" \ta\n", max_size=60))
def test_blank_runs_are_the_runs_of_blanks_with_four_spaces_or_a_tab(text: str):
    # Found with str.find (the attribute-list cap; a pattern tried each single space of prose).
    wanted = [
        (run.start(), run.end())
        for run in re.finditer(r"[ \t]+", text)
        if "    " in run.group() or "\t" in run.group()
    ]
    assert renderable._blank_runs(text) == wanted
