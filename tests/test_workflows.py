"""The GitHub Actions workflows: valid against GitHub's schema, clean under zizmor, and shaped as the
publishing process needs (same gates on pull requests and on main, least privilege, pinned actions)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PR, DEPLOY = WORKFLOWS / "pr.yml", WORKFLOWS / "deploy.yml"
BIN = Path(sys.executable).parent  # check-jsonschema and zizmor come with the test extra

# The gates both workflows must run, in this order.
GATES = (
    'python -m pip install -e ".[test]"',
    "alliance check",
    "mkdocs build --strict --site-dir site",
    "python -m pytest",
    'alliance status --format markdown >> "$GITHUB_STEP_SUMMARY"',
)
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def tool(name: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / name), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    """`check-jsonschema ARGS` in the project folder, its command line run in this process (its
    schemas are the package's own, read offline): a process each time would import it again."""
    from check_jsonschema.cli import main
    from click.testing import CliRunner

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        ran = CliRunner().invoke(main, list(args), prog_name="check-jsonschema", catch_exceptions=False)
    return subprocess.CompletedProcess(["check-jsonschema", *args], ran.exit_code, ran.stdout, ran.stderr)


def load(path: Path) -> dict:
    # PyYAML reads the key `on` as the boolean True (YAML 1.1); GitHub reads it as "on".
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_lines(workflow: dict) -> list[str]:
    return [
        line.strip()
        for step in steps(workflow)
        if "run" in step
        for line in step["run"].splitlines()
        if line.strip()
    ]


def test_workflows_are_valid_against_githubs_schema():
    files = sorted(str(path.relative_to(ROOT)) for path in WORKFLOWS.glob("*.yml"))
    assert files == [
        ".github/workflows/approvals.yml",
        ".github/workflows/deploy.yml",
        ".github/workflows/pr.yml",
    ]
    done = check_jsonschema("--builtin-schema", "vendor.github-workflows", *files)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


def test_dependabot_config_is_valid_and_keeps_the_actions_current():
    done = check_jsonschema("--builtin-schema", "vendor.dependabot", ".github/dependabot.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {"package-ecosystem": "github-actions", "directory": "/"}.items() <= config["updates"][0].items()


def test_zizmor_finds_nothing():
    done = tool("zizmor", "--offline", ".github/workflows")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


def test_zizmor_would_catch_an_unsafe_workflow(tmp_path: Path):
    """The audit above can fail: an unpinned action and pull request text in a shell are caught."""
    unsafe = tmp_path / ".github" / "workflows"
    unsafe.mkdir(parents=True)
    (unsafe / "bad.yml").write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  bad:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        encoding="utf-8",
    )
    done = tool("zizmor", "--offline", ".github/workflows", cwd=tmp_path)
    assert done.returncode != 0
    assert "template-injection" in done.stdout and "unpinned-uses" in done.stdout


@pytest.mark.parametrize("path", [PR, DEPLOY], ids=["pr", "deploy"])
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path):
    uses = [
        line.split("uses:", 1)[1].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith(("uses:", "- uses:"))
    ]
    assert uses
    for reference in uses:
        assert PINNED.match(reference), (
            f"{path.name}: {reference} is not pinned as 'owner/name@<sha> # vX.Y.Z'"
        )


@pytest.mark.parametrize("path", [PR, DEPLOY], ids=["pr", "deploy"])
def test_checkout_keeps_no_credentials_and_no_expression_reaches_a_shell(path: Path):
    workflow = load(path)
    checkouts = [step for step in steps(workflow) if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(step["with"]["persist-credentials"] is False for step in checkouts)
    for step in steps(workflow):
        assert "${{" not in step.get("run", ""), f"{path.name}: {step.get('name')}: expression in run"


@pytest.mark.parametrize("path", [PR, DEPLOY], ids=["pr", "deploy"])
def test_the_gates_run_in_order(path: Path):
    lines = run_lines(load(path))
    assert "apt-get install -y -qq --no-install-recommends chromium" in lines
    positions = [lines.index(gate) for gate in GATES]
    assert positions == sorted(positions)


# Only a pull request has a base branch to compare the record of published URLs with.
PR_ONLY = ('alliance urls --base "$BASE_SHA"',)


def test_main_runs_exactly_the_gates_of_a_pull_request():
    pr, deploy = load(PR)["jobs"]["gates"], load(DEPLOY)["jobs"]["gates"]
    assert [step["run"] for step in pr["steps"] if "run" in step and step["run"] not in PR_ONLY] == [
        step["run"] for step in deploy["steps"] if "run" in step
    ]
    assert pr["container"] == deploy["container"] and pr["env"] == deploy["env"]
    assert pr["container"]["image"].startswith("python:3.11-")  # the oldest Python Alliance supports


def test_a_pull_request_runs_every_gate_and_keeps_the_preview_even_when_one_fails():
    """A page waiting for its review fails `alliance check`; its reviewer still needs the preview."""
    gates = [step for step in load(PR)["jobs"]["gates"]["steps"] if step.get("run") in (*GATES[1:], *PR_ONLY)]
    assert len(gates) == len(GATES) - 1 + len(PR_ONLY)
    assert all("!cancelled()" in step["if"] for step in gates)
    upload = next(step for step in steps(load(PR)) if "upload-artifact" in step.get("uses", ""))
    assert upload["if"] == "${{ !cancelled() }}"


def test_pull_requests_only_read_and_upload_the_site_for_preview():
    workflow = load(PR)
    assert set(workflow["on"]) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    assert workflow["concurrency"]["cancel-in-progress"] is True
    upload = [step for step in steps(workflow) if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert len(upload) == 1 and upload[0]["with"]["path"] == "site/"


def test_deploy_publishes_main_with_least_privilege():
    workflow = load(DEPLOY)
    assert workflow["on"] == {"push": {"branches": ["main"]}}
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert set(jobs) == {"gates", "publish-build", "deploy"}
    assert jobs["gates"]["permissions"] == {"contents": "read"}
    assert jobs["publish-build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["publish-build"]["needs"] == "gates" and jobs["deploy"]["needs"] == "publish-build"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    publish_actions = [step.get("uses", "").split("@")[0] for step in jobs["publish-build"]["steps"]]
    deploy_actions = [step.get("uses", "").split("@")[0] for step in jobs["deploy"]["steps"]]
    assert "actions/upload-pages-artifact" in publish_actions
    assert not any("upload" in step.get("uses", "") for step in jobs["gates"]["steps"])
    assert deploy_actions == ["actions/configure-pages", "actions/deploy-pages"]
