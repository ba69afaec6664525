"""A page's state is decided once, from the facts its checks leave on the record: the same states
(and problems) as the checks that used to set it along the way."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

import pytest
from conftest import ROOT

from alliance.content import review as states
from alliance.content.pages import Context, check_page
from alliance.content.site import load_site
from alliance.settings import load

TODAY = dt.date(2026, 11, 25)
SETTINGS = load(ROOT / "mkdocs.yml")
SAMPLE_REGISTRY = load_site(SETTINGS, TODAY, only=[]).registry
REAL_REGISTRY = {pid: dataclasses.replace(person, sample=False) for pid, person in SAMPLE_REGISTRY.items()}
PAGE = "articles/building-trust.md"
SAMPLE_TEXT = (ROOT / "docs" / PAGE).read_text(encoding="utf-8")
# The reviewer's profile is bound by the digest: approved again under the non-sample profile.
_DIGEST = check_page(PAGE, SAMPLE_TEXT.encode(), Context(SETTINGS, REAL_REGISTRY, TODAY)).digest
TEXT = re.sub(r"digest: \S+", f"digest: {_DIGEST}", SAMPLE_TEXT)


def _sub(pattern: str, replacement: str) -> Callable[[str], str]:
    return lambda text: re.sub(pattern, replacement, text, count=1, flags=re.M)


def _same(text: str) -> str:
    return text


CASES = [  # (id, edit, registry, today, state, fields of the problems)
    ("sample reviewer", lambda text: SAMPLE_TEXT, SAMPLE_REGISTRY, TODAY, states.SAMPLE, []),
    ("sample profile changed", _same, SAMPLE_REGISTRY, TODAY, states.CHANGED, ["review.digest"]),
    ("ok", _same, REAL_REGISTRY, TODAY, states.OK, []),
    ("due soon", _same, REAL_REGISTRY, dt.date(2029, 11, 20), states.DUE_SOON, ["review.next_review"]),
    (
        "sample and due soon",
        lambda text: SAMPLE_TEXT,
        SAMPLE_REGISTRY,
        dt.date(2029, 11, 20),
        states.SAMPLE,
        ["review.next_review"],
    ),
    ("overdue", _same, REAL_REGISTRY, dt.date(2029, 12, 1), states.OVERDUE, ["review.next_review"]),
    (
        "changed",
        _sub(r"^Sitting down", "Sitting up"),
        REAL_REGISTRY,
        TODAY,
        states.CHANGED,
        ["review.digest"],
    ),
    (
        "older digest",
        _sub(r"digest: sha256v2:", "digest: sha256:"),
        REAL_REGISTRY,
        TODAY,
        states.CHANGED,
        ["review.digest"],
    ),
    ("no digest", _sub(r"^  digest: .*\n", ""), REAL_REGISTRY, TODAY, states.MISSING, ["review.digest"]),
    ("no review", _sub(r"^review:\n(  .*\n)+", ""), REAL_REGISTRY, TODAY, states.MISSING, ["review"]),
    (
        "review is text",
        _sub(r"^review:\n(  .*\n)+", "review: soon\n"),
        REAL_REGISTRY,
        TODAY,
        states.MISSING,
        ["review"],
    ),
    (
        "no review date",
        _sub(r"^  reviewed: .*\n", ""),
        REAL_REGISTRY,
        TODAY,
        states.INVALID,
        ["review.reviewed"],
    ),
    (
        "future review",
        _sub(r"^  reviewed: .*\n", "  reviewed: 2027-01-01\n"),
        REAL_REGISTRY,
        TODAY,
        states.CHANGED,
        ["review.digest", "review.reviewed"],
    ),
    ("no title", _sub(r"^title: .*\n", ""), REAL_REGISTRY, TODAY, states.INVALID, ["title"]),
    (
        "no title, changed",
        lambda text: _sub(r"^title: .*\n", "")(text.replace("Sitting down", "Up")),
        REAL_REGISTRY,
        TODAY,
        states.INVALID,
        ["title"],
    ),
    (
        "unknown reviewer",
        _sub(r"reviewer: morgan-sample", "reviewer: nobody"),
        REAL_REGISTRY,
        TODAY,
        states.CHANGED,
        ["review.digest", "review.reviewer"],
    ),
    ("empty file", lambda text: "", REAL_REGISTRY, TODAY, states.INVALID, ["file"]),
    (
        "no front matter",
        lambda text: text.split("---\n", 2)[2],
        REAL_REGISTRY,
        TODAY,
        states.INVALID,
        ["front matter"],
    ),
]


@pytest.mark.parametrize(
    ("edit", "registry", "today", "state", "fields"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_one_decision_of_the_state(
    edit: Callable[[str], str], registry: dict, today: dt.date, state: str, fields: list[str]
):
    record = check_page(PAGE, edit(TEXT).encode("utf-8"), Context(SETTINGS, registry, today))
    assert record.state == state
    assert sorted({problem.field for problem in record.problems}) == fields


@pytest.mark.parametrize(
    ("text", "state"),
    [
        (TEXT, states.OPTED_OUT),
        ("", states.INVALID),
        ("---\n- a list\n---\nbody\n", states.INVALID),
        (
            "---\ntitle: Help\ndescription: Where to get help today, whoever and wherever you are.\n"
            "---\n\n# Help\n",
            states.OPTED_OUT,
        ),
        ("---\ntitle: Help\n---\n\n# Help\n", states.INVALID),
    ],
)
def test_a_page_the_site_opts_out_is_opted_out_unless_it_has_errors(text: str, state: str):
    settings = dataclasses.replace(SETTINGS, not_clinical=(PAGE,))
    assert settings.is_not_clinical(PAGE)
    record = check_page(PAGE, text.encode("utf-8"), Context(settings, REAL_REGISTRY, TODAY))
    assert record.state == state


@pytest.mark.parametrize("edit", [case[1] for case in CASES], ids=[case[0] for case in CASES])
def test_a_records_facts_are_the_record_without_the_pages_text(edit: Callable[[str], str]):
    # What a build keeps of each page once MkDocs has its source, and what the workers are sent.
    record = check_page(PAGE, edit(TEXT).encode("utf-8"), Context(SETTINGS, REAL_REGISTRY, TODAY))
    facts = record.facts()
    assert (facts.text, facts.body) == (None, "")
    assert dataclasses.replace(facts, text=record.text, body=record.body) == record
    assert (facts.reviewed, facts.errors) == (record.reviewed, record.errors)
    assert facts.facts() is facts
