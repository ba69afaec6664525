"""Round 22 (2 Dec 2026): what the lead and the red team found around the cheaper page and link checks.

A link or image whose path holds `%00` (a NUL once decoded) ended `alliance check` and the build in a
ValueError traceback from the local-file scan, on any clinical page. It is now a `body` problem when
the target looks like a file, and no problem otherwise (MkDocs' own link check reports the link).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import alliance, copy_project, mkdocs_build
from support.hostile import ARTICLE, CONTEXT, approved_body

from alliance.content import renderable
from alliance.content.pages import check_page


@pytest.mark.parametrize(
    "markup, says",
    [
        ("![A diagram](img/a%00b.png)", "'img/a%00b.png' is not a file in docs/"),
        ("[A leaflet](a%00b.pdf)", "'a%00b.pdf' is not a file in docs/"),
        ("[A page](a%00b/)", None),  # not a file: MkDocs' link check has the say
        ("![A diagram](/a%00/b.png)", "'/a%00/b.png' is not a file in docs/"),
    ],
)
def test_a_nul_in_a_path_is_a_problem_not_a_traceback(markup: str, says: str | None):
    record = check_page(ARTICLE, approved_body(markup), CONTEXT)
    body = [problem for problem in record.problems if problem.field == "body"]
    assert [problem.message for problem in body] == ([] if says is None else [says])
    assert all(problem.line and problem.fix for problem in body)


# ---- what MkDocs cannot render at all (red team, round 22) ---------------------------------------
# An address urlsplit refuses, and nesting deeper than Python-Markdown's recursion, stopped
# `mkdocs build` (strict or not) with a traceback, and `alliance check` passed or crashed. The page
# check now names them (field "markdown"), and the build shows that message in the page's place.

UNRENDERABLE = {
    "full-width solidus in a host": ("See [x](//a\uff0fb).", "cannot be read as an address"),
    "escaped in raw HTML": ('<a href="//a&#xff0f;b">x</a>', "cannot be read as an address"),
    "unbalanced IPv6 bracket": ("See [x](http://[::1).", "cannot be read as an address"),
    "raw href": ('<a href="https://x\uff03y/">x</a>', "cannot be read as an address"),
    "a list 300 levels deep": (
        "\n".join("    " * level + "- x" for level in range(300)),
        "is indented more than 256 columns",
    ),
    "two thousand stars": ("*" * 2000 + "word" + "*" * 2000, "'*' and '_' in one paragraph"),
    "nested emphasis over lines": ("\n".join("*a " * 100 for _ in range(12)), "'*' and '_' in one paragraph"),
    "nested markdown blocks": (
        "<div markdown>\n" * 400 + "x\n" + "</div>\n" * 400,
        "HTML elements with a markdown attribute",
    ),
    # Red team 22b: addresses the first cut did not read, and nesting written on one line.
    "an autolink": ("See <http://a\uff0fb>.", "cannot be read as an address"),
    "an autolink with a bracket": ("See <http://[::1>.", "cannot be read as an address"),
    "a reference in a quote": ("> [r]: //a\uff0fb\n>\n> [x][r]", "cannot be read as an address"),
    "a reference in a list": ("- item\n\n    [r]: //a\uff0fb\n\n[x][r]", "cannot be read as an address"),
    "a reference's address on the next line": ("[x][r]\n\n[r]:\n    //a\uff0fb", "cannot be read as an"),
    "a space in a link's host": ("[x](http://a b\uff0fc)", "cannot be read as an address"),
    "parentheses in a link's host": ("[x](//a(b)\uff0fc)", "cannot be read as an address"),
    "in a table cell": ("|a|\n|-|\n|[x](//a(b)\uff0fc)|", "cannot be read as an address"),
    "in a footnote": ("x[^1]\n\n[^1]: see [y](//a \uff0fb)", "cannot be read as an address"),
    "an attr_list href with a space": ("[x](y){: href='//a \uff0fb' }", "cannot be read as an address"),
    "a tab in an angle-bracket link": ("[x](<//a\t\uff0fb>)", "cannot be read as an address"),
    "500 list markers on one line": ("- " * 500 + "x", "more than 128 list markers"),
    "500 numbered markers on one line": ("1. " * 500 + "x", "more than 128 list markers"),
    # Session 27: a footnote definition stored inside another footnote's text stops Python-Markdown's
    # footnotes ("OrderedDict mutated during iteration"); each of these did.
    "a footnote inside a footnote, indented": (
        "x[^a]\n\n[^a]: one\n    [^b]: two\n[^c]: three",
        "footnote definition away from the left margin",
    ),
    "a footnote inside a footnote, tabbed": (
        "x[^a]\n\n[^a]: one\n\t[^b]: two\n[^c]: three",
        "footnote definition away from the left margin",
    ),
    "a footnote opening a footnote's text": (
        "x[^a]\n\n[^a]: [^b]: one\n[^c]: two",
        "footnote definition away from the left margin",
    ),
    "a footnote in an indented paragraph of a footnote": (
        "x[^a]\n\n[^a]: one\n\n    [^b]: two\n\n[^c]: three",
        "footnote definition away from the left margin",
    ),
    # Session 28 (red team): Markdown drops STX and ETX before it reads, so these show a picture.
    "an STX between a link's brackets": ("See ![a room]\x02(room.png).", "U+0002 or U+0003"),
    "an ETX in a definition": ("![a room][r]\n\n[r]:\x03 room.png", "U+0002 or U+0003"),
    # Session 28 (red team): behind a quote or a list marker in a footnote's text, each did too.
    "a footnote behind a quote in a footnote's text": (
        "x[^a]\n\n[^a]: > [^b]: nested\n\n[^c]: x",
        "footnote definition away from the left margin",
    ),
    "a footnote in a quote indented under a footnote": (
        "x[^a]\n\n[^a]: one\n    > [^b]: two\n\n[^c]: three",
        "footnote definition away from the left margin",
    ),
    "a footnote behind a tab and a quote under a footnote": (
        "x[^a]\n\n[^a]: one\n\t>\t[^b]: two\n\n[^c]: three",
        "footnote definition away from the left margin",
    ),
    "a footnote behind a numbered marker in a footnote's text": (
        "x[^a]\n\n[^a]: 1. [^b]: two\n\n[^c]: three",
        "footnote definition away from the left margin",
    ),
    # Session 29 (red team): urlsplit deletes tabs and line breaks before it reads an address, and
    # Python-Markdown reads a definition in a list item: each of these stopped the build.
    "a line break in a link's host": ("See [a](//x\n[y).", "cannot be read as an address"),
    "a line break before a full-width solidus": ("See [a](//x\n\uff0fy).", "cannot be read as an address"),
    "a line break between the two slashes": ("See [a](https:/\n/[y).", "cannot be read as an address"),
    "a definition in a list item": ("- [r]: //[x\n\nSee [a][r].", "cannot be read as an address"),
    "a definition in a numbered item": ("1. [r]: //[x\n\nSee [a][r].", "cannot be read as an address"),
    "a definition's label over two lines": ("See [t][r] now.\n\n[r\n]: //[x", "cannot be read as an address"),
    "a definition read as another's target": (
        "See the note[^a[b].\n\n[^a[b]: [r]: //[x\n\n[a][r]",
        "cannot be read as an address",
    ),
}
RENDERABLE = {
    "plain https": "See [x](https://example.org/a?b=c#d).",
    "a character reference in Markdown (kept as written)": "See [x](//a&#xff0f;b).",
    "a host in its xn-- form": "See [x](https://xn--bcher-kva.example/).",
    "a non-ASCII path": "See [x](https://example.org/caf\u00e9).",
    "brackets in a path": "See [x](https://example.org/a[1]).",
    "stars escaped": "\\*" * 600,
    "stars in a code block": "```\n" + "*" * 1000 + "\n```",
    "a list 30 levels deep": "\n".join("    " * level + "- x" for level in range(30)),
    # Red team 22b: text around links in languages that write full-width punctuation.
    "a full-width colon after a link": "See [a page](https://example.org)\uff1a more (b).",
    "a full-width solidus in a title": '[x](https://example.org "a\uff0fb")',
    "a full-width solidus in a reference's title": '[x][r]\n\n[r]: https://example.org "a\uff0fb"',
    "100 list markers on one line": "- " * 100 + "x",
    "a thousand nested quotes (Python-Markdown renders them)": ">" * 1000 + " x",
    "footnotes one after another": "x[^a][^b]\n\n[^a]: one\n[^b]: two",
    "a footnote with an indented paragraph": "x[^a]\n\n[^a]: one\n\n    more about it\n",
    "a footnote after two spaces of a footnote's text": "x[^a][^b]\n\n[^a]: one\n  [^b]: two\n[^c]: three",
}


@pytest.mark.parametrize("case", UNRENDERABLE)
def test_what_mkdocs_cannot_render_is_a_problem_in_the_check(case: str):
    markup, says = UNRENDERABLE[case]
    record = check_page(ARTICLE, approved_body(markup), CONTEXT)
    found = [problem for problem in record.problems if problem.field == renderable.FIELD]
    if case == "nested markdown blocks":  # 800 tags on a short page pass the '<' budget too (session 31)
        found = [problem for problem in found if "'<' that open a tag" not in problem.message]
    if case == "a list 300 levels deep":  # past the nesting budget too (session 31, red team 3)
        found = [problem for problem in found if "many quote marks" not in problem.message]
    assert len(found) == 1 and says in found[0].message, record.problems
    assert found[0].line and found[0].fix


@pytest.mark.parametrize("case", RENDERABLE)
def test_what_mkdocs_renders_is_not(case: str):
    record = check_page(ARTICLE, approved_body(RENDERABLE[case]), CONTEXT)
    assert [problem for problem in record.problems if problem.field == renderable.FIELD] == []


def test_the_build_shows_the_problem_instead_of_stopping_with_a_traceback(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    help_page = project / "docs" / "get-help.md"
    help_page.write_text(help_page.read_text(encoding="utf-8") + "\nSee [x](//a\uff0fb).\n", encoding="utf-8")
    article = project / "docs" / "articles" / "building-trust.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\n" + "\n".join("    " * n + "- x" for n in range(300)) + "\n",
        encoding="utf-8",
    )
    policy = project / "docs" / "about" / "how-we-review.md"
    policy.write_text(
        policy.read_text(encoding="utf-8") + "\nA note.[^a]\n\n[^a]: one\n    [^b]: two\n[^c]: three\n",
        encoding="utf-8",
    )
    strict = mkdocs_build(project, tmp_path / "strict")
    assert strict.returncode == 1 and "Traceback" not in strict.output, strict.output
    assert "docs/get-help.md:" in strict.output and "cannot be read as an address" in strict.output
    assert "docs/articles/building-trust.md:" in strict.output and "indented more than 256" in strict.output
    preview = mkdocs_build(project, tmp_path / "preview", strict=False)
    assert preview.returncode == 0 and "Traceback" not in preview.output, preview.output
    shown = (tmp_path / "preview" / "get-help" / "index.html").read_text(encoding="utf-8")
    assert "cannot be read as an address" in shown
    checked = alliance(project, "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert "cannot be read as an address" in checked.stderr and "indented more than 256" in checked.stderr
    for output in (strict.output, checked.stderr):  # rendered by MkDocs in the build, by the check's links
        assert "docs/about/how-we-review.md:" in output and "inside another footnote's text" in output


SESSION_29_ADDRESSES = [
    "a line break in a link's host",
    "a line break before a full-width solidus",
    "a line break between the two slashes",
    "a definition in a list item",
    "a definition in a numbered item",
    "a definition's label over two lines",
    "a definition read as another's target",
]


@pytest.mark.parametrize("case", SESSION_29_ADDRESSES)
def test_each_address_refused_in_session_29_really_stops_urlsplit(case: str):
    """Python-Markdown renders each of these addresses as written, and urlsplit (which MkDocs calls
    on every link it renders) refuses it."""
    import re
    from urllib.parse import urlsplit

    import markdown

    html = markdown.markdown(UNRENDERABLE[case][0], extensions=["footnotes"])
    addresses = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert addresses, html
    with pytest.raises(ValueError):
        for address in addresses:
            urlsplit(address)


NESTED_FOOTNOTES = [case for case, (_, says) in UNRENDERABLE.items() if "away from the left margin" in says]


@pytest.mark.parametrize("case", NESTED_FOOTNOTES)
def test_each_footnote_shape_refused_really_stops_python_markdown(case: str):
    """The rows above are no guesses: Python-Markdown's footnotes stop on each with a traceback."""
    import markdown

    with pytest.raises(RuntimeError, match="mutated during iteration"):
        markdown.markdown(UNRENDERABLE[case][0], extensions=["footnotes"])
