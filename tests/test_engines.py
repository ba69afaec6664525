"""The engine question: the site builds strictly under MkDocs and under ProperDocs (its maintained 1.x
continuation), the hooks' gates hold under both, and the output check (`alliance verify-site`), the gate
that does not need the hooks, passes on either's output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, alliance, copy_project, mkdocs_in_process, quiet_env

BIN = Path(sys.executable).parent
ENGINES = ("mkdocs", "properdocs")
MATERIAL_BANNER = "Material for MkDocs reaches end of life"
PROPERDOCS_BANNER = "MkDocs may break support for all existing plugins"
SILENCERS = ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")


def engine_build(
    engine: str, project: Path, site_dir: Path, *, silenced: bool = True, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = quiet_env(**env)
    if not silenced:
        environment = {key: value for key, value in environment.items() if key not in SILENCERS}
    return subprocess.run(
        [str(BIN / engine), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory: pytest.TempPathFactory):
    """`engine build --strict` of the sample site as its own process, run once per engine and
    environment for this module: the tests below only read what it printed and wrote."""
    done: dict[tuple[str, bool], tuple[subprocess.CompletedProcess[str], Path]] = {}

    def build(engine: str, silenced: bool) -> tuple[subprocess.CompletedProcess[str], Path]:
        if (engine, silenced) not in done:
            site = tmp_path_factory.mktemp(f"{engine}-{'silenced' if silenced else 'bare'}") / "site"
            done[engine, silenced] = engine_build(engine, ROOT, site, silenced=silenced), site
        return done[engine, silenced]

    return build


# How each engine's users run it: MkDocs with the README's two variables, ProperDocs bare (it prints
# neither banner, test_which_commands_print_the_banners below), so these builds are also the banners'.
AS_USERS_RUN = {"mkdocs": True, "properdocs": False}


@pytest.mark.parametrize("engine", ENGINES)
def test_the_sample_site_builds_strictly_and_passes_the_output_check(engine: str, sample_build):
    built, site = sample_build(engine, AS_USERS_RUN[engine])
    assert built.returncode == 0, built.stdout + built.stderr
    verified = alliance(ROOT, "verify-site", str(site))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    articles = [page for page in (ROOT / "docs" / "articles").glob("*.md") if page.name != "index.md"]
    assert len(articles) == 7  # the seven sample articles; /articles/ itself is a listing
    assert f"verified {len(articles)} clinical page(s)" in verified.stdout


@pytest.mark.parametrize("engine", ENGINES)
def test_the_hooks_gate_holds_under_both_engines(engine: str, tmp_path: Path):
    project = copy_project(tmp_path / "project")
    article = project / "docs" / "articles" / "ending-therapy.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("therapy", "treatment", 1), encoding="utf-8"
    )
    if engine == "mkdocs":  # MkDocs' own command line in this process (its strict build as a process: above)
        built = mkdocs_in_process(
            project, "build", "--strict", "-f", "mkdocs.yml", "-d", str(tmp_path / "site")
        )
    else:  # another engine: its own process
        built = engine_build(engine, project, tmp_path / "site")
    assert built.returncode == 1
    assert re.search(r"docs/articles/ending-therapy\.md: review[\w.]*: .*changed", built.stderr), built.stderr


def smallest_site_like_the_sample(folder: Path) -> Path:
    """One page with the sample site's theme and plugins, and no hooks."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Banners\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Banners\ntheme:\n  name: material\nplugins:\n  - search\n  - tags\n  - redirects\n",
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize(
    ("engine", "silenced", "banners"),
    [
        ("mkdocs", False, {MATERIAL_BANNER, PROPERDOCS_BANNER}),  # what a bare `mkdocs` prints
        ("mkdocs", True, set()),  # the two variables the README names
        ("properdocs", False, set()),  # neither banner under ProperDocs
    ],
)
def test_which_commands_print_the_banners(
    engine: str, silenced: bool, banners: set[str], sample_build, tmp_path: Path
):
    """The sample site's own builds where the tests above made one this way; the bare `mkdocs`, which
    they do not run, builds one page with the sample site's theme and plugins: the banners come with
    the command and those (Material prints its notice as its templates load, mkdocs-redirects asks
    ProperDocs for its own as it loads), not with the pages."""
    if AS_USERS_RUN[engine] == silenced:
        built, _ = sample_build(engine, silenced)
    else:
        site = smallest_site_like_the_sample(tmp_path / "site")
        built = engine_build(engine, site, tmp_path / "out", silenced=silenced)
    assert built.returncode == 0, built.stdout + built.stderr
    output = built.stdout + built.stderr
    assert {banner for banner in (MATERIAL_BANNER, PROPERDOCS_BANNER) if banner in output} == banners


def test_the_readme_names_the_variables_that_silence_the_banners():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(name in readme for name in SILENCERS)
    assert "## Engine" in readme and "alliance verify-site" in readme.split("## Engine", 1)[1]
    assert os.environ.get("ALLIANCE_TODAY")  # the suite's fixed day (conftest), never the real one
