"""A hostile writer's inputs: front matter, raw markup and settings that tried to hide the byline,
disclaimer or crisis help, to show unapproved words, or to crash the gate.

Each attack is a row of ATTACKS: the page a writer could commit, and the field and words the check
must report for it. Every row runs in-process through `check_page`; a representative few run through
real strict builds (`mkdocs build --strict` plain, `-q` and `-v`, and `properdocs build --strict`),
which must fail naming the file and the reason, never with a traceback.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from support import ROOT, copy_project, mkdocs_in_process, quiet_env
from support.examples import examples
from support.hostile import (
    ABOUT_FRONT,
    ARTICLE,
    CONTEXT,
    FRONT,
    SETTINGS,
    TODAY,
    approved,
    approved_body,
    page,
)

from alliance.content import frontmatter, theme_fields
from alliance.content.body_markup import check_body
from alliance.content.pages import PageRecord, check_page
from alliance.problems import AllianceError
from alliance.settings import from_mkdocs_config, load_mkdocs_yml

ABOUT = "about/how-we-review.md"  # listed in not_clinical: needs no review


def about(extra: str) -> bytes:
    """A page the site opts out of review (not_clinical), with `extra` front matter lines."""
    return page(ABOUT_FRONT + extra, "\n# About\n\nWho we are.\n")


# Billion laughs in 324 bytes (nine aliases a level, nine levels: 387 million values once expanded);
# the 542-byte chain is the same shape.
LAUGHS = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{','.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(8)
)
NESTED_400 = "search: " + "{a: " * 400 + "1" + "}" * 400 + "\n"


@dataclass(frozen=True)
class Attack:
    """One hostile input and what the gate must say about it."""

    id: str
    content: bytes
    field: str
    says: str
    src_uri: str = ARTICLE
    marker: str | None = None  # the problem's line is the first line of the file holding this


ATTACKS: tuple[Attack, ...] = (
    # ---- front matter is data, never markup (any page, reviewed or not) -------------------------
    Attack(
        "subtitle-style-on-unreviewed-page",
        about('subtitle: "<style>.alliance-disclaimer{display:none}</style>"\n'),
        "subtitle",
        "holds markup",
        ABOUT,
    ),
    Attack(
        "subtitle-style-on-article",
        approved(FRONT + 'subtitle: "<style>x{}</style>"\n'),
        "subtitle",
        "holds markup",
    ),
    Attack(
        "status-breaks-out-of-attribute",
        about("status: 'x\" onmouseover=\"alert(1)'\n"),
        "status",
        "is not a page status of the site",
        ABOUT,
    ),
    Attack("status-unknown", about("status: secret\n"), "status", "is not a page status", ABOUT),
    Attack(
        "tags-style", about('tags: ["<style>.md-content{display:none}</style>"]\n'), "tags", "contains", ABOUT
    ),
    Attack("tags-newline", about('tags: ["a\\nb"]\n'), "tags", "contains", ABOUT),
    Attack(
        "icon-does-not-exist",
        about("icon: material/does-not-exist\n"),
        "icon",
        "is not an icon of the theme",
        ABOUT,
    ),
    Attack(
        "icon-path-traversal",
        about("icon: ../../partials/alliance/disclaimer\n"),
        "icon",
        "is not an icon of the theme",
        ABOUT,
    ),
    Attack(
        "template-does-not-exist",
        about("template: nonexistent.html\n"),
        "template",
        "is not a template of the theme",
        ABOUT,
    ),
    Attack(
        "template-path-traversal",
        about("template: ../../etc/passwd.html\n"),
        "template",
        "is not a template of the theme",
        ABOUT,
    ),
    Attack(
        "clinical-page-swaps-template",
        approved(FRONT + "template: redirect.html\n"),
        "template",
        "cannot render a clinical page",
    ),
    # A page that needs no review keeps the crisis strip and its own content (red team, round 26):
    # redirect.html made "Get help now" a blank page reloading itself, 404.html replaced its
    # helplines with "page not found", base.html dropped the strip.
    Attack(
        "page-template-redirect",
        about("template: redirect.html\n"),
        "template",
        "cannot render a page of this site",
        ABOUT,
    ),
    Attack("page-template-404", about("template: 404.html\n"), "template", "cannot render a page", ABOUT),
    Attack("page-template-base", about("template: base.html\n"), "template", "cannot render a page", ABOUT),
    Attack(
        "clinical-page-uses-help-template",
        approved(FRONT + "template: get-help.html\n"),
        "template",
        "cannot render a clinical page",
    ),
    Attack("hide-unknown-part", about("hide: [disclaimer]\n"), "hide", "contains", ABOUT),
    Attack(
        "search-holds-anything",
        about("search: {onload: alert}\n"),
        "search.onload",
        "is not a known field",
        ABOUT,
    ),
    Attack(
        "search-exclude-not-bool",
        about("search: {exclude: 'yes'}\n"),
        "search.exclude",
        "not true or false",
        ABOUT,
    ),
    Attack(
        "search-boost-huge",
        about("search: {boost: 1.0e+308}\n"),
        "search.boost",
        "not a number from 0.1 to 10",
        ABOUT,
    ),
    Attack(
        "material-author-field",
        about('author: "<script>alert(1)</script>"\n'),
        "author",
        "is not a known field",
        ABOUT,
    ),
    Attack(
        "material-redirect-location",
        about('location: "javascript:alert(1)"\n'),
        "location",
        "is not a known field",
        ABOUT,
    ),
    # ---- no crash, no bomb --------------------------------------------------------------------
    Attack("billion-laughs", page(LAUGHS), "front matter", "expands to more than"),
    Attack(
        "alias-refers-to-itself", page(FRONT + "tags: &loop [*loop]\n"), "front matter", "refers to itself"
    ),
    Attack(
        "400-nested-mappings-under-search", about(NESTED_400), "front matter", "nests values more than", ABOUT
    ),
    Attack(
        "alias-chain-depth",
        page("".join(f"a{n}: &a{n} [*a{n - 1}]\n" if n else "a0: &a0 [1]\n" for n in range(60))),
        "front matter",
        "nests values more than",
    ),
    Attack(
        "huge-front-matter",
        page(FRONT + "tags: [" + ", ".join(["tag"] * 20000) + "]\n"),
        "front matter",
        "more than the 64 KB allowed",
    ),
    # ---- opting out is a site decision ----------------------------------------------------------
    Attack(
        "article-opts-itself-out",
        approved(FRONT + "clinical: false\n"),
        "clinical",
        "only the site can opt a page out",
    ),
    Attack(
        "unreviewed-article-opts-itself-out",
        page(FRONT + "clinical: false\n"),
        "clinical",
        "only the site can opt a page out",
    ),
    Attack(
        "glob-does-not-reach-sub-folders",
        page(ABOUT_FRONT + "authors: [jordan-example]\n"),
        "review",
        "is missing",
        "about/advice/anxiety.md",
    ),
    Attack(
        "folder-named-like-an-opted-out-one",
        page(FRONT + "clinical: false\n"),
        "clinical",
        "only the site can opt a page out",
        "articles/about/x.md",
    ),
    # ---- writer markup cannot hide trust (approved clinical bodies, and every other page) ---------
    Attack(
        "help-page-hides-the-helplines",
        page(ABOUT_FRONT, "\n# Get help\n\n<style>.alliance-crisis{display:none}</style>\n"),
        "body",
        "<style> is not allowed",
        "get-help.md",
        marker="<style>",
    ),
    Attack(
        "home-page-redirects",
        page(ABOUT_FRONT, '\n<meta http-equiv="refresh" content="0;url=x">\n'),
        "body",
        "<meta> is not allowed",
        "index.md",
        marker="<meta",
    ),
    Attack(
        "profile-page-script",
        page(ABOUT_FRONT, "\n<script>alert(1)</script>\n"),
        "body",
        "<script> is not allowed",
        "people/attack.md",
        marker="<script>",
    ),
    Attack(
        "unclosed-style",
        approved_body("<style>.alliance-disclaimer{display:none}"),
        "body",
        "<style> is not allowed",
        marker="<style>",
    ),
    Attack(
        "unclosed-textarea",
        approved_body("<textarea>"),
        "body",
        "<textarea> is not allowed",
        marker="<textarea>",
    ),
    Attack(
        "div-hidden", approved_body("<div hidden>"), "body", "<div> is not allowed", marker="<div hidden>"
    ),
    Attack(
        "md-in-html-hidden",
        approved_body("<div markdown hidden>\n\nHidden\n\n</div>"),
        "body",
        "<div> is not allowed",
        marker="<div markdown",
    ),
    Attack(
        "span-hidden",
        approved_body("Words <span hidden>nobody sees</span>."),
        "body",
        "the attribute 'hidden' is not allowed",
        marker="<span hidden>",
    ),
    Attack(
        "span-style",
        approved_body('<span style="position:fixed;inset:0;background:#fff">x</span>'),
        "body",
        "the attribute 'style' is not allowed",
        marker="<span style",
    ),
    Attack(
        "span-markdown-attribute",
        approved_body('<span markdown="1">*x*</span>'),
        "body",
        "the attribute 'markdown' is not allowed",
        marker="<span markdown",
    ),
    Attack(
        "event-handler",
        approved_body('<b onmouseover="document.body.remove()">x</b>'),
        "body",
        "the attribute 'onmouseover' is not allowed",
        marker="<b onmouseover",
    ),
    Attack(
        "event-handler-upper-case",
        approved_body("<B ONCLICK=x>y</B>"),
        "body",
        "the attribute 'onclick' is not allowed",
        marker="<B ONCLICK",
    ),
    Attack(
        "attribute-after-tab",
        approved_body("<span\ttitle=a\thidden>x</span>"),
        "body",
        "the attribute 'hidden' is not allowed",
        marker="<span\ttitle",
    ),
    Attack(
        "attribute-glued-to-quote",
        approved_body('<span title="a"hidden>x</span>'),
        "body",
        "the attribute 'hidden' is not allowed",
        marker='<span title="a"hidden>',
    ),
    Attack(
        "fake-trust-marker",
        approved_body('<span data-alliance="disclaimer">Fake</span>'),
        "body",
        "the attribute 'data-alliance' is not allowed",
        marker="data-alliance",
    ),
    Attack(
        "inert-popover-contenteditable",
        approved_body("<span inert>x</span>"),
        "body",
        "the attribute 'inert' is not allowed",
        marker="<span inert>",
    ),
    Attack(
        "theme-class-hides",
        approved_body('<span class="md-toggle">x</span>'),
        "body",
        "the class 'md-toggle' is not allowed",
        marker="md-toggle",
    ),
    Attack(
        "theme-class-overlay",
        approved_body('<span class="md-dialog md-dialog--active">x</span>'),
        "body",
        "is not allowed",
        marker="md-dialog",
    ),
    Attack(
        "id-takes-alliance-anchor",
        approved_body('<span id="alliance-disclaimer">x</span>'),
        "body",
        "the id 'alliance-disclaimer' is not allowed",
        marker="alliance-disclaimer",
    ),
    Attack(
        "script",
        approved_body("<script>document.querySelector('.alliance-crisis').remove()</script>"),
        "body",
        "<script> is not allowed",
        marker="<script>",
    ),
    Attack(
        "iframe",
        approved_body('<iframe src="https://example.org"></iframe>'),
        "body",
        "<iframe> is not allowed",
        marker="<iframe",
    ),
    Attack(
        "raw-image",
        approved_body('<img src="x.png" onerror="alert(1)">'),
        "body",
        "<img> is not allowed",
        marker="<img",
    ),
    Attack(
        "raw-link",
        approved_body('<a href="javascript:alert(1)">x</a>'),
        "body",
        "<a> is not allowed",
        marker="<a href",
    ),
    Attack("noscript", approved_body("<noscript>"), "body", "<noscript> is not allowed", marker="<noscript>"),
    Attack(
        "template-element",
        approved_body("<template>"),
        "body",
        "<template> is not allowed",
        marker="<template>",
    ),
    Attack("xmp", approved_body("<xmp>"), "body", "<xmp> is not allowed", marker="<xmp>"),
    Attack(
        "plaintext", approved_body("<plaintext>"), "body", "<plaintext> is not allowed", marker="<plaintext>"
    ),
    Attack("title-element", approved_body("<title>"), "body", "<title> is not allowed", marker="<title>"),
    Attack(
        "svg-foreign-content",
        approved_body("<svg><style>*{display:none}</style></svg>"),
        "body",
        "<svg> is not allowed",
        marker="<svg>",
    ),
    Attack(
        "math", approved_body("<math><mi>x</mi></math>"), "body", "<math> is not allowed", marker="<math>"
    ),
    Attack(
        "object-embed",
        approved_body('<object data="x.pdf"></object>'),
        "body",
        "<object> is not allowed",
        marker="<object",
    ),
    Attack(
        "form-controls",
        approved_body("<form><input value=x><button>Go</button></form>"),
        "body",
        "<form> is not allowed",
        marker="<form>",
    ),
    Attack(
        "base-element",
        approved_body('<base href="https://evil.example/">'),
        "body",
        "<base> is not allowed",
        marker="<base",
    ),
    Attack(
        "meta-refresh",
        approved_body('<meta http-equiv="refresh" content="0;url=/x">'),
        "body",
        "<meta> is not allowed",
        marker="<meta",
    ),
    Attack(
        "link-stylesheet",
        approved_body('<link rel="stylesheet" href="x.css">'),
        "body",
        "<link> is not allowed",
        marker="<link",
    ),
    Attack(
        "dialog",
        approved_body("<dialog open>x</dialog>"),
        "body",
        "<dialog> is not allowed",
        marker="<dialog",
    ),
    Attack(
        "details-collapses-the-rest",
        approved_body("<details><summary>More</summary>"),
        "body",
        "<details> is not allowed",
        marker="<details>",
    ),
    Attack(
        "stray-end-tag-closes-the-article",
        approved_body("</div></article></div>"),
        "body",
        "</div> is not allowed",
        marker="</div>",
    ),
    Attack(
        "unclosed-comment",
        approved_body("<!-- the rest of the page is gone"),
        "body",
        "'<!--' is never closed",
        marker="<!--",
    ),
    Attack(
        "comment-closed-the-browser-way",
        approved_body("<!-- x --!> <b>y</b> -->"),
        "body",
        "holds '--'",
        marker="<!--",
    ),
    Attack(
        "processing-instruction",
        approved_body("<?xml hides up to here>"),
        "body",
        "processing instruction",
        marker="<?xml",
    ),
    Attack("cdata", approved_body("<![CDATA[ x ]]>"), "body", "declaration", marker="<![CDATA"),
    Attack(
        "bogus-end-tag", approved_body("</ hides up to here>"), "body", "'</' not followed", marker="</ hides"
    ),
    Attack(
        "tag-never-closed",
        approved_body('<span title="x'),
        "body",
        "never closed with '>'",
        marker='<span title="x',
    ),
    Attack(
        "unclosed-small-swallows-disclaimer",
        approved_body("<small>tiny"),
        "body",
        "<small> is never closed",
        marker="<small>",
    ),
    Attack(
        "element-closed-in-the-next-paragraph",
        approved_body("<b>one\n\ntwo</b>"),
        "body",
        "<b> is never closed in its paragraph",
        marker="<b>one",
    ),
    Attack(
        "self-closing-span-stays-open",
        approved_body("<span/>rest"),
        "body",
        "<span> is never closed",
        marker="<span/>",
    ),
    Attack(
        "misnested", approved_body("<b><i>x</b></i>"), "body", "does not close the element", marker="<b><i>"
    ),
    Attack(
        "markdown-inside-attribute",
        approved_body('<span title="[x](y)">z</span>'),
        "body",
        "Markdown and browsers read differently",
        marker="<span title",
    ),
    Attack(
        "tag-across-lines",
        approved_body("<span\nhidden>x</span>"),
        "body",
        "spans more than one line",
        marker="<span",
    ),
    Attack(
        "comment-ends-a-code-span",
        approved_body("<!-- x --> `<style>` after"),
        "body",
        "<style> is not allowed",
        marker="<!-- x -->",
    ),
    Attack(
        "faq-answer-with-hidden-span",
        approved_body('??? question "Is it normal?"\n\n    Yes. <span hidden>Stop your medication.</span>'),
        "body",
        "the attribute 'hidden' is not allowed",
        marker="<span hidden>",
    ),
    Attack(
        "admonition-title-markup",
        approved_body('!!! note "<style>*{display:none}</style>"\n\n    Text.'),
        "body",
        "<style> is not allowed",
        marker="!!! note",
    ),
    Attack(
        "footnote-markup",
        approved_body("Claim.[^a]\n\n[^a]: <script>x()</script>"),
        "body",
        "<script> is not allowed",
        marker="[^a]: <script>",
    ),
    # attr_list sets attributes on Markdown's own elements
    Attack(
        "attr-list-hidden-paragraph",
        approved_body("Unapproved words.\n{: hidden }"),
        "body",
        "the attribute 'hidden' is not allowed",
        marker="{: hidden }",
    ),
    Attack(
        "attr-list-style-on-heading",
        approved_body('## Section { style="display:none" }'),
        "body",
        "the attribute 'style' is not allowed",
        marker="## Section",
    ),
    Attack(
        "attr-list-inline-style",
        approved_body('*x*{ style="font-size:0" }'),
        "body",
        "the attribute 'style' is not allowed",
        marker="*x*{",
    ),
    Attack(
        "attr-list-theme-class",
        approved_body("Words\n{: .md-toggle }"),
        "body",
        "the class 'md-toggle' is not allowed",
        marker="{: .md-toggle }",
    ),
    Attack(
        "attr-list-fake-marker",
        approved_body('Words\n{: data-alliance="disclaimer" }'),
        "body",
        "the attribute 'data-alliance' is not allowed",
        marker="data-alliance",
    ),
    Attack(
        "attr-list-onclick",
        approved_body("Words\n{: onclick=alert(1) }"),
        "body",
        "the attribute 'onclick' is not allowed",
        marker="onclick",
    ),
    Attack(
        "attr-list-brace-in-quoted-value",
        approved_body('Words\n{: title="a}b" hidden }'),
        "body",
        "the attribute 'hidden' is not allowed",
        marker='{: title="a}b"',
    ),
    Attack(
        "attr-list-id-collision",
        approved_body("## Help { #md-content }"),
        "body",
        "the id 'md-content' is not allowed",
        marker="## Help",
    ),
)

# Markup a clinical page may hold: the allow-list must not refuse it.
HARMLESS = (
    'A <abbr title="Cognitive behavioural therapy">CBT</abbr> course.',
    "Press <kbd>Ctrl</kbd> and <kbd>F</kbd>.<br>Then <em>type</em>.",
    "H<sub>2</sub>O and x<sup>2</sup>, <mark>marked</mark>, <small>small print</small>.",
    '<span lang="cy" dir="ltr" title="Welsh">Croeso</span>',
    "A source: <https://doi.org/10.1037/pst0000172> or <feedback@alliance.example.org>.",
    "If a < b and 3<4, nothing is a tag.",
    "<!-- a note for the reviewer -->",
    "## A heading { #a-heading }",
    "![The Alliance logo](../assets/alliance-logo.png){ loading=lazy width=300 }",
    "Escaped \\{: hidden } braces are text.",
)


def check(attack: Attack) -> PageRecord:
    return check_page(attack.src_uri, attack.content, CONTEXT)


def test_every_attack_has_its_own_id():
    assert len({attack.id for attack in ATTACKS}) == len(ATTACKS) >= 80


@pytest.mark.parametrize("attack", ATTACKS, ids=[attack.id for attack in ATTACKS])
def test_check_page_reports_the_file_and_the_reason(attack: Attack):
    record = check(attack)
    path = f"docs/{attack.src_uri}"
    matching = [
        problem
        for problem in record.errors
        if problem.field == attack.field and attack.says in problem.message
    ]
    assert matching, "\n".join(map(str, record.problems)) or "no problem reported"
    assert all(str(problem).startswith(path) for problem in record.problems)
    assert not record.reviewed, "an attacked page must never be shown as reviewed"
    if attack.marker:
        lines = attack.content.decode("utf-8").split("\n")
        expected = next(n for n, line in enumerate(lines, 1) if attack.marker in line)
        assert expected in {problem.line for problem in matching}, (expected, matching)


def test_the_pages_the_attacks_start_from_are_clean():
    """Each attack bends one thing; the pages they start from must pass, or the table proves nothing."""
    for src_uri, raw in ((ARTICLE, approved()), (ABOUT, about(""))):
        record = check_page(src_uri, raw, CONTEXT)
        assert not record.errors, record.problems
    assert check_page(ARTICLE, approved(), CONTEXT).reviewed


@pytest.mark.parametrize("markup", HARMLESS)
def test_harmless_inline_markup_passes(markup: str):
    assert check_body(markup) == []
    record = check_page(ARTICLE, approved_body(markup), CONTEXT)
    assert not record.errors, record.problems


def test_statuses_declared_in_mkdocs_yml_are_accepted():
    context = dataclasses.replace(
        CONTEXT, settings=dataclasses.replace(SETTINGS, statuses=(*SETTINGS.statuses, "beta"))
    )
    assert not check_page(ABOUT, about("status: beta\n"), context).errors
    assert check_page(ABOUT, about("status: beta\n"), CONTEXT).errors
    config = load_mkdocs_yml(ROOT / "mkdocs.yml")
    config["extra"]["status"] = {"beta": "A page still being written"}
    assert "beta" in from_mkdocs_config(config, ROOT / "mkdocs.yml").statuses


def test_the_site_opts_pages_out_and_a_page_may_opt_in():
    assert not check_page("index.md", (ROOT / "docs/index.md").read_bytes(), CONTEXT).clinical
    assert not check_page("people/x.md", about(""), CONTEXT).clinical
    opted_in = check_page(ABOUT, about("clinical: true\n"), CONTEXT)
    assert opted_in.clinical and any(p.field == "authors" for p in opted_in.errors)


@pytest.mark.parametrize(
    "value, says",
    [
        ("index.md", "list paths or globs"),
        ([""], "list paths or globs"),
        ([3], "list paths or globs"),
        (["../mkdocs.yml"], "is not a path under docs/"),
        (["/etc/*"], "is not a path under docs/"),
    ],
)
def test_not_clinical_setting_is_validated(value, says: str):
    config = load_mkdocs_yml(ROOT / "mkdocs.yml")
    config["extra"]["alliance"]["not_clinical"] = value
    with pytest.raises(AllianceError, match=re.escape(says)):
        from_mkdocs_config(config, ROOT / "mkdocs.yml")


def test_material_fields_printed_raw_are_escaped():
    meta = {
        "title": "<b>T</b>",
        "description": '"d"',
        "subtitle": "<style>",
        "status": "<x>",
        "author": "<script>",
        "tags": ["<i>a</i>", "Fish & chips"],
        "icon": "material/heart",
    }
    theme_fields.escape_printed(meta)
    assert meta == {
        "title": "&lt;b&gt;T&lt;/b&gt;",
        "description": "&quot;d&quot;",
        "subtitle": "&lt;style&gt;",
        "status": "&lt;x&gt;",
        "author": "&lt;script&gt;",
        "tags": ["&lt;i&gt;a&lt;/i&gt;", "Fish &amp; chips"],
        "icon": "material/heart",
    }


@hypothesis_settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "<",
                ">",
                "</",
                "<!--",
                "-->",
                "span",
                "b",
                "style",
                " hidden",
                " title=",
                '"',
                "'",
                "=",
                "{",
                "}",
                ":",
                " .md-x",
                "\n",
                "\n\n",
                "`",
                "x",
                "&#104;",
                "\t",
                "/",
                "?",
                "!",
            ]
        ),
        max_size=60,
    ).map("".join)
)
def test_body_check_never_raises(body: str):
    for line, message, fix in check_body(body):
        assert 1 <= line <= body.count("\n") + 1 and message and fix


@hypothesis_settings(max_examples=examples(100), deadline=None)
@given(st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=12))
def test_alias_chains_are_refused_exactly_when_they_expand_too_far(levels: int, width: int):
    text = "a0: &a0 [x]\n" + "".join(
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * width)}]\n" for n in range(1, levels + 1)
    )
    sizes = [2]  # a0: the list and its one value
    for _ in range(levels):
        sizes.append(1 + width * sizes[-1])
    expanded = 1 + sum(1 + size for size in sizes)  # the mapping, each key and its value
    data, problem = frontmatter.parse(text)
    assert (problem is not None) == (expanded > frontmatter.MAX_NODES), (expanded, problem)
    assert (data is None) == (problem is not None)


# ---- real builds ---------------------------------------------------------------------------------

BUILT = {
    # file in docs/ -> (attack id whose content it holds, field)
    "articles/unclosed-style.md": "unclosed-style",
    "articles/faq-answer-with-hidden-span.md": "faq-answer-with-hidden-span",
    "articles/attr-list-hidden-paragraph.md": "attr-list-hidden-paragraph",
    "articles/opts-itself-out.md": "article-opts-itself-out",
    "articles/billion-laughs.md": "billion-laughs",
    "about/subtitle-style.md": "subtitle-style-on-unreviewed-page",
    "about/status-breakout.md": "status-breaks-out-of-attribute",
    "about/icon-does-not-exist.md": "icon-does-not-exist",
    "about/nested.md": "400-nested-mappings-under-search",
    "about/template.md": "template-does-not-exist",
}
UNREVIEWED = page(
    FRONT.replace(
        "description: How to tell your therapist what you think and feel, "
        "even when it is hard to say out loud.",
        "description: Too short.",
    )
)
COMMANDS = {
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict"],
    "mkdocs-q": [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
    "mkdocs-v": [sys.executable, "-m", "mkdocs", "build", "--strict", "-v"],
    "properdocs-q": [sys.executable, "-m", "properdocs", "build", "--strict", "-q", "-f", "mkdocs.yml"],
}


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    # The attacks on pages that need no review sit in about/, which this copy's maintainers opt out.
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("      - about/how-we-review.md\n", "      - about/*\n"),
        encoding="utf-8",
    )
    by_id = {attack.id: attack for attack in ATTACKS}
    for name, attack_id in BUILT.items():
        (project / "docs" / name).write_bytes(by_id[attack_id].content)
    (project / "docs/articles/unreviewed.md").write_bytes(UNREVIEWED)
    edited = project / "docs/articles/ending-therapy.md"  # one word of a reviewed article, unreviewed
    edited.write_text(edited.read_text(encoding="utf-8").replace("therapy", "treatment", 1), encoding="utf-8")
    index = project / "docs/index.md"  # and MkDocs' own warnings (test_mkdocs_own_warnings_fail_…)
    index.write_text(index.read_text(encoding="utf-8") + OWN_WARNINGS, encoding="utf-8")
    return project


# A broken link and a broken anchor: MkDocs' warnings, not the hooks'.
OWN_WARNINGS = "\nSee [this](articles/building-trust.md#no-such-anchor) and [that](nowhere.md).\n"
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build(
    project: Path, command: list[str], site: Path, *, separate_process: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run a build command: MkDocs' in this process unless asked (its command line and logging set-up
    are the same code), any other engine as its own process."""
    if command[:3] == MKDOCS and not separate_process:
        return mkdocs_in_process(project, *command[3:], "-d", str(site), ALLIANCE_TODAY=TODAY.isoformat())
    return subprocess.run(
        [*command, "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=quiet_env(ALLIANCE_TODAY=TODAY.isoformat()),
        timeout=600,
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_strict_build_fails_with_file_and_reason_at_every_log_level(
    hostile_project: Path, tmp_path: Path, name: str
):
    done = build(hostile_project, COMMANDS[name], tmp_path / "site")
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "Traceback" not in output
    by_id = {attack.id: attack for attack in ATTACKS}
    for file_name, attack_id in BUILT.items():
        attack = by_id[attack_id]
        pattern = (
            rf"docs/{re.escape(file_name)}(?::\d+)?: {re.escape(attack.field)}: .*"
            rf"{re.escape(attack.says)}"
        )
        assert re.search(pattern, output), f"{name}: {file_name}: {attack.says!r} not in output"
    assert re.search(r"docs/articles/unreviewed\.md: description: .*fewer than 50", output)
    assert re.search(r"docs/articles/unreviewed\.md: review: ", output)
    assert re.search(r"docs/articles/ending-therapy\.md: review[\w.]*: .*changed", output)
    assert "nowhere.md" in output and "no-such-anchor" in output  # MkDocs' own, at every level
    # The refusals count toward --strict, not only MkDocs' own two warnings (which fail the build by
    # themselves): every attack's file, the unreviewed page's two and the edited article's.
    counted = re.search(
        r"Alliance: (\d+) warning\(s\) and error\(s\) above; strict mode fails the build", output
    )
    assert counted and int(counted[1]) >= len(BUILT) + 3 + 2, output


def test_mkdocs_own_warnings_fail_a_quiet_strict_build(tmp_path: Path):
    """Broken links and anchors are MkDocs' warnings: -q used to drop them before --strict counted.
    On a page with nothing else wrong, so they alone fail the build. (Every command above reports
    them on the hostile project, beside the hooks' refusals; no log level but -q ever dropped them.)"""
    project = copy_project(tmp_path / "project")
    index = project / "docs/index.md"
    index.write_text(index.read_text(encoding="utf-8") + OWN_WARNINGS, encoding="utf-8")
    # The suite's one `mkdocs build --strict -q` as its own process (tests/test_end_to_end.py).
    done = build(project, COMMANDS["mkdocs-q"], tmp_path / "site", separate_process=True)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "nowhere.md" in output and "no-such-anchor" in output, output


def test_a_plain_build_previews_the_attacks_without_running_them(hostile_project: Path, tmp_path: Path):
    """Not strict (as `mkdocs serve`): the build succeeds, and refused fields never reach the page."""
    done = build(hostile_project, [sys.executable, "-m", "mkdocs", "build", "-q"], tmp_path / "site")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    site = tmp_path / "site"
    about_page = (site / "about/subtitle-style/index.html").read_text(encoding="utf-8")
    index = (site / "index.html").read_text(encoding="utf-8")
    for html_text in (about_page, index):
        assert "<style>.alliance-disclaimer" not in html_text
        assert 'onmouseover="alert(1)"' not in html_text
    # A refused body previews its markup as text: the draft shows what is wrong, and nothing runs.
    style = (site / "articles/unclosed-style/index.html").read_text(encoding="utf-8")
    assert "<style>.alliance-disclaimer" not in style and "&lt;style&gt;" in style
    faq = (site / "articles/faq-answer-with-hidden-span/index.html").read_text(encoding="utf-8")
    assert "<span hidden>" not in faq
    hidden = (site / "articles/attr-list-hidden-paragraph/index.html").read_text(encoding="utf-8")
    assert "<p hidden" not in hidden


def test_printed_fields_are_escaped_in_the_built_page(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    (project / "docs/about/escaped.md").write_bytes(
        page(
            'title: "Fish & <i>chips</i>"\n'
            'description: "A page whose title holds markup that must show as typed: <b>bold</b> & co."\n'
            'subtitle: "Fish & chips"\n'
            "tags: [Fish & chips]\n",
            "\nText.\n",
        )
    )
    done = build(project, [sys.executable, "-m", "mkdocs", "build"], tmp_path / "site")
    assert done.returncode == 0, done.stdout + done.stderr
    html_text = (tmp_path / "site/about/escaped/index.html").read_text(encoding="utf-8")
    assert "<i>chips</i>" not in html_text and "&lt;i&gt;chips&lt;/i&gt;" in html_text
    assert "<b>bold</b>" not in html_text
