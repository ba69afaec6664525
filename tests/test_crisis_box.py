"""The crisis box's helplines are rendered once per build (trust.py's on_env), and the box and the
strip once per link to "Get help now" (RenderedPerLink), and reused on every page: each must read
exactly as when the page renders it itself."""

from __future__ import annotations

import pytest
from markupsafe import Markup
from mkdocs.config import load_config
from support import ROOT

from alliance import settings as site_settings
from alliance.render.page_view import crisis_view
from alliance.render.per_link import RenderedPerLink
from alliance.render.strings import strings_for

CRISIS_TEMPLATE = "partials/alliance/crisis.html"
REGIONS_TEMPLATE = "partials/alliance/crisis-regions.html"  # trust.CRISIS_REGIONS_TEMPLATE
STRIP_TEMPLATE = "partials/alliance/crisis-strip.html"


@pytest.fixture(scope="module")
def theme_env():
    config = load_config(str(ROOT / "mkdocs.yml"))
    settings = site_settings.load(ROOT / "mkdocs.yml")
    crisis = crisis_view(settings, lambda uri: uri.removesuffix(".md") + "/")
    return config.theme.get_env(), crisis, strings_for(settings.language)


@pytest.mark.parametrize("base_url", ["..", "../..", "."])
def test_crisis_box_rendered_once_per_build_reads_as_rendered_per_page(theme_env, base_url: str):
    env, crisis, strings = theme_env
    context = {"alliance": {"crisis": crisis}, "alliance_t": strings, "page": None, "base_url": base_url}
    per_page = env.get_template(CRISIS_TEMPLATE).render(**context)
    regions = Markup(env.get_template(REGIONS_TEMPLATE).render(crisis=crisis, t=strings))
    once = env.get_template(CRISIS_TEMPLATE).render(**context, alliance_crisis_regions=regions)
    assert once == per_page
    assert all(f'data-region="{region["code"]}"' in once for region in crisis["regions"])
    assert once.count('href="tel:') >= len(crisis["regions"])


@pytest.mark.parametrize("base_url", ["..", "../..", ".", "/"])
def test_box_and_strip_rendered_once_per_link_read_as_rendered_per_page(theme_env, base_url: str):
    env, crisis, strings = theme_env
    regions = Markup(env.get_template(REGIONS_TEMPLATE).render(crisis=crisis, t=strings))
    shared = {"alliance_t": strings, "alliance_crisis": crisis, "alliance_crisis_regions": regions}
    env.globals.update(shared)  # as trust.py's on_env sets them
    try:
        page = {"page": None, "base_url": base_url}
        href = env.from_string("{{ crisis.help_url | url }}").render(crisis=crisis, **page)
        box = RenderedPerLink(env.get_template(CRISIS_TEMPLATE), alliance={"crisis": crisis})
        strip = RenderedPerLink(env.get_template(STRIP_TEMPLATE))
        assert box(href) == env.get_template(CRISIS_TEMPLATE).render(alliance={"crisis": crisis}, **page)
        assert strip(href) == env.get_template(STRIP_TEMPLATE).render(**page)
        assert f'href="{href}"' in box(href) and f'href="{href}"' in strip(href)
        assert box(href) is box(href)  # rendered once
    finally:
        for name in shared:
            env.globals.pop(name, None)


DISCLAIMER_TEMPLATE = "partials/alliance/disclaimer.html"  # trust.DISCLAIMER_TEMPLATE
CONTENT_TEMPLATE = "partials/content.html"


def _article_page(disclaimer: str, crisis: dict):
    """What content.html reads of a clinical page, with the view's disclaimer as given."""
    from types import SimpleNamespace

    view = {
        "clinical": True,
        "reviewed": True,
        "disclaimer": disclaimer,
        "authors": [],
        "policy_url": "",
        "crisis": crisis,
    }
    return SimpleNamespace(
        content="<h1>Title</h1><p>Intro</p><h2 id='a'>More</h2>",
        title="Title",
        url="articles/a/",
        meta={"alliance": view},
        edit_url=None,
        file=SimpleNamespace(src_uri="articles/a.md"),
    )


def _content(env, page, config, strings, **once) -> str:
    return env.get_template(CONTENT_TEMPLATE).render(
        page=page, config=config, alliance_t=strings, base_url="..", features=[], **once
    )


def test_disclaimer_rendered_once_per_build_reads_as_rendered_per_page(theme_env):
    env, crisis, strings = theme_env
    config = load_config(str(ROOT / "mkdocs.yml"))
    disclaimer = site_settings.load(ROOT / "mkdocs.yml").disclaimer
    once = Markup(
        env.get_template(DISCLAIMER_TEMPLATE).render(alliance={"disclaimer": disclaimer}, alliance_t=strings)
    )
    shared = {"alliance_disclaimer": once, "alliance_disclaimer_text": disclaimer}
    page = _article_page(disclaimer, crisis)
    per_page = _content(env, page, config, strings)
    assert _content(env, page, config, strings, **shared) == per_page
    assert per_page.count('data-alliance="disclaimer"') == 1 and once in per_page


def test_a_view_with_another_disclaimer_renders_its_own(theme_env):
    # The fragment is reused only for the very text it was rendered from; any other is rendered.
    env, crisis, strings = theme_env
    config = load_config(str(ROOT / "mkdocs.yml"))
    shared = {"alliance_disclaimer": Markup("<p>the site's</p>"), "alliance_disclaimer_text": "the site's"}
    shown = _content(env, _article_page("Another text.", crisis), config, strings, **shared)
    assert "Another text." in shown and "the site's" not in shown
    assert shown.count('data-alliance="disclaimer"') == 1
