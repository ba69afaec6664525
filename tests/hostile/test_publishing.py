"""A hostile writer against publishing: the site that is published is the site that was checked,
in production mode; CODEOWNERS gives every path of the repository an owner and the gate to the
maintainers; the record of published URLs can only grow against the pull request's base."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from support import ROOT, alliance, copy_project, git

from alliance.commands import codeowners

WORKFLOWS = ROOT / ".github" / "workflows"
DIGEST_PIN = re.compile(r"^python:3\.1[1-9]-bookworm@sha256:[0-9a-f]{64}$")
REVIEWERS = ("@sample.morgan",)  # the sample reviewer's placeholder login (docs/people/)
MAINTAINERS = ("@alliance-sample/maintainers",)


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


DEPLOY, PR = load("deploy.yml"), load("pr.yml")
PUBLISH = DEPLOY["jobs"]["publish-build"]


def site_dir_of(step: dict) -> str:
    """The folder a step builds, checks or uploads, normalised ('site/' and './site' are 'site')."""
    if "uses" in step:
        return step["with"]["path"].strip("/").removeprefix("./")
    run = step["run"]
    if run.startswith("mkdocs build"):
        return re.search(r"--site-dir (\S+)", run).group(1).strip("/").removeprefix("./")
    return re.fullmatch(r"alliance verify-site (\S+)", run).group(1).strip("/").removeprefix("./")


# ---- deploy: production build, verified, uploaded, nothing in between -------------------------------


def test_the_publishing_job_builds_verifies_and_uploads_one_folder_with_nothing_between():
    steps = PUBLISH["steps"]
    kinds = [step.get("run", step.get("uses", "").split("@")[0]) for step in steps]
    assert kinds == [
        "actions/checkout",
        "python -m pip install -e .",
        "mkdocs build --strict --site-dir site",
        "alliance verify-site site",
        "actions/upload-pages-artifact",
    ]
    build, verify, upload = steps[2:]
    assert site_dir_of(build) == site_dir_of(verify) == site_dir_of(upload) == "site"


def test_no_test_or_other_code_runs_in_the_publishing_job():
    """The suite (which could rewrite site/) runs in the `gates` job, on another machine, first."""
    runs = " ".join(step.get("run", "") for step in PUBLISH["steps"])
    assert "pytest" not in runs and "[test]" not in runs
    assert any("pytest" in step.get("run", "") for step in DEPLOY["jobs"]["gates"]["steps"])
    assert PUBLISH["needs"] == "gates" and DEPLOY["jobs"]["deploy"]["needs"] == "publish-build"


def test_no_step_of_the_publishing_path_can_be_skipped_or_fail_softly():
    for job in ("publish-build", "deploy"):
        for step in DEPLOY["jobs"][job]["steps"]:
            assert "if" not in step and "continue-on-error" not in step, (job, step)
        assert "if" not in DEPLOY["jobs"][job] and "continue-on-error" not in DEPLOY["jobs"][job]
    assert set(DEPLOY["on"]) == {"push"}, "no manual trigger that could publish another ref"


def test_the_publishing_build_is_in_production_unless_a_maintainer_marks_the_sample_site():
    assert (
        PUBLISH["env"]["ALLIANCE_PRODUCTION"]
        == "${{ vars.ALLIANCE_SAMPLE_SITE == 'true' && 'false' || 'true' }}"
    )
    for step in PUBLISH["steps"]:  # no step overrides it
        assert "ALLIANCE_PRODUCTION" not in (step.get("env") or {})
        assert "ALLIANCE_PRODUCTION" not in step.get("run", "")
    settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    assert settings["extra"]["alliance"]["production"] == ["ALLIANCE_PRODUCTION", False]


def test_only_the_publishing_job_uploads_a_pages_artifact():
    uploads = [
        (name, step)
        for name, job in DEPLOY["jobs"].items()
        for step in job.get("steps", [])
        if "upload-pages-artifact" in step.get("uses", "")
    ]
    assert [name for name, _ in uploads] == ["publish-build"]


def container_images(job: dict) -> list[str]:
    """The images a job runs in: one, or one per matrix leg (`${{ matrix.image }}`)."""
    image = job["container"]["image"]
    if image == "${{ matrix.image }}":
        return [leg["image"] for leg in job["strategy"]["matrix"]["include"]]
    return [image]


@pytest.mark.parametrize("workflow", ["deploy.yml", "pr.yml"])
def test_every_container_image_is_pinned_by_digest(workflow):
    jobs = load(workflow)["jobs"]
    images = {name: container_images(job) for name, job in jobs.items() if "container" in job}
    assert images, workflow
    every = [image for job_images in images.values() for image in job_images]
    assert all(DIGEST_PIN.match(image) for image in every), every
    # The jobs that gate and publish run in one image, the pull request gates' (3.11); the newer
    # Pythons' test runs (pr.yml other-pythons) are pinned too, each to its own version's image.
    gating = [image for name, job_images in images.items() if name != "other-pythons" for image in job_images]
    assert set(gating) == {PR["jobs"]["gates"]["container"]["image"]}
    assert PR["jobs"]["gates"]["container"]["image"].startswith("python:3.11-bookworm@")


def test_verify_site_refuses_a_site_switched_out_of_production(built_site, tmp_path: Path):
    """A writer who hard-codes `production: false` cannot publish sample reviews as real ones."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("production: !ENV [ALLIANCE_PRODUCTION, false]", "production: false"), encoding="utf-8"
    )
    done = alliance(project, "verify-site", str(built_site.site_dir), ALLIANCE_PRODUCTION="true")
    assert done.returncode == 2
    assert "mkdocs.yml: extra.alliance.production: is not on although ALLIANCE_PRODUCTION=true" in done.stderr


def test_verify_site_in_production_refuses_pages_without_a_real_review(built_site):
    """The sample site, built as a demonstration, is not publishable in production."""
    done = alliance(
        ROOT, "verify-site", str(built_site.site_dir), ALLIANCE_PRODUCTION="true", ALLIANCE_TODAY="2026-11-25"
    )
    assert done.returncode == 1
    assert (
        "docs/articles/building-trust.md: review: is not reviewed, so it cannot be published in "
        "production" in done.stderr
    )


# ---- CODEOWNERS ----------------------------------------------------------------------------------

RULES = codeowners.parse((ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8"))
TRACKED = subprocess.run(
    ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
).stdout.splitlines()


def test_codeowners_starts_with_a_catch_all_for_the_maintainers():
    assert RULES[0][0].pattern == codeowners._pattern("*").pattern and RULES[0][1] == MAINTAINERS


def test_every_tracked_path_has_an_owner():
    assert TRACKED, "git ls-files found nothing"
    assert [path for path in TRACKED if not codeowners.owners_of(path, RULES)] == []


@pytest.mark.parametrize(
    "prefix",
    [
        "tests/",
        ".github/",
        "hooks/",
        "overrides/",
        ".ci/",
        "mkdocs.yml",
        "pyproject.toml",
        "docs/people/",
        "docs/assets/stylesheets/",
    ],
)
def test_the_gate_and_its_helpers_belong_to_the_maintainers(prefix):
    paths = [path for path in TRACKED if path == prefix or path.startswith(prefix)]
    assert paths, f"nothing tracked under {prefix}: the case tests nothing"
    assert {path: codeowners.owners_of(path, RULES) for path in paths} == dict.fromkeys(paths, MAINTAINERS)


def test_the_content_belongs_to_the_clinical_reviewers():
    pages = [
        path
        for path in TRACKED
        if path.startswith(("docs/articles/", "docs/about/"))
        or path in ("docs/index.md", "docs/get-help.md", "docs/.published-urls.txt")
    ]
    assert len(pages) >= 8
    assert {codeowners.owners_of(path, RULES) for path in pages} == {REVIEWERS}


@pytest.mark.parametrize(
    "path",
    [
        "new-tool.sh",
        "scripts/publish.py",
        "tests/hostile/new_test.py",
        ".github/workflows/new.yml",
        "hooks/alliance/new.py",
        "docs/people/x.md",
    ],
)
def test_a_new_file_outside_the_content_needs_a_maintainer(path):
    assert codeowners.owners_of(path, RULES) == MAINTAINERS


@pytest.mark.parametrize(
    "pattern, path, matches",
    [
        ("*", "a/b/c.txt", True),
        ("/docs/", "docs/a.md", True),
        ("/docs/", "docs", False),  # a folder pattern owns what is inside it
        ("/docs/", "other/docs/a.md", False),
        ("docs/", "other/docs/a.md", True),
        ("/mkdocs.yml", "mkdocs.yml", True),
        ("/mkdocs.yml", "mkdocs.yml.orig", False),
        ("*.md", "docs/deep/a.md", True),
        ("/docs/*.md", "docs/deep/a.md", False),
        ("/docs/**/a.md", "docs/x/y/a.md", True),
    ],
)
def test_the_codeowners_reader_matches_as_github_does(pattern, path, matches):
    assert bool(codeowners.owners_of(path, codeowners.parse(f"{pattern} @o"))) is matches


def test_the_last_matching_line_wins():
    rules = codeowners.parse("* @a\n/docs/ @b\n/docs/people/ @a\n")
    assert [codeowners.owners_of(p, rules) for p in ("x", "docs/a.md", "docs/people/p.md")] == [
        ("@a",),
        ("@b",),
        ("@a",),
    ]


def test_codeowners_needs_the_maintainers_setting(project_copy: Path):
    config = project_copy / "mkdocs.yml"
    config.write_text(
        re.sub(r"^    maintainers: .*\n", "", config.read_text(encoding="utf-8"), flags=re.M),
        encoding="utf-8",
    )
    done = alliance(project_copy, "codeowners")
    assert done.returncode == 2
    assert "mkdocs.yml: extra.alliance.maintainers: is missing" in done.stderr


# ---- the record of published URLs only grows ------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, str]:
    """A throwaway git repository holding the project, and its first commit (the 'base')."""
    project = copy_project(tmp_path / "repo")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    return project, git(project, "rev-parse", "HEAD")


RECORD = "docs/.published-urls.txt"
PAGE, URL = "docs/articles/ending-therapy.md", "/articles/ending-therapy/"


def drop_line(project: Path, url: str) -> None:
    record = project / RECORD
    lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
    assert f"{url}\n" in lines
    record.write_text("".join(line for line in lines if line != f"{url}\n"), encoding="utf-8")


def test_removing_a_page_and_its_record_line_fails_against_the_base(repo):
    project, base = repo
    (project / PAGE).unlink()
    drop_line(project, URL)
    git(project, "commit", "-q", "-am", "remove a page and hide it")
    done = alliance(project, "urls", "--base", base)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert (
        f"{RECORD}: published URL: {URL} was removed from the record (it is there at {base}); "
        f"the page that had it was {PAGE}; put the line '{URL}' back; if that page is gone, add a "
        "redirect in mkdocs.yml: plugins: - redirects: redirect_maps: 'articles/ending-therapy.md'"
        in done.stderr
    ), done.stderr


def test_a_dropped_line_fails_even_while_its_page_exists(repo):
    project, base = repo
    drop_line(project, URL)
    done = alliance(project, "urls", "--base", base)
    assert done.returncode == 1 and f"{URL} was removed from the record" in done.stderr


def test_keeping_the_line_with_a_redirect_passes(repo):
    project, base = repo
    (project / PAGE).rename(project / "docs/articles/finishing-therapy.md")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "redirect_maps: {}",
            "redirect_maps:\n        articles/ending-therapy.md: articles/finishing-therapy.md",
        ),
        encoding="utf-8",
    )
    assert alliance(project, "urls", "--update").returncode == 0
    done = alliance(project, "urls", "--base", base)
    assert done.returncode == 0, done.stderr
    assert f"none was removed since {base}" in done.stdout


def test_a_record_that_did_not_exist_at_the_base_passes(repo):
    project, _ = repo
    record = (project / RECORD).read_text(encoding="utf-8")
    (project / RECORD).unlink()
    git(project, "commit", "-q", "-am", "no record yet")
    base = git(project, "rev-parse", "HEAD")
    (project / RECORD).write_text(record, encoding="utf-8")
    assert alliance(project, "urls", "--base", base).returncode == 0


@pytest.mark.parametrize(
    "revision, says",
    [
        ("no-such-branch", "git does not know 'no-such-branch'"),
        ("--output=/tmp/x", "'--output=/tmp/x' is not a git revision"),
        ("main..HEAD", "'main..HEAD' is not a git revision"),
    ],
)
def test_a_bad_base_is_a_clear_error(repo, revision, says):
    project, _ = repo
    done = alliance(project, "urls", f"--base={revision}")
    assert done.returncode == 2
    assert says in done.stderr and "Traceback" not in done.stderr


def test_the_pull_request_workflow_checks_growth_against_its_base():
    steps = PR["jobs"]["gates"]["steps"]
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "the base commit must be in the clone"
    urls = next(step for step in steps if "alliance urls --base" in step.get("run", ""))
    assert urls["run"] == 'alliance urls --base "$BASE_SHA"'  # the sha goes through the environment
    assert urls["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    assert "!cancelled()" in urls["if"]
