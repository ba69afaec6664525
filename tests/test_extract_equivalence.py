"""The faster readers of visible text hold to the plain ones they replaced: the same words, the same
FAQs and sources, the same problems, for any markup a writer can put in a page (hypothesis draws
tag soup from the elements, attributes and whitespace the rules single out)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from support import extract_before
from support.examples import examples

from alliance.render import html_extract

# The plain rule: every run of HTML whitespace becomes one space (what normalise did before).
_PLAIN_SPACE = re.compile(r"[ \t\n\r\f]+")


def plain_normalise(text: str) -> str:
    return _PLAIN_SPACE.sub(" ", text).strip()


# Whitespace of every kind the rules tell apart (HTML's own, and what a reader still sees), with words:
# ASCII text and other text take different roads.
_ASCII = [" ", "\t", "\n", "\r", "\f", "\v", "\x1c", "a", "-"]
spaced_text = st.one_of(
    st.text(alphabet=st.sampled_from(_ASCII), max_size=40),
    st.text(alphabet=st.sampled_from([*_ASCII, "\xa0", "\u2028", "é"]), max_size=40),
)


@given(spaced_text)
def test_normalise_is_the_plain_rule(text):
    assert html_extract.normalise(text) == plain_normalise(text)


@settings(max_examples=examples(300))
@given(st.text(max_size=80))
def test_normalise_is_the_plain_rule_on_any_text(text):
    assert html_extract.normalise(text) == plain_normalise(text)


# Tag soup: the elements and attributes the reading rules single out, opened and closed in any order,
# so the HTML5 parser's repairs (unclosed elements, misnested tags, foster parenting) come in too.
_PIECES = [
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<span>",
    "</span>",
    "<strong>",
    "</strong>",
    "<br>",
    "<li>",
    "</li>",
    "<ol>",
    "</ol>",
    "<table><td>",
    "<marquee>",
    '<details class="question">',
    '<details class="question" open>',
    "<details>",
    "<details open>",
    "</details>",
    "<dialog>",
    "</dialog>",
    "<summary>",
    "</summary>",
    '<div class="footnote">',
    '<sup id="fnref:1">',
    "</sup>",
    '<a class="footnote-ref" href="#fn:1">',
    '<a class="footnote-backref" href="#fnref:1">',
    '<a href="https://doi.org/10.1/x">',
    '<a href="https://example.org/a">',
    "<a href>",
    '<a href="tel:116123">',
    "</a>",
    '<time datetime="2026-01-02">',
    "</time>",
    "<span hidden>",
    "<span inert>",
    "<span popover>",
    '<span aria-hidden="TRUE ">',
    '<span style="display:none">',
    '<td style="text-align: left">',
    "<style>",
    "</style>",
    "<script>",
    "</script>",
    "<template>",
    "</template>",
    "<noscript>",
    "</noscript>",
    "<svg>",
    "</svg>",
    "<textarea>",
    "</textarea>",
    "<!-- note -->",
    "&amp;",
    "&nbsp;",
]
_WORDS = ["word", "Why?", "two words", " ", "\n", "\t", "  ", "\xa0", "\u2028", "é"]
_soup = st.lists(st.sampled_from(_PIECES + _WORDS), max_size=10).map("".join)
# FAQ blocks and footnotes as Material and Python-Markdown write them, with soup inside and around.
_worded = st.builds("{}word{}".format, _soup, _soup)
_faq = st.builds('<details class="question"><summary>{}</summary>{}</details>'.format, _worded, _worded)
_footnotes = st.builds(
    '<div class="footnote"><hr>{}{}</ol></div>'.format,
    st.sampled_from(["<ol>", "<ol>", "<ol hidden>", '<div aria-hidden="true">', '<sup id="fnref:2">']),
    st.lists(
        st.builds("{}{}</li>".format, st.sampled_from(["<li>", "<li>", '<li style="color: red">']), _soup),
        max_size=4,
    ).map("".join),
)
# Each block may sit in an element the writer opened first: hidden, a footnote marker, a question...
_block = st.builds("{}{}".format, st.sampled_from(["", "", *_PIECES]), st.one_of(_soup, _faq, _footnotes))
html_soup = st.lists(_block, max_size=6).map("".join)


def _as_before(extract) -> tuple:
    return (
        [(faq.question, faq.answer) for faq in extract.faqs],
        [(source.text, source.url) for source in extract.sources],
    )


@settings(max_examples=examples(150))
@given(html_soup)
def test_faqs_and_sources_are_read_as_before(html):
    assert _as_before(html_extract.extract(html)) == _as_before(extract_before.extract(html))
    tree = html_extract.parse(f"<article>{html}</article>")
    article = tree.css_first("article")
    if article is not None:
        assert _as_before(html_extract.extract_from(article)) == _as_before(
            extract_before.extract_from(article)
        )


def _text_and_seen(module, node, closed_hides: bool) -> tuple[str, list]:
    seen: list = []
    text = module.node_text(
        node, seen=lambda tag, attributes: seen.append((tag, attributes)), closed_hides=closed_hides
    )
    return text, seen


@settings(max_examples=examples(150))
@given(html_soup, st.booleans())
def test_visible_text_is_read_as_before(html, closed_hides):
    tree = html_extract.parse(html)
    if tree.body is not None:
        assert _text_and_seen(html_extract, tree.body, closed_hides) == _text_and_seen(
            extract_before, tree.body, closed_hides
        )
