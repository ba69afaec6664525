"""A hostile writer against the output check: every way of hiding, swallowing, moving or faking a
trust element in the built HTML, and every way of making the JSON-LD say what readers cannot see,
must fail `check_site` (and so `mkdocs build --strict` and `alliance verify-site`) with the file and
the reason.

Most cases edit a real built article (the sample site, built once) and hand it to the checker
in-process; the three the issue names (an approved body with an unclosed <style>, <textarea> or
<div hidden>) are built for real and run through `alliance verify-site`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from support import ROOT, alliance, copy_project, mkdocs_build
from support.hostile import ELEMENTS, EXTRA_CSS, PAGE, WHERE, inject, problems_of, span_of

from alliance import settings as site_settings
from alliance.content import body_markup
from alliance.content.site import load_site
from alliance.output.site_check import check_site
from alliance.render.html_extract import extract, visible_text

TODAY = "2026-11-25"
# What the checker must say when each element is out of sight (or, if swallowed whole, missing).
SAYS = {
    "byline": ("the byline", "the byline naming the author and the reviewer"),
    "review-dates": ("review date", "review date"),
    "crisis": ("the crisis help notice", "the crisis help notice with tel: links"),
    "disclaimer": ("the site's disclaimer", "the site's disclaimer"),
    "sample-notice": ("the 'sample review record' notice", "the 'sample review record' notice"),
}

# Containers a browser does not show (or shows as raw text), as a writer would open them.
HIDING = {
    "div-hidden": ("<div hidden>", "</div>", "the hidden attribute"),
    "hidden-until-found": ('<div hidden="until-found">', "</div>", "the hidden attribute"),
    "inert": ("<div inert>", "</div>", "the inert attribute"),
    "aria-hidden": ('<div aria-hidden="true">', "</div>", 'aria-hidden="true"'),
    "popover": ("<div popover>", "</div>", "popover"),
    "display-none": ('<div style="display:none">', "</div>", "inline style"),
    "visibility-hidden": ('<div style="visibility: hidden">', "</div>", "inline style"),
    "opacity-0": ('<div style="opacity:0">', "</div>", "inline style"),
    "font-size-0": ('<div style="font-size:0">', "</div>", "inline style"),
    "clip": ('<div style="position:absolute;clip:rect(0 0 0 0)">', "</div>", "inline style"),
    "off-screen": ('<div style="position:absolute;left:-9999px">', "</div>", "inline style"),
    "closed-details": ("<details><summary>More</summary>", "</details>", "a closed <details>"),
    "dialog": ("<dialog>", "</dialog>", "a closed <dialog>"),
    "style": ("<style>", "</style>", "<style>"),
    "script": ('<script type="text/plain">', "</script>", "<script>"),
    "textarea": ("<textarea>", "</textarea>", "<textarea>"),
    "title": ("<title>", "</title>", "<title>"),
    "xmp": ("<xmp>", "</xmp>", "<xmp>"),
    "iframe": ("<iframe>", "</iframe>", "<iframe>"),
    "noembed": ("<noembed>", "</noembed>", "<noembed>"),
    "noframes": ("<noframes>", "</noframes>", "<noframes>"),
    "noscript": ("<noscript>", "</noscript>", "<noscript>"),
    "template": ("<template>", "</template>", "<template>"),
    "object": ('<object data="x.svg">', "</object>", "<object>"),
}


def introduction_start(html: str) -> int:
    """Where the page's own text begins: its introduction, after "In short" and before the crisis
    notice (content.html; this page has no content warnings)."""
    return re.search(r'<section class="alliance-summary".*?</section>', html, re.S).end()


def assert_fails(problems: list[str], *expected: str) -> None:
    assert problems, "the output check passed a hostile page"
    assert all(problem.startswith(f"docs/{PAGE}: output: {WHERE}") for problem in problems), problems
    for text in expected:
        assert any(text in problem for problem in problems), (text, problems)


def test_the_untouched_page_passes(checked, page_html):
    """Every case below fails because of its attack, not because the page already fails."""
    assert problems_of(checked, page_html) == []


# ---- a trust element wrapped in a container readers do not see ------------------------------------


@pytest.mark.parametrize("element", ELEMENTS)
@pytest.mark.parametrize("container", HIDING)
def test_a_trust_element_inside_a_hidden_or_raw_text_container_fails(checked, page_html, element, container):
    opening, closing, reason = HIDING[container]
    start, end = span_of(page_html, element)
    html = page_html[:start] + opening + page_html[start:end] + closing + page_html[end:]
    problems = problems_of(checked, html)
    out_of_sight, missing = SAYS[element]
    assert_fails(problems)
    said = [p for p in problems if out_of_sight in p or missing in p]
    assert said, (element, container, problems)
    if element != "review-dates":  # dates are not marked: they count as missing from the byline
        assert any(reason in p or f"lacks {missing}" in p for p in said), (element, container, problems)


# ---- an approved body that leaves a container open: everything after it is swallowed --------------


@pytest.mark.parametrize("container", HIDING)
def test_an_unclosed_container_in_the_body_swallows_the_disclaimer_and_fails(checked, page_html, container):
    opening, _, reason = HIDING[container]
    problems = problems_of(checked, inject(page_html, opening))
    assert_fails(problems, "the site's disclaimer")
    disclaimer = [p for p in problems if "the site's disclaimer" in p]
    assert any(reason in p or "lacks the site's disclaimer" in p for p in disclaimer), problems


@pytest.mark.parametrize("container", HIDING)
def test_an_unclosed_container_in_the_introduction_swallows_the_crisis_help_and_fails(
    checked, page_html, container
):
    """The introduction comes before the crisis notice: left open there, a container takes it too."""
    opening, _, reason = HIDING[container]
    at = introduction_start(page_html)
    assert at < span_of(page_html, "crisis")[0]
    problems = problems_of(checked, page_html[:at] + opening + page_html[at:])
    assert_fails(problems, "the crisis help notice", "the site's disclaimer")
    crisis = [p for p in problems if "the crisis help notice" in p]
    assert any(reason in p or "lacks the crisis help notice" in p for p in crisis), problems


@pytest.mark.parametrize(
    "markup, says",
    [
        ('</article><article class="md-content__inner md-typeset">', "the page has 2 <article"),
        ("</article>", "not directly in the article"),
        ('<div class="tabbed-block">', "not directly in the article"),
        ("<p><span>", "lacks the site's disclaimer"),  # <p> closes at <aside>; the <span> holds it
        ("<blockquote>", "not directly in the article"),
    ],
    ids=["second-article", "closed-article", "unclosed-div", "unclosed-span", "unclosed-blockquote"],
)
def test_markup_that_moves_the_disclaimer_out_of_the_article_fails(checked, page_html, markup, says):
    problems = problems_of(checked, inject(page_html, markup))
    if markup == "<p><span>":  # the parser closes both before the <aside>: nothing moves
        assert problems == []
        return
    assert_fails(problems, says)


# ---- trust elements out of their order -------------------------------------------------------------

MOVES = {
    # (element to move, element it is put before, or None for the end of the article)
    "disclaimer-before-content": ("disclaimer", "crisis"),
    "crisis-after-disclaimer": ("crisis", None),
    "byline-after-crisis": ("byline", None),
    "sample-notice-last": ("sample-notice", None),
}


@pytest.mark.parametrize("move", MOVES)
def test_trust_elements_out_of_their_order_fail(checked, page_html, move):
    element, before = MOVES[move]
    start, end = span_of(page_html, element)
    piece, rest = page_html[start:end], page_html[:start] + page_html[end:]
    if before is None:
        at = rest.index("</article>")
    else:
        at = span_of(rest, before)[0]
    html = rest[:at] + piece + rest[at:]
    assert_fails(problems_of(checked, html), "belongs; the page must show them in the order")


# Markers the clinical part of content.html writes that are the page's own content, not trust elements.
NOT_TRUST = {"summary", "related"}


def test_trust_order_follows_the_template():
    """TRUST_ORDER is the order the clinical branch of overrides/partials/content.html includes the
    partials that mark trust elements: a template change that adds or moves one must change it too."""
    from alliance.output.site_check import NAMES, TRUST_ORDER

    overrides = ROOT / "overrides" / "partials"
    template = (overrides / "content.html").read_text(encoding="utf-8")
    clinical = template[template.index("{%- if alliance['clinical'] %}") : template.index("{%- else %}")]
    included = re.findall(r'{% include "partials/(alliance/[a-z-]+\.html)" %}', clinical)
    included += re.findall(r'{% include "partials/(alliance/feedback\.html)" %}', template)
    marked = [
        name
        for partial in included
        for name in re.findall(r'data-alliance="([a-z-]+)"', (overrides / partial).read_text())
    ]
    assert [name for name in marked if name not in NOT_TRUST] == list(TRUST_ORDER)
    assert set(NAMES) == set(TRUST_ORDER)


# ---- markup that restyles the page or runs code ---------------------------------------------------

CONTENT_ATTACKS = {
    "style-element": (
        "<style>.alliance-disclaimer{display:none}</style>",
        "a <style> element the theme did not write",
    ),
    "style-in-svg": (
        "<svg><style>.alliance-crisis{display:none}</style></svg>",
        "a <style> element the theme did not write",
    ),
    "stylesheet-link-elsewhere": (
        '<link rel="stylesheet" href="https://evil.example/hide.css">',
        "stylesheet link to 'https://evil.example/hide.css'",
    ),
    "stylesheet-link-local": (
        '<link rel="stylesheet" href="../../assets/stylesheets/hide.css">',
        "stylesheet link to '../../assets/stylesheets/hide.css'",
    ),
    "alternate-stylesheet": ('<link rel="alternate stylesheet" href="x.css">', "stylesheet link to 'x.css'"),
    "style-attribute": (
        '<p style="position:fixed;top:0;left:0;width:100%;height:100%;background:#fff">Cover</p>',
        "a style attribute in the article",
    ),
    "event-handler": (
        '<img src="x.png" alt="" onerror="document.querySelector(\'.alliance-disclaimer\').remove()">',
        "an event handler attribute (onerror=)",
    ),
    "script": (
        "<script>document.querySelector('.alliance-crisis').remove()</script>",
        "a <script> element in the article",
    ),
    "meta-refresh": (
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        "a <meta> element in the article",
    ),
    "base": ('<base href="https://evil.example/">', "a <base> element in the article"),
    "fake-disclaimer": (
        '<aside data-alliance="disclaimer">Trust us.</aside>',
        'data-alliance="disclaimer" appears more than once',
    ),
    "json-ld-in-body": (
        '<script type="application/ld+json">{"@type": "MedicalWebPage"}</script>',
        "a JSON-LD block outside <head>",
    ),
}


@pytest.mark.parametrize("attack", CONTENT_ATTACKS)
def test_markup_that_can_restyle_the_page_or_run_code_fails(checked, page_html, attack):
    markup, says = CONTENT_ATTACKS[attack]
    assert_fails(problems_of(checked, inject(page_html, markup)), says)


@pytest.mark.parametrize(
    "markup, says",
    [
        ('<a href="javascript:alert(1)">Call</a>', "a link to 'javascript:alert(1)'"),
        (
            '<img alt="" srcset="ok.png 1x, https://tracker.example/x.png 2x">',
            "'https://tracker.example/x.png'",
        ),
        ('<img alt="" src="//tracker.example/x.png">', "'//tracker.example/x.png'"),
    ],
)
def test_an_address_is_judged_on_every_page_that_shows_it(checked, page_html, markup, says):
    """The check remembers what it found for an address (pages repeat the same links): a hostile
    one is still reported on each page, and one candidate of a srcset is enough to fail it."""
    for _ in range(3):
        assert_fails(problems_of(checked, inject(page_html, markup)), says)
    assert problems_of(checked, page_html) == []


@pytest.mark.parametrize(
    "href",
    [
        "../../hide.css",
        "assets/stylesheets/alliance.css",
        "https://evil.example/alliance.css",
        "data:text/css,p{}",
    ],
)
def test_a_stylesheet_added_to_the_head_fails(checked, page_html, href):
    """Even where the theme writes its own: only Material's files and extra_css may style a page,
    and a relative extra_css name counts only where it resolves to that file (this page is two
    folders deep, so 'assets/stylesheets/alliance.css' would be a writer's file next to it)."""
    html = page_html.replace("</head>", f'<link rel="stylesheet" href="{href}"></head>', 1)
    assert_fails(problems_of(checked, html), f"stylesheet link to '{href}'")


def test_the_themes_own_styles_and_aligned_tables_pass(checked, page_html):
    """What the theme and Markdown themselves write is not mistaken for an attack."""
    html = page_html.replace(
        "</head>", '<style>:root{--md-text-font:"Roboto";--md-code-font:"Roboto Mono"}</style></head>', 1
    )
    html = inject(html, '<table><tr><th style="text-align: center;">A</th></tr></table>')
    assert problems_of(checked, html) == []


# ---- structured data that says what readers cannot see ---------------------------------------------


def edit_graph(html: str, change) -> str:
    match = re.search(r'(<script type="application/ld\+json">)(.*?)(</script>)', html, re.S)
    graph = json.loads(match.group(2))
    change({node["@type"]: node for node in graph["@graph"]})
    text = json.dumps(graph).replace("<", "\\u003c")
    return html[: match.start(2)] + text + html[match.end(2) :]


def first_answer(nodes) -> dict:
    return nodes["FAQPage"]["mainEntity"][0]["acceptedAnswer"]


def add_hidden_words(html: str, markup: str) -> str:
    """A hidden span in the first FAQ answer, and JSON-LD that (like a naive reader) repeats it."""
    at = html.index("</p>", html.index('<details class="question">'))
    html = html[:at] + markup + html[at:]
    return edit_graph(
        html,
        lambda nodes: first_answer(nodes).update(
            text=first_answer(nodes)["text"].replace("room.", "room. Stop taking your medication.")
        ),
    )


JSON_LD_ATTACKS = {
    "faq-hidden-span": (
        lambda html: add_hidden_words(html, "<span hidden> Stop taking your medication.</span>"),
        "the FAQPage JSON-LD differs",
    ),
    "faq-script": (
        lambda html: add_hidden_words(html, "<script> Stop taking your medication.</script>"),
        "the FAQPage JSON-LD differs",
    ),
    "faq-style-hidden": (
        lambda html: add_hidden_words(html, '<span style="font-size:0"> Stop taking your medication.</span>'),
        "the FAQPage JSON-LD differs",
    ),
    "faq-answer-not-on-page": (
        lambda html: edit_graph(
            html, lambda nodes: first_answer(nodes).update(text="Stop taking your medication.")
        ),
        "the FAQPage JSON-LD differs",
    ),
    "faq-question-added": (
        lambda html: edit_graph(
            html,
            lambda nodes: nodes["FAQPage"]["mainEntity"].append(
                {
                    "@type": "Question",
                    "name": "Hidden?",
                    "acceptedAnswer": {"@type": "Answer", "text": "Yes."},
                }
            ),
        ),
        "the FAQPage JSON-LD differs",
    ),
    "citation-not-on-page": (
        lambda html: edit_graph(
            html,
            lambda nodes: nodes["MedicalWebPage"]["citation"].append(
                {"@type": "CreativeWork", "name": "A study nobody cites", "url": "https://x.example/"}
            ),
        ),
        "the JSON-LD citations differ",
    ),
    "reviewer-not-in-byline": (
        lambda html: edit_graph(
            html, lambda nodes: nodes["MedicalWebPage"]["reviewedBy"].update(name="Dr Real Person")
        ),
        "the JSON-LD names Dr Real Person",
    ),
    "no-medical-web-page": (
        lambda html: edit_graph(html, lambda nodes: nodes["MedicalWebPage"].update({"@type": "WebPage"})),
        "lacks MedicalWebPage structured data",
    ),
}


@pytest.mark.parametrize("attack", JSON_LD_ATTACKS)
def test_structured_data_that_readers_cannot_see_fails(checked, page_html, attack):
    edit, says = JSON_LD_ATTACKS[attack]
    assert_fails(problems_of(checked, edit(page_html)), says)


# ---- the FAQ reader: visible words only -------------------------------------------------------------


def faq(answer: str) -> str:
    return f'<details class="question"><summary>Is it safe?</summary>{answer}</details>'


@pytest.mark.parametrize(
    "answer, expected",
    [
        ("<p>Yes.<span hidden> Stop your medication.</span></p>", "Yes."),
        ('<p>Yes.<span aria-hidden="true"> Stop.</span></p>', "Yes."),
        ('<p>Yes.<span style="display:none"> Stop.</span></p>', "Yes."),
        ('<p>Yes.<span style="font-size:0"> Stop.</span></p>', "Yes."),
        ("<p>Yes.<script>var stop = 1</script></p>", "Yes."),
        ("<p>Yes.<style>p{}</style></p>", "Yes."),
        ("<p>Yes.<template>Stop.</template></p>", "Yes."),
        ("<p>Yes.<noscript>Stop.</noscript></p>", "Yes."),
        ("<p>Yes.<textarea>Stop.</textarea></p>", "Yes."),
        (
            '<p>online as in person.<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">3</a></sup> Video '
            "calls can be harder.</p>",
            "online as in person. Video calls can be harder.",
        ),
        ('<p>word<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">1</a></sup>, next</p>', "word, next"),
        ("<p>One.</p><p>Two.</p><ul><li>three</li><li>four</li></ul>", "One. Two. three four"),
        ("<p>line<br>break and&nbsp;space &amp; sign</p>", "line break and\u00a0space & sign"),
        (
            "<p>Open <details><summary>more</summary><p>inside</p></details> after</p>",
            "Open more inside after",
        ),
    ],
    ids=[
        "hidden",
        "aria-hidden",
        "display-none",
        "font-size-0",
        "script",
        "style",
        "template",
        "noscript",
        "textarea",
        "footnote-marker",
        "footnote-before-comma",
        "blocks",
        "entities",
        "nested-details",
    ],
)
def test_faq_answers_are_exactly_the_visible_words(answer, expected):
    (found,) = extract(faq(answer)).faqs
    assert found.question == "Is it safe?"
    assert found.answer == expected


def test_a_hidden_faq_is_not_structured_data():
    html = (
        f"<div hidden>{faq('<p>Hidden.</p>')}</div>{faq('<p>Shown.</p>')}"
        f"<template>{faq('<p>Template.</p>')}</template>{faq('<p hidden>All hidden.</p>')}"
        '<details class="question"><summary><span hidden>Q?</span></summary><p>A.</p></details>'
    )
    assert [item.answer for item in extract(html).faqs] == ["Shown."]


def test_the_sample_faq_has_no_footnote_numbers(built_site):
    """Issue 13's bug: 'in person.3 Video calls' in the FAQPage JSON-LD."""
    html = built_site.page("articles/ruptures-and-repair/")
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    nodes = {node["@type"]: node for node in json.loads(match.group(1))["@graph"]}
    answers = [item["acceptedAnswer"]["text"] for item in nodes["FAQPage"]["mainEntity"]]
    # The online-therapy answer has a footnote between two sentences: "video sessions.3 Less is known".
    online = next(answer for answer in answers if "Less is known about video calls" in answer)
    assert "not video sessions. Less is known about video calls" in online
    assert not re.search(r"[a-z][.,]\d", " ".join(answers)), "a footnote number is glued to a word"
    assert all(answer in visible_text(html) for answer in answers)


# ---- the three attacks of the issue, built and verified for real ------------------------------------

UNCLOSED = {
    "style": ("building-trust", "<style>\n.md-content { color: red; }\n", "inside a <style>"),
    "textarea": ("communication-and-boundaries", "<textarea>\n", "inside a <textarea>"),
    "div-hidden": ("ending-therapy", "<div hidden>\n", "inside <div> with the hidden attribute"),
}
# The input gate refuses that markup on every page and previews a refused body with its markup as
# text (body_markup.defused), so a real build never lets it through. The output check exists for the
# build where it does get through (a generator that skips the hooks, a gap in the allow-list): this
# build switches the defusing off to be that build, with the real hooks and templates otherwise (in
# this process: the hook calls `body_markup.defused` through the module at build time).


@pytest.fixture(scope="module")
def unclosed_site(tmp_path_factory):
    """The sample site with an unclosed container at the end of three approved articles: the
    reviewer cannot approve them again (approve refuses the markup), and the build lets the markup
    reach the HTML."""
    project = copy_project(tmp_path_factory.mktemp("unclosed") / "project")
    for name, markup, _ in UNCLOSED.values():
        page = project / "docs" / "articles" / f"{name}.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n" + markup, encoding="utf-8")
        refused = alliance(
            project,
            "approve",
            f"docs/articles/{name}.md",
            "--reviewer",
            "morgan-sample",
            "--on",
            TODAY,
            ALLIANCE_TODAY=TODAY,
        )
        assert refused.returncode != 0 and "is not allowed" in refused.stderr, refused.stderr
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(body_markup, "defused", lambda body: body)  # as if the input gate let it through
        built = mkdocs_build(project, project / "site", strict=False, ALLIANCE_TODAY=TODAY)
    assert built.returncode == 0, built.output
    return project, built


def test_the_input_gate_defuses_the_unclosed_containers_in_a_real_build(tmp_path_factory):
    """The first defence: a strict build fails on the markup, and what it publishes shows it as text."""
    project = copy_project(tmp_path_factory.mktemp("defused") / "project")
    for name, markup, _ in UNCLOSED.values():
        page = project / "docs" / "articles" / f"{name}.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n" + markup, encoding="utf-8")
    built = mkdocs_build(project, project / "site", ALLIANCE_TODAY=TODAY)
    assert built.returncode == 1
    for (name, _, _), element in zip(UNCLOSED.values(), ("style", "textarea", "div"), strict=True):
        assert re.search(rf"docs/articles/{name}\.md:\d+: body: <{element}> is not allowed", built.output), (
            name,
            built.output,
        )
        assert f"&lt;{element}" in built.page(f"articles/{name}/")  # shown as text, not live
    done = alliance(project, "verify-site", str(built.site_dir), ALLIANCE_TODAY=TODAY)
    assert "the site's disclaimer" not in done.stderr, done.stderr


@pytest.mark.parametrize("case", UNCLOSED)
def test_an_approved_body_with_an_unclosed_container_fails_verify_site(unclosed_site, case):
    project, built = unclosed_site
    name, _, says = UNCLOSED[case]
    done = alliance(project, "verify-site", str(built.site_dir), ALLIANCE_TODAY=TODAY)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert (
        f"docs/articles/{name}.md: output: articles/{name}/index.html: the site's disclaimer "
        f"is {says}" in done.stderr
    ), done.stderr
    assert f"{name}/index.html lacks the site's disclaimer" not in done.stderr, (
        "one problem, with its reason, not a second one that blames the hooks"
    )


def test_the_build_reports_the_same_problems(unclosed_site):
    """on_post_build runs the same check: the build that let the markup through says the same lines."""
    _, built = unclosed_site
    for name, _, says in UNCLOSED.values():
        assert f"articles/{name}/index.html: the site's disclaimer is {says}" in built.output


def test_check_site_reads_each_clinical_page_of_a_folder(checked, page_html, tmp_path: Path):
    settings, registry, record = checked
    target = tmp_path / WHERE
    target.parent.mkdir(parents=True)
    target.write_text(inject(page_html, "<textarea>"), encoding="utf-8")
    problems = [str(p) for p in check_site(tmp_path, [record], settings, registry, EXTRA_CSS)]
    assert_fails(problems, "the site's disclaimer is inside a <textarea>")


def test_pages_that_are_not_clinical_may_not_restyle_themselves_either(built_site, tmp_path: Path):
    """The help page lists the crisis lines: a <style> there could hide them."""
    settings = site_settings.load(ROOT / "mkdocs.yml")
    site = load_site(settings, dt.date.fromisoformat(TODAY), ["get-help.md"])
    (record,) = site.records
    assert not record.clinical
    html = built_site.page("get-help/")
    target = tmp_path / "get-help" / "index.html"
    target.parent.mkdir(parents=True)
    target.write_text(html, encoding="utf-8")
    assert check_site(tmp_path, [record], settings, site.registry, EXTRA_CSS) == []
    at = html.index("</article>")
    target.write_text(
        html[:at] + "<style>.alliance-helplines{display:none}</style>" + html[at:], encoding="utf-8"
    )
    problems = [str(p) for p in check_site(tmp_path, [record], settings, site.registry, EXTRA_CSS)]
    assert problems == [
        "docs/get-help.md: output: get-help/index.html: a <style> element the theme did "
        "not write (CSS can hide the trust elements); remove it from the page's "
        "Markdown: pages may not bring their own scripts, styles, stylesheets, event "
        "handlers or structured data"
    ]


# ---- every local file a reviewed page shows is one its review binds (red team, session 28) --------

# How the built page may load docs/articles/pic_a.png from articles/ruptures-and-repair/index.html:
# each a spelling a browser resolves to that file.
SHOWN = {
    "img": '<p><img alt="A room" src="../pic_a.png"></p>',
    "srcset": '<p><img alt="A room" src="../other.png" srcset="../pic_a.png 2x"></p>',
    "absolute": '<p><img alt="A room" src="/articles/pic_a.png"></p>',
    "backslash": '<p><img alt="A room" src="..\\pic_a.png"></p>',
    "percent-escaped": '<p><img alt="A room" src="../pic%5Fa.png"></p>',
    "query-and-fragment": '<p><img alt="A room" src="../pic_a.png?v=2#top"></p>',
    "linked-file": '<p><a href="../pic_a.png">the picture</a></p>',
}


@pytest.mark.parametrize("spelling", SHOWN)
def test_a_file_the_page_shows_must_be_bound_by_its_review(checked, page_html, spelling):
    """The page check binds the files it reads in the Markdown; the output check makes sure the page
    readers get shows no other: a spelling Markdown reads otherwise than the scan (an escape, a space,
    brackets within brackets) would show a file no review binds."""
    markup = SHOWN[spelling]
    if spelling == "srcset":  # both candidates load; the first is bound, the second is not
        settings, registry, record = checked
        bound = dict(record.files, **{"docs/articles/other.png": "0" * 64})
        checked = (settings, registry, dataclasses.replace(record, files=bound))
    address = re.search(r'(?:srcset|src|href)="([^" ]+)[^"]*"(?!.*(?:srcset|src)=)', markup).group(1)
    assert_fails(
        problems_of(checked, inject(page_html, markup)),
        f"shows '{address}', a file the page's review does not bind",
    )
    settings, registry, record = checked
    approved = dataclasses.replace(record, files=dict(record.files, **{"docs/articles/pic_a.png": "0" * 64}))
    assert problems_of((settings, registry, approved), inject(page_html, markup)) == []


@pytest.mark.parametrize(
    "address",
    [
        "https://alliance.example.org/assets/alliance-card.png",
        "//ALLIANCE.example.org/assets/alliance-card.png",
    ],
)
def test_a_file_linked_by_the_sites_own_full_address_must_be_bound_too(checked, page_html, address):
    """A reader's browser loads it from the site itself (red team, session 29, round 3: a PDF linked
    as `https://<site>/assets/worksheet.pdf` could change after the review)."""
    markup = f'<p><a href="{address}">the card</a></p>'
    assert_fails(problems_of(checked, inject(page_html, markup)), f"shows '{address}'")
    settings, registry, record = checked
    bound = dataclasses.replace(
        record, files=dict(record.files, **{"docs/assets/alliance-card.png": "0" * 64})
    )
    assert problems_of((settings, registry, bound), inject(page_html, markup)) == []


def test_the_sites_own_pages_and_built_files_by_full_address_need_no_binding(checked, page_html):
    markup = (
        '<p><a href="https://alliance.example.org/articles/ending-therapy/">a page</a> '
        '<a href="https://alliance.example.org/sitemap.xml">the sitemap</a></p>'
    )
    assert problems_of(checked, inject(page_html, markup)) == []


def test_links_to_pages_anchors_and_other_sites_need_no_binding(checked, page_html):
    markup = (
        '<p><a href="../ending-therapy/">a page</a> <a href="../index.html">the index</a> '
        '<a href="#top">up</a> <a href="https://example.org/a.pdf">a leaflet</a> '
        '<a href="tel:116123">call</a></p>'
    )
    assert problems_of(checked, inject(page_html, markup)) == []
