"""`alliance check` skips rendering a page whose links are all written plainly (output/link_syntax.py)
and asks MkDocs' own resolver about each target instead. The shortcut must never change a report:
each page here is checked with it and with every page rendered, and both must say the same, on a
table of tricky pages (each of which either takes the shortcut or not, as the table says) and on
pages put together at random from the same pieces."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import copy_project
from support.examples import examples

from alliance.content import frontmatter
from alliance.content.site import open_site
from alliance.output import link_syntax, links

PAGE = "get-help.md"  # not clinical: its links are its only possible problems


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    """The sample site's copy, its settings and MkDocs config; tests rewrite docs/get-help.md."""
    project = copy_project(tmp_path_factory.mktemp("precheck") / "project")
    settings, config = open_site(project / "mkdocs.yml")
    return project, settings, config


def _reports(site, body: str) -> tuple[list[str], list[str], bool]:
    """The link problems of a page holding `body`, found with the shortcut and with every page
    rendered, and whether the shortcut rendered the page."""
    from mkdocs.structure.files import get_files

    project, settings, config = site
    (project / "docs" / PAGE).write_text(body, encoding="utf-8")
    rendered: list[str] = []
    original = links._render_all

    def recording(checked, *rest):
        rendered.extend(file.src_uri for file in checked)
        return original(checked, *rest)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(links, "_render_all", recording)
        shortcut = links.link_problems(config, get_files(config), [PAGE], settings)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(links, "_needs_render", lambda *args: True)  # render every page, as the build does
        every = links.link_problems(config, get_files(config), [PAGE], settings)
    return [str(p) for p in shortcut], [str(p) for p in every], PAGE in rendered


FRONT = "---\ntitle: Help\ndescription: Where to find help now.\nclinical: false\n---\n\n# Help\n\n"

# (body after the heading, whether the shortcut may skip the render)
PAGES = {
    "plain links and a used footnote": (
        "See [trust](articles/building-trust.md) and [doi](https://doi.org/10.1/x).[^a]\n\n"
        "[^a]: A note. <https://doi.org/10.1/y>\n",
        True,
    ),
    "reference definition": ("See [trust][t].\n\n[t]: articles/building-trust.md\n", True),
    "abbreviation": ("The GP can help.\n\n*[GP]: General practitioner\n", True),
    "missing page": ("See [x](missing.md).\n", False),
    "anchor": ("See [x](articles/building-trust.md#why-the-bond-matters).\n", False),
    "own anchor": ("See [x](#help).\n", False),
    "missing anchor": ("See [x](articles/building-trust.md#nowhere).\n", False),
    "absolute link": ("See [x](/articles/building-trust/).\n", False),
    "unrecognized link": ("See [x](articles/building-trust).\n", False),
    "title": ('See [x](missing.md "a title").\n', False),
    "angle brackets": ("See [x](<missing.md>).\n", False),
    "space before target": ("See [x]( missing.md).\n", False),
    "escaped target": ("See [x](missing\\_page.md).\n", False),
    "parentheses in target": ("See [x](missing(1).md).\n", False),
    "definition on the next line": ("See [x][t].\n\n[t]:\n    missing.md\n", False),
    "definition with a title": ('See [x][t].\n\n[t]: missing.md "title"\n', False),
    "raw link": ('<a href="missing.md">x</a>\n', False),
    "raw image": ('<img src="missing.png" alt="x">\n', False),
    "attr list href": ("See [x](articles/building-trust.md){: href='missing.md' }.\n", False),
    "unreferenced footnote": ("Text.\n\n[^orphan]: Nobody points here.\n", False),
    "footnote used only in code": ("Text `[^a]`.\n\n[^a]: Note.\n", False),
    "footnote used only in an indented block": ("Text.\n\n    Code [^a]\n\n[^a]: Note.\n", False),
    "footnote used only in alt text": ("![a [^a]](assets/favicon.svg)\n\n[^a]: Note.\n", False),
    "footnote used only escaped": ("Text \\[^a].\n\n[^a]: Note.\n", False),
    "footnote used only in a comment": ("Text. <!-- [^a] -->\n\n[^a]: Note.\n", False),
    "footnote used only in a raw block": ("<div>\nText [^a]\n</div>\n\n[^a]: Note.\n", False),
    "footnote used only in an admonition title": ('!!! note "See [^a]"\n    Body.\n\n[^a]: Note.\n', False),
    "footnote used only in a definition's title": (
        '[x][t]\n\n[t]: missing.md\n  "T [^a]"\n\n[^a]: N.\n',
        False,
    ),
    "footnote used in a quoted line of prose": (
        '- A list item that goes on\n  "quoted" [^a]\n\n[^a]: Note.\n',
        True,
    ),
    "footnote used only in another footnote": ("Text.\n\n[^a]: Note [^b].\n[^b]: Other.\n", False),
    "two definitions on a line": ("Text.[^a]\n\n[^a]: See [x]: y.\n", False),
    "link in a code span": ("Text `[x](missing.md)`.\n", False),
    "link in a fence": ("```\n[x](missing.md)\n```\n", False),
    # Red team, round 22. Markdown drops STX and ETX (its placeholders' marks) before it reads a
    # page: what is left is not what was written, and MkDocs lets a URL holding STX 'amp' ETX pass.
    "STX and ETX in a target": ("See [x](missing.md\x02amp\x03).\n", False),
    "STX between a link's ] and (": ("See [x]\x02(missing.md).\n", False),
    # Raw inline HTML takes a reference written inside a tag into Markdown's stash: its anchor is
    # then in no element MkDocs reads, so the backlink's anchor is missing.
    "footnote used only in an inline HTML attribute": (
        'Text <span title="[^a]">x</span>.\n\n[^a]: N.\n',
        False,
    ),
    "second reference in an inline HTML attribute": (
        'Text [^a] and <span title="[^a]">x</span>.\n\n[^a]: N.\n',
        False,
    ),
    "footnote used only inside an unknown tag": ("Text <x [^a]> y.\n\n[^a]: N.\n", False),
    "footnote used only in inline HTML over two lines": (
        'Text <span\ntitle="[^a]">x</span>.\n\n[^a]: N.\n',
        False,
    ),
    "footnote id with an escape": ("Text [^a\\_b].\n\n[^a\\_b]: N.\n", False),
    "footnote id ending in a backslash": ("Text [^a\\].\n\n[^a\\]: N.\n", False),
    "less-than sign in prose": ("a < b [^a] and c > d\n\n[^a]: N.\n", False),
    # Alt text takes the id's first number (`fnref:a`) and keeps no anchor; a reference Markdown
    # numbers after it (a tab's title, a nested list, another footnote) is `fnref2:a` (hypothesis,
    # session 40: alt text over two lines, then a tab's title).
    "alt text, then a tab's title": (
        '![alt\nx [^a]](assets/favicon.svg)\n\n=== "T [^a]"\n\n    Body.\n\n[^a]: N.\n',
        False,
    ),
    "a list item, then alt text in another footnote": (
        "- item [^a] and [^b]\n\n[^a]: N.\n[^b]: See ![x [^a]](assets/favicon.svg)\n",
        False,
    ),
    "a paragraph, then alt text in another footnote": (
        "Text [^a] and [^b].\n\n[^a]: N.\n[^b]: See ![x [^a]](assets/favicon.svg)\n",
        False,
    ),
    "a paragraph, then alt text": ("Text [^a].\n\n![x [^a]](assets/favicon.svg)\n\n[^a]: N.\n", False),
    # An image's alt text holds the reference as text, on whichever line of the paragraph it is.
    "footnote used only in alt text on a later line": (
        "![alt\nmore [^a]\nend](assets/favicon.svg)\n\n[^a]: N.\n",
        False,
    ),
    "footnote used only in a reference image's alt text": (
        "![alt\nx [^a]][t]\n\n[t]: assets/favicon.svg\n[^a]: N.\n",
        False,
    ),
    "footnote used only in a quoted code block": (">     [^a] in code\n\n[^a]: N.\n", False),
    "footnote used only in a quoted code block in a list": ("- >     [^a] code\n\n[^a]: N.\n", False),
    # The footnotes go where the marker is, in place of the paragraph holding it.
    "footnote used only beside the footnotes' place marker": (
        "Text [^a] ///Footnotes Go Here///\n\n[^a]: N.\n",
        False,
    ),
    # Attacks that held: Markdown renders each of these references as one.
    "footnote used in a tab's title": ('=== "Tab [^a]"\n\n    Body.\n\n[^a]: N.\n', True),
    "footnote used in a heading": ("## Heading [^a]\n\n[^a]: N.\n", True),
    "footnote used in a setext heading": ("Heading [^a]\n-------\n\n[^a]: N.\n", True),
    "footnote used in a table": ("| a [^a] |\n| --- |\n| b |\n\n[^a]: N.\n", True),
    "footnote used in a definition's term": ("Term [^a]\n:   Definition\n\n[^a]: N.\n", True),
    "footnote used in an attribute list": ('Text {: title="[^a]" }\n\n[^a]: N.\n', True),
    "footnote used twice": ("Text [^a] and [^a].\n\n[^a]: N.\n", True),
    "footnote ids with '#', '%' and '?'": (
        "Text [^a#b] [^c%20d] [^e?f]\n\n[^a#b]: N.\n[^c%20d]: N.\n[^e?f]: N.\n",
        True,
    ),
    "footnote id with ':' used twice": ("Text [^a:b] and [^a:b].\n\n[^a:b]: N.\n", True),
    "footnote used in a footnote's lazy line": ("Text [^a].\n\n[^a]: N\nmore [^b]\n\n[^b]: M.\n", False),
    "footnote used only in an abbreviation's title on the next line": (
        "Text.\n\n*[GP]:\nSee [^a]\n\n[^a]: N.\n",
        False,
    ),
    # Found by hypothesis: a footnote defined again loses its first text, and the reference in it.
    "footnote used only in the lazy line of a footnote defined again": (
        "[^b]: N.\n- item [^b]\n\n[^b]: N.\n",
        False,
    ),
    "footnote used in [TOC]'s heading": ("[TOC]\n\n## Head [^a]\n\n[^a]: N.\n", True),
    "autolink beside a reference": ("See <https://doi.org/10.1/x> [^a]\n\n[^a]: N.\n", True),
    "query only": ("See [x](?q=1) and [y](articles/building-trust.md?x).\n", True),
    "scheme-like and protocol-relative targets": ("See [x](c:missing.md) and [y](//missing.md).\n", True),
}

# Whole pages, front matter and all (red team, round 22): MkDocs strips MultiMarkdown-style
# `Key: value` lines at the top of a page without YAML front matter, so a reference there is not one.
WHOLE_PAGES = {
    "footnote used only in MultiMarkdown metadata": ("Note: see [^a]\n\n# Help\n\n[^a]: N.\n", False),
    "footnote used below MultiMarkdown metadata": ("Note: see\n\n# Help [^a]\n\n[^a]: N.\n", True),
}


@pytest.mark.parametrize("case", [*PAGES, *WHOLE_PAGES])
def test_the_shortcut_says_what_rendering_says(site, case: str):
    body, skips = (FRONT + PAGES[case][0], PAGES[case][1]) if case in PAGES else WHOLE_PAGES[case]
    shortcut, every, rendered = _reports(site, body)
    assert shortcut == every
    assert rendered is not skips, "the shortcut was expected to " + ("skip" if skips else "render")


PIECES = [
    "Text.",
    "[x](articles/building-trust.md)",
    "[x](missing.md)",
    "[x](articles/building-trust.md#why-the-bond-matters)",
    "[x](#help)",
    "[x](https://example.org/a)",
    '[x](missing.md "t")',
    "[x][t]",
    "[t]: articles/building-trust.md",
    "[t]: missing.md",
    "[^a]",
    "[^b]",
    "[^a]: Note.",
    "[^b]: Note [^a].",
    "`[^a]`",
    "`[x](missing.md)`",
    "    [^b]",
    "    [x](missing.md)",
    "![i [^a]](assets/favicon.svg)",
    "\\[^b]",
    "<!-- [^a] -->",
    "<div>[^b]</div>",
    "*[GP]: General practitioner",
    '!!! note "T [^a]"\n    Body [^b].',
    '??? question "Q?"\n    Answer.[^a]',
    "```\n[^b]\n```",
    "| a [^a] |\n| --- |\n| b |",
    "- item [^b]",
    "> quote [^a]",
    '<a href="missing.md">x</a>',
    "[x](articles/building-trust.md){: .c }",
    '[t]: articles/building-trust.md\n  "T [^b]"',
    '  "quoted" [^a]',
    "Text [^a]: not a definition.",
    '<span title="[^a]">x</span>',
    "a < b",
    "<https://doi.org/10.1/x>",
    "![alt\nx [^b]](assets/favicon.svg)",
    ">     [^a]",
    "///Footnotes Go Here///",
    "[x](missing.md\x02amp\x03)",
    '=== "T [^b]"\n\n    Body.',
    "## H [^a]",
    "[^c\\_d]",
    "[^c\\_d]: Note.",
    "*[GP]:",
    "See <https://doi.org/10.1/x> [^b]",
    "> [^b]",
    "Press ++ctrl++.",
    "[t]: articles/building-trust.md\n(T [^a])",
]


@settings(
    max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.sampled_from(PIECES), st.sampled_from(["\n\n", "\n", " "])),
        min_size=1,
        max_size=8,
    )
)
def test_random_pages_get_the_same_report_either_way(site, pieces):
    body = "".join(piece + joint for piece, joint in pieces)
    shortcut, every, _ = _reports(site, FRONT + body)
    assert shortcut == every, body


# Sites whose mkdocs.yml differs from the sample's (red team, round 22): (text replaced, by what).
SITE_VARIANTS = {
    "keys": ("  - pymdownx.smartsymbols\n", "  - pymdownx.smartsymbols\n  - pymdownx.keys\n"),
    "footnote marks that link": (
        "  - footnotes\n",
        "  - footnotes:\n      SUPERSCRIPT_TEXT: '[{}](missing.md)'\n",
    ),
    "footnotes placed by a marker": ("  - footnotes\n", "  - footnotes:\n      PLACE_MARKER: HERE\n"),
    "file URLs, a page excluded": (
        "docs_dir: docs\n",
        "docs_dir: docs\nuse_directory_urls: false\nexclude_docs: |\n  draft.md\n",
    ),
}

# (site variant, body after the heading, whether the shortcut may skip the render)
OTHER_SITES = [
    ("keys", 'Press ++"[^a]"++.\n\n[^a]: N.\n', False),  # a key's label is text, not a reference
    ("keys", "Press ++ctrl+c++ to copy.[^a]\n\n[^a]: N.\n", False),  # unsure: rendered
    ("keys", "Press ++ctrl+c++ to copy.\n\nSee the note.[^a]\n\n[^a]: N.\n", True),
    ("keys", "See [x](articles/building-trust.md?++ctrl++).\n", False),  # the key becomes HTML in the URL
    ("footnote marks that link", "Text.[^a]\n\n[^a]: N.\n", False),
    ("footnotes placed by a marker", "Text [^a] HERE\n\n[^a]: N.\n", False),
    ("file URLs, a page excluded", "See [x](articles/).\n", False),
    ("file URLs, a page excluded", "See [x](articles/building-trust.html).\n", False),
    ("file URLs, a page excluded", "See [x](articles/building-trust.md) and [y](articles/index.md).\n", True),
    ("file URLs, a page excluded", "See [x](draft.md).\n", True),  # MkDocs says so only at INFO
]


@pytest.fixture(scope="module")
def site_variant(tmp_path_factory: pytest.TempPathFactory):
    """A copy of the sample site with its mkdocs.yml edited as SITE_VARIANTS says, made once each."""
    made: dict[str, tuple] = {}

    def site_of(name: str):
        if name not in made:
            project = copy_project(tmp_path_factory.mktemp("variant") / "project")
            old, new = SITE_VARIANTS[name]
            config_file = project / "mkdocs.yml"
            text = config_file.read_text(encoding="utf-8")
            assert old in text, name
            config_file.write_text(text.replace(old, new, 1), encoding="utf-8")
            (project / "docs" / "draft.md").write_text("# Draft\n", encoding="utf-8")
            made[name] = (project, *open_site(config_file))
        return made[name]

    return site_of


@pytest.mark.parametrize("variant, body, skips", OTHER_SITES)
def test_the_shortcut_says_what_rendering_says_on_other_sites(
    site_variant, variant: str, body: str, skips: bool
):
    shortcut, every, rendered = _reports(site_variant(variant), FRONT + body)
    assert shortcut == every
    assert rendered is not skips, "the shortcut was expected to " + ("skip" if skips else "render")


@pytest.mark.parametrize(
    "extensions, configs, understood",
    [
        (["toc", "footnotes", "pymdownx.superfences"], {}, True),
        (["toc", "pymdownx.snippets"], {}, False),  # includes other files' links
        (["toc", "wikilinks"], {}, False),  # [[Page]] links
        (["pymdownx.superfences"], {"pymdownx.superfences": {"custom_fences": [{"name": "x"}]}}, False),
        ([object()], {}, False),  # an extension given as an object
        # Footnote options that move the footnotes or put words of the site's choosing in their links
        (["footnotes"], {"footnotes": {"PLACE_MARKER": "HERE"}}, False),
        (["footnotes"], {"footnotes": {"SUPERSCRIPT_TEXT": "[{}](missing.md)"}}, False),
        (["footnotes"], {"footnotes": {"SEPARATOR": "-"}}, False),
        (["footnotes"], {"footnotes": {"UNIQUE_IDS": True, "BACKLINK_TEXT": "back"}}, True),
    ],
)
def test_only_known_markdown_is_read_without_rendering(extensions, configs, understood: bool):
    assert link_syntax.understood(extensions, configs) is understood


@pytest.mark.parametrize(
    "text, targets",
    [
        ("No links.", []),
        ("[a](b.md) and ![c](d.png)", ["b.md", "d.png"]),
        ("[a]: b.md\n", ["b.md"]),
        ("Text.[^1]\n\n[^1]: Note.\n", []),
        ("[a](b.md 't')", None),
        ("Text.\n\n[^1]: Note.\n", None),
        ("<A HREF='x.md'>x</A>", None),
        ("---\nsummary: x [^1]\n---\n\n[^1]: Note.\n", None),  # front matter is not rendered
        ("[a](b.md\x02)", None),  # Markdown drops STX and ETX before reading
        ("Text <b>[^1]</b>.\n\n[^1]: Note.\n", None),  # raw HTML may stash the reference
        ("Text <https://a.org/b>.[^1]\n\n[^1]: Note.\n", []),  # an autolink cannot
        ("![a\nb [^1]](c.png)\n\n[^1]: Note.\n", None),  # alt text holds no reference
    ],
)
def test_plain_targets(text: str, targets: list[str] | None):
    body_start = text.find("\n---\n") + 5 if text.startswith("---\n") else 0
    assert link_syntax.plain_targets(text, body_start) == targets


def test_the_shortcut_is_used_on_the_sample_site(site):
    """All the sample site's own pages are read without rendering (links and footnotes only)."""
    from mkdocs.structure.files import get_files

    project, settings, config = site
    files = get_files(config)
    resolver = links._resolver_for(config)
    assert resolver is not None
    pages = [file for file in files.documentation_pages() if file.src_uri != PAGE]
    with links._warnings_of(links.MKDOCS_PAGES_LOGGER) as warnings:
        rendered = [
            file.src_uri for file in pages if links._needs_render(file, config, files, warnings, resolver)
        ]
    assert len(pages) > 10 and rendered == []


@settings(max_examples=examples(400), deadline=None)
@given(st.text(alphabet="]([^:hrefsrcHREFSRC= \n\u017f\u0130\u0131\u212a<a", max_size=30))
def test_link_syntax_is_found_where_the_single_pattern_finds_it(text: str):
    # The pattern `_might_link` replaced: one case-blind search for all four kinds.
    single = re.compile(r"\]\(|\]:|\[\^|\b(?:href|src)\s*=", re.I)
    assert links._might_link(text) == bool(single.search(text))


# Pieces of text around the marks the quick scans look for: autolinks (and what only looks like
# one), '<' opening a line after spaces or a tab, HTML comments, code, brackets.
_SCANNED = st.lists(
    st.sampled_from(
        [
            "<https://a.b/c>",
            "<HTTP://x>",
            "<https://a b>",
            "<http:/x>",
            "<",
            ">",
            "<!--",
            "\n",
            " ",
            "   ",
            "\t",
        ]
        + ["]", "(", ":", "[", "^", "[^", "](", "]:", "a", "`", "~~~", "///Footnotes Go Here///"]
    ),
    max_size=16,
).map("".join)


@settings(max_examples=examples(500), deadline=None)
@given(_SCANNED)
@example("x\n   <https://a.b/c>")  # a raw HTML line, though an autolink
@example("x\n    <https://a.b/c>")  # indented code, not a mark
@example("x\n\t<https://a.b/c>")
def test_the_quick_scans_find_what_the_patterns_found(text: str):
    # The pattern of the three syntaxes, and the marks and substitution `_not_all_prose` used.
    found = [(match.start(), match.group()) for match in re.finditer(r"\]\(|\]:|\[\^", text)]
    assert list(link_syntax._syntax_in(text)) == found
    marks = ("`", "~~~", "<!--", "\n<", "\n <", "\n  <", "\n   <", "///Footnotes Go Here///")
    not_prose = (
        text.lstrip(" ").startswith("<")
        or any(mark in text for mark in marks)
        or ("<" in text and "<" in re.sub(r"<https?://[^\s<>\[\]`]*>", "", text, flags=re.I))
    )
    assert link_syntax._not_all_prose(text) == not_prose


@settings(max_examples=examples(150), deadline=None)
@given(st.text(alphabet="<>=aAiIhrefsrcmgHRESC \n\u0131\u0130\u017f\u212a\u2013", max_size=24))
@example("<\u0131mg")  # 'ı' is taken for 'i' by re.IGNORECASE: a match without '=' or ASCII 'i'
@example("<\u0130mg x")
@example("SRC =x")  # an attribute: its page need hold no '<'
def test_the_html_link_pretest_rules_out_only_pages_the_pattern_cannot_match(text: str):
    # What plain_targets asked before the '=' and '<' pre-test: the lowered words, then the pattern.
    before = link_syntax.holds_lowered(text, link_syntax._HTML_LINK_WORDS)
    before = before and link_syntax._HTML_LINK.search(text) is not None
    now = link_syntax._may_link_in_html(text) and link_syntax._HTML_LINK.search(text) is not None
    assert now == before
    if link_syntax._HTML_LINK.search(text):
        assert "=" in text or link_syntax._HTML_LINK_OPENING.search(text)


@settings(max_examples=examples(200), deadline=None)
@given(
    st.tuples(
        st.sampled_from(["---\n", "--- \t\n", "----\n", "---", ""]),
        st.lists(st.sampled_from(["---", "...", "--", "\n", "\r\n", " ", "\t", "a", "x: 1"]), max_size=12),
    ).map(lambda drawn: drawn[0] + "".join(drawn[1]))
)
@example("---\n---\n")  # the group holds a line break at least: this opening is not closed
@example("---\n\n---\n")
@example("---\nx: 1\n... \t\n")
def test_the_front_matter_ends_where_mkdocs_yaml_pattern_ends_it(text: str):
    from mkdocs.utils import meta

    match = meta.YAML_RE.match(text)
    assert frontmatter.mkdocs_yaml_end(text) == (match.end() if match else None)
