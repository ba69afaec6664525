"""On a 360 px phone no page scrolls sideways, and "Get help now" shows a helpline without scrolling."""

from __future__ import annotations

import pytest

from .conftest import VIEWPORTS

pytestmark = pytest.mark.browser

# The elements that stick out past the right edge, to say what to fix when a page is too wide.
WIDEST_ELEMENTS = """() => {
  const edge = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > edge + 0.5)
    .slice(0, 3)
    .map(el =>
      `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`);
}"""


def test_no_page_scrolls_sideways_on_a_phone(site, pages, new_context):
    page = new_context("light", "phone").new_page()
    too_wide = []
    for path in pages:
        page.goto(site.url(path), wait_until="load")
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        scroll_width, client_width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll_width > client_width:
            too_wide.append(
                f"{path or '/'}: {scroll_width} px wide on a {client_width} px screen; "
                f"sticking out: {page.evaluate(WIDEST_ELEMENTS)}"
            )
    assert not too_wide, "\n".join(too_wide)


def test_get_help_shows_the_first_helpline_without_scrolling(site, new_context):
    page = new_context("light", "phone").new_page()
    page.goto(site.url("get-help/"), wait_until="load")
    assert page.evaluate("window.scrollY") == 0
    helpline = page.locator(".alliance-helplines li a[href^='tel:']").first
    box = helpline.bounding_box()
    assert box is not None, "the first helpline's tel: link is not shown"
    bottom = box["y"] + box["height"]
    assert 0 <= box["y"] and bottom <= VIEWPORTS["phone"]["height"], (
        f"the first helpline ({helpline.inner_text()!r}) ends {bottom:.0f} px down a "
        f"{VIEWPORTS['phone']['height']} px phone screen: the reader must scroll to find it"
    )
