"""Every `alliance` command once as its own process, as writers, reviewers and CI start it.

The rest of the suite runs the commands in the test's process (tests/support/project.py), which is
much cheaper; these prove that the command line itself (`python -m alliance`: argument parsing, exit
codes, what goes to stdout and stderr) works for each command. The builds' own processes are tested
in tests/test_engines.py (`properdocs build --strict`, and `mkdocs build` with and without the
README's two variables, for the banners), tests/hostile/test_input.py (`mkdocs build --strict -q`
and `properdocs build --strict -q`), tests/test_parallel_checks.py (a build with page-check
workers), tests/test_benchmark.py (`mkdocs serve` and `mkdocs serve --dirty`) and
tests/test_every_machine.py (installed entry points on every Python, `mkdocs build --strict` of the
sample site among them).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import ROOT, BuildResult, alliance, alliance_process, copy_project

ARTICLE = "docs/articles/building-trust.md"


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["check"], "page(s): 0 error(s)"),
        (["status", "--format", "json"], '"state": "sample"'),
        (["report", "--format", "json"], '"meets_bars": true'),
        (["schema", "--check"], "docs/schema/front-matter.schema.json: up to date"),
        (["urls"], "every one has a page or a redirect"),
        (["codeowners", "--check"], ".github/CODEOWNERS: up to date"),
        (["verify-approvals"], "not in a pull request"),  # a passing pull request: test_verify_approvals.py
    ],
    ids=lambda value: "-".join(value) if isinstance(value, list) else None,
)
def test_each_read_only_command_runs_as_a_process(arguments: list[str], says: str, tmp_path: Path):
    event = tmp_path / "event.json"
    event.write_text("{}", encoding="utf-8")  # a push, not a pull request, wherever this runs
    done = alliance_process(ROOT, *arguments, GITHUB_EVENT_PATH=str(event))
    assert done.returncode == 0, done.stdout + done.stderr
    assert says in done.stdout, done.stdout
    if "json" in arguments:
        assert isinstance(json.loads(done.stdout), list)


def test_a_writers_and_a_reviewers_loop_as_processes(tmp_path: Path, built_site: BuildResult):
    """`new`, `approve` and `verify-site` as their own processes (`check`'s own process is above; the
    loop's checks run in this process, the same command line)."""
    project = copy_project(tmp_path / "project")
    created = alliance_process(project, "new", "Talking about money with your therapist")
    assert created.returncode == 0, created.stdout + created.stderr
    new_page = "docs/articles/talking-about-money-with-your-therapist.md"
    assert (project / new_page).is_file()
    draft = alliance(project, "check", new_page)
    assert draft.returncode == 1 and f"{new_page}: review: is missing" in draft.stderr, draft.stderr

    target = project / ARTICLE
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("trust this person", "trust this therapist", 1), encoding="utf-8")
    changed = alliance(project, "check", ARTICLE)
    assert changed.returncode == 1 and f"{ARTICLE}: review.digest: the content changed" in changed.stderr
    approved = alliance_process(project, "approve", ARTICLE, "--reviewer", "morgan-sample")
    assert approved.returncode == 0, approved.stderr
    assert f"{ARTICLE}: approved by morgan-sample" in approved.stdout
    assert alliance(project, "check", ARTICLE).returncode == 0

    verified = alliance_process(ROOT, "verify-site", str(built_site.site_dir))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "verified" in verified.stdout


def test_usage_errors_exit_2_with_the_usage_and_no_traceback():
    done = alliance_process(ROOT, "no-such-command")
    assert done.returncode == 2
    assert "usage: alliance" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
