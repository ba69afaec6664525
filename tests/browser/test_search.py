"""Help one search away: a helpline's name or number, "crisis", "suicide", "self-harm" or
"emergency" lists "Get help now" first, on a phone and on a desktop."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import ARTICLE

pytestmark = pytest.mark.browser

QUERIES = ["samaritans", "116 123", "988", "crisis", "suicide", "self-harm", "emergency"]


@pytest.mark.parametrize("width", ["phone-740", "desktop"])
def test_crisis_searches_list_get_help_now_first(site, new_context, width):
    page = new_context("light", width).new_page()
    wrong = []
    for query in QUERIES:
        page.goto(site.url(ARTICLE), wait_until="load")
        button = page.locator("[data-alliance-toggle='__search']")
        if button.is_visible():  # a phone: search opens from the header's button
            button.click()
        else:
            page.keyboard.press("/")
        page.locator(".md-search__input").wait_for(state="visible")
        # One query, no results of half a word: Material searches on keyup, so set the whole
        # text, then release a key.
        page.locator(".md-search__input").fill(query)
        page.keyboard.press("End")
        try:
            page.locator(".md-search-result__item").first.wait_for(state="visible")
        except PlaywrightTimeout:
            wrong.append(f"{query!r}: no results")
            continue
        first = page.locator(".md-search-result__item").first.locator("a").first
        href = first.get_attribute("href") or ""
        title = first.locator("h1, h2").first.inner_text().strip()
        if "get-help/" not in href or title != "Get help now":
            wrong.append(f"{query!r}: the first result is {title!r} ({href})")
    assert not wrong, "\n".join(wrong)
