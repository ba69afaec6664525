"""MkDocs hook for what readers see on every page: passes each page's review record, read from the
rendered HTML, to the templates in overrides/ (byline, summary, disclaimer, crisis help, FAQ,
sharing tags, JSON-LD), the article index to the listings, and the site's words in its language.

MkDocs imports this file whenever it loads mkdocs.yml, `alliance check` included, which renders
nothing: the library's render modules are imported in the handlers that use them. Those imports work
after MkDocs takes hooks/ off sys.path again, because `alliance` is imported here first."""

from __future__ import annotations

import html as html_text

from jinja2 import Environment, Template, TemplateNotFound
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from alliance.pipeline import state as build_state
from alliance.pipeline.reporting import log
from alliance.problems import AllianceError

HELPLINES_TEMPLATE = "partials/alliance/helplines-all.html"
CRISIS_REGIONS_TEMPLATE = "partials/alliance/crisis-regions.html"
CRISIS_TEMPLATE = "partials/alliance/crisis.html"
CRISIS_STRIP_TEMPLATE = "partials/alliance/crisis-strip.html"
DISCLAIMER_TEMPLATE = "partials/alliance/disclaimer.html"
# Material's base.html puts autocomplete="off" on its two toggle checkboxes; HTML allows the
# attribute only on text-like inputs, so every page failed the Nu checker. The inputs are outside
# any block or partial, so the attribute is taken out of base.html's source as it loads.
MATERIAL_TOGGLES = tuple(
    (f'type="checkbox" id="{name}" autocomplete="off">', f'type="checkbox" id="{name}">')
    for name in ("__drawer", "__search")
)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    from alliance.render.strings import has_language  # a build's own: see the module's docstring

    language = config.theme.get("language") or "en"
    if not has_language(language):
        log.info(
            f"mkdocs.yml: theme.language: Alliance has no strings for '{language}' yet; its "
            "own words are shown in English (add a row to hooks/alliance/render/strings.py)"
        )
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    from alliance.render.sharing import robots_txt

    if files.get_file_from_path("robots.txt") is None:  # a site may ship its own
        files.append(File.generated(config, "robots.txt", content=robots_txt(_state(config).settings)))
    return files


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    from alliance.pipeline import views

    state = _state(config)
    record = state.records.get(page.file.src_uri)
    if record is not None and record.clinical and state.checks is not None:  # built on another core
        state.checks.submit_view(
            views.shown(state, page, record, config.site_name, config.site_description or ""), record, html
        )
    if page.file.src_uri == state.settings.help_page:
        return _with_helplines(html, config.theme.get_env(), state.crisis, state.settings.language)
    return html


def _with_helplines(html: str, env: Environment, crisis: dict, language: str) -> str:
    """ "Get help now" with every region's helplines in its content, right after the title: search
    indexes the content, so a helpline's name or number finds this page."""
    from alliance.render.strings import strings_for

    box = _template(env, HELPLINES_TEMPLATE).render(crisis=crisis, t=strings_for(language))
    if html.lstrip().startswith("<h1"):  # after the title, when the page opens with it
        head, end, rest = html.partition("</h1>")
        if end:
            return f"{head}{end}{box}{rest}"
    # A first </h1> elsewhere may sit in a comment, a collapsed block or a footnote the page's
    # Markdown opened (red team, round 26): the helplines go first instead, and the output check
    # fails a help page whose helplines readers cannot see.
    return box + html


def _template(env: Environment, name: str) -> Template:
    """One of Alliance's templates, or a message (not a traceback) when the theme lacks overrides/."""
    try:
        return env.get_template(name)
    except TemplateNotFound:
        raise PluginError(
            f"mkdocs.yml: theme.custom_dir: the theme has no {name}; set 'custom_dir: overrides' under "
            "theme (the folder with Alliance's templates)"
        ) from None


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    from alliance.render import compiled_templates, listing, template_edits
    from alliance.render.strings import strings_for

    # Every page has been read by now: index the articles once for the listings and related links.
    state = _state(config)
    template_edits.edit_templates(env, {"base.html": MATERIAL_TOGGLES})  # every page and 404.html
    compiled_templates.use_process_cache(env)  # `mkdocs serve` rebuilds compile no template twice
    if state.checks is not None:
        state.checks.flush()  # the last pages' FAQ and sources go to the workers too
    state.articles = listing.build_index(state.records.values(), state.site_url_of)
    env.globals["alliance_t"] = strings_for(state.settings.language)
    env.globals["alliance_crisis"] = state.crisis  # the header link and strip on every page, 404 too
    _render_once(env, state)
    env.globals["alliance_listing"] = listing.listing_view(state.articles, state.settings.language)
    return env


def _render_once(env: Environment, state: build_state.BuildState) -> None:
    """The partials that read the same on every page, rendered once a build (or once a link)."""
    from alliance.render.per_link import RenderedPerLink

    # Every region's helplines are the same on every article: rendered once here, not once a page.
    env.globals["alliance_crisis_regions"] = Markup(
        _template(env, CRISIS_REGIONS_TEMPLATE).render(crisis=state.crisis, t=env.globals["alliance_t"])
    )
    # The same on every page but for the link to "Get help now": rendered once per link.
    env.globals["alliance_crisis_box"] = RenderedPerLink(
        _template(env, CRISIS_TEMPLATE), alliance={"crisis": state.crisis}
    )
    env.globals["alliance_crisis_strip"] = RenderedPerLink(_template(env, CRISIS_STRIP_TEMPLATE))
    # The site's disclaimer reads the same on every clinical page: rendered once here; content.html
    # shows it where a page's view carries this very text, and renders the partial itself otherwise.
    disclaimer = state.settings.disclaimer
    env.globals["alliance_disclaimer_text"] = disclaimer
    env.globals["alliance_disclaimer"] = Markup(
        _template(env, DISCLAIMER_TEMPLATE).render(alliance={"disclaimer": disclaimer})
    )


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    # Built here, not in on_page_content: every page has been rendered by now, so the FAQ and sources
    # read from the HTML on other cores are ready, and the related articles are indexed.
    from alliance.pipeline import views

    state = _state(config)
    view = views.for_page(state, page, config.site_name, config.site_description or "")
    page.meta["alliance"] = view
    if view.get("author_names"):  # Material writes page.meta.author into <meta name="author"> as is
        page.meta["author"] = html_text.escape(view["author_names"], quote=True)
    return context


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    # The view served this page's templates only: a build that kept every page's view (FAQ, sources,
    # JSON-LD) until it ends held 20 MB more a 1,000 pages, and its garbage collector scanned them.
    page.meta.pop("alliance", None)
    return output


def _state(config: MkDocsConfig) -> build_state.BuildState:
    try:
        return build_state.of(config)
    except AllianceError as error:
        raise PluginError(str(error)) from None
