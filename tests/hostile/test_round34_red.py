"""Red team, session 34: the per-page speed-ups (29a6571..341789d) read hostile pages as before.

Differential fuzzing of old against new (about 270,000 generated bodies, pages and HTML fragments)
found no input read differently and no super-linear shape, so these tests pin the edges each
commit could have moved: each passes on the code before and after. The reference readings written
out here are the code before the commits (readability's sentence rule, HEADING's groups).
"""

from __future__ import annotations

import re

import pytest

from alliance.content import body_markup, lint, prose, readability
from alliance.render import html_extract

# ---- body_markup: autolinks blanked by split/join, and the early stop (bbf8e24, 341789d) -----------


@pytest.mark.parametrize(
    "body",
    [
        "<https://doi.org/10.1/x><script>alert(1)</script>",
        "See <https://doi.org/10.1/x>.\n\n<div hidden>crisis</div>",
        "<https://a.b/c>\r<style>",
        "<https://a.b/\nc><b hidden>x</b>",
        "`<https://a.b/c>` <textarea>",
        "```\n<https://a.b/c>\n```\n<template>",
        "<https://a.b/c>é<!-- never closed",
        "<https://a.b/c<span hidden>>x</span>",
        "<a@b.example><x-y>",
        "<https://a.b/&lt;c><dialog>",
    ],
)
def test_markup_after_an_autolink_is_still_refused(body: str) -> None:
    assert body_markup.check_body(body)


@pytest.mark.parametrize(
    "body", ["<https://doi.org/10.1/x>", "a <https://a.b/c> b <mailto:a@b.example>\n\nc"]
)
def test_a_page_whose_only_markup_is_autolinks_passes(body: str) -> None:
    assert body_markup.check_body(body) == []


# ---- lint: definitions found only at the breaks before labels (40acd55) ---------------------------


@pytest.mark.parametrize(
    "body",
    [
        "[r]: javascript:alert(1)",
        "text\n[r]: javascript:alert(1)",
        "text\r[r]: javascript:alert(1)",
        "text\r\n[r]: javascript:alert(1)",
        "text\n> - 1. [r]: javascript:alert(1)",
        "text\n[^a]: [r]: javascript:alert(1)",
        "text\n<!-- [x]: --> [r]: javascript:alert(1)",
        'text\n<a title="[x]:"> [r]: javascript:alert(1)',
        "a [b]: c\n[r]: javascript:alert(1)",
        "[^n]: x ]: y [z]: w\n[r]: javascript:alert(1)",
        "text\n[r\n]: javascript:alert(1)",
        "text\n[a^b]: javascript:alert(1)",
        "[x] [y\n[r]: javascript:alert(1)",
        "text\n[" + "a" * 20_000 + "]: javascript:alert(1)",
        "text\n[" + "a\n" * 2_000 + "]: javascript:alert(1)",
        "]:" * 500 + "\n[r]: javascript:alert(1)",
        "[^a" * 500 + "\n[r]: javascript:alert(1)",
    ],
)
def test_every_definition_of_a_javascript_link_is_found(body: str) -> None:
    assert any("javascript" in finding.message for finding in lint.unsafe_links(body, 1)), body[:80]


# ---- prose.heading_of: where the Sources section starts, as HEADING's two groups (deac888) ------


@pytest.mark.parametrize(
    "line",
    [
        "# Sources",
        "## Sources ##",
        "#\tSources",
        "#\u00a0Sources",
        "###### References #",
        "####### Sources",
        "#Sources",
        "# ",
        "#",
        "# Sources # #",
        "# #",
        "## Sources\x0b",
        "# x #y",
        "#\x1fSources\x1f#",
    ],
)
def test_a_sources_heading_ends_the_prose_where_the_pattern_says(line: str) -> None:
    match = prose.HEADING.match(line)
    expected = bool(match and prose.SOURCES_TITLE.match(match.group(2)))
    for body in (
        f"Prose.\n\n{line}\n\nCure now.\n",
        f"Prose.\r\n{line}\r\nCure now.\r\n",
        f"~~~\n~~~\n{line}\nCure now.\n",
    ):
        assert ("Cure" not in prose.without_sources(body)) == expected, (line, body)


def test_a_sources_heading_behind_odd_white_space_still_ends_the_prose() -> None:
    body = "Prose here.\n\n##\u00a0Sources ##\n\nCure guaranteed.\n"
    assert "Cure" not in prose.without_sources(body)
    assert "Cure" in prose.without_sources(body.replace("##\u00a0Sources", "##Sources"))


# ---- readability: sentences counted in bytes, one regex pass, prose_of's fast path ----------------

_OLD_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)


def _old_sentence_count(text: str) -> int:
    sentences = _OLD_SENTENCE.findall(text)
    short = sum(sum(1 for token in s.split() if re.search(r"\w", token)) <= 2 for s in sentences)
    return max(1, len(sentences) - short)


@pytest.mark.parametrize(
    "text",
    [
        "one two three. four five!",
        "-- a b c? d e f.",
        "a\x1cb\x1dc. d",
        "é\u00a0b\u2028c. x y",
        "a_b c d... e",
        "ǅa ² ½. Σa b c",
        "\u0301 \u0301 a b",
        "İ a b. c d e",
        "a—b c’d e. f",
        "x\x85y\x0bz. ",
    ],
)
def test_sentences_count_as_textstat_counts_them(text: str) -> None:
    assert readability.sentence_count(text) == _old_sentence_count(text)
    grade = readability.measure(text)  # the byte path, or the general one outside Latin letters
    assert grade.grade == readability._grade(grade.words, readability.prose_of(text)), text


# ---- html_extract: hidden items, links and FAQ blocks (dda0a7c, 2247712) ---------------------------


def test_a_hidden_source_item_or_link_is_not_read() -> None:
    html = (
        '<div class="footnote"><ol>'
        '<li hidden>Hidden <a href="https://doi.org/10.1/hidden">x</a></li>'
        '<li>Shown <span aria-hidden="true"><a href="https://doi.org/10.1/h2">h</a></span>'
        '<a href="https://example.org/s">s</a></li></ol></div>'
    )
    (source,) = html_extract.extract(html).sources
    assert source.url == "https://example.org/s"


def test_a_question_hidden_or_nested_is_no_faq() -> None:
    html = (
        '<div style="display:none"><details class="question"><summary>Q1</summary>A1</details></div>'
        '<details class="question"><summary>Q2</summary>A2'
        '<details class="question"><summary>Q3</summary>A3</details></details>'
        '<sup id="fnref:1"><details class="question"><summary>Q4</summary>A4</details></sup>'
    )
    assert [faq.question for faq in html_extract.extract(html).faqs] == ["Q2"]


@pytest.mark.parametrize(
    "text", [" a \t\n\r\x0c b ", "a\x0bb", "a\u00a0 \u2028b", "é  \n x", "\u3000a\u3000"]
)
def test_normalise_keeps_what_readers_see(text: str) -> None:
    assert html_extract.normalise(text) == re.sub(r"[ \t\n\r\f]+", " ", text).strip()
