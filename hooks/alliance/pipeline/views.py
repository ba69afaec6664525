"""One page's template data in a build: the trust view of a clinical page (with its related
articles), or the lighter view of a page the site opted out."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.pages import Page

from alliance.content import people
from alliance.pipeline.state import BuildState
from alliance.render import listing
from alliance.render.html_extract import extract
from alliance.render.page_view import opted_out_view, page_view


def for_page(state: BuildState, page: Page, site_name: str, site_description: str) -> dict[str, Any]:
    """What overrides/ shows on `page` (page.meta["alliance"])."""
    settings = state.settings
    src_uri = page.file.src_uri
    record = state.records.get(src_uri)
    record_title = record.front_matter.get("title") if record else None
    # A draft's title may be any YAML value (the check reports it); the page still needs a text title.
    title = record_title if isinstance(record_title, str) else \
        (page.title if isinstance(page.title, str) and page.title else site_name)
    description = record.front_matter.get("description") if record else None
    description = description if isinstance(description, str) else site_description
    if record is None or not record.clinical:
        person = state.registry.get(people.person_id(src_uri)) \
            if people.is_profile(src_uri, settings.people_dir) else None
        return opted_out_view(settings, title, state.crisis, page_url=page.url,
                              description=description, person=person)
    html = page.content or ""
    view = page_view(
        record, extracted=state.checks.extract(src_uri, html) if state.checks else extract(html),
        title=title, page_url=page.url,
        ancestors=[(item.title, settings.page_url(url)) for item in page.ancestors
                   if (url := getattr(item, "url", None)) and item.title],
        settings=settings, registry=state.registry, site_url_of=state.site_url_of, crisis=state.crisis)
    if state.articles is not None:
        view["related"] = [listing.article_view(article, settings.language)
                           for article in listing.related(state.articles, src_uri)]
    return view

