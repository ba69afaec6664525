"""`alliance.render.page_view`: what the templates show on a page, from its checked record. A page
shows a reviewer, review dates and review claims in its JSON-LD only when its review holds; anything
else is an unreviewed draft (banner, noindex, its problems listed)."""

from __future__ import annotations

import json
import re

import pytest
from support.hostile import ABOUT_FRONT, ARTICLE, CONTEXT, FRONT, SETTINGS, approved, page

from alliance.content import review
from alliance.content.pages import PageRecord, check_page
from alliance.render.html_extract import extract
from alliance.render.page_view import STATE_LABELS, crisis_view, opted_out_view, page_view
from alliance.render.strings import strings_for

TITLE = "Talking with your therapist"
HTML = (
    '<p>Words.</p><details class="question"><summary>Can I say no?</summary><p>Yes.</p></details>'
    '<div class="footnote"><ol><li>A study (2020). '
    '<a href="https://doi.org/10.1000/1">https://doi.org/10.1000/1</a></li></ol></div>'
)
CRISIS = {"marker": "the site's crisis view, passed through"}


def site_url_of(src_uri: str) -> str:
    return "/" + re.sub(r"(index)?\.md$", "", src_uri)


def view_of(record: PageRecord, html: str = HTML, title: str = TITLE) -> dict:
    return page_view(
        record,
        extracted=extract(html),
        title=title,
        page_url="articles/attack/",
        ancestors=[("Articles", SETTINGS.page_url("articles/"))],
        settings=SETTINGS,
        registry=CONTEXT.registry,
        site_url_of=site_url_of,
        crisis=CRISIS,
    )


def graph_node(view: dict, kind: str) -> dict:
    (node,) = [node for node in json.loads(view["jsonld"])["@graph"] if node["@type"] == kind]
    return node


def test_an_approved_page_shows_its_byline_and_review_dates():
    view = view_of(check_page(ARTICLE, approved(), CONTEXT))
    assert view["clinical"] is True and view["reviewed"] is True and view["noindex"] is False
    assert view["state"] == "sample" and view["state_label"] == "" and view["problems"] == []
    assert view["authors"] == [
        {
            "name": "Jordan Example",
            "credentials": "MA (sample)",
            "role": "Health writer (sample placeholder)",
            "url": "/people/jordan-example",
            "sample": True,
        }
    ]
    assert view["reviewer"]["name"] == "Dr Morgan Sample"
    assert view["reviewer"]["url"] == "/people/morgan-sample"
    assert view["author_names"] == "Jordan Example" and view["sample"] is True
    assert view["last_reviewed"] == {"iso": "2026-11-20", "text": "20 November 2026"}
    assert view["next_review"] == {"iso": "2029-11-20", "text": "20 November 2029"}
    assert view["summary"].startswith("You can tell your therapist")
    assert view["crisis"] is CRISIS and view["disclaimer"] == SETTINGS.disclaimer
    assert view["policy_url"] == site_url_of(SETTINGS.policy_page)
    assert view["feedback_url"].endswith("Feedback%20on%20Talking%20with%20your%20therapist")
    assert view["share"]["type"] == "article"
    assert view["share"]["url"] == SETTINGS.page_url("articles/attack/")
    medical = graph_node(view, "MedicalWebPage")
    assert medical["lastReviewed"] == "2026-11-20" and "reviewedBy" in medical
    assert [crumb["name"] for crumb in graph_node(view, "BreadcrumbList")["itemListElement"]] == [
        "Home",
        "Articles",
        TITLE,
    ]
    assert graph_node(view, "FAQPage")["mainEntity"][0]["name"] == "Can I say no?"
    assert medical["citation"][0]["url"] == "https://doi.org/10.1000/1"


@pytest.mark.parametrize(
    ("raw", "state"),
    [
        (page(FRONT), review.MISSING),
        (approved().replace(b"in your own", b"in your very own"), review.CHANGED),
        (approved(FRONT.replace("[jordan-example]", "[jordan-example, nobody-known]")), review.INVALID),
    ],
    ids=["no-review", "changed-after-review", "invalid"],
)
def test_a_page_without_a_holding_review_is_a_draft_that_claims_no_review(raw: bytes, state: str):
    record = check_page(ARTICLE, raw, CONTEXT)
    view = view_of(record)
    assert view["state"] == state
    assert view["reviewed"] is False and view["noindex"] is True
    assert view["reviewer"] is None and view["last_reviewed"] is None and view["next_review"] is None
    assert view["state_label"] == strings_for("en")[STATE_LABELS[state]] != ""
    assert view["problems"] == [f"{p.field}: {p.message}; {p.fix}" for p in record.errors] != []
    medical = graph_node(view, "MedicalWebPage")
    for claim in ("lastReviewed", "reviewedBy", "dateModified", "datePublished"):
        assert claim not in medical, claim
    assert [node["name"] for node in json.loads(view["jsonld"])["@graph"] if node["@type"] == "Person"] == [
        "Jordan Example"
    ]  # the unknown author has no profile, so no node


@pytest.mark.parametrize(
    ("extra", "key", "expected"),
    [
        ("summary: '   '\n", "summary", ""),
        ("content_warnings: [Self-harm, 5, {a: b}]\n", "content_warnings", ["Self-harm"]),
        ("content_warnings: Self-harm\n", "content_warnings", []),
        ("tags: [Trust, 7]\n", "tags", ["Trust"]),
    ],
    ids=["blank-summary", "warnings-not-text-dropped", "warnings-not-a-list", "tags-not-text-dropped"],
)
def test_draft_front_matter_of_the_wrong_shape_shows_only_its_text(extra: str, key: str, expected):
    front = (
        "".join(line for line in FRONT.splitlines(keepends=True) if line.split(":")[0] != extra.split(":")[0])
        + extra
    )
    view = view_of(check_page(ARTICLE, page(front), CONTEXT))
    if key == "tags":
        assert [thing["name"] for thing in graph_node(view, "MedicalWebPage")["about"]] == expected
    else:
        assert view[key] == expected


def test_an_opted_out_page_is_a_web_page_and_a_profile_a_profile_page():
    plain = opted_out_view(SETTINGS, "About this site", CRISIS, page_url="about/", description="Who.")
    assert plain["clinical"] is False and plain["reviewed"] is False and plain["noindex"] is False
    assert plain["crisis"] is CRISIS and plain["share"]["type"] == "website"
    assert [node["@type"] for node in json.loads(plain["jsonld"])["@graph"]] == [
        "WebPage",
        "WebSite",
        "Organization",
    ]
    assert plain["feedback_url"].endswith("About%20this%20site")
    person = CONTEXT.registry["morgan-sample"]
    profile = opted_out_view(
        SETTINGS,
        person.name,
        CRISIS,
        page_url="people/morgan-sample/",
        description="Reviewer.",
        person=person,
    )
    assert profile["share"]["type"] == "profile"
    assert [node["@type"] for node in json.loads(profile["jsonld"])["@graph"]] == [
        "ProfilePage",
        "Person",
        "WebSite",
        "Organization",
    ]
    assert check_page("about/how-we-review.md", page(ABOUT_FRONT), CONTEXT).errors == []


def test_the_crisis_view_puts_the_sites_region_first_with_its_strip_line():
    view = crisis_view(SETTINGS, site_url_of)
    assert view["help_url"] == site_url_of(SETTINGS.help_page)
    assert view["regions"][0]["code"] == SETTINGS.region
    assert sorted(region["code"] for region in view["regions"]) == sorted(
        region.code for region in SETTINGS.regions
    )
    own = next(region for region in SETTINGS.regions if region.code == SETTINGS.region)
    chosen = next((helpline for helpline in own.helplines if helpline.strip), own.helplines[0])
    strip = view["strip"]
    assert strip["name"] == chosen.name and strip["tel"] == chosen.numbers[0][1]
    assert strip["number"] in chosen.numbers[0][0] and re.fullmatch(r"\+?[\d ]+", strip["number"])
    for region in view["regions"]:
        assert re.fullmatch(r"\+?\d+", region["emergency_tel"]), region
        for helpline in region["helplines"]:
            assert helpline["numbers"] and all(number["tel"] for number in helpline["numbers"])
            if helpline["verified"]:
                assert helpline["method"] and helpline["verified_by"], helpline
