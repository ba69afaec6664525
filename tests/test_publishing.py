"""The publishing workflow: scaffold → preview → strict failure → approve → pass; URLs that never
break; CODEOWNERS from the reviewer profiles; the writers' guide kept in step with the code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support import ROOT, alliance, mkdocs_build

from alliance.content import lint, schema
from alliance.content import review as states
from alliance.output import published_urls
from alliance.output.published_urls import check_urls

TODAY = "2026-11-25"
TITLE = "Getting ready for your first session"
NEW_PAGE = "docs/articles/getting-ready-for-your-first-session.md"
NEW_URL = "articles/getting-ready-for-your-first-session/"

# What a writer puts in place of each TODO of the scaffold, in order.
WRITTEN = [
    "What to expect at your first therapy session, and a few small things that can make it feel less scary.",
    "Your first session is a chance to meet your therapist and say what brings you. You can share at "
    "your own pace.",
    "Your first session can feel like a big step. Many people feel nervous before it. This page says "
    "what usually happens, so there are fewer surprises.",
    "What happens in the first session",
    "Your therapist will ask what brings you to therapy. They may ask about your life, your health and "
    "what you hope will change. You can share as much or as little as you like.[^source-one]",
    "It is normal to feel nervous before a first session.",
    "You can share at your own pace.",
    "Do I have to talk about everything at once?",
    "No. You can go at your own pace. You can tell your therapist when a topic feels too much for now.",
    "Norcross, J. C., & Lambert, M. J. (2018). Psychotherapy relationships that work III. "
    "*Psychotherapy, 55*(4), 303–315. <https://doi.org/10.1037/pst0000193>",
]


def write_scaffold(path: Path) -> None:
    """Do what the writer does: replace every TODO placeholder with written text."""
    text = path.read_text(encoding="utf-8")
    placeholders = re.findall(r"TODO: [^\"\n]*", text)
    assert len(placeholders) == len(WRITTEN), placeholders
    for placeholder, written in zip(placeholders, WRITTEN, strict=True):
        text = text.replace(placeholder, written, 1)
    path.write_text(text, encoding="utf-8")


def record_of(project: Path) -> list[str]:
    return published_urls.read_record(project / "docs")


# ---- alliance new: scaffold → preview → strict failure → approve → pass ---------------------------


def test_scaffold_has_every_required_field_and_the_standard_sections(project_copy: Path):
    done = alliance(project_copy, "new", TITLE, "--tags", "First session", "Anxiety")
    assert done.returncode == 0, done.stderr
    assert f"created {NEW_PAGE}" in done.stdout and "alliance approve" in done.stdout
    text = (project_copy / NEW_PAGE).read_text(encoding="utf-8")
    front = text.split("---\n")[1]
    for field in schema.FIELDS:
        if field.required and field.name != "review":  # the review is the reviewer's to write
            assert re.search(rf"^{field.name}:", front, re.M), field.name
    assert f'title: "{TITLE}"' in front and 'tags: ["First session", "Anxiety"]' in front
    assert "authors: [jordan-example]" in front
    for heading in ("## Key takeaways", "## Frequently asked questions", "## Sources"):
        assert f"\n{heading}\n" in text
    assert '??? question "' in text and "[^source-one]:" in text
    assert NEW_URL in record_of(project_copy)


def test_scaffold_previews_as_a_draft_fails_the_gate_and_passes_once_written_and_approved(
    project_copy: Path, tmp_path: Path
):
    assert alliance(project_copy, "new", TITLE).returncode == 0

    preview = mkdocs_build(project_copy, tmp_path / "preview", strict=False, ALLIANCE_TODAY=TODAY)
    assert preview.returncode == 0, preview.output
    html = preview.page(NEW_URL)
    assert "Not yet reviewed" in html and 'data-alliance="review-banner"' in html
    assert '<meta name="robots" content="noindex">' in html

    gate = mkdocs_build(project_copy, tmp_path / "gate", ALLIANCE_TODAY=TODAY)
    assert gate.returncode != 0
    assert f"{NEW_PAGE}: review: is missing" in gate.output
    assert re.search(rf"{NEW_PAGE}:\d+: placeholder:", gate.output)

    refused = alliance(project_copy, "approve", NEW_PAGE, "--reviewer", "morgan-sample", ALLIANCE_TODAY=TODAY)
    assert refused.returncode == 1 and "placeholder" in refused.stderr

    write_scaffold(project_copy / NEW_PAGE)
    checked = alliance(project_copy, "check", NEW_PAGE, ALLIANCE_TODAY=TODAY)
    assert checked.returncode == 1
    assert checked.stderr.strip().splitlines() == [
        f"{NEW_PAGE}: review: is missing; this page has not been medically reviewed; when it is ready, "
        f"ask a reviewer to run: alliance approve {NEW_PAGE} --reviewer <id>"
    ]

    approved = alliance(
        project_copy, "approve", NEW_PAGE, "--reviewer", "morgan-sample", ALLIANCE_TODAY=TODAY
    )
    assert approved.returncode == 0, approved.stderr
    published = mkdocs_build(project_copy, tmp_path / "published", ALLIANCE_TODAY=TODAY)
    assert published.returncode == 0, published.output
    html = published.page(NEW_URL)
    assert "Not yet reviewed" not in html and "noindex" not in html


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["new", "x" * 130], "title: is 130 characters, more than 120"),
        (["new", "   "], "title: is empty"),
        (["new", "Building trust"], "docs/articles/building-trust.md: already exists"),
        (["new", "A page", "--folder", "../outside"], "--folder: '../outside' is not a folder inside docs/"),
        (["new", "A page", "--author", "morgan-sample"], "--author: 'morgan-sample' is not an author"),
    ],
)
def test_scaffold_refuses_bad_requests_with_a_clear_message(project_copy: Path, args: list[str], says: str):
    before = sorted(path for path in (project_copy / "docs").rglob("*"))
    done = alliance(project_copy, *args)
    assert done.returncode == 2 and says in done.stderr and "Traceback" not in done.stderr
    assert sorted(path for path in (project_copy / "docs").rglob("*")) == before


# ---- URLs never break ---------------------------------------------------------------------------


def use_directory_urls(project: Path, enabled: bool) -> None:
    """Switch the copy's URL style, and record its URLs in that style as a site built so would have."""
    if not enabled:
        config = project / "mkdocs.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace(
                "\ndocs_dir: docs\n", "\ndocs_dir: docs\nuse_directory_urls: false\n"
            ),
            encoding="utf-8",
        )
        (project / "docs" / published_urls.RECORD_NAME).unlink()
        assert alliance(project, "urls", "--update").returncode == 0


def rename(project: Path, old: str, new: str) -> None:
    """Move a page and fix the site's own links to it, as a writer renaming a page does; a reviewer
    then re-approves the articles whose words (their links) changed."""
    docs = project / "docs"
    (docs / old).rename(docs / new)
    relinked = []
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if Path(old).name in text:
            page.write_text(text.replace(Path(old).name, Path(new).name), encoding="utf-8")
            relinked.append(page.relative_to(project).as_posix())
    articles = [path for path in relinked if path.startswith("docs/articles/")]
    if articles:
        done = alliance(project, "approve", *articles, "--reviewer", "morgan-sample", ALLIANCE_TODAY=TODAY)
        assert done.returncode == 0, done.stderr


def add_redirects(project: Path, redirects: dict[str, str]) -> None:
    config = project / "mkdocs.yml"
    entries = "".join(f"\n        '{old}': '{new}'" for old, new in redirects.items())
    text = config.read_text(encoding="utf-8")
    assert "redirect_maps: {}" in text
    config.write_text(text.replace("redirect_maps: {}", "redirect_maps:" + entries), encoding="utf-8")


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "html-urls"])
def test_renaming_needs_a_redirect_and_the_old_url_then_redirects(
    project_copy: Path, tmp_path: Path, directory_urls: bool
):
    use_directory_urls(project_copy, directory_urls)
    old_url = "articles/building-trust/" if directory_urls else "articles/building-trust.html"
    rename(project_copy, "articles/building-trust.md", "articles/trust-in-therapy.md")

    broken = mkdocs_build(project_copy, tmp_path / "broken", ALLIANCE_TODAY=TODAY)
    assert broken.returncode != 0
    assert (
        f"docs/.published-urls.txt: published URL: /{old_url} was published but has no page now"
        in broken.output
    )
    assert (
        "add a redirect in mkdocs.yml: plugins: - redirects: redirect_maps: "
        "'articles/building-trust.md': 'articles/trust-in-therapy.md'"
    ) in broken.output

    add_redirects(project_copy, {"articles/building-trust.md": "articles/trust-in-therapy.md"})
    unrecorded = alliance(project_copy, "urls")
    assert unrecorded.returncode == 1 and "not yet recorded: /articles/trust-in-therapy" in unrecorded.stderr
    updated = alliance(project_copy, "urls", "--update")
    assert updated.returncode == 0 and "added 1 URL(s)" in updated.stdout
    assert old_url in record_of(project_copy)  # an old URL is never dropped from the record

    fixed = mkdocs_build(project_copy, tmp_path / "fixed", ALLIANCE_TODAY=TODAY)
    assert fixed.returncode == 0, fixed.output
    redirect_page = fixed.page(old_url)
    new_href = "../trust-in-therapy/" if directory_urls else "trust-in-therapy.html"
    assert f'<meta http-equiv="refresh" content="0; url={new_href}">' in redirect_page
    new_page = fixed.page(
        "articles/trust-in-therapy/" if directory_urls else "articles/trust-in-therapy.html"
    )
    assert "Building trust with your therapist" in new_page


def test_a_redirect_to_a_missing_page_fails_the_build(project_copy: Path, tmp_path: Path):
    (project_copy / "docs/articles/building-trust.md").unlink()
    (project_copy / "docs/index.md").write_text(
        (project_copy / "docs/index.md")
        .read_text(encoding="utf-8")
        .replace("articles/building-trust.md", "articles/ending-therapy.md"),
        encoding="utf-8",
    )
    add_redirects(project_copy, {"articles/building-trust.md": "articles/trust-in-therapy.md"})
    built = mkdocs_build(project_copy, tmp_path / "site", ALLIANCE_TODAY=TODAY)
    assert built.returncode != 0
    assert (
        "mkdocs.yml: plugins.redirects.redirect_maps.articles/building-trust.md: the target "
        "'articles/trust-in-therapy.md' is not a page; point it at an existing page's .md path"
        in built.output
    )


def test_alliance_urls_reports_chains_and_loops(project_copy: Path):
    add_redirects(
        project_copy,
        {
            "articles/old-a.md": "articles/old-b.md",
            "articles/old-b.md": "articles/ending-therapy.md",
            "articles/loop-1.md": "articles/loop-2.md",
            "articles/loop-2.md": "articles/loop-1.md",
        },
    )
    done = alliance(project_copy, "urls")
    assert done.returncode == 1
    assert (
        "mkdocs.yml: plugins.redirects.redirect_maps.articles/old-a.md: the redirect chains: "
        "articles/old-a.md -> articles/old-b.md -> articles/ending-therapy.md; point "
        "'articles/old-a.md' straight at 'articles/ending-therapy.md'"
    ) in done.stderr
    assert (
        "plugins.redirects.redirect_maps.articles/loop-1.md: the redirects loop: articles/loop-1.md "
        "-> articles/loop-2.md -> articles/loop-1.md"
    ) in done.stderr
    assert "redirect_maps.articles/old-b.md" not in done.stderr  # the end of a chain is fine


PAGES = {"index.md", "articles/new.md", "articles/other.md", "guide/index.md"}


@pytest.mark.parametrize(
    ("case", "redirects", "fields"),
    [
        ("ok", {"articles/old.md": "articles/new.md"}, []),
        ("ok with anchor", {"articles/old.md": "articles/new.md#part"}, []),
        ("external https", {"articles/old.md": "https://example.org/"}, []),
        ("external http", {"articles/old.md": "http://example.org/"}, ["articles/old.md"]),
        ("missing target", {"articles/old.md": "articles/gone.md"}, ["articles/old.md"]),
        ("chain", {"a.md": "b.md", "b.md": "articles/new.md"}, ["a.md"]),
        ("loop", {"a.md": "b.md", "b.md": "a.md"}, ["a.md", "b.md"]),
        ("self loop", {"a.md": "a.md"}, ["a.md"]),
        ("shadows a page", {"articles/other.md": "articles/new.md"}, ["articles/other.md"]),
        ("not a markdown path", {"articles/old/": "articles/new.md"}, ["articles/old/"]),
    ],
)
@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "html-urls"])
def test_redirect_problems(case: str, redirects: dict[str, str], fields: list[str], directory_urls: bool):
    report = check_urls([], PAGES, redirects, directory_urls, "docs/.published-urls.txt")
    assert sorted(
        {problem.field.removeprefix("plugins.redirects.redirect_maps.") for problem in report.problems}
    ) == sorted(fields)
    assert all(problem.path == "mkdocs.yml" and problem.fix for problem in report.problems)


@pytest.mark.parametrize(
    ("directory_urls", "old_url", "key"),
    [
        (True, "articles/old/", "articles/old.md"),
        (False, "articles/old.html", "articles/old.md"),
        (True, "", "index.md"),
        (False, "guide/", "guide/index.md"),
    ],
)
def test_a_recorded_url_is_kept_by_a_page_or_a_redirect(directory_urls: bool, old_url: str, key: str):
    pages = {"articles/new.md"}
    missing = check_urls([old_url], pages, {}, directory_urls, "docs/.published-urls.txt")
    assert [problem.field for problem in missing.problems] == ["published URL"]
    assert f"'{key}': 'articles/new.md'" in missing.problems[0].fix
    kept = check_urls([old_url], pages, {key: "articles/new.md"}, directory_urls, "record")
    assert kept.problems == []


def test_alliance_urls_update_records_new_pages_and_keeps_the_old(project_copy: Path):
    shutil.copy(project_copy / "docs/articles/ending-therapy.md", project_copy / "docs/articles/copy.md")
    before = record_of(project_copy)
    assert alliance(project_copy, "urls").returncode == 1
    done = alliance(project_copy, "urls", "--update")
    assert done.returncode == 0, done.stderr
    assert record_of(project_copy) == sorted([*before, "articles/copy/"])
    assert alliance(project_copy, "urls").returncode == 0


def test_the_real_site_records_every_page():
    done = alliance(ROOT, "urls")
    assert done.returncode == 0, done.stderr


# ---- CODEOWNERS -----------------------------------------------------------------------------------


def test_codeowners_is_up_to_date():
    done = alliance(ROOT, "codeowners", "--check")
    assert done.returncode == 0, done.stderr


def test_codeowners_check_fails_when_a_reviewer_changes(project_copy: Path):
    (project_copy / ".github").mkdir()
    shutil.copy(ROOT / ".github/CODEOWNERS", project_copy / ".github/CODEOWNERS")
    assert alliance(project_copy, "codeowners", "--check").returncode == 0
    profile = project_copy / "docs/people/morgan-sample.md"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("github: sample.morgan", "github: msample"),
        encoding="utf-8",
    )
    stale = alliance(project_copy, "codeowners", "--check")
    assert stale.returncode == 1
    assert (
        ".github/CODEOWNERS: is out of date with the reviewer profiles; run: alliance codeowners"
        in stale.stderr
    )
    assert "+/docs/ @msample" in stale.stderr
    assert alliance(project_copy, "codeowners").returncode == 0
    assert alliance(project_copy, "codeowners", "--check").returncode == 0
    owners = (project_copy / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "\n/docs/ @msample\n" in owners
    for owned in ("/mkdocs.yml", "/overrides/", "/hooks/", "/.github/", "/tests/"):  # the gate: maintainers
        assert f"\n{owned} @alliance-sample/maintainers\n" in owners


def test_codeowners_refuses_a_handle_github_would_not_accept(project_copy: Path):
    profile = project_copy / "docs/people/morgan-sample.md"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace(
            "github: sample.morgan", 'github: "@alliance-sample/clinical-reviewers"'
        ),
        encoding="utf-8",
    )
    done = alliance(project_copy, "codeowners")
    assert done.returncode == 2
    assert (
        "docs/people/morgan-sample.md: person.github: '@alliance-sample/clinical-reviewers' is not a "
        "GitHub login" in done.stderr
    )


def test_production_codeowners_refuses_sample_reviewers(project_copy: Path):
    done = alliance(project_copy, "codeowners", ALLIANCE_PRODUCTION="true")
    assert done.returncode == 2
    assert "no reviewer profile has a GitHub handle (sample reviewers do not count" in done.stderr


# ---- the writers' guide and the pull request template --------------------------------------------

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_the_field_table_in_the_guide_is_generated_from_the_schema():
    table = CONTRIBUTING.split("<!-- fields:start -->\n", 1)[1].split("<!-- fields:end -->", 1)[0]
    assert table.strip() == schema.field_table().strip(), (
        "CONTRIBUTING.md: the field table is out of date; paste the output of "
        "`alliance schema --fields` between the fields markers"
    )
    assert alliance(ROOT, "schema", "--fields").stdout.strip() == table.strip()


def test_the_guide_explains_every_review_state_and_every_lint():
    for state in states.STATES:
        assert f"| `{state}` |" in CONTRIBUTING, state
    for rule in lint.RULES:
        assert f"| `{rule}` |" in CONTRIBUTING, rule


def test_the_guide_walks_a_writer_from_new_to_merged():
    sections = re.split(r"^## ", CONTRIBUTING, flags=re.M)
    steps = [section for section in sections if re.match(r"\d\. ", section)]
    expected = [
        ("1. Draft", "alliance new"),
        ("2. Preview", "mkdocs serve"),
        ("3. Check", "alliance check"),
        ("4. Open a pull request", "CODEOWNERS"),
        ("5. Review and approve", "alliance approve"),
        ("6. Merge", "deploy.yml"),
    ]
    assert len(steps) == len(expected)
    for section, (heading, command) in zip(steps, expected, strict=True):
        assert section.startswith(heading) and command in section, heading


def test_the_pull_request_template_is_a_checklist_of_the_gates():
    template = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    checklist = re.findall(r"^- \[ \] (.+)$", template, re.M)
    assert len(checklist) >= 5
    for command in ("alliance check", "mkdocs serve", "alliance urls --update"):
        assert command in template
