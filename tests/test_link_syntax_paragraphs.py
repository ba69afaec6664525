"""The link pre-check's faster footnote reading holds to the one it replaced (tests/support/
link_syntax_before.py, frozen): the same targets or the same None for any page, the same references
read paragraph by paragraph, the same tests of what keeps a reference from being one.

Hypothesis draws pages from the marks the reading singles out (footnotes and their definitions,
blank lines of every kind, indents, tabs, quotes, images, keys, raw HTML, autolinks, code), so that
every shape of paragraph and line turns up; the hostile shapes that were slow are kept as examples.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from support import link_syntax_before as before
from support.examples import examples

from alliance.output import link_syntax

ROOT = Path(__file__).resolve().parents[1]

_PIECES = [
    "[^a]",
    "[^b]",
    "[^a]:",
    "[^b]: n",
    "[^a[^b]",
    "[^",
    "[",
    "]",
    "]:",
    "](",
    "](x.md)",
    "[x](y.md)",
    "[l]: t.md",
    "*[A]: t",
    "!",
    "![",
    "++",
    "?",
    "*",
    ":",
    "\\",
    "<",
    "<a ",
    "<http://e.org/x>",
    "<HTTPS://e.org>",
    "<https://a b>",
    "`",
    "~~~",
    "///Footnotes Go Here///",
    "=",
    "a",
    " ",
    "   ",
    "    ",
    "\t",
    "\n",
    "\n\n",
    "\n \n",
    "\n\t\n",
    "\r\n",
    "\r",
    "é",
    "İ",
    "\x02",
]
pages = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
# Pages whose every footnote is defined, so the reference search runs to its end more often.
defined_pages = pages.map(lambda body: body + "\n\n[^a]: n\n[^b]: n\n")


def _same_targets(text: str, body_start: int) -> None:
    assert link_syntax.plain_targets(text, body_start) == before.plain_targets(text, body_start)


def _references(body: str) -> set[str]:
    """Every reference the new reading finds, paragraph by paragraph (no early stop)."""
    found: set[str] = set()
    for paragraph in link_syntax._paragraphs_holding_footnotes(body):
        found |= link_syntax._references_in(paragraph)
    return found


@settings(max_examples=examples(1000))
@given(st.one_of(pages, defined_pages), st.integers(min_value=0, max_value=80))
@example("Prose" + "[^a]" * 50 + "\n\n[^a]: n\n", 0)
@example("[^a[^a[^a[^a]\n\n[^a[^a[^a[^a]: n\n", 0)
@example("x [^a]\n[x\n[x\n[y]: z\n\n[^a]: n\n", 0)
@example("x [^a]\n\n\n\n [^b]\n\n[^a]: n\n[^b]: n\n", 0)
@example("x\n\n \n\n\t\n[^a]\n\n[^a]: n", 0)
@example("x [^a] <http://a><http://b>\n  <http://c>\n\n[^a]: n", 0)
@example("x   \t[^a]    [^b]\n\n[^a]: n\n[^b]: n", 0)
@example("x    [^a]\n\n[^a]: n", 0)
@example("Prose [^a[^]\n", 0)
def test_plain_targets_are_the_old_ones(text, body_start):
    _same_targets(text, min(body_start, len(text)))


@settings(max_examples=examples(1000))
@given(st.one_of(pages, defined_pages))
@example("x [^a]: [^b]\n\n[^b]: n")
@example("x\n[^a]: [^b]")
def test_the_references_read_are_the_old_ones(body):
    assert _references(body) == before._references(body)
    for defined in ({"a"}, {"b"}, {"a", "b"}, {"a[^b"}):
        assert link_syntax._all_referenced(body, defined) == (defined <= before._references(body))


@settings(max_examples=examples(1000))
@given(pages)
@example("[x\n[y\n z]: w")
@example("   *[A\n\n]: t")
@example("x\n    [a]: b\n   [c] d]: e")
def test_what_holds_a_definition_is_the_old_pattern(paragraph):
    assert link_syntax._holds_definition(paragraph) == bool(before._HOLDS_DEFINITION.search(paragraph))


@settings(max_examples=examples(1000))
@given(pages)
@example("  <http://a>")
@example("x\n   <http://a>")
@example("x\n    <http://a>")
@example("<\n<http://a>")
def test_what_is_not_all_prose_is_the_old_answer(body):
    assert link_syntax._not_all_prose(body) == before._not_all_prose(body)
    assert link_syntax._may_link_in_html(body) == before._may_link_in_html(body)
    assert link_syntax.dropped_by_markdown(body) == before.dropped_by_markdown(body)


def test_every_page_of_the_project_reads_as_before():
    checked = 0
    for path in sorted((ROOT / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for body_start in {0, text.find("\n---", 1) + 4, len(text)}:
            _same_targets(text, body_start)
            checked += 1
    assert checked > 10


def test_hostile_shapes_read_as_before():
    """Each shape that was slow, at a size the old code still reads in a moment, with its cousins."""
    n = 300
    shapes = [
        "Prose " + "[^a]" * n + "\n\n[^a]: note\n",
        "Prose " + "".join(f"[^{i}]" for i in range(n)) + "\n\n" + "".join(f"[^{i}]: n\n" for i in range(n)),
        "Prose " + "[^a" * n + "]\n",
        "Prose " + "[^a" * n + "]\n\n[^a]: n\n",
        "Prose [^a]\n" + "[x\n" * n + "\n[^a]: note\n",
        "Prose [^a]\n" + "[x\n" * n + "y]: z\n\n[^a]: note\n",
        "Prose [^a] " + "<http://a>" * n + "\n\n[^a]: note\n",
        "x" + " " * n + "[^a]" * n + "\n\n[^a]: note\n",
        "\t" * n + "[^a]" * n + "\n\n[^a]: note\n",
        "Prose\n\n" + "".join(f"[^{i}]: n\n\n" for i in range(n)),
        "Prose [^a]\n" + "\n" * n + "[^a]: note\n",
        "Prose [^a]\n" + " \n" * n + "[^a]: note\n",
        ("Prose [^a]\r\n\r\n" * n) + "[^a]: note\r\n",
        "x [^a]\n" * n + "\n[^b]: n\n",
    ]
    for text in shapes:
        _same_targets(text, 0)
        _same_targets(text, len(text) // 2)
