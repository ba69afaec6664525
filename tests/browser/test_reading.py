"""The words come first and read comfortably: on a 360 x 740 phone the article's first sentence is
on the first screen; "Get help now" and the crisis strip are on every page at every width; lines
hold at most 75 characters; text is at least 17 px on a desktop; FAQ questions are at least as large
as the text; footnote markers and back-links are 24 x 24 px targets that are always visible."""

from __future__ import annotations

import pytest

from .conftest import ARTICLE, SCHEMES, VIEWPORTS, wait_for_scheme

pytestmark = pytest.mark.browser

ARTICLES = [
    "articles/building-trust/",
    "articles/communication-and-boundaries/",
    "articles/ending-therapy/",
    "articles/finding-a-therapist/",
    "articles/first-sessions/",
    "articles/goals-and-collaboration/",
    "articles/ruptures-and-repair/",
]
READING_PAGES = [*ARTICLES, "", "get-help/", "articles/", "about/how-we-review/", "people/morgan-sample/"]
MAX_LINE_CHARACTERS = 75
MIN_DESKTOP_TEXT_PX = 17
MIN_TARGET_PX = 24
WIDTHS = {"phone-740": "360 x 740", "desktop": "1280 x 800"}

# The number of characters on the longest rendered line of the page's reading text (paragraphs,
# list items, FAQ answers, "In short" and sources; not the one-line notices and byline in small
# print): each character's box says which line it is on.
LONGEST_LINE = """() => {
  let longest = {count: 0, text: ''};
  for (const block of document.querySelectorAll(
    'article > p, article li, article details p, article .alliance-summary p, article .alliance-crisis p')) {
    const lines = new Map();
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i); range.setEnd(node, i + 1);
        const box = range.getClientRects()[0];
        if (!box || !box.width) continue;
        const key = Math.round(box.top / 4);
        lines.set(key, (lines.get(key) || '') + node.data[i]);
      }
    }
    for (const text of lines.values()) {
      if (text.trim().length > longest.count) longest = {count: text.trim().length, text: text.trim()};
    }
  }
  return longest;
}"""


def open_page(new_context, site, path: str, width: str, scheme: str = "light"):
    page = new_context(scheme, width).new_page()
    page.goto(site.url(path), wait_until="load")
    assert wait_for_scheme(page, SCHEMES[scheme])
    return page


def px(page, selector: str, prop: str) -> float:
    return page.locator(selector).first.evaluate(f"el => parseFloat(getComputedStyle(el)['{prop}'])")


@pytest.mark.parametrize("path", ARTICLES)
def test_first_sentence_is_on_the_first_phone_screen(site, new_context, path, report_measurement):
    page = open_page(new_context, site, path, "phone-740")
    # The introduction: the first paragraph of the article's own text (not notices, byline or
    # "In short", which sit in their own boxes).
    first = page.locator("article > p").first
    top = first.bounding_box()["y"]
    if path == ARTICLE:
        report_measurement(f"first sentence of /{path} at 360 x 740: top {top:.0f} px")
    assert page.locator("[data-alliance='sample-notice'], [data-alliance='review-banner']").count(), (
        "the sample site's notice must be counted in the first screen"
    )
    assert top <= VIEWPORTS["phone-740"]["height"], (
        f"/{path}: the first sentence ({first.inner_text()[:60]!r}) starts {top:.0f} px down a "
        f"360 x 740 phone screen"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_get_help_now_and_the_crisis_strip_are_on_every_page(site, pages, new_context, width, scheme):
    page = new_context(scheme, width).new_page()
    viewport = VIEWPORTS[width]
    wrong = []
    for path in pages:
        page.goto(site.url(path), wait_until="load")
        link = page.locator(".md-header [data-alliance='header-help']")
        box = link.bounding_box() if link.count() else None
        if not (
            box
            and link.is_visible()
            and box["x"] >= 0
            and box["x"] + box["width"] <= viewport["width"]
            and box["y"] + box["height"] <= 80
        ):
            wrong.append(f"/{path}: 'Get help now' is not shown in the header ({box})")
        elif link.inner_text().strip() != "Get help now":
            wrong.append(f"/{path}: the header link reads {link.inner_text()!r}")
        strip = page.locator("[data-alliance='crisis-strip']")
        strip_box = strip.bounding_box() if strip.count() else None
        if not (strip_box and strip.is_visible() and strip_box["y"] < 40):
            wrong.append(f"/{path}: the crisis strip is not at the top ({strip_box})")
        elif not strip.locator("a[href^='tel:']").first.is_visible():
            wrong.append(f"/{path}: the crisis strip shows no number to call")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_crisis_strip_is_one_line(site, new_context, width):
    page = open_page(new_context, site, ARTICLE, width)
    strip = page.locator("[data-alliance='crisis-strip']")
    line = px(page, "[data-alliance='crisis-strip']", "lineHeight")
    assert strip.inner_text().startswith("Need help now? Samaritans 116 123")
    assert strip.bounding_box()["height"] <= line * 1.5, (
        f"the crisis strip wraps at {WIDTHS[width]}: {strip.bounding_box()['height']:.0f} px tall"
    )


@pytest.mark.parametrize("width", list(WIDTHS))
def test_lines_hold_at_most_75_characters(site, new_context, width):
    page = new_context("light", width).new_page()
    too_long = []
    for path in READING_PAGES:
        page.goto(site.url(path), wait_until="load")
        longest = page.evaluate(LONGEST_LINE)
        if longest["count"] > MAX_LINE_CHARACTERS:
            too_long.append(f"/{path}: {longest['count']} characters: {longest['text']!r}")
    assert not too_long, "\n".join(too_long)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_title_and_faq_sizes_on_a_desktop(site, new_context, scheme):
    page = open_page(new_context, site, ARTICLE, "desktop", scheme)
    text = px(page, "article > p", "fontSize")
    assert text >= MIN_DESKTOP_TEXT_PX, f"body text is {text} px on a desktop"
    title = page.locator("article h1").first
    assert title.evaluate("el => parseInt(getComputedStyle(el).fontWeight)") >= 700
    assert title.evaluate("el => getComputedStyle(el).color") == page.locator("article > p").first.evaluate(
        "el => getComputedStyle(el).color"
    ), "the title is not at the text's full contrast"
    questions = page.locator("article details.question > summary")
    assert questions.count() >= 2
    for number in range(questions.count()):
        question = questions.nth(number)
        size = question.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
        assert size >= text, f"FAQ question {number + 1} is {size} px, smaller than the text ({text} px)"
        colour = question.evaluate("el => getComputedStyle(el.parentElement).borderLeftColor")
        assert colour != "rgb(0, 200, 83)" and "100, 221, 23" not in colour, (
            f"FAQ boxes keep Material's green ({colour})"
        )


@pytest.mark.parametrize("width", list(WIDTHS))
def test_footnote_markers_and_back_links_are_big_visible_targets(site, new_context, width):
    page = open_page(new_context, site, ARTICLE, width)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    wrong = []
    for selector in ("article .footnote-ref", "article .footnote-backref"):
        links = page.locator(selector)
        assert links.count() >= 3, f"the article has no {selector}"
        for number in range(links.count()):
            link = links.nth(number)
            link.scroll_into_view_if_needed()
            box = link.bounding_box()
            opacity = link.evaluate("el => parseFloat(getComputedStyle(el).opacity)")
            if box["width"] < MIN_TARGET_PX or box["height"] < MIN_TARGET_PX or opacity < 1:
                wrong.append(
                    f"{selector} #{number + 1}: {box['width']:.0f} x {box['height']:.0f} px, "
                    f"opacity {opacity}"
                )
    marker = page.locator("article .footnote-ref").first.evaluate(
        "el => getComputedStyle(el, '::before').content + el.textContent"
        " + getComputedStyle(el, '::after').content"
    )
    assert marker == '"["1"]"', f"footnote markers do not read [1]: {marker}"
    assert not wrong, "\n".join(wrong)


def test_the_in_short_box_comes_before_the_introduction(site, new_context):
    page = open_page(new_context, site, ARTICLE, "phone-740")
    summary = page.locator("[data-alliance='summary']")
    if summary.count() == 0:
        pytest.skip("the sample article has no summary yet (the content contract adds it)")
    assert summary.bounding_box()["y"] < page.locator("article > p").first.bounding_box()["y"]
    assert summary.locator("h2").inner_text() == "In short"
