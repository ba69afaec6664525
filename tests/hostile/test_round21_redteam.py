"""Red team, round 21 (2 Dec 2026): commands that read mkdocs.yml once (open_site), the template
cache keyed by name and source, and the tests' mkdocs.yml memo.

Breaks found, each fixed and kept as a passing test: a setting MkDocs only warns about (an unknown or
misspelt key) stopped `mkdocs build --strict` while `alliance check` passed; MkDocs' own reason for
refusing mkdocs.yml never reached the command's message ("Aborted with a configuration error!");
a number or null in redirect_maps crashed `alliance check` with a traceback; the template cache gave a
sandboxed environment a plain one's code, old-style gettext code to a newstyle one, and a filter's
compile-time answer from an earlier build to the next; the memo returned one copy's INHERIT for
another's when INHERIT was spelt with an escape. The other rows are attacks that held.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, pass_context, pass_environment
from jinja2.sandbox import SandboxedEnvironment
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError
from support import config_memo, copy_project

from alliance import settings as site_settings
from alliance.content.site import open_site
from alliance.output.links import redirects_of, url_problems
from alliance.problems import AllianceError
from alliance.render import compiled_templates

# ---- 1. mkdocs.yml read once: open_site against the strict build and the old raw reading ----------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = copy_project(tmp_path_factory.mktemp("round21") / "site")
    shutil.copy2(site / "mkdocs.yml", site.parent / "mkdocs.yml.orig")
    return site


def _write(project: Path, old: str, new: str, *, encoding: str = "utf-8") -> Path:
    text = (project.parent / "mkdocs.yml.orig").read_text(encoding="utf-8")
    assert old in text, f"mkdocs.yml no longer has {old!r}; update this test"
    config = project / "mkdocs.yml"
    config.write_bytes(text.replace(old, new, 1).encode(encoding))
    return config


REFUSED = (
    # (id, text replaced, replacement, what the command's message must say): mkdocs.yml that
    # `mkdocs build --strict` refuses; every command must refuse it too, with MkDocs' reason.
    # Broke: a warning only (unknown or misspelt key) let check pass where the strict build stopped.
    ("unknown-key", "docs_dir: docs\n", "docs_dir: docs\nextra_csss: [x.css]\n", "extra_csss"),
    (
        "misspelt-plugin-option",
        "redirect_maps: {}",
        "redirect_map: {}",
        "Plugin 'redirects' option 'redirect_map': Unrecognised",
    ),
    # Broke: the message said only "Aborted with a configuration error!" (MkDocs' reason went to a
    # logger the command does not set up, so a writer saw it only by chance).
    ("site-url-number", "site_url: https://alliance.example.org/", "site_url: 5", "Expected a string"),
    ("extra-as-text", "extra:\n  # No analytics", "extra: hello\nextra_x:\n  # No analytics", "extra"),
    ("redirect-maps-list", "redirect_maps: {}", "redirect_maps: [a.md, b.md]", "redirect_maps"),
    # Held: bytes that are not UTF-8, refused by MkDocs' parser in both.
    ("latin-1", "site_name: Alliance", "site_name: Allianc\xe9", "unacceptable character"),
)


@pytest.mark.parametrize(("name", "old", "new", "said"), REFUSED, ids=[row[0] for row in REFUSED])
def test_commands_refuse_what_the_strict_build_refuses_and_say_why(project, name, old, new, said):
    config = _write(project, old, new, encoding="latin-1" if name == "latin-1" else "utf-8")
    with pytest.raises((Abort, ConfigurationError)):  # ConfigurationError: the latin-1 file
        load_config(str(config), strict=True)
    with pytest.raises(AllianceError) as refused:
        open_site(config)
    assert said in str(refused.value)
    assert "Aborted with" not in str(refused.value)


def test_a_config_the_strict_build_accepts_is_not_refused(project):
    """The control: the sample's own mkdocs.yml loads with no warning in both."""
    config = _write(project, "site_name: Alliance", "site_name: Alliance")
    load_config(str(config), strict=True)
    assert open_site(config)[0].site_name == "Alliance"


def test_extra_alliance_from_an_unset_env_variable_is_a_settings_message(project):
    """`alliance: !ENV [UNSET, 5]`: MkDocs accepts it; the settings say what is wrong (held)."""
    config = _write(project, "  alliance:\n", "  alliance: !ENV [ALLIANCE_ROUND21_UNSET, 5]\n  old:\n")
    with pytest.raises(AllianceError, match=r"extra\.alliance: is missing or not a mapping"):
        open_site(config)


SAME_AS_BEFORE = (
    # (id, text replaced, replacement): the settings a command reads from MkDocs' loaded config are
    # the settings the raw reading (settings.load, as every command read them before) gave (held).
    ("sample", "site_name: Alliance", "site_name: Alliance"),
    ("theme-language", "  language: en\n", "  language: fr\n"),
    ("docs-dir-dot-slash", "docs_dir: docs", "docs_dir: ./docs/"),
    (
        "site-url-no-slash",
        "site_url: https://alliance.example.org/",
        "site_url: https://alliance.example.org",
    ),
    (
        "production-on",
        "production: !ENV [ALLIANCE_PRODUCTION, false]",
        "production: !ENV [ROUND21_UNSET, 'true']",
    ),
)


@pytest.mark.parametrize(("name", "old", "new"), SAME_AS_BEFORE, ids=[row[0] for row in SAME_AS_BEFORE])
def test_settings_from_the_loaded_config_match_the_raw_reading(project, name, old, new):
    config = _write(project, old, new)
    loaded = open_site(config)[0]
    raw = site_settings.load(config)
    assert loaded == raw or (name == "site-url-no-slash" and loaded.page_url("a/") == raw.page_url("a/"))


def test_a_utf16_mkdocs_yml_gives_the_same_settings(project):
    config = _write(project, "site_name: Alliance", "site_name: Alliance", encoding="utf-16")
    assert open_site(config)[0] == site_settings.load(config)


@pytest.mark.parametrize("maps", ["{old.md: 5}", "{5: index.md}", "{old.md: null}", "{old.md: {a: b}}"])
def test_odd_redirect_maps_are_reported_not_a_traceback(project, maps):
    """Broke: `alliance check` (links.start) crashed on `target.split`; MkDocs accepts the map
    (its plugin then crashes in on_post_build, so the build fails too)."""
    config = _write(project, "redirect_maps: {}", f"redirect_maps: {maps}")
    settings, loaded = open_site(config)
    redirects = redirects_of(loaded)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in redirects.items())
    problems = url_problems(settings, ["index.md"], redirects)
    assert any("redirect_maps" in problem.field for problem in problems)


# ---- 2. the process-wide template cache -----------------------------------------------------------


def _render(env: Environment, template: str = "page.html", **values) -> str:
    try:
        return env.get_template(template).render(**values)
    except Exception as error:  # the uncached render may refuse: the cached one must refuse alike
        return type(error).__name__


def _both(make_env, template: str = "page.html", **values) -> tuple[str, str]:
    """What `make_env()` renders with the process cache (after another environment filled it) and
    what a fresh environment without any cache renders."""
    cached = make_env()
    compiled_templates.use_process_cache(cached)
    plain = make_env()
    plain.bytecode_cache = None
    return _render(cached, template, **values), _render(plain, template, **values)


def _i18n(folder: Path, newstyle: bool) -> Environment:
    env = Environment(loader=FileSystemLoader(str(folder)), extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=newstyle)  # type: ignore[attr-defined]
    return env


@pass_environment
def _site_name(env: Environment, key: str) -> str:
    return env.globals["site"][key]


def _with_site(folder: Path, site: str) -> Environment:
    env = Environment(loader=FileSystemLoader(str(folder)))
    env.filters["site"] = _site_name
    env.globals["site"] = {"name": site}
    return env


CACHE_BREAKS = (
    # (id, template, the environment that fills the cache, the environment under test)
    # A plain environment folds `().__class__.__name__` into 'tuple'; a sandbox refuses it.
    (
        "sandbox-after-plain",
        "{{ ().__class__.__name__ }}",
        lambda folder: Environment(loader=FileSystemLoader(str(folder))),
        lambda folder: SandboxedEnvironment(loader=FileSystemLoader(str(folder))),
    ),
    # {% trans %} compiles to another call under newstyle gettext: KeyError('name') before.
    (
        "newstyle-gettext",
        "{% trans %}Hello {{ name }}{% endtrans %}",
        lambda folder: _i18n(folder, newstyle=False),
        lambda folder: _i18n(folder, newstyle=True),
    ),
    # The same filter object folded over a constant at compile time, reading this build's globals
    # (a site name, a language changed between `mkdocs serve` rebuilds): the next build showed 'A'.
    (
        "filter-reading-globals",
        "{{ 'name'|site }}",
        lambda folder: _with_site(folder, "A"),
        lambda folder: _with_site(folder, "B"),
    ),
)


@pytest.mark.parametrize(
    ("name", "source", "first", "second"), CACHE_BREAKS, ids=[r[0] for r in CACHE_BREAKS]
)
def test_an_environment_never_runs_code_compiled_for_another(tmp_path: Path, name, source, first, second):
    (tmp_path / "page.html").write_text(source, encoding="utf-8")
    filler = first(tmp_path)
    compiled_templates.use_process_cache(filler)
    _render(filler, name="Ann")
    cached, plain = _both(lambda: second(tmp_path), name="Ann")
    assert cached == plain


def test_same_name_in_custom_dir_and_theme_and_same_source_under_two_names(tmp_path: Path):
    """custom_dir's main.html over the theme's (held: the checksum differs); one source under two
    names (held: each code says its own name, which `self._TemplateReference__context.name` shows)."""
    for folder, word in (("custom", "ours"), ("theme", "theirs")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "main.html").write_text(f"{word} {{{{ self }}}}", encoding="utf-8")
    (tmp_path / "theme" / "other.html").write_text("ours {{ self }}", encoding="utf-8")
    theme_only = Environment(loader=FileSystemLoader(str(tmp_path / "theme")))
    compiled_templates.use_process_cache(theme_only)
    assert _render(theme_only, "main.html").startswith("theirs")

    def both() -> Environment:
        return Environment(
            loader=ChoiceLoader([FileSystemLoader(str(tmp_path / d)) for d in ("custom", "theme")])
        )

    cached, plain = _both(both, "main.html")
    assert cached.startswith("ours") and cached == plain
    assert _both(both, "other.html")[0] == _both(both, "other.html")[1]


def test_extends_and_include_chains_follow_the_edited_parent(tmp_path: Path):
    """A child's code loads its parent and includes by name at run time (held)."""
    (tmp_path / "base.html").write_text("[{% block body %}{% endblock %}]{% include 'foot.html' %}")
    (tmp_path / "foot.html").write_text("foot-1")
    (tmp_path / "page.html").write_text("{% extends 'base.html' %}{% block body %}{{ words }}{% endblock %}")

    def make() -> Environment:
        return Environment(loader=FileSystemLoader(str(tmp_path)))

    assert _both(make, words="x") == ("[x]foot-1", "[x]foot-1")
    (tmp_path / "base.html").write_text("<{% block body %}{% endblock %}>{% include 'foot.html' %}")
    (tmp_path / "foot.html").write_text("foot-2")
    assert _both(make, words="y") == ("<y>foot-2", "<y>foot-2")


@pytest.mark.parametrize(
    "options",
    [
        {"autoescape": True},
        {"autoescape": False},
        {"finalize": lambda value: f"<{value}>"},
        {"trim_blocks": True},
    ],
    ids=["autoescape-on", "autoescape-off", "finalize", "trim-blocks"],
)
def test_options_that_change_constant_output_keep_their_own_code(tmp_path: Path, options):
    """Constant output is folded with the options at compile time (held: the options are in the key)."""
    (tmp_path / "page.html").write_text("{{ '<b>' }}{% if true %}\nx{% endif %}", encoding="utf-8")
    filler = Environment(loader=FileSystemLoader(str(tmp_path)))
    compiled_templates.use_process_cache(filler)
    _render(filler)
    assert (
        _both(lambda: Environment(loader=FileSystemLoader(str(tmp_path)), **options))[0]
        == _both(lambda: Environment(loader=FileSystemLoader(str(tmp_path)), **options))[1]
    )


def test_a_site_whose_filters_take_the_context_still_shares_code(tmp_path: Path):
    """MkDocs' own filters (url, script_tag) take the context: the build's reuse is kept."""
    (tmp_path / "page.html").write_text("{{ 'a'|url }}", encoding="utf-8")
    url = pass_context(lambda _context, value: f"/{value}")

    def make() -> Environment:
        env = Environment(loader=FileSystemLoader(str(tmp_path)))
        env.filters["url"] = url
        compiled_templates.use_process_cache(env)
        return env

    make().get_template("page.html")
    bucket_keys = len(compiled_templates._PROCESS_CACHE._code)
    assert _render(make()) == "/a"
    assert len(compiled_templates._PROCESS_CACHE._code) == bucket_keys


# ---- 3. the tests' memo of MkDocs' mkdocs.yml parse -----------------------------------------------

MEMO_SPELLINGS = (
    # (id, first line of mkdocs.yml): INHERIT or !relative written without those letters.
    ("escaped-inherit-key", '"\\x49NHERIT": base.yml'),
    ("unicode-escaped-inherit", '"\\u0049NHERIT": base.yml'),
)


@pytest.mark.parametrize(("name", "line"), MEMO_SPELLINGS, ids=[row[0] for row in MEMO_SPELLINGS])
def test_the_memo_never_gives_one_copy_another_copys_inherited_settings(tmp_path: Path, name, line):
    from mkdocs.utils.yaml import yaml_load

    parse = getattr(yaml_load, "__wrapped__", yaml_load)
    memo = config_memo.remembering(parse)
    for copy in ("a", "b"):
        (tmp_path / copy).mkdir()
        (tmp_path / copy / "mkdocs.yml").write_text(f"{line}\nsite_name: x\n", encoding="utf-8")
        (tmp_path / copy / "base.yml").write_text(f"site_description: {copy}\n", encoding="utf-8")
        with open(tmp_path / copy / "mkdocs.yml", "rb") as handle:
            assert memo(handle)["site_description"] == copy


@pytest.mark.parametrize(
    "text",
    [
        "x: !rel%61tive\n",
        "%TAG !m! !rel\n---\nx: !m!ative\n",
        "x: !!python/object/apply:os.getcwd []\n",  # the folder's own value
    ],
)
def test_the_memo_parses_tags_spelt_otherwise_every_time(tmp_path: Path, text: str):
    parsed = []

    def parse(source, loader=None):
        parsed.append(source.name)
        return {}

    memo = config_memo.remembering(parse)
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    for _ in range(2):
        with open(tmp_path / "mkdocs.yml", "rb") as handle:
            memo(handle)
    assert len(parsed) == 2


def test_a_theme_without_alliances_templates_fails_the_build_with_a_message(project):
    from support import mkdocs_build

    _write(project, "  custom_dir: overrides\n", "")
    built = mkdocs_build(project, project / "site")
    assert built.returncode != 0
    assert "mkdocs.yml: theme.custom_dir: the theme has no partials/alliance/" in built.output
    assert "Traceback" not in built.output
