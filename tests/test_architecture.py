"""The shape of the code, checked from its syntax: the library has no import cycles, the hooks stay
thin entry points, and the benchmark stays out of the runtime package."""

from __future__ import annotations

import ast
import graphlib
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "hooks"
PACKAGE = "alliance"
# A hook handler is a few lines that call the library; past this it is logic that belongs there.
HOOK_FUNCTION_LINES = 30
# An element being opened: `<div`, `<a href=…>`; closing tags and `a < b` are not markup being built.
HTML_START_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9-]*(\s|/?>)")


def module_names(package_dir: Path, package: str) -> dict[str, Path]:
    """Every module of a package by dotted name (`alliance`, `alliance.commands.cli`, `alliance.sub.mod`)."""
    names = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [package, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imported_modules(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Every dotted name an import statement anywhere in the module (functions included) may load."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # `from . import x` in alliance/cli.py is relative to `alliance`; in a package's
                # __init__ it is relative to the package itself.
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                origin = ".".join([*base, *([node.module] if node.module else [])])
            else:
                origin = node.module or ""
            found.add(origin)
            found.update(f"{origin}.{alias.name}" for alias in node.names)  # submodules by name
    return found


def import_graph(package_dir: Path, package: str) -> dict[str, set[str]]:
    """Which modules of the package each of its modules imports."""
    modules = module_names(package_dir, package)
    return {
        name: {
            target
            for target in imported_modules(
                ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py"
            )
            if target in modules and target != name
        }
        for name, path in modules.items()
    }


def import_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as `a, b, …, a`, or [] when there is none."""
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        return list(reversed(error.args[1]))
    return []


def hook_problems(source: str) -> list[str]:
    """What makes a hook file more than a thin entry point: classes, long functions, built HTML."""
    tree = ast.parse(source)
    problems = []
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            problems.append(f"line {node.lineno}: class {node.name} belongs in the library")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > HOOK_FUNCTION_LINES:
                problems.append(
                    f"line {node.lineno}: {node.name} has {length} lines (at most "
                    f"{HOOK_FUNCTION_LINES}); move its logic into the library"
                )
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and HTML_START_TAG.search(node.value)
        ):
            problems.append(f"line {node.lineno}: HTML in a string; render it from a template in overrides/")
    return problems


# ---- the checkers themselves catch what they are for -------------------------------------------


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path: Path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from .sub import b\n")
    (package / "sub" / "b.py").write_text("def late():\n    from .. import c\n")
    (package / "c.py").write_text("import pkg.a\n")
    graph = import_graph(package, "pkg")
    assert graph["pkg.a"] == {"pkg.sub", "pkg.sub.b"}
    assert graph["pkg.sub.b"] == {"pkg", "pkg.c"}
    cycle = import_cycle(graph)
    assert cycle[0] == cycle[-1] and set(cycle) == {"pkg.a", "pkg.sub.b", "pkg.c"}
    (package / "c.py").write_text("import json\n")
    assert import_cycle(import_graph(package, "pkg")) == []


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("class Plugin:\n    pass\n", "class Plugin belongs in the library"),
        ("def on_page_markdown(markdown):\n" + "    x = 1\n" * HOOK_FUNCTION_LINES, "on_page_markdown has"),
        ("def on_page_content(html):\n    return html + '<div class=\"box\">'\n", "HTML in a string"),
        ("def on_page_content(html, name):\n    return f'<p>{name}</p>' + html\n", "HTML in a string"),
    ],
    ids=["class", "long handler", "html string", "html f-string"],
)
def test_what_makes_a_hook_thick_is_found(source: str, problem: str):
    assert any(problem in found for found in hook_problems(source)), hook_problems(source)


def test_searching_html_and_docstrings_about_it_are_not_building_it():
    source = textwrap.dedent('''\
        def on_page_content(html):
            """Put the box after the <h1> title."""
            head, end, rest = html.partition("</h1>")
            return head if 1 < 2 else rest
        ''')
    assert hook_problems(source) == []


# ---- the real code ------------------------------------------------------------------------------


def test_the_library_has_no_import_cycles():
    graph = import_graph(HOOKS / PACKAGE, PACKAGE)
    assert "alliance.content.schema" in graph["alliance.content.pages"], "the graph misses plain imports"
    cycle = import_cycle(graph)
    assert not cycle, "import cycle: " + " → ".join(cycle)


@pytest.mark.parametrize("hook", sorted(path.name for path in HOOKS.glob("*.py")))
def test_hook_files_are_thin_entry_points(hook: str):
    assert hook_problems((HOOKS / hook).read_text(encoding="utf-8")) == []


def test_the_runtime_package_does_not_import_the_benchmark():
    runtime = [
        *module_names(HOOKS / PACKAGE, PACKAGE).items(),
        *((path.stem, path) for path in HOOKS.glob("*.py")),
    ]
    assert len(runtime) > 10
    offending = [
        f"{name} imports {target}"
        for name, path in runtime
        for target in imported_modules(ast.parse(path.read_text(encoding="utf-8")), name, False)
        if target == "benchmarks" or target.startswith("benchmarks.")
    ]
    assert offending == []


# ---- the pipeline's layers ----------------------------------------------------------------------
# read and check a page (content) → render what readers see (render) → check the output (output) →
# one MkDocs build (pipeline); the commands sit beside the build. A layer imports only the layers
# before it, and the plain modules at the top (problems, paths, clock, settings) import no layer.
LAYERS = ("content", "render", "output", "pipeline")
BASE = "base"  # alliance.problems, alliance.paths, alliance.clock, alliance.settings
ALLOWED = {
    BASE: {BASE},
    "content": {BASE},
    "render": {BASE, "content"},
    "output": {BASE, "content", "render"},
    "pipeline": {BASE, "content", "render", "output"},
    "commands": {BASE, "content", "render", "output", "commands"},  # never the build's own state
}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 2 or (len(parts) == 2 and parts[1] in ALLOWED):
        return parts[1]
    return BASE


def layer_breaches(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{module} ({layer_of(module)}) imports {target} ({layer_of(target)})"
        for module, targets in graph.items()
        if module not in ("alliance", "alliance.__main__")
        for target in targets
        if target != "alliance" and layer_of(target) not in {layer_of(module), *ALLOWED[layer_of(module)]}
    )


def test_a_layer_breach_is_found():
    graph = {
        "alliance.content.pages": {"alliance.render.page_view", "alliance.problems"},
        "alliance.render.page_view": {"alliance.content.pages"},
        "alliance.settings": {"alliance.content.schema"},
    }
    assert layer_breaches(graph) == [
        "alliance.content.pages (content) imports alliance.render.page_view (render)",
        "alliance.settings (base) imports alliance.content.schema (content)",
    ]


def test_each_layer_imports_only_the_layers_before_it():
    graph = import_graph(HOOKS / PACKAGE, PACKAGE)
    assert {layer_of(module) for module in graph} == {BASE, *LAYERS, "commands"}
    assert layer_breaches(graph) == []


def test_the_hooks_import_the_library_only():
    """The hook files share nothing but the library: no hook imports another hook file."""
    hooks = {path.stem for path in HOOKS.glob("*.py")}
    for path in HOOKS.glob("*.py"):
        imported = imported_modules(ast.parse(path.read_text(encoding="utf-8")), path.stem, False)
        assert not imported & hooks, f"{path.name} imports {imported & hooks}"


# Loaded by the page checks, which the build's workers run: the build's own process, which only
# reads their results, need not load them (alliance.content.pages says why).
CHECK_ONLY_MODULES = (
    "alliance.content.lint",
    "alliance.content.readability",
    "alliance.content.renderable",
    "alliance.output.link_syntax",
    "alliance.render.html_extract",
)


def _printed_in_a_fresh_process(code: str) -> str:
    """What `code` prints in a new Python process with hooks/ first on its path (a module imported
    by an earlier test in this process would hide what the code itself loads)."""
    return subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); " + code, str(HOOKS)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_loading_the_hooks_leaves_the_page_checks_unloaded():
    loaded = _printed_in_a_fresh_process(
        "import review_gate, trust, navigation; "
        f"print(sorted(set({CHECK_ONLY_MODULES!r}) & set(sys.modules)))"
    )
    assert loaded == "[]"


def test_alliance_check_loads_the_page_checks_before_its_workers_fork():
    missing = _printed_in_a_fresh_process(
        "from alliance.content import pages; pages.load_checks(); "
        f"print(sorted(set({CHECK_ONLY_MODULES[:3]!r}) - set(sys.modules)))"
    )
    assert missing == "[]"


# Imported by the hooks' handlers, which only a build calls: MkDocs imports the hook files whenever it
# loads mkdocs.yml, `alliance check` included, so importing these at a hook's top made every command
# compile and load them (in a fresh clone, some 0.09 G instructions before `alliance check` forks its
# workers).
BUILD_ONLY_MODULES = (
    "alliance.pipeline.views",
    "alliance.pipeline.workers",
    "alliance.render.compiled_templates",
    "alliance.render.listing",
    "alliance.render.page_view",
    "alliance.render.per_link",
    "alliance.render.sharing",
    "alliance.render.strings",
    "alliance.render.structured_data",
    "alliance.render.template_edits",
)
# `alliance check`'s site-wide checks, which only its own process runs: imported once its workers have
# forked, so they are compiled and loaded while the workers check pages.
SITE_WIDE_MODULES = ("alliance.output.links", "alliance.output.published_urls")


def test_alliance_check_loads_neither_the_build_nor_its_site_wide_checks_before_its_workers_fork():
    loaded = _printed_in_a_fresh_process(
        "from pathlib import Path; from alliance.commands import check; "
        "from alliance.content.site import open_site; "
        f"open_site(Path({str(ROOT / 'mkdocs.yml')!r})); import review_gate, trust; "
        f"print(sorted(set({BUILD_ONLY_MODULES + SITE_WIDE_MODULES!r}) & set(sys.modules)))"
    )
    assert loaded == "[]"
