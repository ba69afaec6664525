"""Red team, session 29: what a helper found against the page check after its scans became one pass.

- Links and images the link lint did not see as Markdown does: a definition in a list item, a quote
  or a definition list (Python-Markdown reads each, and renders `href="javascript:…"`), an image
  written by reference (`![a][r]`), and an alt text holding an escaped bracket. The build's output
  check failed each; `alliance check` and `alliance approve` passed them.
- Scans whose time grew with the square of a body's size: readability's inline patterns on a line of
  `[`, `{`, `<` or `[^`, its fenced-code pattern on unclosed fences, the cure-promise lint's look
  back for a denial, a line count from the top for each of thousands of findings, and the inline
  addresses' candidates after quotes. Each is now linear; the tests below hold what they find
  against what the old ones found, untimed (SECURITY.md gives the times).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from support.examples import examples
from support.hostile import ARTICLE, CONTEXT, approved_body

from alliance.content import lint, page_files, readability, renderable
from alliance.content.pages import check_page

OUTSIDE_IMAGE = "is not a file of this site"
SCRIPT_LINK = "uses 'javascript:'"

LINKS_SEEN = [
    ("a definition in a list item", "- [r]: javascript:alert(1)\n\nSee [a][r].", SCRIPT_LINK),
    ("a definition in a quote", "> [r]: javascript:alert(1)\n\nSee [a][r].", SCRIPT_LINK),
    ("a definition in a definition list", "Term\n:   [r]: javascript:alert(1)\n\nSee [a][r].", SCRIPT_LINK),
    ("an image by reference", "![a][r]\n\n[r]: https://evil.example/x.png", OUTSIDE_IMAGE),
    ("an image by an empty reference", "![a][]\n\n[a]: https://evil.example/x.png", OUTSIDE_IMAGE),
    ("an image by its alt text", "![A b]\n\n[a B]: //evil.example/x.png", OUTSIDE_IMAGE),
    ("an image by reference after a space", "![a] [r]\n\n[r]: https://evil.example/x.png", OUTSIDE_IMAGE),
    ("an escaped closing bracket in alt text", "![a\\]b](https://evil.example/x.png)", OUTSIDE_IMAGE),
    ("an escaped opening bracket in alt text", "![a\\[b](https://evil.example/x.png)", OUTSIDE_IMAGE),
    # Round 2 (helper 34): a label over two lines, any white space before an address, a long label.
    ("a definition's label over two lines", "See [t][r] now.\n\n[r\n]: javascript:alert(1)", SCRIPT_LINK),
    ("a no-break space before the address", "[a](\u00a0javascript:alert(1))", SCRIPT_LINK),
    ("a form feed before the address", "[a](\x0cjavascript:alert(1))", SCRIPT_LINK),
    ("a carriage return before a definition's address", "[r]:\rjavascript:alert(1)\n\n[a][r]", SCRIPT_LINK),
    ("a definition in a list in a quote", "> - [r]: javascript:alert(1)\n>\n> [a][r]", SCRIPT_LINK),
    ("a no-break space before an image's address", "![a](\u00a0https://evil.example/x.png)", OUTSIDE_IMAGE),
    ("an image's label over two lines", "![a]\n\n[a\n]: https://evil.example/x.png", OUTSIDE_IMAGE),
    # Round 3 (helper 35): marks before a definition that Python-Markdown reads past.
    ("a ten-digit list marker", "1234567890. [r]: javascript:alert(1)\n\n[x][r]", SCRIPT_LINK),
    ("a comment before a definition", "<!-- c -->[r]: javascript:alert(1)\n\n[x][r]", SCRIPT_LINK),
    (
        "a footnote label holding a bracket",
        "N[^a[b].\n\n[^a[b]: [r]: javascript:alert(1)\n\n[x][r]",
        SCRIPT_LINK,
    ),
    (
        "an image's label of a thousand characters",
        "![a][" + "x" * 1000 + "]\n\n[" + "x" * 1000 + "]: https://evil.example/x.png",
        OUTSIDE_IMAGE,
    ),
]


@pytest.mark.parametrize(("why", "body", "says"), LINKS_SEEN, ids=[row[0] for row in LINKS_SEEN])
def test_the_link_lint_sees_what_markdown_renders(why: str, body: str, says: str):
    import markdown

    html = markdown.markdown(body, extensions=["def_list", "footnotes"])
    assert "evil.example" in html or "javascript:" in html  # Markdown renders the address
    problems = check_page(ARTICLE, approved_body(body), CONTEXT).problems
    assert [problem.field for problem in problems if says in problem.message] == ["links"], problems


LINKS_LEFT_ALONE = [
    ("a link by reference to another site", "See [a][r].\n\n[r]: https://www.nhs.uk/"),
    ("a link whose label an image's alt text also is", "![r](pic.png) and [r]\n\n[r]: https://www.nhs.uk/"),
    ("an escaped image", "\\![a](https://www.nhs.uk/x.png)"),
    # Round 2 (helper 34): read anywhere on a line, these were taken for definitions.
    (
        "brackets and a colon in a sentence",
        "Your therapist may say it plainly [and kindly]: note: this is normal.",
    ),
    ("a diary entry", "Keep entries like [Monday]: Mood: low, slept badly."),
    ("a plan in a sentence", "A quick plan [if you feel unsafe]: call: 999 or go to A&E."),
    ("brackets and a colon in code", "Write `[Reminder]: Today: breathe` on a card."),
]


@pytest.mark.parametrize(("why", "body"), LINKS_LEFT_ALONE, ids=[row[0] for row in LINKS_LEFT_ALONE])
def test_links_that_are_not_images_are_left_alone(why: str, body: str):
    assert lint.unsafe_links(body, 1) == []


# ---- one pass, the same findings ------------------------------------------------------------------

_FENCED_CODE_BEFORE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
FENCE_TEXT = st.lists(
    st.sampled_from(["```", "~~~", "```a", "~~~ ", "a", "\n", " ", "\t", "````"]), max_size=16
).map("".join)


@hypothesis_settings(max_examples=examples(500), deadline=None)
@given(FENCE_TEXT)
def test_fenced_code_is_taken_out_as_the_pattern_took_it(text: str):
    assert readability._without_fenced_code(text) == _FENCED_CODE_BEFORE.sub("", text)


def test_a_denial_counts_within_its_reach_and_no_further():
    near = "No pill " + "x " * 50 + "can cure you."
    far = "No pill " + "x " * (lint.NEGATION_REACH // 2) + "can cure you."
    assert lint._is_negated(near, near.index("cure"))
    assert not lint._is_negated(far, far.index("cure"))  # reported: rephrase so the denial is near


def test_each_finding_of_a_long_page_has_its_own_line():
    body = "".join(f"[a{index}](x{index}.b)\n" for index in range(300))
    sources = page_files.Sources(CONTEXT.settings.docs_dir, CONTEXT.settings.config_dir, footnotes=True)
    found = page_files.local_files("docs/articles/a.md", "articles/a.md", body, 5, sources)
    assert [problem.line for problem in found.problems] == list(range(5, 305))
    problems = renderable.problems("docs/a.md", "".join("[a](//[x)\n" for _ in range(50)), 3)
    assert [problem.line for problem in problems] == list(range(3, 53))


def test_past_a_page_of_possible_addresses_the_links_are_refused_once():
    line = "](" * 2000 + '"' + ")" * 32 + "\n"
    body = "See https://\u00e9.example/\n\n" + line * 3
    problems = renderable.problems("docs/a.md", body, 1)
    assert len(problems) == 1 and f"{renderable.MAX_READ:,} characters" in problems[0].message
