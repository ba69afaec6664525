"""Which files are pages: `alliance check`, `alliance status` and the build read one list, MkDocs'
own get_files over the loaded mkdocs.yml, so exclude_docs and draft_docs leave a page out of all."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

from alliance.commands.cli import main
from alliance.content.site import load_site, site_pages
from alliance.settings import load

TODAY = dt.date(2026, 11, 25)
PAGE = "---\ntitle: A page\ndescription: A page only this test writes, to see who lists it.\n---\n\n# A\n"
SETTINGS_LINES = {
    "exclude_docs": "exclude_docs: |\n  /private/\n  *.draft.md\n",
    "draft_docs": "draft_docs: |\n  /upcoming/\n",
    "not_in_nav": "not_in_nav: |\n  /hidden/\n",
}
FILES = {
    "private/secret.md": "exclude_docs",
    "articles/notes.draft.md": "exclude_docs",
    "upcoming/next.md": "draft_docs",
    "hidden/advice.md": None,
    ".dot/page.md": "dot-folder",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("pages") / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "docs_dir: docs\n", "docs_dir: docs\n" + "".join(SETTINGS_LINES.values()), 1
        ),
        encoding="utf-8",
    )
    for path in FILES:
        (project / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / path).write_text(PAGE, encoding="utf-8")
    return project


@pytest.mark.parametrize(("src_uri", "left_out_by"), FILES.items())
def test_check_lists_a_page_exactly_when_the_build_publishes_it(
    project: Path, src_uri: str, left_out_by: str | None
):
    pages = site_pages(project / "mkdocs.yml")
    site = load_site(load(project / "mkdocs.yml"), TODAY)
    assert pages == site.pages == [record.src_uri for record in site.records]
    assert (src_uri in pages) == (left_out_by is None)


def test_the_sample_site_pages_are_the_checked_pages():
    pages = site_pages(ROOT / "mkdocs.yml")
    assert "index.md" in pages and "articles/building-trust.md" in pages
    assert pages == load_site(load(ROOT / "mkdocs.yml"), TODAY).pages


def test_status_reports_only_published_pages(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.chdir(project)
    main(["status", "--format", "json"])
    shown = json.loads(capsys.readouterr().out)
    text = json.dumps(shown)
    assert "docs/hidden/advice.md" in text
    assert not any(f"docs/{path}" in text for path, why in FILES.items() if why)


def test_a_refused_page_is_no_published_url_for_check_either(tmp_path: Path):
    """The build refuses a page linked from outside docs/ before it records URLs; check did not."""
    from alliance.output import links

    project = copy_project(tmp_path / "project")
    outside = tmp_path / "outside.md"
    outside.write_text(PAGE, encoding="utf-8")
    (project / "docs" / "articles" / "linked.md").symlink_to(outside)
    settings = load(project / "mkdocs.yml")
    site = load_site(settings, TODAY, only=[], config_file=project / "mkdocs.yml")
    assert "articles/linked.md" not in site.pages
    assert [problem.path for problem in site.problems] == ["docs/articles/linked.md"]
    site_wide = links.finish(links.start(project / "mkdocs.yml", settings, [], TODAY, site.pages))
    assert not [problem for problem in site_wide if "linked" in str(problem)]
    # What check reported before: MkDocs' raw list still holds the refused page.
    unrefused = [*site.pages, "articles/linked.md"]
    assert [problem for problem in links.url_problems(settings, unrefused, {}) if "linked" in str(problem)]
