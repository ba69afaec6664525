"""`alliance approve`: writes the review block and no other byte; refuses what may not be approved;
and the approve → edit → check fails → approve → build passes round trip."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import alliance, mkdocs_build

TODAY = "2026-11-25"
PAGE = "docs/articles/approve-me.md"
BODY = (
    "# Talking with your therapist\n\nIt can help to tell your therapist how you feel. You can say "
    "it in your own words.\n\nA good therapist will want to know.  \n"
)

COMMENTED = (
    "# The writer's own comment stays where it is\n"
    "title: 'Talking with your therapist'   # quoted, with a trailing comment\n"
    "description: >-\n"
    "  How to tell your therapist what you think and feel,\n"
    "  even when it is hard to say out loud.\n"
    "summary: It can help to tell your therapist how you feel. You can say it in your own words.\n"
    "authors:\n"
    '  - "jordan-example"\n'
)
AFTER_REVIEW = "tags: [Trust, 'Talking']\n"


def new_block(newline: str, reviewed: str = TODAY, next_review: str = "2029-11-25") -> re.Pattern:
    n = re.escape(newline)
    return re.compile(
        rf"review:{n}  reviewer: morgan-sample{n}  reviewed: {reviewed}{n}"
        rf"  next_review: {next_review}{n}  digest: sha256v2:[0-9a-f]{{64}}{n}"
    )


# (id, text before the review block, the existing review block, text after it)
LAYOUTS = [
    ("no-review-yet", "---\n" + COMMENTED + AFTER_REVIEW, "", "---\n\n" + BODY),
    (
        "crlf",
        ("---\n" + COMMENTED + AFTER_REVIEW).replace("\n", "\r\n"),
        "",
        ("---\n\n" + BODY).replace("\n", "\r\n"),
    ),
    (
        "stale-block-in-the-middle",
        "---\n" + COMMENTED,
        "review:\n  reviewer: morgan-sample   # an old review\n  reviewed: 2020-01-02\n"
        "  digest: sha256:" + "0" * 64 + "\n",
        "\n# a comment after the block\n" + AFTER_REVIEW + "---\n" + BODY,
    ),
    (
        "flow-style-block",
        "---\n" + COMMENTED,
        "review: {reviewer: someone-else}\n",
        AFTER_REVIEW + "...\n" + BODY,
    ),
    (
        "flow-style-over-two-lines-crlf",
        ("---\n" + COMMENTED).replace("\n", "\r\n"),
        "review: {reviewer: morgan-sample,\r\n  reviewed: 2021-03-04}\r\n",
        (AFTER_REVIEW + "---\n" + BODY).replace("\n", "\r\n"),
    ),
    ("byte-order-mark", "\ufeff---\n" + COMMENTED + AFTER_REVIEW, "", "---\n" + BODY),
]


@pytest.mark.parametrize(
    "before, old_block, after", [case[1:] for case in LAYOUTS], ids=[case[0] for case in LAYOUTS]
)
def test_approve_changes_only_the_review_block(project_copy: Path, before, old_block, after):
    target = project_copy / PAGE
    target.write_bytes((before + old_block + after).encode("utf-8"))
    # A new page is recorded as published, as `alliance new` does; the check fails on one that is not.
    assert alliance(project_copy, "urls", "--update").returncode == 0
    done = alliance(project_copy, "approve", PAGE, "--reviewer", "morgan-sample", ALLIANCE_TODAY=TODAY)
    assert done.returncode == 0, done.stderr
    assert f"{PAGE}: approved by morgan-sample on {TODAY}" in done.stdout
    written = target.read_bytes().decode("utf-8")
    assert written.startswith(before), "bytes before the review block changed"
    assert written.endswith(after), "bytes after the review block changed"
    block = written[len(before) : len(written) - len(after)]
    newline = "\r\n" if "\r\n" in before else "\n"
    assert new_block(newline).fullmatch(block), block
    checked = alliance(project_copy, "check", PAGE, ALLIANCE_TODAY=TODAY)
    assert checked.returncode == 0, checked.stderr


def test_approving_again_replaces_the_block_it_wrote(project_copy: Path):
    target = project_copy / PAGE
    target.write_bytes(("---\n" + COMMENTED + "---\n" + BODY).encode())
    assert (
        alliance(
            project_copy, "approve", PAGE, "--reviewer", "morgan-sample", ALLIANCE_TODAY=TODAY
        ).returncode
        == 0
    )
    first = target.read_text(encoding="utf-8")
    done = alliance(
        project_copy,
        "approve",
        PAGE,
        "--reviewer",
        "morgan-sample",
        "--on",
        "2026-12-01",
        ALLIANCE_TODAY="2026-12-02",
    )
    assert done.returncode == 0, done.stderr
    second = target.read_text(encoding="utf-8")
    digest = re.compile(r"digest: \S+")
    assert digest.sub("digest: D", second) == digest.sub("digest: D", first).replace(
        f"reviewed: {TODAY}", "reviewed: 2026-12-01"
    ).replace("next_review: 2029-11-25", "next_review: 2029-12-01")
    assert digest.findall(second) != digest.findall(first), "the dates are bound by the digest"
    assert len(re.findall(r"^review:", second, re.M)) == 1


def test_round_trip_approve_edit_check_approve_build(project_copy: Path, tmp_path: Path):
    article = "docs/articles/building-trust.md"
    target = project_copy / article
    text = target.read_text(encoding="utf-8")
    assert "trust this person" in text
    target.write_text(text.replace("trust this person", "trust this therapist", 1), encoding="utf-8")

    checked = alliance(project_copy, "check", article, ALLIANCE_TODAY=TODAY)
    assert checked.returncode == 1
    assert (
        f"{article}: review.digest: the content changed after the review on 2026-11-25; ask a "
        f"reviewer to run: alliance approve {article} --reviewer <id>"
    ) in checked.stderr
    status = alliance(project_copy, "status", "--format", "json", ALLIANCE_TODAY=TODAY)
    assert '"state": "changed since review"' in status.stdout

    approved = alliance(project_copy, "approve", article, "--reviewer", "morgan-sample", ALLIANCE_TODAY=TODAY)
    assert approved.returncode == 0, approved.stderr
    assert alliance(project_copy, "check", ALLIANCE_TODAY=TODAY).returncode == 0
    built = mkdocs_build(project_copy, tmp_path / "site", ALLIANCE_TODAY=TODAY)
    assert built.returncode == 0, built.output
    assert "trust this therapist" in built.page("articles/building-trust/")


def test_line_endings_do_not_void_a_review(project_copy: Path):
    article = project_copy / "docs/articles/ending-therapy.md"
    text = article.read_text(encoding="utf-8")
    article.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    done = alliance(project_copy, "check", "docs/articles/ending-therapy.md", ALLIANCE_TODAY=TODAY)
    assert done.returncode == 0, done.stderr


def test_trailing_spaces_void_a_review(project_copy: Path):
    """Two trailing spaces are a line break readers see: the digest binds the body as it renders."""
    article = project_copy / "docs/articles/ending-therapy.md"
    lines = article.read_text(encoding="utf-8").split("\n")
    front_end = lines.index("---", 1)
    paragraph = next(index for index in range(front_end + 3, len(lines)) if lines[index][:1].isalpha())
    lines[paragraph] += "  "
    article.write_text("\n".join(lines), encoding="utf-8")
    done = alliance(project_copy, "check", "docs/articles/ending-therapy.md", ALLIANCE_TODAY=TODAY)
    assert done.returncode == 1
    assert "docs/articles/ending-therapy.md: review.digest: the content changed" in done.stderr


def test_a_changed_word_in_the_front_matter_voids_a_review(project_copy: Path):
    article = project_copy / "docs/articles/ending-therapy.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("tags: [", "tags: [Endings, ", 1), encoding="utf-8")
    done = alliance(project_copy, "check", "docs/articles/ending-therapy.md", ALLIANCE_TODAY=TODAY)
    assert done.returncode == 1
    assert "docs/articles/ending-therapy.md: review.digest: the content changed" in done.stderr


BOTH_ROLES = """---
title: Sam Both (test profile)
description: Sam Both writes and reviews pages; a profile made up for the approve tests only.
clinical: false
person:
  name: Sam Both
  credentials: DClinPsy
  role: Clinical psychologist
  roles: [author, reviewer]
  registration_body: Health and Care Professions Council
  registration_number: PYL000000
  github: sam-both
---

# Sam Both
"""


def write_page(project: Path, front: str) -> None:
    (project / PAGE).write_bytes(("---\n" + front + "---\n" + BODY).encode())


REFUSALS = [
    # (id, front matter, approve arguments, words the message must hold)
    (
        "reviewer-wrote-the-page",
        COMMENTED.replace('"jordan-example"', "sam-both"),
        ["--reviewer", "sam-both"],
        [f"{PAGE}: review.reviewer: 'sam-both' wrote this page"],
    ),
    (
        "author-is-not-a-reviewer",
        COMMENTED,
        ["--reviewer", "jordan-example"],
        [f"{PAGE}: review.reviewer: 'jordan-example' is not a reviewer"],
    ),
    (
        "unknown-reviewer",
        COMMENTED,
        ["--reviewer", "nobody-here"],
        [f"{PAGE}: review.reviewer: 'nobody-here' is not a reviewer", "a reviewer profile in people/"],
    ),
    (
        "future-date",
        COMMENTED,
        ["--reviewer", "morgan-sample", "--on", "2026-12-24"],
        [f"{PAGE}: review.reviewed: 2026-12-24 is in the future"],
    ),
    (
        "page-opts-itself-out",
        COMMENTED + "clinical: false\n",
        ["--reviewer", "morgan-sample"],
        [f"{PAGE}: clinical: only the site can opt a page out of review"],
    ),
    (
        "invalid-page",
        re.sub(r"description: >-\n(  .*\n)+", "description: Too short.\n", COMMENTED),
        ["--reviewer", "morgan-sample"],
        [f"{PAGE}: description: is ", "fewer than 50"],
    ),
    (
        "unknown-author",
        COMMENTED.replace('"jordan-example"', "nobody-wrote-it"),
        ["--reviewer", "morgan-sample"],
        [f"{PAGE}: authors: 'nobody-wrote-it' has no profile page"],
    ),
]


@pytest.mark.parametrize(
    "front, arguments, says", [case[1:] for case in REFUSALS], ids=[case[0] for case in REFUSALS]
)
def test_approve_refuses(project_copy: Path, front, arguments, says):
    (project_copy / "docs/people/sam-both.md").write_text(BOTH_ROLES, encoding="utf-8")
    write_page(project_copy, front)
    before = (project_copy / PAGE).read_bytes()
    done = alliance(project_copy, "approve", PAGE, *arguments, ALLIANCE_TODAY=TODAY)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    for words in says:
        assert words in done.stderr, done.stderr
    assert (project_copy / PAGE).read_bytes() == before, "a refused approval must not touch the file"


def test_approve_refuses_a_sample_reviewer_in_production(project_copy: Path):
    write_page(project_copy, COMMENTED)
    done = alliance(
        project_copy,
        "approve",
        PAGE,
        "--reviewer",
        "morgan-sample",
        ALLIANCE_TODAY=TODAY,
        ALLIANCE_PRODUCTION="true",
    )
    assert done.returncode == 1
    assert f"{PAGE}: review.reviewer: 'morgan-sample' is a sample placeholder" in done.stderr


@pytest.mark.parametrize(
    "arguments, says",
    [
        (
            ["docs/articles/missing.md", "--reviewer", "morgan-sample"],
            "docs/articles/missing.md: no such file",
        ),
        (["mkdocs.yml", "--reviewer", "morgan-sample"], "mkdocs.yml: not a Markdown page"),
        ([PAGE, "--reviewer", "morgan-sample", "--on", "2026-02-30"], "'2026-02-30' is not a date"),
    ],
    ids=["missing-file", "not-a-page", "impossible-on-date"],
)
def test_approve_rejects_bad_arguments_cleanly(project_copy: Path, arguments, says):
    write_page(project_copy, COMMENTED)
    done = alliance(project_copy, "approve", *arguments, ALLIANCE_TODAY=TODAY)
    assert done.returncode == 2
    assert says in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_one_refused_page_does_not_stop_the_others(project_copy: Path):
    write_page(project_copy, COMMENTED)
    opted_out = project_copy / "docs/index.md"
    before = opted_out.read_bytes()
    done = alliance(
        project_copy, "approve", "docs/index.md", PAGE, "--reviewer", "morgan-sample", ALLIANCE_TODAY=TODAY
    )
    assert done.returncode == 1
    assert "docs/index.md: clinical: the page is opted out of review" in done.stderr
    assert f"{PAGE}: approved by morgan-sample" in done.stdout
    assert opted_out.read_bytes() == before
    assert new_block("\n").search((project_copy / PAGE).read_text(encoding="utf-8"))


def test_approve_refuses_a_page_past_markdowns_time_budget(project_copy: Path):
    # A page Markdown would take long to render (session 31's caps, content.renderable) is never
    # approved: its review would bind a page the build refuses to render. ('[a ' 8,000 times took 32 s.)
    page = "---\n" + COMMENTED + "---\n" + BODY + "\nText " + "[a " * 3000 + "\n"
    (project_copy / PAGE).write_bytes(page.encode())
    done = alliance(project_copy, "approve", PAGE, "--reviewer", "morgan-sample", ALLIANCE_TODAY=TODAY)
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith(("error:", PAGE))]
    assert len(errors) == 1 and f"{PAGE}:" in errors[0] and "markdown: holds '[' (links" in errors[0], errors
    assert (project_copy / PAGE).read_bytes() == page.encode()
