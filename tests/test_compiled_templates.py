"""Theme templates compiled once per process (`mkdocs serve` rebuilds, many builds in one test run):
reused only for the same source under an environment that compiles alike."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from alliance.render import compiled_templates


class Counting(Environment):
    compiled = 0

    def compile(self, *args, **kwargs):  # type: ignore[override]
        Counting.compiled += 1
        return super().compile(*args, **kwargs)


def _env(folder: Path, **options) -> Counting:
    env = Counting(loader=FileSystemLoader(str(folder)), auto_reload=False, **options)
    compiled_templates.use_process_cache(env)
    return env


def test_a_second_build_reuses_the_code_and_a_changed_template_is_compiled_again(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>{{ words }} one</p>", encoding="utf-8")
    Counting.compiled = 0
    assert _env(tmp_path).get_template("page.html").render(words="a") == "<p>a one</p>"
    assert _env(tmp_path).get_template("page.html").render(words="b") == "<p>b one</p>"
    assert Counting.compiled == 1  # the second environment (the next build) compiled nothing

    (tmp_path / "page.html").write_text("<p>{{ words }} two</p>", encoding="utf-8")
    assert _env(tmp_path).get_template("page.html").render(words="c") == "<p>c two</p>"
    assert Counting.compiled == 2


def test_code_is_not_shared_between_environments_that_compile_differently(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>[[ words ]] {{ words }}</p>", encoding="utf-8")
    plain = _env(tmp_path).get_template("page.html").render(words="x")
    square = _env(tmp_path, variable_start_string="[[", variable_end_string="]]")
    assert plain == "<p>[[ words ]] x</p>"
    assert square.get_template("page.html").render(words="x") == "<p>x {{ words }}</p>"
    trimmed = _env(tmp_path, trim_blocks=True, autoescape=True)
    assert trimmed.get_template("page.html").render(words="<b>") == "<p>[[ words ]] &lt;b&gt;</p>"


def test_an_environment_with_its_own_cache_keeps_it(tmp_path: Path) -> None:
    from jinja2 import FileSystemBytecodeCache

    own = FileSystemBytecodeCache(str(tmp_path))
    env = Environment(loader=FileSystemLoader(str(tmp_path)), bytecode_cache=own)
    compiled_templates.use_process_cache(env)
    assert env.bytecode_cache is own


def test_an_unhashable_filter_means_no_sharing_not_an_error(tmp_path: Path) -> None:
    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

        def __call__(self, value):
            return f"<{value}>"

    (tmp_path / "page.html").write_text("{{ 'a' | wrap }}", encoding="utf-8")
    Counting.compiled = 0
    for _ in range(2):
        env = _env(tmp_path)
        env.filters["wrap"] = Unhashable()
        assert env.get_template("page.html").render() == "<a>"
    assert Counting.compiled == 2  # compiled each time, as without the cache


def test_the_cache_keeps_at_most_its_limit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(compiled_templates, "MAX_TEMPLATES", 3)
    cache = compiled_templates._ProcessCache()
    env = Environment(loader=FileSystemLoader(str(tmp_path)), bytecode_cache=cache)
    for number in range(5):
        (tmp_path / f"t{number}.html").write_text(f"{number}", encoding="utf-8")
        assert env.get_template(f"t{number}.html").render() == str(number)
    assert len(cache._code) == 3


def test_a_copy_of_the_theme_elsewhere_reuses_the_code_unless_its_source_differs(tmp_path: Path) -> None:
    for copy in ("a", "b", "c"):
        (tmp_path / copy).mkdir()
        (tmp_path / copy / "page.html").write_text("<p>{{ words }}</p>", encoding="utf-8")
    (tmp_path / "c" / "page.html").write_text("<p>{{ words }}!</p>", encoding="utf-8")
    Counting.compiled = 0
    assert [_env(tmp_path / copy).get_template("page.html").render(words="x") for copy in "abc"] == [
        "<p>x</p>",
        "<p>x</p>",
        "<p>x!</p>",
    ]
    assert Counting.compiled == 2  # b reused a's code; c's source differs
    same_source_other_name = tmp_path / "a" / "other.html"
    same_source_other_name.write_text("<p>{{ words }}</p>", encoding="utf-8")
    assert _env(tmp_path / "a").get_template("other.html").name == "other.html"
    assert Counting.compiled == 3


def test_the_tests_share_the_cache_with_every_environment(tmp_path: Path) -> None:
    """tests/support/jinja_cache.py (installed by conftest): a plugin's own environment reuses code
    as the theme's does, and one given a cache of its own keeps it."""
    from jinja2 import FileSystemBytecodeCache

    (tmp_path / "page.html").write_text("<p>{{ words }} plugin</p>", encoding="utf-8")
    Counting.compiled = 0
    for words in ("a", "b"):
        plugins = Counting(loader=FileSystemLoader(str(tmp_path)))  # no use_process_cache here
        assert plugins.get_template("page.html").render(words=words) == f"<p>{words} plugin</p>"
    assert Counting.compiled == 1
    own = FileSystemBytecodeCache(str(tmp_path))
    assert Environment(bytecode_cache=own).bytecode_cache is own
