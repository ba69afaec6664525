"""One page's template data in a build: the trust view of a clinical page (with its related
articles), or the lighter view of a page the site opted out.

A clinical page's view needs its rendered HTML (FAQ and sources are read from what readers see), so
it is built after MkDocs renders the page; it needs nothing from other pages but the build's
state as it stands when the pages are read, so the workers can build it while MkDocs renders on.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.pages import Page

from alliance.content import people
from alliance.content.pages import PageRecord
from alliance.pipeline.state import BuildState
from alliance.render import listing
from alliance.render.page_view import Shown, clinical_view, opted_out_view


def shown(
    state: BuildState, page: Page, record: PageRecord | None, site_name: str, site_description: str
) -> Shown:
    record_title = record.front_matter.get("title") if record else None
    # A draft's title may be any YAML value (the check reports it); the page still needs a text title.
    title = (
        record_title
        if isinstance(record_title, str)
        else (page.title if isinstance(page.title, str) and page.title else site_name)
    )
    description = record.front_matter.get("description") if record else None
    return Shown(
        page.file.src_uri,
        title,
        description if isinstance(description, str) else site_description,
        page.url,
        tuple(
            (item.title, state.settings.page_url(url))
            for item in page.ancestors
            if (url := getattr(item, "url", None)) and item.title
        ),
    )


def for_page(state: BuildState, page: Page, site_name: str, site_description: str) -> dict[str, Any]:
    """What overrides/ shows on `page` (page.meta["alliance"])."""
    settings = state.settings
    src_uri = page.file.src_uri
    record = state.records.get(src_uri)
    html = page.content or ""
    if record is None or not record.clinical:
        facts = shown(state, page, record, site_name, site_description)
        person = (
            state.registry.get(people.person_id(src_uri))
            if people.is_profile(src_uri, settings.people_dir)
            else None
        )
        return opted_out_view(
            settings,
            facts.title,
            state.crisis,
            page_url=page.url,
            description=facts.description,
            person=person,
        )
    view = state.checks.view(src_uri, html) if state.checks else None
    if view is not None:
        view["crisis"] = state.crisis
    else:
        view = clinical_view(
            state.settings,
            state.registry,
            state.site_url_of,
            state.crisis,
            shown(state, page, record, site_name, site_description),
            record,
            html,
        )
    if state.articles is not None:
        view["related"] = [
            state.articles.view_of(article, settings.language)
            for article in listing.related(state.articles, src_uri)
        ]
    return view
