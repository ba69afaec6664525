"""A corpus of bad pages: each must fail `alliance check` (and the strict build) with a message that
names the file and the field, and never a traceback."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT, alliance, mkdocs_build

from alliance.content import frontmatter
from alliance.content.people import load_registry
from alliance.content.review import review_digest
from alliance.render.html_extract import visible_text

BAD_PATH = "docs/articles/bad.md"
TODAY = "2026-11-25"

BODY = """
# Talking with your therapist

It can help to tell your therapist how you feel about the work you do together. You can say it
in your own words. You do not need to find the right words first.

If something they said upset you, you can tell them. A good therapist will want to know.
"""

BASE = ("title: Talking with your therapist\n"
        "description: How to tell your therapist what you think and feel, even when it is hard to "
        "say out loud.\n"
        "summary: It can help to tell your therapist how you feel. You can say it in your own words.\n"
        "authors: [jordan-example]\n")


def page(front: str, body: str = BODY) -> bytes:
    """A Markdown page with `front` as its front matter text."""
    return f"---\n{front}---\n{body}".encode()


PEOPLE, _ = load_registry((f"people/{path.name}", path.read_bytes())
                          for path in (ROOT / "docs/people").glob("*.md"))


def digest_of(front: str, body: str, reviewer: str) -> str:
    """The digest `alliance approve` would write: front matter with its review block, body, reviewer."""
    data, _ = frontmatter.parse(front)
    return review_digest(data, body, reviewer=PEOPLE.get(reviewer))


def reviewed_page(front: str = BASE, *, reviewer: str = "morgan-sample", reviewed: str = "2026-11-20",
                  next_review: str | None = None, digest: str | None = None,
                  body: str = BODY) -> bytes:
    """A page with a review block whose digest matches its content unless `digest` is given."""
    block = f"review:\n  reviewer: {reviewer}\n  reviewed: {reviewed}\n"
    if next_review:
        block += f"  next_review: {next_review}\n"
    digest = digest or digest_of(front + block, body, reviewer)
    block += f"  digest: {digest}\n"
    return page(front + block, body)


def approved_digest(body: str) -> str:
    """The digest of the corpus' good page with `body`: a later edit must not match it."""
    return digest_of(BASE + "review:\n  reviewer: morgan-sample\n  reviewed: 2026-11-20\n", body,
                     "morgan-sample")


@dataclass(frozen=True)
class Bad:
    """One bad input, what `alliance check` must say about it, and whether the JSON Schema can tell."""

    id: str
    content: bytes
    field: str
    says: tuple[str, ...] = ()
    status: int = 1
    env: dict[str, str] = field(default_factory=dict)
    schema_rejects: bool = False  # the fault is visible to the editors' JSON Schema


LONG_DESCRIPTION = "This page is about the bond with your therapist, " * 4
CHANGED_BODY = BODY.replace("own words", "own way")

CORPUS: tuple[Bad, ...] = (
    Bad("malformed-yaml", page(BASE + "tags: [Trust, Repair\n"), "front matter",
        ("not valid YAML",)),
    Bad("unclosed-front-matter", b"---\n" + BASE.encode() + BODY.encode(), "front matter",
        ("never closed",)),
    Bad("front-matter-is-a-list", page("- title\n- description\n"), "front matter",
        ("a list",), schema_rejects=True),
    Bad("front-matter-is-a-string", page("just some words\n"), "front matter",
        ("not a set of 'key: value' lines",), schema_rejects=True),
    Bad("front-matter-is-empty", page(""), "front matter", ("empty",)),
    Bad("title-is-a-list", reviewed_page(BASE.replace("title: Talking with your therapist",
                                                      "title: [Talking, therapist]")),
        "title", ("a list",), schema_rejects=True),
    Bad("authors-is-a-string", reviewed_page(BASE.replace("[jordan-example]", "jordan-example")),
        "authors", ("not a list",), schema_rejects=True),
    Bad("tags-is-a-mapping", reviewed_page(BASE + "tags: {topic: Trust}\n"), "tags",
        ("not a list",), schema_rejects=True),
    Bad("description-too-short", reviewed_page(re.sub("description: .*", "description: Too short.",
                                                      BASE)),
        "description", ("fewer than 50",), schema_rejects=True),
    Bad("description-too-long", reviewed_page(re.sub("description: .*",
                                                     f"description: {LONG_DESCRIPTION}", BASE)),
        "description", ("more than 160",), schema_rejects=True),
    Bad("impossible-date", reviewed_page(reviewed="2026-02-30"), "review.reviewed",
        ("2026-02-30",), schema_rejects=True),
    Bad("future-review-date", reviewed_page(reviewed="2027-01-04"), "review.reviewed",
        ("2027-01-04 is in the future",)),
    Bad("date-with-a-time", reviewed_page(reviewed="2026-11-20 10:30:00"), "review.reviewed",
        ("a date with a time",), schema_rejects=True),
    Bad("next-review-before-reviewed", reviewed_page(next_review="2026-01-01"), "review.next_review",
        ("is not after the review date 2026-11-20",)),
    Bad("unknown-author", reviewed_page(BASE.replace("jordan-example", "casey-nobody")), "authors",
        ("'casey-nobody' has no profile page",), schema_rejects=True),
    Bad("unknown-reviewer", reviewed_page(reviewer="riley-nobody"), "review.reviewer",
        ("'riley-nobody' has no profile page",), schema_rejects=True),
    Bad("reviewer-is-an-author", reviewed_page(BASE.replace("[jordan-example]",
                                                            "[jordan-example, morgan-sample]")),
        "review.reviewer", ("also an author",)),
    Bad("author-id-as-reviewer", reviewed_page(reviewer="jordan-example"), "review.reviewer",
        ("not registered as a reviewer",), schema_rejects=True),
    Bad("digest-hand-edited", reviewed_page(digest="sha256:0123-not-a-digest"), "review.digest",
        ("not a review digest",), schema_rejects=True),
    Bad("content-changed-after-review",
        reviewed_page(digest=approved_digest(BODY), body=CHANGED_BODY),
        "review.digest",
        ("the content changed after the review on 2026-11-20",
         f"alliance approve {BAD_PATH} --reviewer <id>")),
    Bad("not-utf-8", page(BASE).replace(b"Talking", b"Talk\xe9ing"), "file",
        ("not valid UTF-8", "line 2")),
    Bad("empty-file", b"", "file", ("empty",)),
    Bad("whitespace-only", b" \n\t\n  \r\n", "file", ("empty",)),
    Bad("no-front-matter", BODY.lstrip().encode(), "front matter", ("missing",)),
    Bad("unknown-key-typo", page(BASE + "reveiw:\n  reviewer: morgan-sample\n"), "reveiw",
        ("did you mean 'review'",), schema_rejects=True),
    Bad("clinical-is-text", reviewed_page(BASE + 'clinical: "no"\n'), "clinical",
        ("not true or false",), schema_rejects=True),
    Bad("review-is-a-string", page(BASE + "review: approved by Morgan\n"), "review",
        ("not a mapping",), schema_rejects=True),
    Bad("title-missing", reviewed_page(BASE.replace("title: Talking with your therapist\n", "")),
        "title", ("is missing",), schema_rejects=True),
    Bad("review-missing", page(BASE), "review",
        ("not been medically reviewed", f"alliance approve {BAD_PATH} --reviewer <id>"),
        schema_rejects=True),
    Bad("overdue-review", reviewed_page(), "review.next_review", ("was due on 2029-11-20",),
        env={"ALLIANCE_TODAY": "2040-01-01"}),
    Bad("sample-reviewer-in-production", reviewed_page(), "review.reviewer",
        ("sample placeholders, refused in production",), env={"ALLIANCE_PRODUCTION": "true"}),
)


def message_line(output: str, path: str, field_name: str) -> str | None:
    """The line of `output` that reports `field_name` in `path` (with or without a line number)."""
    pattern = re.compile(rf"^(?:error: )?{re.escape(path)}(?::\d+)?: {re.escape(field_name)}: .+$",
                         re.M)
    found = pattern.search(output)
    return found.group(0) if found else None


@pytest.fixture
def project_copy(project_copy: Path) -> Path:
    """Every test here writes BAD_PATH; its URL is recorded as `alliance new` would, so the only
    problems reported are the page's own (the check, like the build, fails on an unrecorded page)."""
    record = project_copy / "docs" / ".published-urls.txt"
    record.write_text(record.read_text(encoding="utf-8") + "/articles/bad/\n", encoding="utf-8")
    return project_copy


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 25
    assert len({case.id for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[case.id for case in CORPUS])
def test_check_names_the_file_and_the_field(project_copy: Path, case: Bad):
    (project_copy / BAD_PATH).write_bytes(case.content)
    done = alliance(project_copy, "check", BAD_PATH, **{"ALLIANCE_TODAY": TODAY, **case.env})
    output = done.stdout + done.stderr
    assert done.returncode == case.status, output
    assert "Traceback" not in output
    line = message_line(output, BAD_PATH, case.field)
    assert line, f"no '{BAD_PATH}: {case.field}: …' in:\n{output}"
    for words in case.says:
        assert words in line, f"{words!r} not in {line!r}"


def test_the_good_page_of_the_corpus_passes(project_copy: Path):
    """The corpus bends one thing at a time, so the page it starts from must be clean."""
    (project_copy / BAD_PATH).write_bytes(reviewed_page())
    done = alliance(project_copy, "check", BAD_PATH, ALLIANCE_TODAY=TODAY)
    assert done.returncode == 0, done.stdout + done.stderr


# A few of the corpus through MkDocs itself: the strict build fails with the same words as the
# command, and a plain build still renders each bad page as a draft with a banner and noindex.
BUILT_CASES = ("malformed-yaml", "front-matter-is-a-list", "content-changed-after-review",
               "not-utf-8", "impossible-date", "no-front-matter", "empty-file")


# Values MkDocs and Material read themselves: of the wrong type, they used to stop even a preview
# with a traceback, so the build gives Material only the fields that passed the contract.
FOR_MATERIAL = {
    "search-is-a-number": ("search: 5\n", "search"),
    "tags-is-a-number": ("tags: 5\n", "tags"),
    "tags-hold-a-list": ("tags: [[Trust]]\n", "tags"),
    "title-is-a-number": ("title: 5\n", "title"),
    "authors-is-a-number": ("authors: 5\n", "authors"),
    "unknown-template": ("template: no-such-template.html\n", "template"),
}


@pytest.fixture
def copy_with_bad_pages(project_copy: Path) -> Path:
    by_id = {case.id: case for case in CORPUS}
    for case_id in BUILT_CASES:
        (project_copy / f"docs/articles/{case_id}.md").write_bytes(by_id[case_id].content)
    for name, (line, _) in FOR_MATERIAL.items():
        front = "".join(existing for existing in BASE.splitlines(keepends=True)
                        if existing.split(":")[0] != line.split(":")[0])
        (project_copy / f"docs/articles/{name}.md").write_bytes(reviewed_page(front + line))
    return project_copy


def test_strict_build_fails_with_the_same_messages(copy_with_bad_pages: Path, tmp_path: Path):
    by_id = {case.id: case for case in CORPUS}
    built = mkdocs_build(copy_with_bad_pages, tmp_path / "site", ALLIANCE_TODAY=TODAY)
    checked = alliance(copy_with_bad_pages, "check", ALLIANCE_TODAY=TODAY)
    assert built.returncode == 1, built.output
    assert checked.returncode == 1
    assert "Traceback" not in built.output + checked.stdout + checked.stderr
    for case_id in BUILT_CASES:
        path = f"docs/articles/{case_id}.md"
        in_build = message_line(built.output.replace("WARNING -  ", ""), path, by_id[case_id].field)
        in_check = message_line(checked.stderr, path, by_id[case_id].field)
        assert in_build and in_build == in_check, (case_id, in_build, in_check)
    for name, (_, field_name) in FOR_MATERIAL.items():
        assert message_line(built.output.replace("WARNING -  ", ""), f"docs/articles/{name}.md",
                            field_name), name


def test_plain_build_previews_bad_pages_as_unreviewed_drafts(copy_with_bad_pages: Path,
                                                             tmp_path: Path):
    built = mkdocs_build(copy_with_bad_pages, tmp_path / "site", strict=False, ALLIANCE_TODAY=TODAY)
    assert built.returncode == 0, built.output
    assert "Traceback" not in built.output
    for case_id in [*BUILT_CASES, *FOR_MATERIAL]:
        html = built.page(f"articles/{case_id}/")
        assert 'data-alliance="review-banner"' in html, case_id
        assert "Not yet reviewed" in html, case_id
        assert '<meta name="robots" content="noindex">' in html, case_id
        assert "lastReviewed" not in html and "Medically reviewed by" not in html, case_id
        assert 'data-alliance="disclaimer"' in html and 'data-alliance="crisis"' in html, case_id
        assert "authors: [jordan-example]" not in visible_text(html), f"{case_id}: front matter shown"
