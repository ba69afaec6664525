"""A hostile writer against the work on other cores (pipeline/workers.py): pages whose output files
collide, a file rewritten after its worker read it, and builds that must say the same with and
without workers. Red team, 1 December 2026."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from support import FORKS_IN_A_TEST_WORKER, ROOT, TEST_TODAY, alliance, copy_project, mkdocs_build
from support.hostile import approved

from alliance import settings as site_settings
from alliance.content.pages import Context
from alliance.content.site import load_site
from alliance.cores import WORKERS_VARIABLE
from alliance.output import site_check
from alliance.pipeline.workers import PageChecks

pytestmark = FORKS_IN_A_TEST_WORKER
TODAY = dt.date.fromisoformat(TEST_TODAY)
SETTINGS = site_settings.load(ROOT / "mkdocs.yml")
EXTRA_CSS = tuple(site_settings.load_mkdocs_yml(ROOT / "mkdocs.yml").get("extra_css") or ())
PAGE = "articles/building-trust.md"
WRITTEN = "articles/building-trust/index.html"
_ALLIANCE_LINE = re.compile(r"^(WARNING|ERROR)\s+-\s+(docs/.*|Excluding .*)$", re.MULTILINE)


def _alliance_messages(output: str) -> list[str]:
    """The gate's and MkDocs' own file messages of a build, without timings."""
    return [match.group(0) for match in _ALLIANCE_LINE.finditer(output)]


# ---- pages whose output files collide --------------------------------------------------------------
#
# MkDocs refuses two pages with one output file only inside one folder (README.md beside index.md);
# `get-help/index.md` and `get-help.md`, or `articles/x/index.md` and `articles/x.md`, are both
# rendered and written to the same file, the one in the sub-folder last. An approved page (its digest
# does not bind its path, so any approved page moved there will do) then silently takes the place of
# the site's "Get help now" page, every region's helplines gone, or of another approved article.

COLLISIONS = {
    "replaces-the-help-page": ("get-help/index.md", "docs/get-help.md"),
    "replaces-an-approved-article": ("articles/building-trust/index.md", "docs/articles/building-trust.md"),
}


@pytest.mark.parametrize("attack", COLLISIONS, ids=list(COLLISIONS))
def test_a_page_written_over_another_pages_output_fails_the_check(attack: str, tmp_path: Path) -> None:
    added, replaced = COLLISIONS[attack]
    project = copy_project(tmp_path / "project")
    (project / "docs" / added).parent.mkdir(parents=True, exist_ok=True)
    (project / "docs" / added).write_bytes(approved())
    ran = alliance(project, "check")
    assert ran.returncode != 0, ran.stdout + ran.stderr
    assert f"docs/{added}" in ran.stdout + ran.stderr and replaced in ran.stdout + ran.stderr


@pytest.mark.parametrize("workers", ["0", "1"])
def test_a_page_written_over_the_help_page_fails_the_build(workers: str, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs/get-help").mkdir()
    (project / "docs/get-help/index.md").write_bytes(approved())
    built = mkdocs_build(project, tmp_path / "site", **{WORKERS_VARIABLE: "1"})
    assert built.returncode != 0, built.output
    assert "docs/get-help/index.md" in built.output


@pytest.mark.parametrize("workers", ["0", "1"])
def test_readme_beside_index_fails_the_build_with_and_without_workers(workers: str, tmp_path: Path) -> None:
    """The one collision MkDocs itself sees: the same message, file and failure either way."""
    project = copy_project(tmp_path / "project")
    (project / "docs/articles/README.md").write_bytes(approved())
    built = mkdocs_build(project, tmp_path / "site", **{WORKERS_VARIABLE: "1"})
    assert built.returncode != 0, built.output
    assert (
        "Excluding 'articles/README.md' from the site because it conflicts with 'articles/index.md'"
        in built.output
    ), built.output


# ---- a file rewritten after its worker read it ----------------------------------------------------
#
# The build reuses a worker's output check only for the file the worker read. A file's size and
# modification time do not say that: timestamps are whole seconds on ext4 with 128-byte inodes, FAT
# and some network and overlay file systems, and a colliding page (above) written right after
# another, padded to the same size, rewrites the file within one tick. Each row rewrites the page
# after the worker read it, to the same size and with the same modification time.


def _hide_byline(html: str) -> str:
    return html.replace('data-alliance="byline"', 'data-alliance="gone"', 1)


def _drop_disclaimer(html: str) -> str:
    return html.replace('data-alliance="disclaimer"', 'data-alliance="x"', 1)


def _drop_crisis_box(html: str) -> str:
    return re.sub(r'<aside class="alliance-crisis".*?</aside>', "", html, count=1, flags=re.DOTALL)


REWRITES = {
    "byline-hidden": _hide_byline,
    "disclaimer-unmarked": _drop_disclaimer,
    "crisis-box-removed": _drop_crisis_box,
}


def _same_size(original: bytes, rewritten: bytes) -> bytes:
    """`rewritten` padded with spaces before </html> (or cut in its trailing white space) to the
    size of `original`."""
    if len(rewritten) <= len(original):
        head, end, tail = rewritten.rpartition(b"</html>")
        return head + b" " * (len(original) - len(rewritten)) + end + tail
    trimmed = rewritten.rstrip()
    assert len(trimmed) >= len(original) - 1, "the row removes too little to keep the size"
    return trimmed[: len(original)]


@pytest.fixture(scope="module")
def context() -> Context:
    return Context(SETTINGS, load_site(SETTINGS, TODAY, only=[]).registry, TODAY)


@pytest.mark.parametrize("rewrite", REWRITES, ids=list(REWRITES))
def test_a_page_rewritten_to_the_same_size_and_time_is_checked_as_written(
    rewrite: str, context: Context, built_site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    site_dir = tmp_path / "site"
    shutil.copytree(built_site.site_dir, site_dir)
    (record,) = load_site(SETTINGS, TODAY, only=[PAGE]).records
    page = site_dir / WRITTEN
    original = page.read_bytes()
    rewritten = _same_size(original, REWRITES[rewrite](original.decode("utf-8")).encode("utf-8"))
    assert rewritten != original and len(rewritten) == len(original)
    checks = PageChecks.start(context, [(f"articles/page-{n}.md", b"x") for n in range(60)])
    try:
        assert checks.parallel
        checks.submit_output(record, *site_check.output_file(site_dir, record, SETTINGS), EXTRA_CSS)
        checks.flush()
        sent = checks._sent[("output", record.src_uri)]
        assert sent is not None
        assert sent[1].result()[sent[2]][0] == []  # the worker read the approved page: clean
        before = os.stat(page)
        page.write_bytes(rewritten)
        os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same tick
        assert os.stat(page).st_size == before.st_size
        problems = checks.output_problems(record, site_dir, EXTRA_CSS)
    finally:
        checks.close()
    expected = site_check.check_built_page(site_dir, record, SETTINGS, context.registry, EXTRA_CSS)
    assert expected, "the rewrite must fail the output check in-process"
    assert problems == expected


# ---- with and without workers, the same words -----------------------------------------------------

HOSTILE_PAGES = {
    # an unapproved clinical page, a page without front matter, a page with markup the gate
    # refuses, and an empty page
    "articles/unreviewed.md": b"---\ntitle: Stopping your medication\n---\n\n# Stop\n\nJust stop.\n",
    "articles/no-front-matter.md": b"# Just a heading\n\nSome words.\n",
    "articles/hidden.md": b"---\ntitle: Hidden\n---\n\n# Hidden\n\n<span hidden>Stop your pills.</span>\n",
    "articles/empty.md": b"",
}


def test_a_hostile_site_fails_with_the_same_messages_and_pages_with_and_without_workers(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project")
    for uri, raw in HOSTILE_PAGES.items():
        (project / "docs" / uri).write_bytes(raw)
    runs = {
        workers: mkdocs_build(project, tmp_path / f"site-{workers}", **{WORKERS_VARIABLE: workers})
        for workers in ("0", "1")
    }
    for run in runs.values():
        assert run.returncode != 0, run.output
        for uri in HOSTILE_PAGES:
            assert f"docs/{uri}" in run.output, (uri, run.output)
    assert _alliance_messages(runs["1"].output) == _alliance_messages(runs["0"].output)
    for uri in ("articles/unreviewed/index.html", "articles/hidden/index.html"):
        assert (runs["1"].site_dir / uri).read_bytes() == (runs["0"].site_dir / uri).read_bytes(), uri


# ---- a page changed on disk while the site builds -------------------------------------------------

_REWRITER = """
from pathlib import Path

def on_nav(nav, *, config, files):
    page = Path(config.docs_dir) / "articles" / "building-trust.md"
    page.write_text(page.read_text(encoding="utf-8") + "\\nWords no reviewer approved.\\n", encoding="utf-8")
    return nav
"""


def test_a_page_rewritten_after_the_gate_read_it_is_rendered_as_read(tmp_path: Path) -> None:
    """Pages are read once, as the gate reads them: what readers see is what was checked, even if the
    file changes before MkDocs would have read it (here another hook rewrites it after on_files). The
    bytes pass through the workers' start too, so the build uses one."""
    project = copy_project(tmp_path / "project")
    (project / "hooks" / "rewriter.py").write_text(_REWRITER, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("  - hooks/review_gate.py\n", "  - hooks/review_gate.py\n  - hooks/rewriter.py\n", 1),
        encoding="utf-8",
    )
    assert "hooks/rewriter.py" in (project / "mkdocs.yml").read_text(encoding="utf-8")
    built = mkdocs_build(project, tmp_path / "site", **{WORKERS_VARIABLE: "1"})
    assert built.returncode == 0, built.output
    assert "Words no reviewer approved" in (project / "docs" / PAGE).read_text(encoding="utf-8")
    assert "Words no reviewer approved" not in built.page("articles/building-trust/")
