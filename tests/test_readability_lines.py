"""Session 38's cheaper reading of the prose (the page's lines walked once, indented prose kept without
the block pattern, units joined through their breaks, quoted titles found by one-character searches)
reads every page as the frozen copy of the code before it did: the same prose, character for
character, and the same grade, float for float."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from support import prose_before
from support.examples import examples, hostile_size

from alliance.content import readability
from alliance.content.frontmatter import read_text

ROOT = Path(__file__).resolve().parents[1]

# Lines of every kind prose_of tells apart: markers of each alternative (digits and white space outside
# ASCII too), markers behind indentation, indented prose, quoted titles, lines of white space only.
_LINE = st.one_of(
    st.sampled_from(
        [
            "A plain line of prose with several words in it",
            "and its next line. Then a second sentence!",
            "# A heading",
            "####### seven marks",
            "#no space",
            "## Sources",
            "- an item",
            "-an item without a space",
            "- ",
            "-",
            "* an item",
            "+ an item",
            "1. a step",
            "\u0663. a step in Arabic digits",
            "\u00b2. a superscript is a digit, not a decimal",
            "> a quote",
            ">",
            "??? question",
            '??? question "Can I ask?"',
            '???+ note "Open"',
            '!!! warning "A warning"',
            "?!? mixed marks",
            '"A quoted line"',
            '  "quoted" after spaces ',
            '"',
            '""',
            '"  spaced inside  "',
            '"a" "b"',
            "    indented prose after a list",
            "\tindented by a tab",
            "\u00a0\u3000indented by spaces outside ASCII",
            "    - an indented item",
            "    1. an indented step",
            "  \u0663. an indented step in Arabic digits",
            "    # an indented heading",
            "    > an indented quote",
            "    ??? an indented title",
            "   ",
            "\u00a0",
            "\x1f",
            "",
            "_emphasis_ first",
            "**bold** first",
            "[a link](x.md) first, [^1] a footnote",
            "![an image](x.png)",
            "<b>markup</b> {: .c}",
            "[^1]: a footnote definition",
            "```",
            "~~~",
            "Caf\u00e9 \u2019quoted\u2019 \u2014 dashes\u2026 and The THE the",
            "\u0130stanbul \u03a3\u039f\u03a3",
            "e.g. i.e. end.Next word",
        ]
    ),
    st.text(alphabet=' \t\u00a0\u2003#-*+>?!1\u0663."abc\r\n\x0b\u2028', max_size=12),
    st.text(max_size=10),
)
_BREAK = st.sampled_from(
    ["\n", "\n", "\n", "\n\n", "\n \n", "\n\u00a0\n", "\r\n", "\r\n\r\n", "\r", "\u2028", ""]
)
_BODY = st.builds(
    lambda lines, breaks: "".join(line + brk for line, brk in zip(lines, breaks, strict=False)),
    st.lists(_LINE, max_size=16),
    st.lists(_BREAK, min_size=16, max_size=16),
)


@settings(max_examples=examples(1500), deadline=None)
@given(_BODY)
@example("")
@example("a\n\nb\r\n\r\nc\r\nd\n \ne")
@example("a\r\rb\n\nc")  # a lone "\r": the blocks' own reading
@example("a\u2028\u2028b")
@example('??? question "Why?"\n\n    Because.\n    "Quoted."\n- a\n- b\n# T\ntext')
@example('x\n"  a  "\ny\n"\n""\n"b" x\n')
@example("  \u0663. a step\n\u00b2. not a step\n    text")
def test_prose_is_read_as_before(body: str):
    assert readability.prose_of(body) == prose_before.prose_of(body)


@settings(max_examples=examples(1000), deadline=None)
@given(_BODY)
@example("The THE the. Caf\u00e9 e.g. end.Next!")
@example("\u0130stanbul is far. \u039f\u03a3 ok.")
def test_the_grade_and_words_are_as_before(body: str):
    new, old = readability.measure(body), prose_before.measure(body)
    assert new.words == old.words
    assert new.grade == old.grade  # float equality: the same counts give the same grade


@settings(max_examples=examples(1000), deadline=None)
@given(st.text(max_size=40))
def test_any_text_reads_as_before(body: str):
    assert readability.prose_of(body) == prose_before.prose_of(body)
    assert readability.measure(body) == prose_before.measure(body)


@settings(max_examples=examples(1000), deadline=None)
@given(
    st.one_of(
        st.text(max_size=8), st.text(alphabet=" \t\u00a0\u2003\x1f#-*+>?!0\u0663\u00b2\u2460.a", max_size=6)
    )
)
@example("\u00b2. superscript")
@example("\u0663. Arabic")
@example("\u2460. circled")
def test_a_line_that_cannot_open_a_block_has_no_marker(line: str):
    if not readability._may_open_block(line):
        assert readability._BLOCK_MARKER.match(line) is None


@settings(max_examples=examples(1000), deadline=None)
@given(st.text(alphabet=' \t\u00a0\x1fa"\n', max_size=30))
@example('\n"\n')
@example('\n""\n')
@example('\n"a" "b"\n"c"\n')
def test_quoted_titles_are_found_as_the_pattern_found_them(body: str):
    lines = "\n".join(map(str.strip, body.split("\n")))
    text = f"\n{lines}\n"
    assert readability._without_title_quotes(text) == prose_before._QUOTED_LINE.sub(
        prose_before._unquoted, text
    )


def _blocks_line_by_line(markdown: str) -> list[str]:
    lines: list[str] = []
    for block in re.split(r"\n\s*\n", markdown):
        lines += [line for line in block.splitlines() if line.strip()]
        lines.append("")
    return lines


def _marks(lines: list[str]) -> list[str | None]:
    """The non-blank lines, and None for each run of blank lines between two of them."""
    marks: list[str | None] = []
    for line in lines:
        if line.strip():
            marks.append(line)
        elif marks and marks[-1] is not None:
            marks.append(None)
    return marks[:-1] if marks and marks[-1] is None else marks


@settings(max_examples=examples(1000), deadline=None)
@given(_BODY)
def test_the_lines_and_blanks_are_the_blocks_lines(body: str):
    # The same lines, cut at the same places (a run of blank lines is one cut).
    assert _marks(readability._lines_and_blanks(body)) == _marks(_blocks_line_by_line(body))


def test_every_page_reads_as_before():
    # The project's pages and the frozen articles the grade is pinned on, as written, with "\r\n"
    # (the quick walk) and with "\r" (the blocks' walk).
    pages = [*ROOT.joinpath("docs").rglob("*.md"), *ROOT.joinpath("tests", "data").rglob("*.md")]
    assert len(pages) >= 15
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for body in (read_text(text).body, text.replace("\n", "\r\n"), text.replace("\n", "\r")):
            assert readability.prose_of(body) == prose_before.prose_of(body), page
            assert readability.measure(body) == prose_before.measure(body), page


# Hostile shapes, each big enough that reading it again from every line, quote or character (a
# quadratic walk) would not finish: each must read as before.
_HOSTILE = [
    '"' * hostile_size(200_000),
    '\n"' * hostile_size(100_000),
    '"x\n' * hostile_size(100_000),
    ' "' * hostile_size(100_000),
    "\n" * hostile_size(200_000),
    "\r" * hostile_size(200_000),
    "\r\n \r\n" * hostile_size(50_000),
    "\u2028" * hostile_size(200_000),
    " " * hostile_size(200_000) + "#",
    "    " + "a" * hostile_size(200_000),
    "\u0663" * hostile_size(200_000),
    "- " * hostile_size(100_000),
    "word. " * hostile_size(50_000),
    "a b c " * hostile_size(50_000) + ".",
    "Word " * hostile_size(50_000),
    "??? " * hostile_size(50_000),
]


def test_hostile_shapes_read_as_before():
    for body in _HOSTILE:
        assert readability.prose_of(body) == prose_before.prose_of(body), body[:20]
        assert readability.measure(body) == prose_before.measure(body), body[:20]


def test_a_page_of_quoted_lines_is_searched_once_per_line():
    # Each search for a quote starts at the end of the last line read, never behind it: a line of
    # quotes costs one search, and a page of quoted lines one search a line.
    text = "\n" + '"' * 100_000 + "\n" + '"a"\n' * 100_000
    calls = 0

    class Counted(str):
        def find(self, *args: object) -> int:
            nonlocal calls
            calls += 1
            return str.find(self, *args)  # type: ignore[arg-type]

    readability._without_title_quotes(Counted(text))
    assert calls <= 2 * 100_002 + 1


def test_the_remembered_syllables_stay_bounded(monkeypatch):
    # The memory is emptied before a page once it holds more than _KNOWN_MAX words: it never holds
    # more than that and one page's words, however many pages of new words a check reads.
    monkeypatch.setattr(readability, "_KNOWN_SYLLABLES", readability._Syllables())
    monkeypatch.setattr(readability, "_KNOWN_MAX", 5)
    hyphenation = readability._hyphenation()
    for page in range(40):
        words = [f"word{page}x{index}" for index in range(3)]
        assert readability._syllable_total(words) == sum(hyphenation.points(word) + 1 for word in words)
        assert len(readability._KNOWN_SYLLABLES) <= 5 + 1 + 3
