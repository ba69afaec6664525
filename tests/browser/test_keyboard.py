"""With the keyboard alone a reader opens FAQ answers, switches the colour scheme, chooses a country's
helplines and searches, and always sees where the focus is."""

from __future__ import annotations

import pytest

from .conftest import ARTICLE, SCHEMES, current_scheme, wait_for_scheme

pytestmark = pytest.mark.browser

MAX_TABS = 250
FOCUSED_MATCHES = "selector => document.activeElement && document.activeElement.matches(selector)"
# How the focused element shows its focus. Material's option inputs (the scheme toggle) are hidden
# radio buttons: the icon label after them is what readers see, and what must show the focus.
FOCUS_INDICATOR = """() => {
  const focused = document.activeElement;
  if (!focused || focused === document.body) return null;
  const shown = focused.matches('.md-option') ? focused.nextElementSibling : focused;
  const style = getComputedStyle(shown);
  const box = shown.getBoundingClientRect();
  const text = (focused.getAttribute('aria-label') || focused.textContent || '').trim().slice(0, 40);
  return {
    element: `${focused.tagName.toLowerCase()}.${focused.className} "${text}"`,
    visible: shown.checkVisibility({opacityProperty: true, visibilityProperty: true})
             && box.width > 0 && box.height > 0,
    ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
          || style.boxShadow !== 'none',
    outline: `${style.outlineStyle} ${style.outlineWidth}`,
    boxShadow: style.boxShadow,
  };
}"""


def keyboard_page(new_context, site, path: str, width: str = "desktop"):
    # Reduced motion turns off Material's fade-ins, so a focus ring is checked as it finally shows.
    page = new_context("light", width, reduced_motion="reduce").new_page()
    page.goto(site.url(path), wait_until="load")
    return page


def tab_to(page, selector: str) -> None:
    """Press Tab until the focus reaches an element matching selector."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_MATCHES, selector):
            return
    pytest.fail(f"{MAX_TABS} presses of Tab never reached {selector}", pytrace=False)


def test_faq_answers_open_with_enter_and_space(site, new_context):
    page = keyboard_page(new_context, site, ARTICLE)
    questions = page.locator("article details.question")
    assert questions.count() >= 2, "the article needs two FAQ entries for this test"
    tab_to(page, "article details.question > summary")
    page.keyboard.press("Enter")
    assert questions.nth(0).evaluate("d => d.open"), "Enter did not open the first FAQ answer"
    tab_to(page, "article details.question:not([open]) > summary")
    page.keyboard.press("Space")
    assert questions.nth(1).evaluate("d => d.open"), "Space did not open the second FAQ answer"


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_scheme_toggle_switches_with_the_keyboard(site, new_context, key):
    page = keyboard_page(new_context, site, ARTICLE)
    assert current_scheme(page) == SCHEMES["light"]
    tab_to(page, "[data-md-component='palette'] .md-option")
    page.keyboard.press(key)
    assert wait_for_scheme(page, SCHEMES["dark"]), f"{key} did not switch to the dark scheme"
    page.keyboard.press(key)
    assert wait_for_scheme(page, SCHEMES["light"]), f"{key} did not switch back to the light scheme"


def test_country_choice_shows_that_countrys_helplines(site, new_context):
    page = keyboard_page(new_context, site, ARTICLE)
    region_lists = page.locator(".alliance-crisis .alliance-helplines")
    first, second = region_lists.nth(0), region_lists.nth(1)
    second_code = second.get_attribute("data-region")
    assert first.is_visible() and not second.is_visible()
    tab_to(page, "#alliance-region")
    page.keyboard.press("ArrowDown")
    assert page.locator("#alliance-region").input_value() == second_code
    assert second.is_visible(), f"choosing {second_code} did not show its helplines"
    assert not first.is_visible(), "the first country's helplines are still shown"


@pytest.mark.parametrize("shortcut", ["/", "s"])
def test_search_opens_from_the_keyboard_and_finds_pages(site, new_context, shortcut):
    page = keyboard_page(new_context, site, ARTICLE)
    page.keyboard.press(shortcut)
    search = page.locator(".md-search__input")
    assert page.evaluate(FOCUSED_MATCHES, ".md-search__input"), f'"{shortcut}" did not focus search'
    page.keyboard.type("trust")
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    assert search.input_value() == "trust"
    assert page.locator(".md-search-result__item").count() > 0


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_every_focus_stop_shows_a_visible_focus_indicator(site, pages, new_context, width):
    page = keyboard_page(new_context, site, "", width)
    unseen = []
    for path in pages:
        page.goto(site.url(path), wait_until="load")
        seen_first = None
        for _ in range(MAX_TABS):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS_INDICATOR)
            if focus is None or focus["element"] == seen_first:
                break  # the focus left the page or came round again
            seen_first = seen_first or focus["element"]
            if not (focus["visible"] and focus["ring"]):
                unseen.append(f"{path or '/'}: {focus}")
    assert not unseen, "focus stops without a visible indicator:\n" + "\n".join(unseen)


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_phone_menu_opens_with_the_keyboard(site, new_context, key):
    page = keyboard_page(new_context, site, ARTICLE, "phone")
    tab_to(page, ".md-header button[data-alliance-toggle='__drawer']")
    page.keyboard.press(key)
    assert page.locator("#__drawer").is_checked(), f"{key} on the menu button did not open the menu"
    tab_to(page, ".md-sidebar--primary a.md-nav__link")
    assert page.locator(".md-sidebar--primary").evaluate(
        "el => el.checkVisibility({visibilityProperty: true})"
    ), "the menu took the focus while hidden"


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_phone_search_button_opens_search_with_the_keyboard(site, new_context, key):
    page = keyboard_page(new_context, site, ARTICLE, "phone")
    tab_to(page, ".md-header button[data-alliance-toggle='__search']")
    page.keyboard.press(key)
    page.wait_for_function(FOCUSED_MATCHES, arg=".md-search__input")
    page.keyboard.type("trust")
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    assert page.locator(".md-search-result__item").count() > 0
