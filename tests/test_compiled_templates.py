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
