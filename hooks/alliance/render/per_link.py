"""Partials that read the same on every page but for one page-relative link.

The crisis box and the crisis strip show the build's helplines and strings on every page; only the
link to "Get help now" changes, with the page's depth. Rendered once per distinct link in a build
instead of once per page, they cost the rendering process a dictionary lookup a page instead of
some tens of microseconds of Jinja (a thousand articles have a handful of depths). The templates
take the link as `help_href`, and render it themselves (`| url`) when included without one, so a
page renders the same either way (tests/test_crisis_box.py).
"""

from __future__ import annotations

from typing import Any

from jinja2 import Template
from markupsafe import Markup


class RenderedPerLink:
    """`template` rendered with `context` and `help_href`, once per distinct `help_href`."""

    def __init__(self, template: Template, **context: Any) -> None:
        self._template = template
        self._context = context
        self._rendered: dict[str, Markup] = {}

    def __call__(self, help_href: str) -> Markup:
        html = self._rendered.get(help_href)
        if html is None:
            html = Markup(self._template.render(self._context, help_href=help_href))
            self._rendered[help_href] = html
        return html
