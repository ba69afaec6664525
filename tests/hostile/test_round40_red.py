"""Red team, session 40: commits d2cf570..ee3b62c (the hooks import what only a build runs inside
their handlers, `alliance check` imports its site-wide link check after its workers fork, commands
collect no garbage until their page checks start, and the everyday suite's capped property runs).

One hole, closed by taking the change out: `cores.collections_paused` (576126a) kept the collector
off while the people registry read every profile page under docs/people/, and a profile whose front
matter refers to itself through an alias (`a: &a [{k: 0}, ..., *a]`, refused as it should be) leaves
PyYAML's nodes in a cycle that only a collection frees, some 33,000 objects from a 32 KB profile (a
YAML error after the alias leaves them too). 200 such profiles (13 MB) took `alliance check` to
1.3 GB before its page checks started, against 70 MB before the pause; a thousand would have killed
a CI runner. The pause saved about 1 % of the command's serial start, so it was reverted (cf78330)
rather than patched; the tests below pin that profiles are read with the collector on.

Held: builds of one hostile docs/ (a refused draft with <script> and <div markdown>, a tampered
approved page, Latin-1, empty and over-indented pages, aliases that refer to themselves in a page and
in profiles, a profile id defined twice, a profile that is no UTF-8, a package docs/alliance/ and
docs/review_gate.py, docs/trust.py, docs/yaml.py) with the old tree (d2cf570) and the new: `mkdocs
build` strict and not, ALLIANCE_CHECK_WORKERS=0, 1 and unset, `properdocs build` strict and not, the
hooks listed in reverse order: the same messages, exit codes and site byte for byte, the draft's
markup shown as text. Every `alliance` command (check on all pages, on one refused page, on a file
that is no page or does not exist; status, report, urls, schema, verify-site, approve) with workers
0, 1, 'x' and '²': the same output and exit codes as the old tree, no traceback, the collector on
after each. `alliance check` then two builds in one process, the second after the draft gained an
<iframe>: the same sites with and without workers, the iframe shown as text. A fresh process whose
sys.path puts docs/ first: the handlers' imports find the library the hooks loaded, never a writer's
docs/alliance/. (`python -m mkdocs` or `python -m alliance` started *inside* docs/ runs docs/yaml.py
or docs/alliance/: Python puts the working folder first for -m, before and after these commits; the
installed `mkdocs` and `alliance` programs do not.) ALLIANCE_PROPERTY_EXAMPLES=all gives back every
property's own count and Hypothesis' default of 100; anything else caps both at 25.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support import FORKS_IN_A_TEST_WORKER, ROOT, alliance, copy_project, examples, quiet_env

from alliance.content import people, site
from alliance.cores import WORKERS_VARIABLE
from alliance.settings import load

HOOKS = str(ROOT / "hooks")


def _run(code: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=cwd,
        env=quiet_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


# ---- the collector paused while a writer's profiles are read --------------------------------------

_SELF_REFERENCE = "a: &a [" + ", ".join(f"{{k: {i}}}" for i in range(3000)) + ", *a]\n"


def test_profiles_that_refer_to_themselves_leave_no_pile_of_garbage():
    """What a command reads before its page checks start must not pile up: with the collector off,
    16 profiles of 32 KB left some 530,000 objects for it (1.3 GB at 200 profiles); read with the
    collector on, what is left is the last few profiles' at most. (In this process: the objects
    collection made are frozen out of the collector's reach, conftest.py, so it counts only these.)"""
    settings = load(ROOT / "mkdocs.yml")
    # half refused for the alias, half for a YAML error after it (PyYAML's C parser keeps those nodes)
    pages = {
        f"people/p{i:02d}.md": f"---\n{_SELF_REFERENCE}{'b: [' if i % 2 else ''}\n---\n".encode()
        for i in range(16)
    }
    gc.collect()
    registry, _ = site.people_of(list(pages), pages.__getitem__, settings)
    left = gc.collect()
    assert gc.isenabled() and registry == {}
    assert left < 200_000, f"{left} objects of cyclic garbage left while collections were paused"


def test_alliance_check_reads_the_profiles_with_the_collector_on_and_leaves_it_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command itself, in this process: each profile is read with the collector on, and the
    collector is on once the command has failed."""
    project = copy_project(tmp_path / "p")
    (project / "docs/people/loop.md").write_text("---\n" + _SELF_REFERENCE + "---\n# Loop\n")
    seen: list[tuple[str, bool]] = []
    read = people._person_from_bytes

    def spying(src_uri: str, raw: bytes):
        seen.append((src_uri, gc.isenabled()))
        return read(src_uri, raw)

    monkeypatch.setattr(people, "_person_from_bytes", spying)
    ran = alliance(project, "check", **{WORKERS_VARIABLE: "0"})
    assert ran.returncode == 1 and "Traceback" not in ran.stderr
    assert (
        "docs/people/loop.md: front matter: contains a value that refers to itself" in ran.stdout + ran.stderr
    )
    assert {uri for uri, _ in seen} >= {"people/loop.md", "people/morgan-sample.md"}
    assert all(enabled for _, enabled in seen), seen
    assert gc.isenabled()


# ---- every command that fails or succeeds leaves the collector on --------------------------------


@FORKS_IN_A_TEST_WORKER
@pytest.mark.parametrize("workers", ["0", "1", "x"])
def test_commands_that_fail_leave_the_collector_on_with_a_clear_message(tmp_path: Path, workers: str) -> None:
    project = copy_project(tmp_path / "p")
    (project / "docs/articles/latin1.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n# Caf\xe9\n")
    (project / "docs/notes.py").write_text("raise SystemExit('ran a writer file')\n")
    refused = "docs/articles/latin1.md:2: file: byte 0xe9 on line 2 is not valid UTF-8"
    unset = f"{WORKERS_VARIABLE}: 'x' is not a whole number"  # refused once the collections are paused
    cases = {
        ("check", "docs/articles/latin1.md"): (1, refused) if workers != "x" else (2, unset),
        ("approve", "docs/articles/latin1.md", "--reviewer", "nobody"): (1, refused)
        if workers != "x"
        else (2, unset),
        ("check", "docs/notes.py"): (2, "docs/notes.py: not a Markdown page under"),
        ("check", "docs/articles/gone.md"): (2, "docs/articles/gone.md: no such file"),
    }
    for args, (code, message) in cases.items():
        ran = alliance(project, *args, **{WORKERS_VARIABLE: workers})
        shown = ran.stdout + ran.stderr
        assert "Traceback" not in shown and "ran a writer file" not in shown, (args, shown)
        assert ran.returncode == code and message in shown, (args, shown)
        assert gc.isenabled(), args


# ---- the handlers' own imports: the library the hooks loaded, never docs/ --------------------------

_SHADOWED_BUILD = """
    import sys
    sys.path[:] = ["docs"] + [p for p in sys.path if p not in ("", {hooks!r})]  # a writer's folder first
    sys.argv = ["mkdocs", "build", "-q", "-d", {site!r}]
    from mkdocs.__main__ import cli
    try:
        cli()
    except SystemExit as done:
        import alliance, alliance.pipeline.workers as w, alliance.output.links as l
        print(done.code, alliance.__file__, w.__file__, l.__file__)
"""


@pytest.mark.parametrize("workers", ["1"])
def test_a_fresh_build_with_a_writers_alliance_package_first_on_sys_path_imports_only_the_library(
    tmp_path: Path, workers: str
) -> None:
    """In a fresh process nothing of the build's own is imported until its handlers run, after MkDocs
    has taken hooks/ off sys.path again: they must still find the hooks' library, not docs/alliance/,
    and a refused draft's markup must still be shown as text."""
    project = copy_project(tmp_path / "p")
    for module in (
        "__init__",
        "pipeline/__init__",
        "pipeline/workers",
        "output/links",
        "content/body_markup",
    ):
        shadow = project / "docs/alliance" / f"{module}.py"
        shadow.parent.mkdir(parents=True, exist_ok=True)
        shadow.write_text("raise SystemExit('SHADOWED ' + __name__)\n")
    (project / "docs/articles/draft.md").write_text(
        "---\ntitle: Draft\n---\n# Draft\n\nStop your medication.\n\n<script>alert(1)</script>\n"
    )
    site = tmp_path / "site"
    ran = _run(
        _SHADOWED_BUILD.format(hooks=HOOKS, site=str(site)), cwd=project, **{WORKERS_VARIABLE: workers}
    )
    assert "SHADOWED" not in ran.stdout + ran.stderr and "Traceback" not in ran.stderr, ran.stderr
    code, *files = ran.stdout.split()
    assert code == "0", ran.stdout + ran.stderr
    library = str((project / "hooks/alliance").resolve())
    assert all(str(Path(file).resolve()).startswith(library) for file in files), files
    draft = (site / "articles/draft/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in draft and "&lt;script&gt;alert(1)&lt;/script&gt;" in draft
    assert "alliance/pipeline/workers.py" not in "\n".join(
        p.relative_to(site).as_posix() for p in site.rglob("*")
    )


# ---- the everyday suite's capped properties, and CI's full run -----------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [("", "10 10 10"), ("all", "100 100 500"), (" ALL ", "100 100 500"), ("most", "10 10 10")],
)
def test_property_examples_all_gives_back_every_count(
    value: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What conftest.py's call gives a fresh process under each value: Hypothesis starts there with
    its own default profile, so this test starts from that one too (and puts the run's back)."""
    from hypothesis import settings

    monkeypatch.setenv(examples.VARIABLE, value)
    running = settings.get_current_profile_name()
    settings.load_profile("default")
    try:
        examples.use_profile()
        counts = (settings.default.max_examples, settings(deadline=None).max_examples, examples.examples(500))
    finally:
        settings.load_profile(running)
    assert " ".join(map(str, counts)) == expected
