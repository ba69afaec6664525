"""No tracking: on every page, even after searching and switching the colour scheme, the browser asks
nothing of any host but the site's own, and no cookie is set."""

from __future__ import annotations

import pytest

from .conftest import SCHEMES, current_scheme, open_search_and_type, wait_for_scheme

pytestmark = pytest.mark.browser


def switch_scheme_by_clicking(page) -> str:
    """Click the visible palette toggle; returns the scheme Material applies after it."""
    before = current_scheme(page)
    page.locator("[data-md-component='palette'] label:not([hidden])").click()
    after = "slate" if before == SCHEMES["light"] else SCHEMES["light"]
    assert wait_for_scheme(page, after), f"the palette toggle did not switch from {before!r}"
    return after


def test_no_request_leaves_the_site_and_no_cookie_is_set(site, pages, new_context):
    context = new_context("light", "desktop")
    requested: list[tuple[str, str]] = []  # (page being read, request url)
    current = {"page": ""}
    context.on("request", lambda request: requested.append((current["page"], request.url)))
    page = context.new_page()
    for path in pages:
        current["page"] = path or "/"
        page.goto(site.url(path), wait_until="load")
        assert open_search_and_type(page, "trust") > 0, f"{current['page']}: search found nothing"
        page.keyboard.press("Escape")
        switch_scheme_by_clicking(page)
        page.wait_for_load_state("networkidle")

    elsewhere = [f"{where}: {url}" for where, url in requested if not site.is_own(url)]
    assert not elsewhere, "requests to other hosts:\n" + "\n".join(elsewhere)
    assert any(url.endswith("search/search_index.json") for _, url in requested), (
        "search never loaded its index, so this test did not exercise it"
    )
    assert context.cookies() == [], f"cookies were set: {context.cookies()}"
    assert page.evaluate("document.cookie") == ""
