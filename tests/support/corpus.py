"""The bad-input corpus: pages broken one way each, what `alliance check` must say about each, and
whether the editors' JSON Schema can tell (tests/test_bad_inputs.py, tests/test_review_gate.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from alliance.content import frontmatter
from alliance.content.people import load_registry
from alliance.content.review import review_digest
from support.project import ROOT

BAD_PATH = "docs/articles/bad.md"
TODAY = "2026-11-25"

BODY = """
# Talking with your therapist

It can help to tell your therapist how you feel about the work you do together. You can say it
in your own words. You do not need to find the right words first.

If something they said upset you, you can tell them. A good therapist will want to know.
"""

BASE = (
    "title: Talking with your therapist\n"
    "description: How to tell your therapist what you think and feel, even when it is hard to "
    "say out loud.\n"
    "summary: It can help to tell your therapist how you feel. You can say it in your own words.\n"
    "authors: [jordan-example]\n"
)


def page(front: str, body: str = BODY) -> bytes:
    """A Markdown page with `front` as its front matter text."""
    return f"---\n{front}---\n{body}".encode()


PEOPLE, _ = load_registry(
    (f"people/{path.name}", path.read_bytes()) for path in (ROOT / "docs/people").glob("*.md")
)


def digest_of(front: str, body: str, reviewer: str) -> str:
    """The digest `alliance approve` would write: front matter with its review block, body, reviewer."""
    data, _ = frontmatter.parse(front)
    return review_digest(data, body, reviewer=PEOPLE.get(reviewer))


def reviewed_page(
    front: str = BASE,
    *,
    reviewer: str = "morgan-sample",
    reviewed: str = "2026-11-20",
    next_review: str | None = None,
    digest: str | None = None,
    body: str = BODY,
) -> bytes:
    """A page with a review block whose digest matches its content unless `digest` is given."""
    block = f"review:\n  reviewer: {reviewer}\n  reviewed: {reviewed}\n"
    if next_review:
        block += f"  next_review: {next_review}\n"
    digest = digest or digest_of(front + block, body, reviewer)
    block += f"  digest: {digest}\n"
    return page(front + block, body)


def approved_digest(body: str) -> str:
    """The digest of the corpus' good page with `body`: a later edit must not match it."""
    return digest_of(
        BASE + "review:\n  reviewer: morgan-sample\n  reviewed: 2026-11-20\n", body, "morgan-sample"
    )


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
    Bad("malformed-yaml", page(BASE + "tags: [Trust, Repair\n"), "front matter", ("not valid YAML",)),
    Bad("unclosed-front-matter", b"---\n" + BASE.encode() + BODY.encode(), "front matter", ("never closed",)),
    Bad(
        "front-matter-is-a-list",
        page("- title\n- description\n"),
        "front matter",
        ("a list",),
        schema_rejects=True,
    ),
    Bad(
        "front-matter-is-a-string",
        page("just some words\n"),
        "front matter",
        ("not a set of 'key: value' lines",),
        schema_rejects=True,
    ),
    Bad("front-matter-is-empty", page(""), "front matter", ("empty",)),
    Bad(
        "title-is-a-list",
        reviewed_page(BASE.replace("title: Talking with your therapist", "title: [Talking, therapist]")),
        "title",
        ("a list",),
        schema_rejects=True,
    ),
    Bad(
        "authors-is-a-string",
        reviewed_page(BASE.replace("[jordan-example]", "jordan-example")),
        "authors",
        ("not a list",),
        schema_rejects=True,
    ),
    Bad(
        "tags-is-a-mapping",
        reviewed_page(BASE + "tags: {topic: Trust}\n"),
        "tags",
        ("not a list",),
        schema_rejects=True,
    ),
    Bad(
        "description-too-short",
        reviewed_page(re.sub("description: .*", "description: Too short.", BASE)),
        "description",
        ("fewer than 50",),
        schema_rejects=True,
    ),
    Bad(
        "description-too-long",
        reviewed_page(re.sub("description: .*", f"description: {LONG_DESCRIPTION}", BASE)),
        "description",
        ("more than 160",),
        schema_rejects=True,
    ),
    Bad(
        "impossible-date",
        reviewed_page(reviewed="2026-02-30"),
        "review.reviewed",
        ("2026-02-30",),
        schema_rejects=True,
    ),
    Bad(
        "future-review-date",
        reviewed_page(reviewed="2027-01-04"),
        "review.reviewed",
        ("2027-01-04 is in the future",),
    ),
    Bad(
        "date-with-a-time",
        reviewed_page(reviewed="2026-11-20 10:30:00"),
        "review.reviewed",
        ("a date with a time",),
        schema_rejects=True,
    ),
    Bad(
        "next-review-before-reviewed",
        reviewed_page(next_review="2026-01-01"),
        "review.next_review",
        ("is not after the review date 2026-11-20",),
    ),
    Bad(
        "unknown-author",
        reviewed_page(BASE.replace("jordan-example", "casey-nobody")),
        "authors",
        ("'casey-nobody' has no profile page",),
        schema_rejects=True,
    ),
    Bad(
        "unknown-reviewer",
        reviewed_page(reviewer="riley-nobody"),
        "review.reviewer",
        ("'riley-nobody' has no profile page",),
        schema_rejects=True,
    ),
    Bad(
        "reviewer-is-an-author",
        reviewed_page(BASE.replace("[jordan-example]", "[jordan-example, morgan-sample]")),
        "review.reviewer",
        ("also an author",),
    ),
    Bad(
        "author-id-as-reviewer",
        reviewed_page(reviewer="jordan-example"),
        "review.reviewer",
        ("not registered as a reviewer",),
        schema_rejects=True,
    ),
    Bad(
        "digest-hand-edited",
        reviewed_page(digest="sha256:0123-not-a-digest"),
        "review.digest",
        ("not a review digest",),
        schema_rejects=True,
    ),
    Bad(
        "content-changed-after-review",
        reviewed_page(digest=approved_digest(BODY), body=CHANGED_BODY),
        "review.digest",
        (
            "the content changed after the review on 2026-11-20",
            f"alliance approve {BAD_PATH} --reviewer <id>",
        ),
    ),
    Bad("not-utf-8", page(BASE).replace(b"Talking", b"Talk\xe9ing"), "file", ("not valid UTF-8", "line 2")),
    Bad("empty-file", b"", "file", ("empty",)),
    Bad("whitespace-only", b" \n\t\n  \r\n", "file", ("empty",)),
    Bad("no-front-matter", BODY.lstrip().encode(), "front matter", ("missing",)),
    Bad(
        "unknown-key-typo",
        page(BASE + "reveiw:\n  reviewer: morgan-sample\n"),
        "reveiw",
        ("did you mean 'review'",),
        schema_rejects=True,
    ),
    Bad(
        "clinical-is-text",
        reviewed_page(BASE + 'clinical: "no"\n'),
        "clinical",
        ("not true or false",),
        schema_rejects=True,
    ),
    Bad(
        "review-is-a-string",
        page(BASE + "review: approved by Morgan\n"),
        "review",
        ("not a mapping",),
        schema_rejects=True,
    ),
    Bad(
        "title-missing",
        reviewed_page(BASE.replace("title: Talking with your therapist\n", "")),
        "title",
        ("is missing",),
        schema_rejects=True,
    ),
    Bad(
        "review-missing",
        page(BASE),
        "review",
        ("not been medically reviewed", f"alliance approve {BAD_PATH} --reviewer <id>"),
        schema_rejects=True,
    ),
    Bad(
        "overdue-review",
        reviewed_page(),
        "review.next_review",
        ("was due on 2029-11-20",),
        env={"ALLIANCE_TODAY": "2040-01-01"},
    ),
    Bad(
        "sample-reviewer-in-production",
        reviewed_page(),
        "review.reviewer",
        ("sample placeholders, refused in production",),
        env={"ALLIANCE_PRODUCTION": "true"},
    ),
)
