"""MkDocs hook for what readers see on every page: passes each page's review record, read from the
rendered HTML, to the templates in overrides/ (byline, disclaimer, crisis help, FAQ, JSON-LD)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from alliance import build
from alliance.page_view import opted_out_view, page_view


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = build.state()
    record = state.records.get(page.file.src_uri)
    record_title = record.front_matter.get("title") if record else None
    # A draft's title may be any YAML value (the check reports it); the page still needs a text title.
    title = record_title if isinstance(record_title, str) else \
        (page.title if isinstance(page.title, str) and page.title else config.site_name)
    if record is None or not record.clinical:
        page.meta["alliance"] = opted_out_view(state.settings, title, state.crisis)
        return html
    page.meta["alliance"] = page_view(
        record, html=html, title=title, page_url=page.url,
        ancestors=[(item.title, state.settings.page_url(item.url)) for item in page.ancestors
                   if getattr(item, "url", None)],
        settings=state.settings, registry=state.registry, site_url_of=state.site_url_of,
        crisis=state.crisis)
    return html
