"""A hostile writer's materials shared by tests/hostile: the approved page an attack starts from
(signed as `alliance approve` signs it) and the built page the output check is handed."""

from __future__ import annotations

import datetime as dt
import re

from alliance.commands.approve import signed_text
from alliance.content import renderable
from alliance.content.pages import Context, check_page
from alliance.content.site import load_site
from alliance.output.site_check import check_page_html
from alliance.settings import load
from support.project import ROOT

# ---- pages a writer commits ----------------------------------------------------------------------

TODAY = dt.date(2026, 11, 25)
SETTINGS = load(ROOT / "mkdocs.yml")
CONTEXT = Context(SETTINGS, load_site(SETTINGS, TODAY, only=[]).registry, TODAY)
ARTICLE = "articles/attack.md"

BODY = """
# Talking with your therapist

It can help to tell your therapist how you feel about the work you do together. You can say it
in your own words. You do not need to find the right words first.
"""
FRONT = (
    "title: Talking with your therapist\n"
    "description: How to tell your therapist what you think and feel, even when it is hard to "
    "say out loud.\n"
    "summary: You can tell your therapist how the work feels to you. Saying it in your own "
    "words is enough, and it often helps.\n"
    "authors: [jordan-example]\n"
)
ABOUT_FRONT = (
    "title: About this site\n"
    "description: Who runs this sample site, how it is paid for, and how to tell us about "
    "a mistake.\n"
)


def page(front: str, body: str = BODY) -> bytes:
    return f"---\n{front}---\n{body}".encode()


def approved(front: str = FRONT, body: str = BODY) -> bytes:
    """A clinical page whose review block matches its content: what a reviewer signed, signed as
    `alliance approve` signs it (review block, body, local files and the reviewer's profile)."""
    reviewed, unsigned = dt.date(2026, 11, 20), page(front, body)
    files = check_page(ARTICLE, unsigned, CONTEXT).files  # the local files the page shows
    return signed_text(
        unsigned.decode("utf-8"),
        "morgan-sample",
        CONTEXT.registry["morgan-sample"],
        reviewed,
        SETTINGS.next_review(reviewed),
        files,
    ).encode("utf-8")


def ending_with(markup: str) -> str:
    """The article's body with `markup` and one last paragraph after it."""
    return BODY + "\n" + markup + "\n\nThe last paragraph of the page.\n"


def approved_body(markup: str) -> bytes:
    """An approved clinical page whose body ends with `markup`, approval and all."""
    return approved(body=ending_with(markup))


def markdown_problems(markup: str) -> list[str]:
    """The messages the page check gives a page ending with `markup` about what MkDocs could not
    render, or not in time (field `markdown`: content.renderable). The page is checked as written,
    not signed: `check_page` reads these first, from the body alone,
    before anything else can end the check, so an approved page gets the same ones (the hostile
    rounds' inputs were run both ways, every example, and agreed; tests/hostile/test_round31.py
    pins it), at half the cost."""
    problems = check_page(ARTICLE, page(FRONT, ending_with(markup)), CONTEXT).problems
    return [problem.message for problem in problems if problem.field == renderable.FIELD]


# ---- a built page handed to the output check -----------------------------------------------------

PAGE = "articles/ruptures-and-repair.md"  # approved, sample reviewer, FAQ, footnotes
WHERE = "articles/ruptures-and-repair/index.html"
EXTRA_CSS = ["assets/stylesheets/alliance.css"]

# The trust elements as overrides/partials/alliance/*.html write them.
ELEMENTS = {
    "byline": r'<div class="alliance-byline" data-alliance="byline">.*?</div>',
    "review-dates": r'<p class="alliance-byline__dates">.*?</p>',
    "crisis": r'<aside class="alliance-crisis".*?</aside>',
    "disclaimer": r'<aside class="alliance-disclaimer".*?</aside>',
    "sample-notice": r'<div class="alliance-banner alliance-banner--sample" data-alliance="sample-notice"'
    r".*?</div>",
}


def problems_of(checked, html: str) -> list[str]:
    settings, registry, record = checked
    return [str(problem) for problem in check_page_html(record, WHERE, html, settings, registry, EXTRA_CSS)]


def span_of(html: str, element: str) -> tuple[int, int]:
    match = re.search(ELEMENTS[element], html, re.S)
    assert match, f"{element}: the template no longer writes {ELEMENTS[element]}"
    return match.span()


def content_start(html: str) -> int:
    """Where the page's text goes on after the crisis notice (content.html): its sections."""
    return span_of(html, "crisis")[1]


def inject(html: str, markup: str) -> str:
    """The page as if the approved body began with `markup`."""
    at = content_start(html)
    return html[:at] + markup + html[at:]
