"""A printed article keeps what a reader needs on paper and drops the screen's controls."""

from __future__ import annotations

import pytest

from .conftest import ARTICLE

pytestmark = pytest.mark.browser

KEPT = {
    "the title": "article h1",
    "the byline": "[data-alliance='byline']",
    "the last review date": ".alliance-byline__dates time >> nth=0",
    "the next review date": ".alliance-byline__dates time >> nth=1",
    "the disclaimer": "[data-alliance='disclaimer']",
    "the crisis helplines": "[data-alliance='crisis'] .alliance-helplines:not([hidden])",
    "the content": "article h2 + p",
    "a folded FAQ answer": "article details.question:not([open]) > p >> nth=0",
    "the sources": "article .footnote li >> nth=0",
}
DROPPED = {
    "the navigation": ".md-sidebar--primary",
    "the table of contents": ".md-sidebar--secondary",
    "the search": ".md-search",
    "the palette toggle": "[data-md-component='palette']",
    "the country choice": "#alliance-region",
}
# Rendered means laid out with a size, not display: none or visibility: hidden on it or an ancestor.
RENDERING = """el => {
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    shown: el.checkVisibility({visibilityProperty: true}) && box.width > 0 && box.height > 0,
    display: style.display,
    visibility: style.visibility,
  };
}"""


def test_printing_an_article_keeps_the_reading_and_drops_the_controls(site, new_context):
    page = new_context("light", "desktop").new_page()
    page.goto(site.url(ARTICLE), wait_until="load")
    page.emulate_media(media="print")
    wrong = []
    for what, selector in KEPT.items():
        element = page.locator(selector)
        if element.count() == 0:
            wrong.append(f"{what} ({selector}) is not in the page")
        elif not (rendering := element.first.evaluate(RENDERING))["shown"]:
            wrong.append(f"{what} ({selector}) is not printed: {rendering}")
    for what, selector in DROPPED.items():
        element = page.locator(selector)
        assert element.count() > 0, f"{what} ({selector}) is not in the page on screen either"
        if (rendering := element.first.evaluate(RENDERING))["shown"]:
            wrong.append(f"{what} ({selector}) is printed: {rendering}")
    assert not wrong, "\n".join(wrong)
