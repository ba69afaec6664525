"""The "In short" summary: required on clinical pages, 2–4 plain sentences, never markup."""

from __future__ import annotations

import pytest

from alliance.content import schema

BASE = {
    "title": "Talking with your therapist",
    "description": "x" * 60,
    "authors": ["jordan-example"],
    "review": {"reviewer": "morgan-sample", "reviewed": "2026-11-25"},
}
GOOD = "Therapy is a team effort. You can say what you want to work on. It is fine to ask questions."


def summary_errors(summary=None, site_clinical: bool = True, **extra) -> list[schema.FieldError]:
    data = {**BASE, **extra}
    if summary is not None:
        data["summary"] = summary
    return [error for error in schema.validate(data, clinical=site_clinical) if error.field == "summary"]


@pytest.mark.parametrize(
    "summary, message, fix",
    [
        (None, "is missing", "2–4 short, plain sentences"),
        ("Too short. Really.", "is 18 characters, fewer than 80", "write 80–400 characters"),
        ("Word " * 90, "more than 400", "shorten it"),
        (
            "One long sentence that says what this page covers without ever stopping to take a breath at all",
            "has 1 sentence, not 2–4",
            "write 2–4 short sentences",
        ),
        (
            "One. Two. Three. Four. Five sentences are more than a reader needs before the article starts.",
            "has 5 sentences, not 2–4",
            "write 2–4",
        ),
        (
            "Therapy is a team effort. <style>.alliance-disclaimer{display:none}</style> Nothing else.",
            "contains Markdown or HTML",
            "plain sentences",
        ),
        (
            "Therapy is a **team** effort. You can say what you want to work on in your own words.",
            "contains Markdown or HTML",
            "plain sentences",
        ),
        (
            "See [this](https://example.org). You can say what you want to work on in your own words.",
            "contains Markdown or HTML",
            "plain sentences",
        ),
        (["a list"], "is a list, not text", "write some text"),
    ],
)
def test_bad_summaries_are_refused_with_a_fix(summary, message, fix):
    errors = summary_errors(summary)
    assert len(errors) == 1, errors
    assert message in errors[0].message and fix in errors[0].fix


def test_a_plain_summary_of_two_to_four_sentences_passes():
    assert summary_errors(GOOD) == []


def test_pages_that_are_not_clinical_need_no_summary():
    """Which pages are not clinical is the site's decision (extra.alliance.not_clinical), so a page's
    own 'clinical: false' does not excuse it from the summary."""
    assert summary_errors(site_clinical=False) == []
    assert [error.message for error in summary_errors(clinical=False)] == ["is missing"]


@pytest.mark.parametrize(
    "text, count",
    [
        ("One. Two.", 2),
        ("One. Two", 2),
        ("One", 1),
        ("Is it? Yes! Fine.", 3),
        ('She said "go." Then left.', 2),
        ("Version 1.5 is out. Good.", 2),
        ("", 0),
    ],
)
def test_sentences_are_counted_as_a_reader_would(text, count):
    assert schema.sentence_count(text) == count


def test_the_json_schema_requires_a_plain_summary_on_clinical_pages():
    document = schema.json_schema()
    assert "summary" in document["allOf"][0]["then"]["required"]
    assert "summary" not in document["required"]
    assert document["properties"]["summary"]["pattern"] == schema.PLAIN_PATTERN
