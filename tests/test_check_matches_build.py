"""`alliance check` reports what `mkdocs build --strict` fails on, in the `path: field: problem; fix` form.

Each case breaks the sample site in one way the build fails on beyond a page's contract; a copy broken
in all of these ways at once is built strictly and checked: both fail, each case's message is among
the build's warnings and the check's errors, and every warning of the build is one of the check's
errors. Edits go into docs/get-help.md, a page that is not clinical, so no review digest is voided and
the broken link is the only problem.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from support import FORKS_IN_A_TEST_WORKER, ROOT, BuildResult, alliance, copy_project, mkdocs_build

from alliance import cores
from alliance.commands import cli
from alliance.output import links

HELP = "docs/get-help.md"


def _append(text: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        page = project / HELP
        page.write_text(page.read_text(encoding="utf-8") + text, encoding="utf-8")

    return edit


def _record_url(url: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        record = project / "docs" / ".published-urls.txt"
        record.write_text(record.read_text(encoding="utf-8") + url + "\n", encoding="utf-8")

    return edit


def _new_page(project: Path) -> None:
    (project / "docs" / "about" / "contact.md").write_text(
        "---\ntitle: Contact\ndescription: How to reach the people who run this sample site, for "
        "feedback and corrections.\nclinical: false\n---\n\n# Contact\n\nWrite to us.\n",
        encoding="utf-8",
    )
    _not_clinical(project, "about/contact.md")


def _not_clinical(project: Path, uri: str) -> None:
    """A new plain page must be non-clinical wherever this branch says so (front matter or setting)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "not_clinical:" in text:
        config.write_text(
            text.replace("not_clinical:\n", f"not_clinical:\n      - {uri}\n", 1), encoding="utf-8"
        )


CASES = {
    "missing-page": (
        _append("\nSee [the missing page](missing.md).\n"),
        "contains a link 'missing.md', but the target is not found",
    ),
    "missing-anchor": (
        _append("\nSee [trust](articles/building-trust.md#no-such-heading).\n"),
        "does not contain an anchor '#no-such-heading'",
    ),
    "missing-own-anchor": (_append("\nSee [above](#nowhere).\n"), "there is no such anchor on this page"),
    "unreferenced-footnote": (_append("\n[^orphan]: A note nobody points to.\n"), "never referenced"),
    "absolute-link": (
        _append("\nSee [trust](/articles/building-trust/).\n"),
        "contains an absolute link '/articles/building-trust/'",
    ),
    "unrecognized-link": (
        _append("\nSee [trust](articles/building-trust).\n"),
        "contains an unrecognized relative link 'articles/building-trust'",
    ),
    "removed-published-url": (_record_url("/articles/an-old-page/"), "/articles/an-old-page/"),
    "page-not-in-the-url-record": (_new_page, "not in the record yet (/about/contact/)"),
}


def _check_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line and not line.startswith(("checked ", "notice: "))]


def _build_warnings(output: str) -> list[str]:
    return [
        line.removeprefix("WARNING").strip(" -") for line in output.splitlines() if line.startswith("WARNING")
    ]


def assert_check_reports_every_build_warning(build_output: str, check_errors: list[str]) -> None:
    """Each warning that fails the strict build is one of the check's errors (MkDocs' link
    messages are shown by the check as 'path: link: <message>; fix')."""
    for warning in _build_warnings(build_output):
        if warning.startswith("Doc file '"):
            uri = warning.split("'")[1]
            message = warning.removeprefix(f"Doc file '{uri}' ").rstrip(".")
            expected = f"docs/{uri}: link: {message}; "
            assert any(line.startswith(expected) for line in check_errors), (warning, check_errors)
        elif "Aborted with" not in warning:
            assert warning in check_errors, (warning, check_errors)


@pytest.fixture(scope="module")
def broken_every_way(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, list[str], int]:
    """One copy broken in every way of CASES at once (each edit its own link, URL or page, so none
    hides another), built strictly and checked once: the strict build's output, the check's error
    lines and its exit code."""
    work = tmp_path_factory.mktemp("broken")
    project = copy_project(work / "project")
    for edit, _ in CASES.values():
        edit(project)
    built = mkdocs_build(project, work / "site")
    checked = alliance(project, "check")
    return built, _check_lines(checked.stderr), checked.returncode


def test_the_check_reports_every_warning_of_the_strict_build(broken_every_way):
    built, errors, returncode = broken_every_way
    assert built.returncode != 0 and returncode == 1
    assert all(re.match(r"^[^:]+(:\d+)?: [^:]+: .+; .+", line) for line in errors), errors
    assert_check_reports_every_build_warning(built.output, errors)


@pytest.mark.parametrize("case", CASES)
def test_check_fails_where_the_strict_build_fails(case: str, broken_every_way):
    _, says = CASES[case]
    built, errors, _ = broken_every_way
    assert says in "\n".join(_build_warnings(built.output)), built.output
    assert any(says in line for line in errors), errors


def test_check_of_one_page_reports_its_broken_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """In process, as pre-commit runs it on the files being committed."""
    project = copy_project(tmp_path / "project")
    CASES["missing-anchor"][0](project)
    assert cli.main(["-f", str(project / "mkdocs.yml"), "check", str(project / HELP)]) == 1
    errors = _check_lines(capsys.readouterr().err)
    assert errors == [
        f"{HELP}: link: contains a link 'articles/building-trust.md#no-such-heading', but "
        "the doc 'articles/building-trust.md' does not contain an anchor '#no-such-heading'; "
        f"{dict(links._FIXES)['anchor']}"
    ]


def test_stale_helplines_fail_the_check_as_they_fail_the_build(tmp_path: Path):
    later = {"ALLIANCE_TODAY": "2027-09-01"}  # after every helpline's verification has gone stale
    built = mkdocs_build(ROOT, tmp_path / "site", **later)
    checked = alliance(ROOT, "check", **later)
    stale = [line for line in _build_warnings(built.output) if "extra.alliance.regions" in line]
    assert built.returncode != 0 and stale, built.output
    assert checked.returncode == 1
    assert_check_reports_every_build_warning(built.output, _check_lines(checked.stderr))


def test_the_sample_site_is_clean_for_both(built_site):
    checked = alliance(ROOT, "check")
    assert checked.returncode == 0, checked.stderr
    assert _check_lines(checked.stderr) == []


@pytest.mark.parametrize(
    "case", [name for name in CASES if CASES[name][0].__name__ == "edit" and "url" not in name]
)
def test_every_page_mkdocs_would_warn_about_is_rendered(case: str, tmp_path: Path):
    """The shortcut that skips pages without link syntax never skips one that MkDocs warns about."""
    project = copy_project(tmp_path / "project")
    CASES[case][0](project)
    assert links._might_link((project / HELP).read_text(encoding="utf-8"))


@FORKS_IN_A_TEST_WORKER
def test_pages_rendered_on_workers_give_the_same_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # A large site's pages are rendered on worker processes too (output.links._render_all). Each
    # worker's warnings and anchors must make the same report as rendering every page here: broken
    # links of every kind, anchors into pages another process rendered, good ones and bad ones.
    project = copy_project(tmp_path / "project")
    for edit, _ in CASES.values():
        edit(project)
    _append("\nSee [why it matters](articles/building-trust.md#why-the-bond-matters).\n")(project)
    trust = project / "docs" / "articles" / "building-trust.md"
    trust.write_text(
        trust.read_text(encoding="utf-8")
        + "\nSee [help](../get-help.md#not-there) and [help](../get-help.md).\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(links, "_render_share", _recording_where)
    monkeypatch.setattr(sys.modules[__name__], "_RENDERED_BY", tmp_path / "rendered-by")
    runs = {workers: alliance(project, "check", **{cores.WORKERS_VARIABLE: workers}) for workers in "012"}
    processes = set((tmp_path / "rendered-by").read_text(encoding="utf-8").split())
    assert len(processes - {str(os.getpid())}) >= 2  # the workers rendered a share of the pages
    for workers in "12":
        assert (runs[workers].returncode, runs[workers].stdout, runs[workers].stderr) == (
            runs["0"].returncode,
            runs["0"].stdout,
            runs["0"].stderr,
        ), workers
    says = runs["0"].stderr
    assert "does not contain an anchor '#not-there'" in says and "#no-such-heading" in says
    assert "why-the-bond-matters" not in says


_RENDERED_BY: Path | None = None  # a file each process that renders pages writes its id to


def _recording_where(site: tuple, src_uris: list[str]) -> list:
    assert _RENDERED_BY is not None
    if os.getpid() == _THIS_PROCESS:
        time.sleep(0.2)  # the workers claim chunks meanwhile: the few pages here are not all this process's
    with _RENDERED_BY.open("a", encoding="utf-8") as record:
        record.write(f"{os.getpid()}\n")
    return _RENDER_SHARE(site, src_uris)


_THIS_PROCESS = os.getpid()
_RENDER_SHARE = links._render_share


def _dies(site: tuple, src_uris: list[str]) -> list:
    if os.getpid() != _THIS_PROCESS:
        os._exit(1)  # a worker killed mid-render (out of memory, a signal)
    return _RENDER_SHARE(site, src_uris)


@FORKS_IN_A_TEST_WORKER
def test_a_worker_that_dies_leaves_its_pages_to_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    project = copy_project(tmp_path / "project")
    _append("\nSee [the missing page](missing.md).\n")(project)
    alone = alliance(project, "check", **{cores.WORKERS_VARIABLE: "0"})
    monkeypatch.setattr(links, "_render_share", _dies)
    helped = alliance(project, "check", **{cores.WORKERS_VARIABLE: "2"})
    assert (helped.returncode, helped.stdout, helped.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert "missing.md" in alone.stderr
