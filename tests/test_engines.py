"""The engine question: the site builds strictly under MkDocs and under ProperDocs (its maintained 1.x
continuation), and the output check (`alliance verify-site`), the gate that does not need the hooks,
passes on either's output. That the hooks' gates hold under both is tests/hostile/test_input.py's:
its hostile project, an edited reviewed article among the attacks, fails the strict build of each
engine with every refusal named."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, BuildResult, alliance, quiet_env

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
def properdocs_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """`properdocs build --strict` of the sample site as its own process (ProperDocs takes MkDocs'
    place in `sys.modules`, so it never shares the test process), bare as its users run it: it
    prints neither banner (test_which_commands_print_the_banners below). Run once for this module."""
    site = tmp_path_factory.mktemp("properdocs") / "site"
    return engine_build("properdocs", ROOT, site, silenced=False), site


@pytest.mark.parametrize("engine", ENGINES)
def test_the_sample_site_builds_strictly_and_passes_the_output_check(
    engine: str, built_site: BuildResult, properdocs_build
):
    """MkDocs' strict build is the suite's own (conftest's `built_site`: MkDocs' command line in this
    process; as its own process under Python 3.12 and 3.13, test_every_machine.py)."""
    if engine == "mkdocs":
        returncode, output, site = built_site.returncode, built_site.output, built_site.site_dir
    else:
        built, site = properdocs_build
        returncode, output = built.returncode, built.stdout + built.stderr
    assert returncode == 0, output
    verified = alliance(ROOT, "verify-site", str(site))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    articles = [page for page in (ROOT / "docs" / "articles").glob("*.md") if page.name != "index.md"]
    assert len(articles) == 7  # the seven sample articles; /articles/ itself is a listing
    assert f"verified {len(articles)} clinical page(s)" in verified.stdout


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
    engine: str, silenced: bool, banners: set[str], properdocs_build, tmp_path: Path
):
    """Each command as its own process, as a user runs it: ProperDocs' build of the sample site above;
    `mkdocs` builds one page with the sample site's theme and plugins, since the banners come with the
    command and those (Material prints its notice as its templates load, mkdocs-redirects asks
    ProperDocs for its own as it loads), not with the pages."""
    if engine == "properdocs":
        built, _ = properdocs_build
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
