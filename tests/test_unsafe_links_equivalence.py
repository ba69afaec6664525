"""The unsafe-link check and the raw HTML check, made cheap on a common page, find what they found
before, finding for finding (the same message, line and order): on bodies drawn from the pieces a
hostile link or tag is built of, on every input the hostile tests feed them, and on every page of the
project's docs. The shortcuts are held to what they stand for: `_find` to `str.find`, `_may_define`
to the definitions search it spares (it may say no only where that search finds nothing), and
`_only_autolinks` to the blanked body it spares."""

from __future__ import annotations

import ast
from functools import cache

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from support import body_markup_before, unsafe_links_before
from support.examples import examples, hostile_size
from support.project import ROOT

from alliance.content import body_markup, frontmatter, lint

# What an unsafe link is made of: the marks of links, definitions, footnotes, images, comments, tags
# and attribute lists; the schemes, whole and obfuscated by references, escapes, case and control
# characters; every kind of white space and line break; and the page's own ordinary text.
_PIECES = [
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    ":",
    "&",
    "#",
    ";",
    "!",
    "^",
    "\\",
    "-",
    "/",
    "*",
    "1.",
    "javascript",
    "JaVaScRiPt",
    "java\tscript",
    "java\nscript",
    "&#106;avascript",
    "&#x6A;avascript",
    "javascript&colon;",
    "javascript&#58;",
    "&Tab;",
    "&NewLine;",
    "%6A",
    "data",
    "vbscript",
    "https",
    "http",
    "mailto",
    "//",
    "a.png",
    "x",
    "é",
    "—",
    "\U0001f600",
    " ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\x00",
    "\x01",
    "\x0c",
    "\xa0",
    "\u3000",
    "](",
    "]:",
    "[^",
    "![",
    "[r]:",
    "[^a]:",
    "<!--",
    "-->",
    "--!>",
    "<a href=",
    "<img src=",
    "{:",
    "href=",
    "}",
    "> ",
    "- ",
    "<div markdown>",
    "<https://doi.org/10.1/x>",
    "<HTTPS://a.b>",
    "<a@b.c>",
    "<b>",
    "</b>",
    "<script>",
    '<span title="a">',
    "<!-- c -->",
]
pieces_body = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
# Bodies that start as a real page does: ordinary text, a link and footnoted sources, with hostile
# pieces let into it, so the shortcuts meet the common page's shape and its near misses.
_PAGE = (
    "# Worry\n\nSome text with a [link](other-page.md) and a source.[^s1]\n\n"
    "## Sources\n\n[^s1]: Author, A. (2000). A title. <https://doi.org/10.1/x>\n"
)


@st.composite
def page_with_pieces(draw: st.DrawFn) -> str:
    body = _PAGE
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(body)))
        body = body[:at] + draw(pieces_body) + body[at:]
    return body


def same_findings(body: str, first_line: int = 1) -> None:
    assert lint.unsafe_links(body, first_line) == unsafe_links_before.unsafe_links(body, first_line)
    assert body_markup.check_body(body) == body_markup_before.check_body(body)


@settings(max_examples=examples(2000))
@given(pieces_body, st.integers(1, 50))
@example("[a]: javascript:alert(1)", 1)
@example("[^a\n]: [r]: javascript:x", 1)
@example("<!-- a\n-->[r]: data:x\n[y][r]", 1)
@example("<!-- a -->[x]<!-- b -->(javascript:x)", 1)
@example("[r\n]: &#106;avascript:x", 3)
@example("![a][r]\n\n[r]: //evil.example/a.png", 1)
@example("- [r]: java\tscript:x", 1)
@example("\r[r]: vbscript:x", 1)
@example("[]: javascript:x", 1)
@example("[^]: javascript:x\n[x]: data:y", 1)
@example("x <b class=", 1)  # the page ends at an attribute's `=`: no value to read
@example("[r]: javascript:x\n\nSee [^a", 1)  # a footnote's mark that nothing closes
def test_unsafe_links_find_what_they_found_before(body, first_line):
    same_findings(body, first_line)


@settings(max_examples=examples(1000))
@given(page_with_pieces())
def test_unsafe_links_on_a_page_with_hostile_pieces(body):
    same_findings(body)


@settings(max_examples=examples(1000))
@given(st.text(max_size=200))
def test_unsafe_links_on_any_text(body):
    same_findings(body)


@settings(max_examples=examples(2000))
@given(pieces_body)
@example("[^a]: x\n[b]: javascript:y")
@example("[]: x")
@example("[^a\n]: [r]: javascript:x")
@example("<!-- a\n-->[r]: data:x")
def test_no_definition_where_none_may_end(body):
    if not lint._may_define(body):
        assert unsafe_links_before._definition_starts(body) == []


@settings(max_examples=examples(2000))
@given(st.one_of(pieces_body, page_with_pieces()))
@example("<https://a.b> < <a@b.c>")
@example("<https://a.b><b>")
@example("x <https://a.b")
def test_only_autolinks_is_the_blanked_body_without_a_tag(body):
    first = body.find("<")
    if first >= 0:
        blanked = body_markup._AUTOLINKS.sub(body_markup._blanked, body)
        assert body_markup._only_autolinks(body, first) == ("<" not in blanked)


# Texts of the needles' characters, and of runs of one of them: past _KEY_CHARACTER_TRIES misses
# `_find` hands over to `str.find`.
_NEEDLE_PIECES = ["]", "(", ":", "!", "[", "^", "<", "-", "a", "](", "]:", "<!", "<!--", "!["]
needle_text = st.one_of(
    st.lists(st.sampled_from(_NEEDLE_PIECES), max_size=60).map("".join),
    st.builds(
        lambda run, count, tail: run * count + tail,
        st.sampled_from(_NEEDLE_PIECES),
        st.integers(0, 40),
        st.sampled_from(_NEEDLE_PIECES),
    ),
)


@settings(max_examples=examples(3000))
@given(needle_text, st.sampled_from(["](", "]:", "![", "[^", "<!--", "-->"]), st.integers(0, 90))
@example("]](", "](", 0)
@example("]" * 20 + "](", "](", 0)
@example("]" * 17 + "](", "](", 1)
@example("<!" * 20 + "<!--", "<!--", 0)
@example("!" * 17 + "<!--", "<!--", 0)
def test_find_is_str_find(text, needle, start):
    for key in range(len(needle)):
        assert lint._find(text, needle, start, key) == text.find(needle, start)


@cache
def _test_inputs() -> list[str]:
    """Every string the project's tests write that holds a link's mark, a dangerous scheme or a
    comment: the hostile tests' inputs among them."""
    marks = ("](", "]:", "javascript", "vbscript", "data:", "<!--", "[^", "![")
    found = set()
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if any(mark in node.value.lower() for mark in marks):
                    found.add(node.value)
    return sorted(found)


def test_the_tests_inputs_are_read():
    assert len(_test_inputs()) > 100


def test_unsafe_links_on_the_tests_inputs():
    for text in _test_inputs():
        # As written, as a page's body after its front matter, and each body repeated (a second
        # reading starts where the first left off).
        body = frontmatter.read("docs/a.md", text.encode("utf-8", "surrogatepass")).body
        for candidate in (text, body, text * 3, "\n" + text):
            same_findings(candidate, 7)


def test_unsafe_links_on_every_docs_page():
    pages = sorted((ROOT / "docs").rglob("*.md"))
    assert pages
    for path in pages:
        page = frontmatter.read(str(path), path.read_bytes())
        same_findings(page.body, page.body_line)


# Hostile shapes that are slow if a search is read again from each mark (quadratic): each is a
# million characters or so at full size (a tenth in the everyday suite: `hostile_size`), which a
# quadratic reading would take hours over.
_HOSTILE_SHAPES = [
    "]" * hostile_size(1_000_000),
    "]:" * hostile_size(500_000),
    "[^]:" * hostile_size(250_000),
    "[^a" * hostile_size(300_000) + "]:",
    "!" * hostile_size(1_000_000),
    "<" * hostile_size(1_000_000),
    "<!" * hostile_size(500_000),
    "]]]]]]]]]]]]]]]]]](" * hostile_size(10_000) + "javascript:x",  # each `](` reads 4,096 characters on
    "— " + "[a]: " * hostile_size(200_000),
    "[" * hostile_size(500_000) + "]:" * hostile_size(500_000),
    "<https://a.b>" * hostile_size(80_000),
    "<https://a.b" * hostile_size(80_000) + ">",
    "<a@b.c> " * hostile_size(80_000) + "<b>",
]


@pytest.mark.parametrize("body", _HOSTILE_SHAPES, ids=lambda body: repr(body[:12]))
def test_hostile_shapes_finish_with_the_same_findings(body):
    same_findings(body)
