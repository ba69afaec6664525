"""Works on every machine a new user has: Python 3.11, 3.12 and 3.13, and installed from the wheel.

Every supported interpreter found here builds the sample site strictly and runs `alliance check`, in
one of three set-ups, so that each is made once: the suite's own Python is the suite itself when it
runs in the README's set-up (`runs_in_the_readme_setup`); the wheel is built and installed under the
first other supported Python found here (`wheels_python`), in a venv outside the checkout, and used on
a copy of the sample site that has only the hook entry points, as a user of the package would; every
other Python gets the README's set-up in a fresh copy of the project (a venv and an editable install
of `.`). The installs use uv (the `test` extra) where it is installed, from the indexes pip is
configured with: the same packages pip would pick, in a few seconds instead of half a minute each; pip
itself where uv is missing. One venv per set-up per session; the tests share one xdist worker.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path

import pytest
from support import PROJECT_PARTS, ROOT, BuildResult, Ran, alliance, quiet_env
from support import examples as property_examples

SUPPORTED = ("3.11", "3.12", "3.13")
PACKAGE_PARTS = ("pyproject.toml", "README.md", "hooks")  # what `pip install .` reads
INSTALL_TIMEOUT = 900
# Under pytest-xdist (`--dist loadfile`, pyproject.toml) this file runs on one worker, so the venvs are
# made once; the group says the same to `--dist loadgroup` where pytest still lets it group.
pytestmark = [pytest.mark.xdist_group("every_machine"), pytest.mark.slow]


def pyenv_root() -> Path | None:
    """pyenv's folder, when this machine has pyenv (then every supported Python is expected)."""
    if os.environ.get("PYENV_ROOT"):
        return Path(os.environ["PYENV_ROOT"])
    found = shutil.which("pyenv")
    return Path(found).resolve().parent.parent if found else None


def interpreter(version: str) -> Path | None:
    """A python3.X on PATH, or pyenv's newest 3.X, or None."""
    candidates = []
    root = pyenv_root()
    if root:
        candidates += sorted(
            (root / "versions").glob(f"{version}.*/bin/python{version}"),
            key=lambda path: [int(part) for part in path.parts[-3].split(".") if part.isdigit()],
            reverse=True,
        )
    if on_path := shutil.which(f"python{version}"):
        candidates.append(Path(on_path))
    return next((path for path in candidates if path.exists()), None)


# The environment the install threads give their commands, taken when this module is imported: while
# they run, a command run in this process (`built_site`'s build, say) empties and refills os.environ.
THREADS_ENVIRONMENT = dict(os.environ)


def run(command: list[str], cwd: Path, timeout: int = 600, **env: str) -> subprocess.CompletedProcess[str]:
    """`command` in `cwd` with the children's quiet environment. Python may write bytecode there, as
    it does on a user's machine: neither uv nor this shell (PYTHONDONTWRITEBYTECODE) compiles it, so
    each command would compile MkDocs, Material and Jinja from source again."""
    environment = quiet_env(THREADS_ENVIRONMENT, PIP_DISABLE_PIP_VERSION_CHECK="1", **env)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=environment)


def copy_parts(target: Path, parts: tuple[str, ...]) -> Path:
    target.mkdir(parents=True)
    for part in parts:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(
                source, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
            )
        else:
            shutil.copy2(source, target / part)
    return target


def bin_of(env_dir: Path) -> Path:
    return env_dir / ("Scripts" if os.name == "nt" else "bin")


@functools.cache
def uv() -> str | None:
    """uv next to this Python (the `test` extra installs it) or on PATH (found once, before the
    install threads start, as their interpreters are)."""
    return shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")


@functools.cache
def pip_indexes_for_uv() -> dict[str, str]:
    """pip's configuration (pip.conf, PIP_* variables) as uv's variables, so uv installs from where pip
    would and, like pip, takes the best version found on any of the indexes."""
    listed = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True, timeout=60
    ).stdout
    values = {}
    for line in listed.splitlines():
        key, _, value = line.partition("=")
        values[key.rsplit(".", 1)[-1]] = value.strip().strip("'\"")  # later lines (PIP_* variables) win
    env = {"UV_INDEX_STRATEGY": "unsafe-best-match"}
    for pip_name, uv_name, separator in (
        ("index-url", "UV_DEFAULT_INDEX", " "),
        ("extra-index-url", "UV_INDEX", " "),
        ("find-links", "UV_FIND_LINKS", ","),
        ("constraint", "UV_CONSTRAINT", " "),
    ):
        if values.get(pip_name):
            env[uv_name] = separator.join(values[pip_name].split())
    if values.get("cert"):
        env["SSL_CERT_FILE"] = values["cert"]
    return env


def install(env_dir: Path, python: Path, target: str, cwd: Path, *, editable: bool = False) -> None:
    """A fresh venv at `env_dir` for `python`, with `target` (a folder or a wheel) and its dependencies
    installed: by uv where it is installed, else by the venv's own pip."""
    found = uv()
    if found:
        made = run([found, "venv", "-q", "-p", str(python), str(env_dir)], cwd)
        assert made.returncode == 0, made.stderr
        installed = run(
            [
                found,
                "pip",
                "install",
                "-q",
                "-p",
                str(bin_of(env_dir) / "python"),
                *(["-e"] if editable else []),
                target,
            ],
            cwd,
            timeout=INSTALL_TIMEOUT,
            **pip_indexes_for_uv(),
        )
    else:
        made = run([str(python), "-m", "venv", str(env_dir)], cwd)
        assert made.returncode == 0, made.stderr
        installed = run(
            [str(bin_of(env_dir) / "pip"), "install", *(["-e"] if editable else []), target],
            cwd,
            timeout=INSTALL_TIMEOUT,
        )
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]


def readme_setup_in(version: str, python: Path | None, folder: Path) -> Path | str:
    """A fresh copy of the project set up as the README's command does under `python` (the version's
    interpreter found here), or why it could not be."""
    if python is None:
        return f"Python {version} is not installed here (no python{version}, no pyenv)"
    project = copy_parts(folder / "project", tuple(dict.fromkeys(PROJECT_PARTS + PACKAGE_PARTS)))
    install(project / ".venv", python, ".", project, editable=True)
    return project


def wheel_install_in(work: Path, python: Path) -> Path:
    """The wheel built from a clean copy of the sources, installed into a fresh venv for `python` (its
    bin folder)."""
    sources = copy_parts(work / "sources", PACKAGE_PARTS)
    found = uv()
    command = (
        [found, "build", "-q", "--wheel", "-o", str(work / "dist"), "."]
        if found
        else [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(work / "dist"), "."]
    )
    built = run(command, sources, timeout=INSTALL_TIMEOUT, **(pip_indexes_for_uv() if found else {}))
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    wheel = next((work / "dist").glob("alliance-*.whl"))
    install(work / "env", python, str(wheel), work)
    return bin_of(work / "env")


OWN_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"


@functools.cache
def wheels_python() -> str:
    """The Python the wheel is installed and used under: the first supported one other than the
    suite's own that is installed here (3.12 where the suite runs under 3.11 with pyenv beside it),
    else the suite's own. Its strict build and `alliance check` there are that Python's; a README
    set-up under it as well would only repeat them with an editable install, which the other Pythons'
    set-ups prove."""
    return next(
        (version for version in SUPPORTED if version != OWN_PYTHON and interpreter(version)), OWN_PYTHON
    )


def runs_in_the_readme_setup() -> bool:
    """Whether this suite itself runs in the README's set-up: the project's own `.venv`, with the
    library imported from this checkout (an editable install), as `.ci/run` and the README's second
    command run it. A fresh copy set up the same way under this same Python would prove nothing more:
    the sample site's strict build runs here (`built_site`) and so does its `alliance check`."""
    import alliance

    venv = ROOT / ".venv"
    return (
        Path(sys.prefix).resolve() == venv.resolve()
        and Path(alliance.__file__).resolve().parent == (ROOT / "hooks" / "alliance").resolve()
    )


def readme_setup_used(version: str, python: Path | None, folder: Path) -> dict[str, Ran] | str:
    """The README's set-up under one Python, then a strict build and (except under the wheel's Python,
    where the wheel's test runs it) the check in it, as a writer would, or why it could not be set up."""
    project = readme_setup_in(version, python, folder)
    if isinstance(project, str):
        return project
    binaries = bin_of(project / ".venv")
    runs = {"build": run([str(binaries / "mkdocs"), "build", "--strict", "-d", "site"], project)}
    if version != wheels_python():
        runs["check"] = run([str(binaries / "alliance"), "check"], project)
    return runs


def users_site_in(target: Path) -> Path:
    """A copy of the sample site as a user of the package has it: hook entry points, no library."""
    site = copy_parts(target, ("mkdocs.yml", "docs", "overrides"))
    (site / "hooks").mkdir()
    for hook in (ROOT / "hooks").glob("*.py"):
        shutil.copy2(hook, site / "hooks" / hook.name)
    return site


NEW_PAGE = "docs/articles/talking-about-money-with-your-therapist.md"


# What a user does next with the installed wheel, in one process of its Python (`main` is what the
# `alliance` script calls; the script itself runs `check` above): where the package is, the output
# check, a new page and the check of that draft. One process instead of four: each would import the
# package, MkDocs and Material again, for nothing the script's own run does not already prove.
NEXT_STEPS = """
import contextlib, io, json, pathlib, sys
import alliance
runs = {"import": [0, str(pathlib.Path(alliance.__file__).parent), ""]}
for name, arguments in json.loads(sys.argv[1]):
    # Each command imports the package afresh: one must not lean on a module an earlier one imported
    # (red team, session 41: `new` reaching `alliance.commands.arguments` as an attribute).
    for module in [module for module in sys.modules if module.partition(".")[0] == "alliance"]:
        del sys.modules[module]
    from alliance.commands import cli
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(arguments)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    runs[name] = [code, out.getvalue(), err.getvalue()]
print(json.dumps(runs))
"""


def wheel_used(work: Path, python: Path | None) -> tuple[Path, dict[str, Ran]]:
    """The wheel installed outside the checkout under `wheels_python()`, then used on a user's copy of
    the sample site: check, strict build, then where the package is, output check, a new page and
    the check of that draft."""
    assert python, f"Python {wheels_python()} was found, then was gone"
    binaries = wheel_install_in(work, python)
    site = users_site_in(work / "site")
    runs = {
        "check": run([str(binaries / "alliance"), "check"], site),
        "build": run([str(binaries / "mkdocs"), "build", "--strict", "-d", "out"], site),
    }
    steps = [
        ("verify-site", ["verify-site", "out"]),  # before the new page, which the build never saw
        ("new", ["new", "Talking about money with your therapist"]),
        ("draft", ["check", NEW_PAGE]),
    ]
    ran = run([str(binaries / "python"), "-c", NEXT_STEPS, json.dumps(steps)], site)
    try:
        results = json.loads(ran.stdout.splitlines()[-1])
    except (IndexError, ValueError):  # the process itself failed: each step shows what it printed
        results = {name: [ran.returncode or 1, ran.stdout, ran.stderr] for name in ("import", *dict(steps))}
    for name, (code, out, err) in results.items():
        runs[name] = Ran(ran.args, code, out, err)
    return site, runs


def readme_setups() -> list[str]:
    """The Pythons that get a fresh README set-up: all but the suite's own when it runs in that set-up
    and the wheel's when that is another Python. When the suite runs elsewhere (CI's other Pythons:
    an install into a container's own Python) its own Python gets one, the wheel's Python or not."""
    return [
        version
        for version in SUPPORTED
        if not (version == OWN_PYTHON and runs_in_the_readme_setup())
        and not (version == wheels_python() != OWN_PYTHON)
    ]


@pytest.fixture(scope="module")
def installs() -> Iterator[dict[str, Future]]:
    """Every set-up of this module and what the tests run in it, started at once in threads: they
    wait on installs and child processes, so together they take about as long as the slowest one.
    One venv per set-up per session: the README's under each Python of `readme_setups()`, the wheel's.

    The venvs are made in the system's temporary folder, not in the tests' (tests/conftest.py may put
    that in memory): uv links each installed file from its cache, on disk, and across file systems
    it would copy them all (some 18,000 files a venv). They are removed once this module is done."""
    if uv():
        pip_indexes_for_uv()  # asked once here, before the threads need it
    # The interpreters are found here too: finding one (and uv) reads os.environ (PATH, PYENV_ROOT), which a
    # command run in this process swaps while the threads run.
    wheels = interpreter(wheels_python()) if wheels_python() != OWN_PYTHON else Path(sys.executable)
    pythons = {version: interpreter(version) for version in readme_setups()}
    work = Path(tempfile.mkdtemp(prefix="alliance-installs-"))
    pool = ThreadPoolExecutor(max_workers=len(SUPPORTED) + 1)
    started = {
        version: pool.submit(readme_setup_used, version, python, work / f"py{version}")
        for version, python in pythons.items()
    }
    started["wheel"] = pool.submit(wheel_used, work / "wheel", wheels)
    pool.shutdown(wait=False)
    try:
        yield started
    finally:
        wait(started.values())
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(params=SUPPORTED)
def python_proven(request: pytest.FixtureRequest, installs: dict[str, Future]) -> tuple[str, dict[str, Ran]]:
    """The Python version, and the strict build of the sample site and `alliance check` under it: the
    suite's own (this process) when it runs in the README's set-up, the wheel's under the wheel's
    Python, the fresh README set-up's under every other (and the suite's own when it runs elsewhere)."""
    version = request.param
    if version == OWN_PYTHON and runs_in_the_readme_setup():
        built: BuildResult = request.getfixturevalue("built_site")
        return version, {
            "build": Ran(["mkdocs", "build", "--strict"], built.returncode, "", built.output),
            # In this process too, as the build: the command swaps the process's environment and
            # folder while it runs, and the installs' threads read neither (their commands get
            # THREADS_ENVIRONMENT and a folder of their own). `alliance check` as a process of this
            # set-up: test_end_to_end.py.
            "check": alliance(ROOT, "check"),
        }
    runs: dict[str, Ran] = {}
    if version in installs:
        setup = installs[version].result()
        if isinstance(setup, str):
            if os.environ.get("CI") == "true" and pyenv_root():
                pytest.fail(f"{setup}; pyenv is here, so run: pyenv install {version}")
            pytest.skip(setup)
        runs.update(setup)
    if version == wheels_python():  # the wheel's check, and its build where no README set-up built
        _, used = installs["wheel"].result()
        runs = {"build": used["build"], **runs, "check": used["check"]}
    return version, runs


def test_every_python_builds_strictly_and_checks(python_proven: tuple[str, dict[str, Ran]]):
    """Each supported Python builds the sample site with `--strict` and checks it with no errors: the
    suite's own Python as the suite itself when it runs in the README's set-up, the wheel's Python
    (`wheels_python`: 3.12 for a suite under 3.11 with 3.12 installed) with the installed wheel, and
    every other Python (the suite's own too when it runs elsewhere) with the README's editable set-up.
    A Python that is not installed is skipped, except in CI where pyenv is, which fails."""
    version, runs = python_proven
    assert set(runs) == {"build", "check"}, version
    built = runs["build"]
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Traceback" not in built.stderr
    checked = runs["check"]
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 error(s)" in checked.stdout, checked.stdout


def test_interpreters_are_found_only_where_they_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The skip above cannot hide a present interpreter: pyenv's layout is searched."""
    fake = tmp_path / "pyenv" / "versions" / "3.12.9" / "bin" / "python3.12"
    fake.parent.mkdir(parents=True)
    fake.write_text("", encoding="utf-8")
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert interpreter("3.12") == fake
    assert interpreter("3.13") is None


# ---- the wheel --------------------------------------------------------------------------------------


def test_the_wheel_ships_its_templates_and_runs_outside_the_checkout(installs: dict[str, Future]):
    site, runs = installs["wheel"].result()
    imported = runs["import"]
    package = Path(imported.stdout.strip())
    assert imported.returncode == 0 and ROOT not in package.parents, imported.stdout + imported.stderr
    assert (package / "commands" / "templates" / "article.md.j2").is_file()
    # uv's backend ships every file of the package's folder (setuptools shipped the modules and the
    # templates): nothing else may sit there, or it would reach users.
    shipped = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]
    assert [
        name for name in shipped if not (name.endswith(".py") or name.startswith("commands/templates/"))
    ] == []

    for step in ("check", "build", "verify-site", "new"):
        assert runs[step].returncode == 0, (step, runs[step].stdout + runs[step].stderr)
    assert (site / NEW_PAGE).is_file()
    draft = runs["draft"]
    assert draft.returncode == 1 and f"{NEW_PAGE}: review: is missing" in draft.stderr, draft.stderr


# ---- where CI runs all this -------------------------------------------------------------------------


def test_pull_requests_test_every_supported_python_and_a_later_date():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8"))
    gates, others = workflow["jobs"]["gates"], workflow["jobs"]["other-pythons"]
    legs = others["strategy"]["matrix"]["include"]
    assert others["container"]["image"] == "${{ matrix.image }}"
    images = {gates["container"]["image"]} | {leg["image"] for leg in legs}
    # Which Pythons run; that each image is pinned by digest is tests/hostile/test_publishing.py's.
    assert {image.split("@", 1)[0] for image in images} == {
        f"python:{version}-bookworm" for version in SUPPORTED
    }
    assert all(leg["image"].startswith(f"python:{leg['python']}-bookworm@") for leg in legs)
    runs = [step.get("run", "") for step in others["steps"]]
    assert 'python -m pytest -m "not browser"' in runs
    assert any(".ci/any-date" in run for run in runs) and any(leg["two-years-later"] for leg in legs)
    assert ".ci/any-date" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_any_date_run_shifts_the_clock_two_years():
    script = (ROOT / ".ci" / "any-date").read_text(encoding="utf-8")
    assert "faketime '+2 years'" in script and '-m "not browser"' in script


def test_the_any_date_run_tries_every_example_the_readme_run_caps(monkeypatch: pytest.MonkeyPatch):
    script = (ROOT / ".ci" / "any-date").read_text(encoding="utf-8")
    assert "export ALLIANCE_PROPERTY_EXAMPLES=all" in script.split("exec faketime")[0]
    monkeypatch.delenv(property_examples.VARIABLE, raising=False)
    cap = property_examples.EVERYDAY_CAP
    fewer = cap // 2
    assert [property_examples.examples(wanted) for wanted in (500, fewer)] == [cap, fewer]
    monkeypatch.setenv(property_examples.VARIABLE, "all")
    assert [property_examples.examples(wanted) for wanted in (500, fewer)] == [500, fewer]


def test_a_property_that_names_no_count_tries_the_everyday_cap_or_hypothesis_default():
    """conftest.py loads the everyday profile unless the run asks for every example: a property
    without a count of its own then tries the cap, and in CI's second run Hypothesis' hundred."""
    from hypothesis import settings

    every = property_examples.asks_for_every_example()
    assert settings.default.max_examples == (100 if every else property_examples.EVERYDAY_CAP)


def test_pre_commit_runs_alliance_check_on_pages():
    import re

    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    own = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = {hook["id"]: hook for repo in own["repos"] for hook in repo["hooks"]}
    for hook in (hooks[0], local["alliance-check"]):
        assert hook["entry"].endswith("alliance check")
        assert re.search(hook["files"], "docs/articles/building-trust.md")
        assert not re.search(hook["files"], "hooks/alliance/commands/cli.py")
    assert hooks[0]["language"] == "python"  # pre-commit installs this repository's package
