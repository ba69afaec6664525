"""Bodies that made the page check slow (red team, session 28), and the one-pass scans that replaced
the slow ones. Each scan is held here against the scan it replaced, written out plainly as it was
(a look from each `](` or each '<' through the rest of the page): within the bounds that keep the new
ones linear, both find the same; past the bounds, the page is refused, never let through.

No test here is timed (SECURITY.md gives the times measured by hand, before and after).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from support.examples import examples
from support.hostile import ARTICLE, CONTEXT, approved_body

from alliance.content import lint, page_files, prose, renderable
from alliance.content.pages import check_page

# Small bodies made of the marks each scan reads, so that every shape of link and tag turns up.
LINK_TEXT = st.lists(
    st.sampled_from(
        ["](", "![", "[", "]", "(", ")", "!", '"', "'", "<", ">", " ", "\n", "\t", "a", "/", "x:"]
    ),
    max_size=40,
).map("".join)
TAG_TEXT = st.lists(st.sampled_from(["<", ">", "<b", "a", " ", "markdown", "\n", '"']), max_size=30).map(
    "".join
)


def _scan_from_each_link(body: str, start: int) -> list[str]:
    """renderable's inline addresses as the session-28 code read them, one scan from each `](`."""
    found, depth, quoted = [], 1, False
    for at in range(start, len(body)):
        char = body[at]
        quoted = quoted or char in "'\""
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ")" and (depth <= 0 or quoted):
            text = body[start:at].strip()
            if text.startswith("<") and ">" in text:
                text = text[1 : text.index(">")]
            found.append(re.split(r"""\s+["'(]""", text, maxsplit=1)[0])
            if depth <= 0 and not quoted:
                break
        if char == "\n" and (quoted or not body[at + 1 : at + 2].strip()):
            break
    return found


def _looks_back_for_an_image(body: str, bracket: int) -> bool:
    """Whether the `]` at `bracket` ends an image's alt text, as the session-28 code looked back."""
    depth = 0
    for index in range(bracket - 1, -1, -1):
        if body[index] == "]":
            depth += 1
        elif body[index] == "[":
            if depth == 0:
                return index > 0 and body[index - 1] == "!"
            depth -= 1
    return False


@hypothesis_settings(max_examples=examples(300), deadline=None)
@given(LINK_TEXT)
@example('](a"b)c)d)')
@example("](<a>b)(c)")
@example('](a "t")x)')
@example("]((a)\n\n)")
@example("](a\n b)")
@example("](\n\n'a)")
def test_the_inline_addresses_are_those_a_scan_from_each_link_finds(body: str):
    links = renderable._InlineLinks(body)
    for match in re.finditer(r"\]\(", body):
        plainly = _scan_from_each_link(body, match.end())
        found = links.destinations(match.end())
        if found is None:  # refused: only where a quote is followed by many ')' on its line
            assert len(plainly) > renderable.MAX_QUOTED_ENDS
        else:
            assert found == list(dict.fromkeys(plainly))


def test_a_titled_link_followed_by_many_parentheses_is_read_not_refused():
    body = '[a](https://ä.example/ "a title")' + ")" * 40 + "\n"
    links = renderable._InlineLinks(body)
    assert links.destinations(body.index("](") + 2) == ["https://ä.example/"]


@hypothesis_settings(max_examples=examples(300), deadline=None)
@given(LINK_TEXT)
@example("![a[b]](x)")
@example("![a]]](x)")
@example("[![a](x)](y)")
def test_the_images_are_those_a_look_back_from_each_bracket_finds(body: str):
    closings = prose.image_closings(body)
    for match in re.finditer(r"\]", body):
        assert (match.start() in closings) == _looks_back_for_an_image(body, match.start())


@hypothesis_settings(max_examples=examples(300), deadline=None)
@given(TAG_TEXT)
@example("<a markdown <b markdown>")
@example("<a\nmarkdown>")
@example("<a> markdown")
def test_every_markdown_block_the_old_pattern_found_is_counted(body: str):
    old = list(re.finditer(r"<[a-zA-Z][^>]*\smarkdown\b", body, re.I))
    new = renderable._markdown_blocks(body)
    assert len(new) >= len(old)  # a tag with two openings inside may count twice: never fewer
    if "<" not in "".join(body[match.start() + 1 : match.end()] for match in old):
        assert new == [match.start() for match in old]


@hypothesis_settings(max_examples=examples(300), deadline=None)
@given(LINK_TEXT)
@example("[a](javascript:x)\n![b](https://e.org/p.png)\n[c]: vbscript:y")
def test_the_link_lint_finds_what_it_found_before_on_every_line(body: str):
    """The line of each finding is now counted on from the last one: the same lines as counting
    from the top each time."""
    findings = lint.unsafe_links(body, 7)
    for finding in findings:
        assert 7 <= finding.line <= 7 + body.count("\n")
    assert [finding.line for finding in findings] == _unsafe_links_counted_from_the_top(body, 7)


def _unsafe_links_counted_from_the_top(body: str, first_line: int) -> list[int]:
    """The lines of the findings, each counted from the top of the body as before."""
    lines = []
    images = prose.image_closings(body)
    for opening, after in lint._destination_starts(body):
        match = lint._DESTINATION.match(body, after)
        if not match:
            continue
        address = lint._as_browser_reads(match.group(1))
        scheme = lint._LINK_SCHEME.match(address)
        image = after - opening == 2 and opening in images
        if (scheme and scheme.group(1).lower() not in lint.LINK_SCHEMES) or (
            image and (scheme or address.startswith("//"))
        ):
            lines.append(first_line + body.count("\n", 0, opening))
    return lines


# Past the bounds, the page is refused with a message that says why.
REFUSED = [
    pytest.param(
        # A host outside ASCII elsewhere on the page makes the check read every inline address.
        "See [a](https://ä.example/).\n\n[b](https://x.org/" + "a" * 5000 + ")\n",
        renderable.FIELD,
        "longer than 4,096 characters",
        id="inline-address-too-long",
    ),
    pytest.param(
        "See [a](https://ä.example/).\n\n[b](https://x.org/it's" + ")" * 40 + "\n",
        renderable.FIELD,
        "a quote followed by more than 32 ')'",
        id="quote-then-many-parentheses",
    ),
    pytest.param(
        "[click](" + "\x01" * 5000 + "javascript:alert(1))\n",
        "links",
        "longer than 4,096 characters",
        id="scheme-behind-control-characters",
    ),
    pytest.param(
        "![a](" + "a" * 5000 + ".png)\n",
        "links",
        "longer than 4,096 characters",
        id="image-path-too-long",
    ),
    pytest.param(
        "".join(f"<span markdown>{index}</span>\n" for index in range(65)),
        renderable.FIELD,
        "more than 64 HTML elements with a markdown attribute",
        id="markdown-blocks",
    ),
]


@pytest.mark.parametrize(("body", "field", "says"), REFUSED)
def test_past_the_bounds_a_page_is_refused(body: str, field: str, says: str):
    problems = check_page(ARTICLE, approved_body(body), CONTEXT).problems
    assert any(problem.field == field and says in problem.message for problem in problems), problems


def test_an_image_path_too_long_to_read_is_refused_by_the_file_scan_too(tmp_path: Path):
    docs = tmp_path / "docs"
    (docs / "articles").mkdir(parents=True)
    body = "![a](" + "a" * 5000 + ".png)\n"
    sources = page_files.Sources(docs, tmp_path, footnotes=True)
    found = page_files.local_files("docs/articles/a.md", "articles/a.md", body, 1, sources)
    assert any(
        "written so that Markdown may show another file" in problem.message for problem in found.problems
    )


def test_a_run_of_long_addresses_is_one_finding_not_one_per_link():
    findings = lint.unsafe_links("](a" * 3000, 1)
    assert len(findings) == 1 and "longer than" in findings[0].message


def test_a_run_of_unreadable_addresses_is_one_problem_not_one_per_link():
    body = "[a](https://ä.example/)\n" + '](\\"a' + ")" * 40 + " " + '](\\"a' + ")" * 40 + "\n"
    problems = renderable.problems("docs/a.md", body, 1)
    assert len([problem for problem in problems if "cannot read as Markdown does" in problem.message]) == 1


def test_an_image_found_across_more_than_two_thousand_characters_is_still_an_image():
    """The look back stopped after 2,000 characters; the stack does not, so a long alt text still
    makes an outside picture an image (a finding), as Python-Markdown reads it."""
    body = "![" + "a " * 1500 + "](https://tracker.example/p.png)\n"
    assert [finding.rule for finding in lint.unsafe_links(body, 1)] == ["links"]
