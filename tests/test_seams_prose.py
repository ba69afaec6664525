"""One reader of a page's prose: readability, the lints and `alliance report` agree on where the
Sources section ends, and on what counts as an FAQ or a DOI source."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from support import readings_before
from support.examples import examples

from alliance.content import prose
from alliance.content.lint import lint_body
from alliance.content.prose import classify_lines, doi_source_count, faq_count, without_sources
from alliance.content.readability import measure

PROSE = "You can talk to your therapist about how the sessions feel for you.\n"
SOURCES = "## Sources\n\n[^a]: A. (2020). A study. <https://doi.org/10.1/a>\n"

BODIES = [  # (id, body, what is left once the Sources section is out)
    ("sources last", f"{PROSE}\n{SOURCES}", f"{PROSE}\n"),
    (
        "section after sources",
        f"{PROSE}\n{SOURCES}\n## Next steps\n\n{PROSE}",
        f"{PROSE}\n## Next steps\n\n{PROSE}",
    ),
    (
        "subsection stays in",
        f"{SOURCES}\n### Older studies\n\nOld.\n\n## After\n\n{PROSE}",
        f"## After\n\n{PROSE}",
    ),
    ("level one sources", f"{PROSE}\n# References\n\n[^a]: A.\n", f"{PROSE}\n"),
    ("closing hashes", f"{PROSE}\n## Sources ##\n\n[^a]: A.\n", f"{PROSE}\n"),
    ("in a code block", f"```\n## Sources\n```\n\n{PROSE}", f"```\n## Sources\n```\n\n{PROSE}"),
    ("no sources", PROSE, PROSE),
    (
        "crlf",
        f"{PROSE}\r\n## Sources\r\n\r\n[^a]: A.\r\n## After\r\n\r\nText.\r\n",
        f"{PROSE}\r\n## After\r\n\r\nText.\r\n",
    ),
    ("word sources in prose", "Good sources matter.\n", "Good sources matter.\n"),
]


@pytest.mark.parametrize(("body", "left"), [case[1:] for case in BODIES], ids=[c[0] for c in BODIES])
def test_readability_leaves_out_exactly_the_lines_the_lints_call_sources(body: str, left: str):
    assert without_sources(body) == left
    kept = [line.number for line in classify_lines(body, 1) if not line.sources]
    assert "".join(body.splitlines(keepends=True)[number - 1] for number in kept) == left
    assert measure(body) == measure(left)


def test_prose_after_the_sources_section_is_graded():
    hard = (
        "Notwithstanding considerable methodological heterogeneity, contemporary psychotherapeutic "
        "investigations consistently demonstrate substantial interrelationships. "
    )
    body = f"{PROSE}\n{SOURCES}\n## More\n\n{hard * 3}\n"
    assert measure(body).words > measure(f"{PROSE}\n{SOURCES}").words
    assert any(finding.rule == "readability" for finding in lint_body(body, 1, 6.0))


@pytest.mark.parametrize(
    ("body", "faqs", "dois"),
    [
        ('??? question "Why?"\n    Because.\n', 1, 0),
        ('???+ question "Why?"\n    Because.\n\n??? question "How?"\n    So.\n', 2, 0),
        ('??? note "Aside"\n    Text.\n', 0, 0),
        ('```\n??? question "In code"\n[^a]: <https://doi.org/10.1/a>\n```\n', 0, 0),
        (SOURCES, 0, 1),
        ("[^a]: A.\n[^b]: B. https://doi.org/10.1/b\n[^c]: C. https://example.org/\n", 0, 1),
        ("Text citing https://doi.org/10.1/x in prose.\n", 0, 0),
    ],
)
def test_what_the_report_counts(body: str, faqs: int, dois: int):
    assert (faq_count(body), doi_source_count(body)) == (faqs, dois)


# The quick path (no fence, only "\n" breaks: the headings are found without walking every line) must
# cut exactly what walking every line cuts, on any mix of the lines that matter to either.
_LINES = [
    "## Sources",
    "# References",
    "### Sources",
    "## Sources ##",
    "## sources",
    "#Sources",
    "####### Sources",
    "## After",
    "# Title",
    "### Older",
    "#",
    "# ",
    "##  ",
    "Text with sources in it.",
    "",
    "   ",
    "[^a]: A. <https://doi.org/10.1/a>",
    "    indented",
    "```",
    "~~~",
    "  ```py",
    "\u00a0## Sources",
    "## Sources\u00a0",
    "## Sources\x1f",
    "## \u017fources",
    "## R\u00c9FERENCES",
    "## References\x85",
]


@settings(max_examples=examples(400), deadline=None)
@given(
    st.lists(st.sampled_from(_LINES), max_size=14),
    st.sampled_from(["\n", "\r\n", "\r", "\x0c", "\u2028"]),
    st.booleans(),
)
# A "#" line saved with "\r\n": "#\r" would read as a heading and end the section early.
@example(["## Sources", "#", "## After"], "\r\n", True)
def test_the_quick_path_cuts_what_walking_every_line_cuts(lines: list[str], newline: str, last: bool):
    body = newline.join(lines) + (newline if last else "")
    assert without_sources(body) == prose._without_sources_walked(body)


# Lines that open or close fences and footnotes, and hold their marks away from a line's start.
_MORE_LINES = [
    "~~~~",
    "````",
    " ~~~ ",
    "[^b]",
    "[^note]: N.",
    "[^]: x",
    "  [^a]: A.",
    "#x",
    "a `c` b",
    "a ``` b",
    "x [^a]: y",
]


@settings(max_examples=examples(400), deadline=None)
@given(
    st.lists(st.sampled_from([*_LINES, *_MORE_LINES]), max_size=14),
    st.sampled_from(["\n", "\r\n", "\r", "\x0c", "\u2028"]),
    st.booleans(),
)
def test_each_line_is_classified_as_every_pattern_on_every_line_classified_it(
    lines: list[str], newline: str, last: bool
):
    body = newline.join(lines) + (newline if last else "")
    assert list(classify_lines(body, 7)) == list(readings_before.classify_lines_as_it_was(body, 7))


# Lower-case ASCII words, with the letters that matter: 'i' before and at the end, 'k', 's'.
_WORDS = st.lists(st.text(alphabet="aiks<", min_size=1, max_size=4), min_size=1, max_size=3).map(tuple)
# Text with the characters whose lowering is special: İ, the Kelvin sign, ſ, ı, the combining dot.
_CASED_TEXT = st.text(alphabet="aiksAIKS<\u0130\u212a\u017f\u0131\u0307é\u2013", max_size=40)


@settings(max_examples=examples(500), deadline=None)
@given(_CASED_TEXT, _WORDS)
def test_holds_lowered_is_a_substring_test_of_the_lowered_text(text: str, words: tuple[str, ...]):
    assert prose.holds_lowered(text, words) == any(word in text.lower() for word in words)


# Long texts (kept lowered between calls) of one length, so a memo keyed by anything but the text
# itself answers for the wrong one; each drawn text is asked about twice, as a copy and as itself.
_LONG_TEXT = _CASED_TEXT.map(lambda text: "x" * 1024 + text[:8].ljust(8, "a"))


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(st.tuples(_LONG_TEXT | _CASED_TEXT, _WORDS), min_size=1, max_size=6))
def test_holds_lowered_answers_each_text_in_turn_as_for_it_alone(asked: list[tuple[str, tuple[str, ...]]]):
    for text, words in asked:
        for same in ("".join(list(text)), text, text):
            assert prose.holds_lowered(same, words) == any(word in text.lower() for word in words)


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet="[]:^ \na\r", max_size=40), st.sampled_from(["]:", "[^", "a"]))
@example("a\nb a", "a")  # every run: the marker on a last line with no line break after it
def test_lines_holding_a_marker_start_where_multiline_caret_does(text: str, marker: str):
    expected = sorted({text.rfind("\n", 0, at) + 1 for at in range(len(text)) if text.startswith(marker, at)})
    assert prose.lines_holding(text, marker) == expected


# Heading lines with marks, white space of every kind (Python's, for the pattern's \s and
# str.strip alike), marks inside and after the title, and any character but "\n".
_HEADING_LINE = st.text(
    alphabet=st.one_of(
        st.sampled_from("###### \t\r#aS\u00a0\x1f\x1c\x85\u2028\u3000"),
        st.characters(exclude_characters="\n"),
    ),
    max_size=24,
)


@settings(max_examples=examples(500), deadline=None)
@given(_HEADING_LINE)
@example("## Sources ##  ")
@example("# x# #")
@example("####### seven")
def test_a_heading_is_read_as_the_heading_pattern_reads_it(line: str):
    match = prose.HEADING.match(line)
    assert prose.heading_of(line) == (None if match is None else (len(match.group(1)), match.group(2)))
