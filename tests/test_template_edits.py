"""Material's markup that Alliance corrects outside any block (base.html's toggle checkboxes) is
corrected in the template's source as it loads, once a build, instead of in every written page."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from alliance.render.template_edits import EditedSource, edit_templates

BASE = (
    '<input type="checkbox" id="__drawer" autocomplete="off"><main>{% block content %}{% endblock %}</main>'
)
EDITS = {"base.html": (('id="__drawer" autocomplete="off">', 'id="__drawer">'),)}


def _env() -> Environment:
    return Environment(
        loader=DictLoader(
            {
                "base.html": BASE,
                "page.html": '{% extends "base.html" %}{% block content %}autocomplete="off">{% endblock %}',
            }
        )
    )


def test_a_page_extending_the_edited_template_shows_the_edit_and_its_own_text_untouched():
    env = _env()
    edit_templates(env, EDITS)
    assert env.get_template("page.html").render() == (
        '<input type="checkbox" id="__drawer"><main>autocomplete="off"></main>'
    )


def test_a_template_loaded_before_the_edit_is_loaded_again_edited():
    env = _env()
    assert 'autocomplete="off"><main>' in env.get_template("page.html").render()
    edit_templates(env, EDITS)
    assert env.get_template("page.html").render().startswith('<input type="checkbox" id="__drawer"><main>')


def test_the_edited_loader_lists_and_loads_what_the_theme_has():
    env = _env()
    edit_templates(env, EDITS)
    assert isinstance(env.loader, EditedSource)
    assert env.loader.list_templates() == ["base.html", "page.html"]
    source, _, _ = env.loader.get_source(env, "page.html")
    assert 'autocomplete="off">' in source  # only the named template is edited
