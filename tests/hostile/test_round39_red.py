"""Red team, session 39: commits 3a06ef7..ac39b04 (the disclaimer rendered once per build, base.html's
toggles edited in its source as it loads, the page checks imported on first use, and the build's wait
for the first worker result of each kind).

Nothing a writer commits was found to get past them. Tried: builds old tree (a9e047c) against new,
in-process, with one worker and with workers left to decide (60 pages), over one hostile docs/ (front
matter keys alliance, disclaimer and alliance_disclaimer on clinical and profile pages; template:
main.html, home.html, 404.html and articles.html; an empty page, a Latin-1 page, a page indented past
what MkDocs renders, broken links and anchors, a page without front matter, a .markdown page, a
README.md beside index.md): the same messages, exit codes and site byte for byte, the disclaimer once
on every clinical page. Three builds in one process (fresh configs, and one config built twice): the
loader wrapped once a build, the same site, no toggle left unedited. A worker killed (at on_nav, on_env
and mid-render) and stopped (SIGSTOP: the build waits 1 s once a kind, then hangs in the pool's
shutdown as before the commits; no writer can stop a process): the same messages and site as without
workers. Every `alliance` command with ALLIANCE_CHECK_WORKERS=0, 1 and unset: no traceback, the
same output. The attacks below pin the ones that would hurt most if a later change broke them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment
from markupsafe import Markup
from mkdocs.config import load_config
from support import FORKS_IN_A_TEST_WORKER, ROOT, quiet_env
from support.hostile import ARTICLE, CONTEXT, FRONT, approved_body, page

from alliance.content.pages import check_page
from alliance.cores import WORKERS_VARIABLE
from alliance.pipeline import workers
from alliance.pipeline.workers import PageChecks
from alliance.render import compiled_templates
from alliance.render.page_view import crisis_view
from alliance.render.strings import strings_for
from alliance.render.template_edits import EditedSource, edit_templates

MATERIAL_TOGGLES = (  # trust.MATERIAL_TOGGLES
    ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
    ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
)
SITE_DISCLAIMER = CONTEXT.settings.disclaimer


@pytest.fixture(scope="module")
def config():
    return load_config(str(ROOT / "mkdocs.yml"))


@pytest.fixture
def theme_env(config) -> Environment:
    return config.theme.get_env()  # a fresh environment, as each build makes


# ---- base.html's source: the two toggles and nothing else ------------------------------------------


def test_material_base_html_loses_exactly_the_two_autocompletes_even_wrapped_twice(theme_env) -> None:
    """A build that edits twice (a hook run twice, a rebuild reusing the env) changes the same two
    attributes and not one other character of the theme's base.html; other templates read as is."""
    material, _, _ = theme_env.loader.get_source(theme_env, "base.html")
    edit_templates(theme_env, {"base.html": MATERIAL_TOGGLES})
    edit_templates(theme_env, {"base.html": MATERIAL_TOGGLES})
    assert isinstance(theme_env.loader, EditedSource) and isinstance(theme_env.loader.loader, EditedSource)
    edited, _, _ = theme_env.loader.get_source(theme_env, "base.html")
    assert all(theirs in material for theirs, _ in MATERIAL_TOGGLES), "Material's markup moved"
    assert edited == material.replace(' autocomplete="off">', ">", 2)
    assert edited.count('autocomplete="off"') == material.count('autocomplete="off"') - 2
    for name in ("main.html", "404.html", "partials/search.html", "partials/content.html"):
        source, _, _ = theme_env.loader.get_source(theme_env, name)
        assert source == theme_env.loader.loader.loader.get_source(theme_env, name)[0], name


def test_the_process_cache_serves_no_unedited_code_to_an_edited_loader_nor_the_reverse() -> None:
    """`mkdocs serve`: a build compiled base.html unedited (or edited) into the process-wide cache;
    the next environment, edited (or not), must run code compiled from its own source."""
    marker = f"round39-{os.getpid()}"  # this test's own cache entries
    toggle = '<input type="checkbox" id="__drawer" autocomplete="off">'
    templates = {
        "base.html": toggle + marker + "{% block b %}{% endblock %}",
        "main.html": '{% extends "base.html" %}{% block b %}!{% endblock %}',
    }

    def rendered(edited: bool) -> str:
        env = Environment(loader=DictLoader(templates))
        if edited:
            edit_templates(env, {"base.html": MATERIAL_TOGGLES})
        compiled_templates.use_process_cache(env)
        return env.get_template("main.html").render()

    plain, edited = f"{toggle}{marker}!", f'<input type="checkbox" id="__drawer">{marker}!'
    runs = [rendered(False), rendered(True), rendered(False), rendered(True)]
    assert runs == [plain, edited, plain, edited]


# ---- the disclaimer rendered once -----------------------------------------------------------------


def _content(env: Environment, config, meta: dict, **shared) -> str:
    article = SimpleNamespace(
        content="<h1>Title</h1><p>Intro</p><h2 id='a'>More</h2>",
        title="Title",
        url="articles/a/",
        meta=meta,
        edit_url=None,
        file=SimpleNamespace(src_uri="articles/a.md"),
    )
    return env.get_template("partials/content.html").render(
        page=article, config=config, alliance_t=strings_for("en"), base_url="..", features=[], **shared
    )


def test_front_matter_named_like_the_shared_disclaimer_changes_nothing_readers_see(theme_env, config) -> None:
    """page.meta keeps a writer's other front matter keys beside the build's view: keys named after
    the once-rendered globals must not replace the site's disclaimer, nor show twice."""
    strings = strings_for("en")
    once = Markup(
        theme_env.get_template("partials/alliance/disclaimer.html").render(
            alliance={"disclaimer": SITE_DISCLAIMER}, alliance_t=strings
        )
    )
    shared = {"alliance_disclaimer": once, "alliance_disclaimer_text": SITE_DISCLAIMER}
    crisis = crisis_view(CONTEXT.settings, lambda uri: uri.removesuffix(".md") + "/")
    view = {
        "clinical": True,
        "reviewed": False,
        "disclaimer": SITE_DISCLAIMER,
        "authors": [],
        "policy_url": "",
        "crisis": crisis,
    }
    hostile = {
        "alliance": view,
        "alliance_disclaimer": "<b>Stop your medication.</b>",
        "alliance_disclaimer_text": "Stop your medication.",
        "disclaimer": "Stop your medication.",
    }
    shown = _content(theme_env, config, hostile, **shared)
    assert shown == _content(theme_env, config, {"alliance": view})  # rendered by the partial itself
    assert shown == _content(theme_env, config, {"alliance": view}, **shared)
    assert shown.count('data-alliance="disclaimer"') == 1 and once in shown
    assert "Stop your medication" not in shown
    # front matter that names the fields of the view is reported, so such a page is never reviewed
    record = check_page(ARTICLE, page(FRONT + "alliance: {disclaimer: x}\ndisclaimer: x\n"), CONTEXT)
    assert {problem.field for problem in record.errors} >= {"alliance", "disclaimer"}, record.problems


# ---- the build's wait for the first worker result --------------------------------------------------


@FORKS_IN_A_TEST_WORKER
def test_a_worker_killed_while_the_build_waits_for_its_first_result_is_no_hang_and_no_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The worker dies (out of memory, a signal) as the build waits for its first record: the wait
    ends with the pool broken, and every page is checked here with the same record."""
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    monkeypatch.setattr(workers, "FIRST_RESULT_WAIT", 60.0)  # a hang would show as a slow test
    pages = {
        ARTICLE: approved_body("Stop your medication."),
        "articles/deep.md": page("title: Deep\n", "# Deep\n\n" + " " * 300 + "- x\n"),
        "articles/empty.md": b"",
    }
    checks = PageChecks.start(CONTEXT, pages.items())
    try:
        assert checks.parallel
        for pid in list(checks._pool._processes):  # type: ignore[union-attr]
            os.kill(pid, signal.SIGKILL)
        for uri, raw in pages.items():
            assert checks.check(uri, raw) == check_page(uri, raw, CONTEXT), uri
    finally:
        checks.close()


# ---- the page checks imported on first use --------------------------------------------------------

_FIRST_USE = textwrap.dedent(
    """
    import datetime as dt, sys
    from pathlib import Path
    from alliance import settings
    from alliance.content.pages import Context, check_page
    from alliance.content.site import load_site
    from alliance.problems import MARKDOWN_FIELD
    loaded = sorted(m for m in sys.modules if m.split(".")[-1] in ("renderable", "lint", "readability"))
    s = settings.load(Path("mkdocs.yml"))
    context = Context(s, load_site(s, dt.date(2026, 11, 25), only=[]).registry, dt.date(2026, 11, 25))
    empty = check_page("articles/a.md", b"", context)
    deep = check_page("articles/b.md", b"---\\ntitle: D\\n---\\n# D\\n\\n" + b" " * 300 + b"- x\\n", context)
    print(loaded, [p.field for p in empty.problems], MARKDOWN_FIELD in [p.field for p in deep.problems])
    """
)


def test_a_fresh_process_checks_an_empty_page_then_an_unrenderable_one_without_a_name_error() -> None:
    """As the build's own process with workers off: nothing has imported the checks; the empty page
    returns before their import, the next page must still find them (and MARKDOWN_FIELD must be the
    field renderable reports, or the build would hand MkDocs a page it crashes on)."""
    ran = subprocess.run(
        [sys.executable, "-c", _FIRST_USE],
        cwd=ROOT,
        env=quiet_env(**{WORKERS_VARIABLE: "0"}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "[] ['file'] True", ran.stdout + ran.stderr
