"""Every built page passes axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules, in the light and the dark
scheme, on a desktop screen and on a 360 px phone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import SCHEMES, current_scheme, wait_for_scheme

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
# Folded FAQ answers are content too: open every <details> so axe checks their text and links.
OPEN_ALL_DETAILS = "document.querySelectorAll('details').forEach(d => { d.open = true; })"


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_wcag_violations(site, pages, new_context, scheme, width):
    page = new_context(scheme, width).new_page()
    axe = Axe()
    reports = []
    for path in pages:
        page.goto(site.url(path), wait_until="load")
        assert wait_for_scheme(page, SCHEMES[scheme]), (
            f"{path or '/'}: the {scheme} scheme is not applied (data-md-color-scheme is "
            f"{current_scheme(page)!r})"
        )
        page.evaluate(OPEN_ALL_DETAILS)
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            reports.append(f"--- {path or '/'} ({scheme}, {width}) ---\n{results.generate_report()}")
    assert not reports, "\n".join(reports)
