"""A hostile writer against the binding of approvals: each attack is a change a pull request could make,
and each must fail the check with the file and the reason, never a traceback.

The threat: the writer is untrusted; what readers see must be what a named reviewer approved. The
defences under test: the review digest (front matter with the review block, the body as it renders,
the bytes of local files, the reviewer's profile), the cap on next_review, one definition per person,
and the rule that only checked pages are published (MkDocs' own file list, raw HTML and links that
leave docs/ refused). Most attacks run in-process over `load_site`; a few run the real strict build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest
from support import alliance, copy_project, mkdocs_build

from alliance import clock
from alliance import settings as site_settings
from alliance.commands import approve as approving
from alliance.content.site import load_site
from alliance.pipeline import state as build_state

TODAY = dt.date(2026, 11, 25)
ARTICLE = "docs/articles/ending-therapy.md"
REVIEWER = "morgan-sample"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


# ---- helpers: the project as a writer's branch, checked in-process ------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def errors(project: Path) -> list[str]:
    """Every error `alliance check` reports for the whole site, as lines."""
    site = load_site(site_settings.load(project / "mkdocs.yml"), TODAY)
    return [str(problem) for problem in site.problems] + [
        str(problem) for record in site.records for problem in record.errors
    ]


def approve_page(project: Path, path: str = ARTICLE, reviewer: str = REVIEWER) -> None:
    """Approve a page exactly as `alliance approve` does, in-process."""
    settings = site_settings.load(project / "mkdocs.yml")
    uri = path.removeprefix("docs/")
    site = load_site(settings, TODAY, only=[uri])
    text = approving.approve(site.records[0], site.registry.get(reviewer), reviewer, TODAY, TODAY, settings)
    (project / path).write_text(text, encoding="utf-8")


def edit(project: Path, path: str, old: str, new: str, count: int = 1) -> None:
    target = project / path
    text = target.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    target.write_text(text.replace(old, new, count), encoding="utf-8")


def add_to_body(project: Path, markdown: str, path: str = ARTICLE) -> None:
    """Append Markdown to a page's body (a writer's change, before approval)."""
    target = project / path
    target.write_text(target.read_text(encoding="utf-8") + "\n" + markdown + "\n", encoding="utf-8")


def write(project: Path, path: str, content: bytes | str) -> Path:
    target = project / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return target


def add_snippets(project: Path) -> None:
    """The maintainers turn on pymdownx.snippets, with includes kept in includes/."""
    edit(
        project,
        "mkdocs.yml",
        "  - pymdownx.smartsymbols\n",
        "  - pymdownx.smartsymbols\n  - pymdownx.snippets:\n      base_path: [includes]\n"
        "      check_paths: true\n",
    )


REAL_REVIEWER = """---
title: Dr Riley Real (test reviewer)
description: Dr Riley Real is a reviewer profile made up for the hostile tests of the Alliance project.
clinical: false
person:
  name: Dr Riley Real
  credentials: DClinPsy
  role: Clinical psychologist
  roles: [reviewer]
  registration_body: Health and Care Professions Council
  registration_number: PYL012345
  github: "@riley-real-test"
---

# Dr Riley Real
"""

UNREVIEWED = """---
title: Advice nobody checked
description: A page with clinical advice that no reviewer has seen, published under another name.
authors: [jordan-example]
---

# Advice nobody checked

Stop taking your medicine without asking anyone.
"""


# ---- the attacks --------------------------------------------------------------------------------


def next_review_far_future(project: Path) -> None:
    """The writer types next_review: 9999-12-31 and recomputes the digest with the library."""
    settings = site_settings.load(project / "mkdocs.yml")
    site = load_site(settings, TODAY, only=[ARTICLE.removeprefix("docs/")])
    record = site.records[0]
    text = approving.signed_text(
        record.text, REVIEWER, site.registry[REVIEWER], TODAY, dt.date(9999, 12, 31), record.files
    )
    (project / ARTICLE).write_text(text, encoding="utf-8")


def next_review_typed_by_hand(project: Path) -> None:
    edit(project, ARTICLE, "next_review: 2029-11-25", "next_review: 9999-12-31")


def reviewer_switched(project: Path) -> None:
    write(project, "docs/people/riley-real.md", REAL_REVIEWER)
    edit(project, ARTICLE, f"reviewer: {REVIEWER}", "reviewer: riley-real")


def review_date_moved(project: Path) -> None:
    edit(project, ARTICLE, "reviewed: 2026-11-25", "reviewed: 2026-11-24")


def sample_flag_removed(project: Path) -> None:
    edit(project, "docs/people/morgan-sample.md", "  sample: true\n", "")


def github_handle_switched(project: Path) -> None:
    edit(project, "docs/people/morgan-sample.md", "github: sample.morgan", "github: sample.writer")


def registration_changed(project: Path) -> None:
    edit(project, "docs/people/morgan-sample.md", "SAMPLE-000000", "PYL999999")


def duplicate_person_in_subfolder(project: Path) -> None:
    shutil.copy(project / "docs/people/morgan-sample.md", project / "docs/people/morgan-sample-copy.md")
    write(
        project,
        "docs/people/sub/morgan-sample.md",
        (project / "docs/people/morgan-sample.md")
        .read_text(encoding="utf-8")
        .replace("  sample: true\n", ""),
    )


def duplicate_person_other_suffix(project: Path) -> None:
    write(
        project,
        "docs/people/other/morgan-sample.markdown",
        (project / "docs/people/morgan-sample.md").read_bytes(),
    )


def duplicate_person_same_page(project: Path) -> None:
    """MkDocs keeps one of two files that make the same page; the check must fail as the build does."""
    write(
        project, "docs/people/morgan-sample.markdown", (project / "docs/people/morgan-sample.md").read_bytes()
    )


def readme_beside_index(project: Path) -> None:
    write(project, "docs/articles/README.md", UNREVIEWED)
    write(project, "docs/articles/index.md", (project / ARTICLE).read_bytes())


def duplicate_person_other_case(project: Path) -> None:
    write(project, "docs/people/Morgan-Sample.md", (project / "docs/people/morgan-sample.md").read_bytes())


def image_bytes_changed(project: Path) -> None:
    write(project, "docs/articles/img/diagram.png", PNG)
    add_to_body(project, "![A diagram of the stages of therapy](img/diagram.png)")
    approve_page(project)
    write(project, "docs/articles/img/diagram.png", PNG + b"a different picture")


def reference_image_changed(project: Path) -> None:
    write(project, "docs/assets/chart.png", PNG)
    add_to_body(project, "![A chart][chart]\n\n[chart]: /assets/chart.png")
    approve_page(project)
    write(project, "docs/assets/chart.png", PNG + b"new numbers")


def quoted_definition_image_changed(project: Path) -> None:
    """A definition inside a blockquote shows the picture as well as one at a line's start does, and
    was bound by no scan (red team, session 27)."""
    write(project, "docs/assets/chart.png", PNG)
    add_to_body(project, "![A chart][chart]\n\n> [chart]: /assets/chart.png")
    approve_page(project)
    write(project, "docs/assets/chart.png", PNG + b"new numbers")


def footnote_definition_image_changed(project: Path) -> None:
    """A footnote whose text is a definition: the footnotes extension parses its text again, so the
    definition takes effect (red team, session 27)."""
    write(project, "docs/assets/chart.png", PNG)
    add_to_body(project, "![A chart][chart]\n\n[^chart]: [chart]: /assets/chart.png")
    approve_page(project)
    write(project, "docs/assets/chart.png", PNG + b"new numbers")


def sign_as_writer(project: Path, path: str = ARTICLE) -> None:
    """The writer writes a matching review block with the library (`alliance approve` refuses a page
    with errors, so a reviewer could not have signed it): the digest itself is no secret."""
    settings = site_settings.load(project / "mkdocs.yml")
    site = load_site(settings, TODAY, only=[path.removeprefix("docs/")])
    record = site.records[0]
    text = approving.signed_text(
        record.text, REVIEWER, site.registry[REVIEWER], TODAY, settings.next_review(TODAY), record.files
    )
    (project / path).write_text(text, encoding="utf-8")


# Raw HTML that shows a file is refused on every page (body_markup's allow-list), so the three attacks
# below can no longer be approved; a writer signs them by hand and they fail at the markup, before
# any digest. That the digest would bind those files too is checked spelling by spelling in
# test_every_spelling_of_a_local_file_is_bound (raw-img-src, raw-img-page-folder, raw-iframe-src).
def address_read_otherwise(spelling: str, bound: str, shown: str):
    """An image address Python-Markdown reads otherwise than the scan (red team, session 28): the
    writer puts a decoy where the scan looks, signs the page (approve refuses it), then changes the
    picture readers see, which no review bound."""

    def attack(project: Path) -> None:
        write(project, f"docs/articles/{bound}", PNG)
        write(project, f"docs/articles/{shown}", PNG)
        add_to_body(project, f"![A calm therapy room]({spelling})")
        sign_as_writer(project)
        write(project, f"docs/articles/{shown}", PNG + b"a different picture")

    return attack


def raw_image_changed(project: Path) -> None:
    write(project, "docs/articles/img/raw.png", PNG)
    add_to_body(project, '<img src="../img/raw.png" alt="A picture">')
    sign_as_writer(project)
    write(project, "docs/articles/img/raw.png", PNG + b"changed")


def raw_path_resolved_by_the_browser(project: Path) -> None:
    """Raw HTML reaches the browser untouched: on /articles/ending-therapy/, `img/x.png` loads
    articles/ending-therapy/img/x.png, not the articles/img/x.png beside the source file."""
    write(project, "docs/articles/img/x.png", PNG)
    write(project, "docs/articles/ending-therapy/img/x.png", PNG)
    add_to_body(project, '<img src="img/x.png" alt="A picture">')
    sign_as_writer(project)
    write(project, "docs/articles/ending-therapy/img/x.png", PNG + b"what readers really see")


def iframe_changed(project: Path) -> None:
    write(project, "docs/assets/steps.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    add_to_body(project, '<iframe src="/assets/steps.svg" title="Steps"></iframe>')
    sign_as_writer(project)
    write(
        project,
        "docs/assets/steps.svg",
        "<svg xmlns='http://www.w3.org/2000/svg'><text>Stop your medicine</text></svg>",
    )


def linked_pdf_changed(project: Path) -> None:
    write(project, "docs/articles/files/leaflet.pdf", b"%PDF-1.4 approved leaflet")
    add_to_body(project, "Read our [leaflet](files/leaflet.pdf) too.")
    approve_page(project)
    write(project, "docs/articles/files/leaflet.pdf", b"%PDF-1.4 different advice")


def snippet_changed(project: Path) -> None:
    add_snippets(project)
    write(project, "includes/note.md", "Talk to your therapist before you stop.\n")
    add_to_body(project, '--8<-- "note.md"')
    approve_page(project)
    write(project, "includes/note.md", "You can stop at any time without telling anyone.\n")


def nested_snippet_changed(project: Path) -> None:
    add_snippets(project)
    write(project, "includes/outer.md", '--8<-- "inner.md"\n')
    write(project, "includes/inner.md", "Approved words.\n")
    add_to_body(project, '--8<-- "outer.md"')
    approve_page(project)
    write(project, "includes/inner.md", "Unapproved words.\n")


def snippet_missing(project: Path) -> None:
    add_snippets(project)
    add_to_body(project, '--8<-- "nowhere.md"')


def image_missing(project: Path) -> None:
    add_to_body(project, "![A diagram](img/missing.png)")


def image_outside_docs(project: Path) -> None:
    add_to_body(project, "![Settings](../../mkdocs.yml)")


def image_symlinked_outside(project: Path) -> None:
    outside = write(project.parent, "elsewhere/picture.png", PNG)
    link = project / "docs/articles/img/picture.png"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    add_to_body(project, "![A picture](img/picture.png)")


def trailing_double_space(project: Path) -> None:
    edit(project, ARTICLE, "\n\n## ", "  \n\n## ")


def old_digest_format(project: Path) -> None:
    text = (project / ARTICLE).read_text(encoding="utf-8")
    (project / ARTICLE).write_text(
        re.sub(r"digest: \S+", "digest: sha256:" + "0" * 64, text), encoding="utf-8"
    )


def markdown_suffix_page(project: Path) -> None:
    write(project, "docs/articles/sneaky.markdown", UNREVIEWED)


def uppercase_md_page(project: Path) -> None:
    write(project, "docs/articles/sneaky.MD", UNREVIEWED)


def raw_html_page(project: Path) -> None:
    write(project, "docs/articles/advice/index.html", "<h1>Advice</h1><p>Stop your medicine.</p>")


def symlink_page_outside_repo(project: Path) -> None:
    outside = write(project.parent, "elsewhere/outside.md", UNREVIEWED)
    (project / "docs/articles/outside.md").symlink_to(outside)


def symlinked_folder_outside_repo(project: Path) -> None:
    write(project.parent, "elsewhere/pages/advice.md", UNREVIEWED)
    (project / "docs/articles/more").symlink_to(project.parent / "elsewhere/pages")


def symlink_to_repo_file_outside_docs(project: Path) -> None:
    write(project, "drafts/unreviewed.md", UNREVIEWED)
    (project / "docs/articles/draft.md").symlink_to(project / "drafts/unreviewed.md")


def symlink_to_excluded_unreviewed_page(project: Path) -> None:
    edit(project, "mkdocs.yml", "docs_dir: docs\n", "docs_dir: docs\nexclude_docs: |\n  drafts/\n")
    write(project, "docs/drafts/unreviewed.md", UNREVIEWED)
    (project / "docs/articles/alias.md").symlink_to(Path("../drafts/unreviewed.md"))


def not_in_nav_page(project: Path) -> None:
    edit(project, "mkdocs.yml", "docs_dir: docs\n", "docs_dir: docs\nnot_in_nav: |\n  /hidden/\n")
    write(project, "docs/hidden/advice.md", UNREVIEWED)


# (id, attack, file, field, words in the message)
ATTACKS: list[tuple[str, Callable[[Path], None], str, str, str]] = [
    (
        "next-review-far-future-redigested",
        next_review_far_future,
        ARTICLE,
        "review.next_review",
        "9999-12-31 is later than the review date plus the site's review interval of 3 year(s), 2029-11-25",
    ),
    (
        "next-review-typed-by-hand",
        next_review_typed_by_hand,
        ARTICLE,
        "review.next_review",
        "9999-12-31 is later than the review date plus the site's review interval",
    ),
    (
        "reviewer-switched",
        reviewer_switched,
        ARTICLE,
        "review.digest",
        "the content changed after the review on 2026-11-25",
    ),
    ("review-date-moved", review_date_moved, ARTICLE, "review.digest", "the content changed"),
    ("sample-flag-removed", sample_flag_removed, ARTICLE, "review.digest", "the content changed"),
    ("github-handle-switched", github_handle_switched, ARTICLE, "review.digest", "the content changed"),
    ("registration-changed", registration_changed, ARTICLE, "review.digest", "the content changed"),
    (
        "duplicate-person-in-subfolder",
        duplicate_person_in_subfolder,
        "docs/people/sub/morgan-sample.md",
        "person",
        "the id 'morgan-sample' is already defined by docs/people/morgan-sample.md",
    ),
    (
        "duplicate-person-voids-its-reviews",
        duplicate_person_in_subfolder,
        ARTICLE,
        "review.reviewer",
        "'morgan-sample' has no profile page",
    ),
    (
        "duplicate-person-other-suffix",
        duplicate_person_other_suffix,
        "docs/people/other/morgan-sample.markdown",
        "person",
        "the id 'morgan-sample' is already defined by docs/people/morgan-sample.md",
    ),
    (
        "duplicate-person-same-page",
        duplicate_person_same_page,
        "docs/people/morgan-sample.markdown",
        "file",
        "it would be the same page as docs/people/morgan-sample.md",
    ),
    (
        "readme-beside-index",
        readme_beside_index,
        "docs/articles/README.md",
        "file",
        "it would be the same page as docs/articles/index.md",
    ),
    (
        "duplicate-person-other-case",
        duplicate_person_other_case,
        "docs/people/morgan-sample.md",
        "person",
        "the id 'morgan-sample' is already defined by docs/people/Morgan-Sample.md",
    ),
    ("image-bytes-changed", image_bytes_changed, ARTICLE, "review.digest", "the content changed"),
    ("reference-image-changed", reference_image_changed, ARTICLE, "review.digest", "the content changed"),
    (
        "quoted-definition-image-changed",
        quoted_definition_image_changed,
        ARTICLE,
        "review.digest",
        "the content changed",
    ),
    (
        "footnote-definition-image-changed",
        footnote_definition_image_changed,
        ARTICLE,
        "review.digest",
        "the content changed",
    ),
    *(
        (
            f"image-address-{name}",
            address_read_otherwise(spelling, bound, shown),
            ARTICLE,
            "body",
            "is written so that Markdown may show another file than the one the review binds",
        )
        for name, spelling, bound, shown in (
            ("escaped", "pic\\_a.png", "pic\\_a.png", "pic_a.png"),
            ("non-breaking-space", "room.png\u00a0v2.png", "room.png", "room.png\u00a0v2.png"),
            ("nested-brackets", "photo((1)).png", "photo", "photo((1)).png"),
            ("plain-space", "my room.png", "my", "my room.png"),
        )
    ),
    ("raw-img-changed", raw_image_changed, ARTICLE, "body", "<img> is not allowed"),
    (
        "raw-html-path-as-the-browser-resolves-it",
        raw_path_resolved_by_the_browser,
        ARTICLE,
        "body",
        "<img> is not allowed",
    ),
    ("iframe-changed", iframe_changed, ARTICLE, "body", "<iframe> is not allowed"),
    ("linked-pdf-changed", linked_pdf_changed, ARTICLE, "review.digest", "the content changed"),
    ("snippet-changed", snippet_changed, ARTICLE, "review.digest", "the content changed"),
    ("nested-snippet-changed", nested_snippet_changed, ARTICLE, "review.digest", "the content changed"),
    (
        "snippet-missing",
        snippet_missing,
        ARTICLE,
        "body",
        "the snippet 'nowhere.md' is not a file under the snippets base_path",
    ),
    ("image-missing", image_missing, ARTICLE, "body", "'img/missing.png' is not a file in docs/"),
    ("image-outside-docs", image_outside_docs, ARTICLE, "body", "'../../mkdocs.yml' points outside docs/"),
    (
        "image-symlinked-outside",
        image_symlinked_outside,
        ARTICLE,
        "body",
        "'img/picture.png' points outside docs/",
    ),
    (
        "image-symlink-refused",
        image_symlinked_outside,
        "docs/articles/img/picture.png",
        "file",
        "outside docs/",
    ),
    ("trailing-double-space", trailing_double_space, ARTICLE, "review.digest", "the content changed"),
    ("old-digest-format", old_digest_format, ARTICLE, "review.digest", "was approved under an older rule"),
    (
        "markdown-suffix-unreviewed",
        markdown_suffix_page,
        "docs/articles/sneaky.markdown",
        "review",
        "not been medically reviewed",
    ),
    (
        "uppercase-md-suffix",
        uppercase_md_page,
        "docs/articles/sneaky.MD",
        "file",
        "has the suffix '.MD', which MkDocs does not read as Markdown",
    ),
    ("raw-html-page", raw_html_page, "docs/articles/advice/index.html", "file", "is raw HTML"),
    (
        "symlink-page-outside-repo",
        symlink_page_outside_repo,
        "docs/articles/outside.md",
        "file",
        "outside docs/",
    ),
    (
        "symlinked-folder-outside-repo",
        symlinked_folder_outside_repo,
        "docs/articles/more",  # the folder link, named once for everything under it
        "file",
        "outside docs/",
    ),
    (
        "symlink-to-repo-file-outside-docs",
        symlink_to_repo_file_outside_docs,
        "docs/articles/draft.md",
        "file",
        "outside docs/",
    ),
    (
        "symlink-to-excluded-unreviewed-page",
        symlink_to_excluded_unreviewed_page,
        "docs/articles/alias.md",
        "review",
        "not been medically reviewed",
    ),
    (
        "not-in-nav-page-still-checked",
        not_in_nav_page,
        "docs/hidden/advice.md",
        "review",
        "not been medically reviewed",
    ),
]


def test_the_untouched_copy_passes(project: Path):
    """Every attack bends one thing, so the copy it starts from must be clean."""
    assert errors(project) == []


@pytest.mark.parametrize(
    "attack, path, field, words", [case[1:] for case in ATTACKS], ids=[case[0] for case in ATTACKS]
)
def test_attack_fails_the_check(project: Path, attack, path, field, words):
    attack(project)
    found = errors(project)
    prefix = re.compile(rf"^{re.escape(path)}(?::\d+)?: {re.escape(field)}: ")
    lines = [line for line in found if prefix.match(line)]
    assert any(words in line for line in lines), "\n".join(found)


def test_binding_attacks_are_silent_before_the_attack(project: Path):
    """The file-binding attacks approve first: that approval itself must pass, or the test proves
    nothing."""
    write(project, "docs/articles/img/diagram.png", PNG)
    add_to_body(project, "![A diagram](img/diagram.png)\n\nRead the [leaflet](files/leaflet.pdf).")
    write(project, "docs/articles/files/leaflet.pdf", b"%PDF-1.4")
    approve_page(project)
    assert errors(project) == []


@pytest.mark.parametrize(
    "markup, says",
    [
        ('<img src="../img/raw.png" alt="A picture">', "<img> is not allowed"),
        ('<iframe src="/assets/steps.svg" title="Steps"></iframe>', "<iframe> is not allowed"),
    ],
    ids=["raw-img", "iframe"],
)
def test_a_reviewer_cannot_approve_raw_html_that_shows_a_file(project: Path, markup, says):
    """Why the raw-HTML attacks above are signed by the writer: approve refuses the page."""
    from alliance.problems import AllianceError

    write(project, "docs/articles/img/raw.png", PNG)
    write(project, "docs/assets/steps.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    add_to_body(project, markup)
    with pytest.raises(AllianceError, match=re.escape(says)):
        approve_page(project)


# ---- the command line agrees, without a traceback ----------------------------------------------


@pytest.mark.parametrize(
    "attack, path, words",
    [
        (raw_html_page, "docs/articles/advice/index.html", "file: is raw HTML"),
        (duplicate_person_in_subfolder, "docs/people/sub/morgan-sample.md", "person: the id"),
        (next_review_typed_by_hand, ARTICLE, "review.next_review: 9999-12-31 is later"),
    ],
    ids=["raw-html", "duplicate-person", "next-review"],
)
def test_alliance_check_reports_it(project: Path, attack, path, words):
    attack(project)
    done = alliance(project, "check", ALLIANCE_TODAY=TODAY.isoformat())
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert f"{path}: {words}" in done.stderr, done.stderr


def test_status_shows_every_profile_with_its_sample_flag_and_github(project: Path):
    write(project, "docs/people/riley-real.md", REAL_REVIEWER)
    sample_flag_removed(project)
    done = alliance(project, "status", ALLIANCE_TODAY=TODAY.isoformat())
    assert done.returncode == 0, done.stderr
    people = done.stdout[done.stdout.index("people:") :]
    assert re.search(r"^morgan-sample\s+reviewer\s+NO\s+sample\.morgan", people, re.M), people
    assert re.search(r"^riley-real\s+reviewer\s+NO\s+@riley-real-test", people, re.M), people
    assert re.search(r"^jordan-example\s+author\s+yes", people, re.M), people
    markdown = alliance(project, "status", "--format", "markdown", ALLIANCE_TODAY=TODAY.isoformat())
    assert "| riley-real | reviewer | NO | @riley-real-test | people/riley-real.md |" in markdown.stdout


# ---- the build: refused files are not published, and check and build see the same pages ----------


def test_strict_build_refuses_and_does_not_publish_unchecked_files(project: Path, tmp_path: Path):
    raw_html_page(project)
    uppercase_md_page(project)
    symlink_page_outside_repo(project)
    built = mkdocs_build(project, tmp_path / "site", ALLIANCE_TODAY=TODAY.isoformat())
    assert built.returncode == 1
    assert "Traceback" not in built.output
    for path in ("docs/articles/advice/index.html", "docs/articles/sneaky.MD", "docs/articles/outside.md"):
        assert f"{path}: file: " in built.output, path
    plain = mkdocs_build(project, tmp_path / "plain", strict=False, ALLIANCE_TODAY=TODAY.isoformat())
    assert plain.returncode == 0, plain.output
    for published in ("articles/advice/index.html", "articles/sneaky.MD", "articles/outside/index.html"):
        assert not (tmp_path / "plain" / published).exists(), published


def test_a_committed_poisoned_cache_changes_nothing(project: Path, tmp_path: Path):
    """Nothing outside git is trusted: a cache file claiming 'no findings' is never read."""
    edit(project, ARTICLE, "\n\n## ", "\n\nSome people committed suicide after therapy ended.\n\n## ")
    text = (project / ARTICLE).read_text(encoding="utf-8")
    key = hashlib.sha256(f"lint\0{8.0}\0{text}".encode()).hexdigest()
    poisoned = {"version": "anything", "entries": {key: []}}
    write(project, ".alliance-cache/content.json", json.dumps(poisoned))
    built = mkdocs_build(project, tmp_path / "site", ALLIANCE_TODAY=TODAY.isoformat())
    assert built.returncode == 1
    assert f"{ARTICLE}" in built.output and "safe-messaging: " in built.output, built.output
    checked = alliance(project, "check", ALLIANCE_TODAY=TODAY.isoformat())
    assert re.search(rf"^{re.escape(ARTICLE)}:\d+: safe-messaging: ", checked.stderr, re.M), checked.stderr
    assert json.loads((project / ".alliance-cache/content.json").read_text()) == poisoned


def build_in_process(project: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The src_uris the build's review gate checked, from a real MkDocs build in this process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv(clock.TODAY_VARIABLE, TODAY.isoformat())
    monkeypatch.chdir(project)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=False)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    state = build_state.existing(config)
    assert state is not None
    return set(state.records)


def test_check_and_build_see_the_same_pages(project: Path, monkeypatch: pytest.MonkeyPatch):
    edit(
        project,
        "mkdocs.yml",
        "docs_dir: docs\n",
        "docs_dir: docs\nexclude_docs: |\n  /private/\n  *.draft.md\n"
        "draft_docs: |\n  /upcoming/\nnot_in_nav: |\n  /hidden/\n",
    )
    for path in (
        "private/secret.md",
        "articles/notes.draft.md",
        "upcoming/next.md",
        "hidden/advice.md",
        ".hidden/dot.md",
        "templates/page.md",
        "about/README.md",
        "articles/other.markdown",
    ):
        write(project, f"docs/{path}", UNREVIEWED)
    write(project, "docs/about/index.md", UNREVIEWED)
    site = load_site(site_settings.load(project / "mkdocs.yml"), TODAY)
    checked = {record.src_uri for record in site.records}
    assert checked == set(site.pages)
    assert {"hidden/advice.md", "articles/other.markdown", "about/index.md"} <= checked
    assert not checked & {
        "private/secret.md",
        "articles/notes.draft.md",
        "upcoming/next.md",
        ".hidden/dot.md",
        "templates/page.md",
        "about/README.md",
    }
    assert build_in_process(project, monkeypatch) == checked


def test_a_named_excluded_page_is_refused_cleanly(project: Path):
    edit(project, "mkdocs.yml", "docs_dir: docs\n", "docs_dir: docs\nexclude_docs: |\n  /private/\n")
    write(project, "docs/private/secret.md", UNREVIEWED)
    done = alliance(project, "check", "docs/private/secret.md", ALLIANCE_TODAY=TODAY.isoformat())
    assert done.returncode == 2
    assert "docs/private/secret.md: MkDocs does not publish it" in done.stderr
    assert "Traceback" not in done.stderr


# ---- every way Markdown and HTML can show a file binds it ----------------------------------------

SPELLINGS = [
    ("inline-image", "![A picture](img/a.png)", "docs/articles/img/a.png"),
    ("with-title", '![A picture](img/a.png "A title")', "docs/articles/img/a.png"),
    ("angle-brackets", "![A picture](<img/a b.png>)", "docs/articles/img/a b.png"),
    ("percent-encoded", "![A picture](img/a%20b.png)", "docs/articles/img/a b.png"),
    ("entity-encoded", "![A picture](img/&#97;.png)", "docs/articles/img/a.png"),
    ("parentheses-in-name", "![A picture](img/a(1).png)", "docs/articles/img/a(1).png"),
    ("brackets-in-alt", "![A [nested] picture](img/a.png)", "docs/articles/img/a.png"),
    ("absolute-to-docs", "![A picture](/articles/img/a.png)", "docs/articles/img/a.png"),
    ("reference-definition", "![A picture][pic]\n\n[pic]: img/a.png", "docs/articles/img/a.png"),
    ("shortcut-reference", "![pic]\n\n[pic]: <img/a.png> 'title'", "docs/articles/img/a.png"),
    ("attr-list", "![A picture](img/b.png){ src='img/a.png' }", "docs/articles/img/a.png"),
    ("raw-img-src", '<img src="../img/a.png" alt="A picture">', "docs/articles/img/a.png"),
    # Raw HTML reaches the browser untouched: from /articles/ending-therapy/ it loads the page folder's.
    (
        "raw-img-page-folder",
        '<img src="img/a.png" alt="A picture">',
        "docs/articles/ending-therapy/img/a.png",
    ),
    (
        "raw-iframe-src",
        '<iframe src="/articles/img/a.png" title="Steps"></iframe>',
        "docs/articles/img/a.png",
    ),
    ("raw-srcset", '<img alt="x" srcset="../img/a.png 1x, ../img/b.png 2x">', "docs/articles/img/b.png"),
    ("raw-video-poster", "<video poster='../img/a.png'></video>", "docs/articles/img/a.png"),
    ("raw-object-data", "<object data=../img/a.png></object>", "docs/articles/img/a.png"),
    ("linked-file", "[Our leaflet](img/a.png)", "docs/articles/img/a.png"),
    # Definitions Python-Markdown reads away from a line's start (red team, session 27): each one shows
    # the picture (test_each_definition_away_from_a_lines_start_shows_the_picture renders them), and was
    # bound by no scan before.
    ("definition-in-quote", "![A picture][pic]\n\n> [pic]: img/a.png", "docs/articles/img/a.png"),
    ("definition-in-list", "![A picture][pic]\n\n- [pic]: img/a.png", "docs/articles/img/a.png"),
    ("definition-in-note", "![A picture][pic]\n\n!!! note\n    [pic]: img/a.png", "docs/articles/img/a.png"),
    ("definition-in-def-list", "![A picture][pic]\n\nTerm\n:   [pic]: img/a.png", "docs/articles/img/a.png"),
    (
        "definition-in-div",
        "![A picture][pic]\n\n<div markdown>[pic]: img/a.png</div>",
        "docs/articles/img/a.png",
    ),
    ("definition-in-footnote", "![A picture][pic][^n]\n\n[^n]: [pic]: img/a.png", "docs/articles/img/a.png"),
    ("definition-after-lone-cr", "![A picture][pic] Words.\r[pic]: img/a.png", "docs/articles/img/a.png"),
    ("definition-on-two-lines", "![A picture][pic]\n\n[pic]:\n    img/a.png", "docs/articles/img/a.png"),
    (
        "definition-on-two-quoted-lines",
        "![A picture][pic]\n\n> [pic]:\n> img/a.png",
        "docs/articles/img/a.png",
    ),
    ("query-and-fragment", "![A picture](img/a.png?v=2#top)", "docs/articles/img/a.png"),
]


# The project's markdown extensions that read blocks: the containers a definition can sit in.
CONTAINERS = ["footnotes", "admonition", "def_list", "md_in_html", "pymdownx.details", "pymdownx.superfences"]
DEFINITIONS = [case for case in SPELLINGS if case[0].startswith("definition-")]


@pytest.mark.parametrize(
    "markdown_text", [case[1] for case in DEFINITIONS], ids=[case[0] for case in DEFINITIONS]
)
def test_each_definition_away_from_a_lines_start_shows_the_picture(markdown_text: str) -> None:
    """Why the table holds these spellings: Python-Markdown does show the picture through each."""
    html = markdown.markdown(markdown_text, extensions=CONTAINERS)
    assert 'src="img/a.png"' in html, html


@pytest.mark.parametrize(
    "markdown, bound", [case[1:] for case in SPELLINGS], ids=[case[0] for case in SPELLINGS]
)
def test_every_spelling_of_a_local_file_is_bound(project: Path, markdown, bound):
    from alliance.content.page_files import Sources, local_files

    for name in ("a.png", "b.png", "a b.png", "a(1).png"):
        write(project, f"docs/articles/img/{name}", PNG + name.encode())
    write(project, "docs/articles/ending-therapy/img/a.png", PNG + b"beside the published page")
    for footnotes in (False, True):  # whether or not `[^label]:` lines are footnotes
        sources = Sources(project / "docs", project, footnotes=footnotes)
        found = local_files(ARTICLE, "articles/ending-therapy.md", markdown + "\n", 1, sources)
        assert found.problems == []
        assert bound in found.digests, (footnotes, found.digests)


@pytest.mark.parametrize(
    "markdown",
    [
        "[Get help](../get-help.md)",
        "[How we review](../about/how-we-review.md#top)",
        "[Elsewhere](https://example.org/a.png)",
        "[Call](tel:999)",
        "[Top](#top)",
        "Text that shows &lt;img src=x.png&gt; as characters.",
        "[A page URL](../about/)",
    ],
    ids=["page", "page-anchor", "remote", "tel", "anchor", "escaped-html", "page-url"],
)
def test_links_to_pages_and_other_sites_bind_nothing(project: Path, markdown):
    from alliance.content.page_files import Sources, local_files

    found = local_files(
        ARTICLE, "articles/ending-therapy.md", markdown + "\n", 1, Sources(project / "docs", project)
    )
    assert found.problems == [] and found.digests == {}
