"""The sidebar of a large site: the current page's section shown as a window of nearby pages.

Material renders every item of the current page's section into each page, even with
`navigation.prune` (which only drops the other sections). With 1,000 articles in docs/articles/
that is 1,000 links in every page: 380 KB of HTML per page, and a build whose time grows with the
square of the number of pages. A section (or top level) longer than WINDOW items shows the WINDOW
items around the current page instead, so each page's size and render time stay flat as the site
grows. Smaller sections, like the sample site's, are rendered exactly as Material renders them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# Items of one section shown around the current page. Large enough that a section of a normal
# site is never cut; small enough that a sidebar stays readable on a phone.
WINDOW = 40


def positions(items: list[Any]) -> dict[int, int]:
    """Each navigation item's index in its parent's list (keyed by id), built once per build so a
    page finds its place in a section without scanning it."""
    found: dict[int, int] = {}
    stack = [items]
    while stack:
        level = stack.pop()
        for index, item in enumerate(level):
            found[id(item)] = index
            if getattr(item, "children", None):
                stack.append(item.children)
    return found


def window(items: list[Any], active: Any, places: dict[int, int], size: int = WINDOW) -> list[Any]:
    """At most `size` consecutive items around `active` (the current page or its ancestor)."""
    if len(items) <= size:
        return items
    index = places.get(id(active), 0)
    start = max(0, min(index - size // 2, len(items) - size))
    return items[start : start + size]


class _SectionView:
    """A section as the templates see it, with only a window of its children."""

    def __init__(self, section: Any, children: list[Any]) -> None:
        self._section = section
        self.children = children

    def __getattr__(self, name: str) -> Any:
        return getattr(self._section, name)


class NavigationView:
    """The site navigation as one page's templates see it: large sections cut to a window."""

    def __init__(self, nav: Any, items: list[Any]) -> None:
        self._nav = nav
        self.items = items

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nav, name)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def for_page(nav: Any, page: Any, places: dict[int, int], size: int = WINDOW) -> Any:
    """The navigation to render into `page`: `nav` itself unless a section on the page's path (or
    the top level) is longer than `size`. Costs O(depth × size), never O(pages)."""
    chain = [page, *page.ancestors]  # the page, its section, that section's parent, …
    if len(nav.items) <= size and all(len(section.children) <= size for section in chain[1:]):
        return nav
    shown: Any = page
    for active, section in zip(chain, chain[1:], strict=False):
        children = window(section.children, active, places, size)
        shown = _SectionView(section, [shown if item is active else item for item in children])
    items = window(nav.items, chain[-1], places, size)
    return NavigationView(nav, [shown if item is chain[-1] else item for item in items])
