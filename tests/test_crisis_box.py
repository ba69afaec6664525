"""The crisis box's helplines are rendered once per build (trust.py's on_env) and reused on every
article: the box must read exactly as when crisis.html renders every region itself."""

from __future__ import annotations

import pytest
from markupsafe import Markup
from mkdocs.config import load_config
from support import ROOT

from alliance import settings as site_settings
from alliance.render.page_view import crisis_view
from alliance.render.strings import strings_for

CRISIS_TEMPLATE = "partials/alliance/crisis.html"
REGIONS_TEMPLATE = "partials/alliance/crisis-regions.html"  # trust.CRISIS_REGIONS_TEMPLATE


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
