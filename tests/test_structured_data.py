"""`alliance.render.structured_data`: the JSON-LD graph claims only what a reader can see, names each
person by one @id (their profile), and claims no review for a page that has none."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from support import ROOT
from support.examples import examples

from alliance.content.people import Person
from alliance.content.review import Review
from alliance.render.html_extract import Faq, Source
from alliance.render.structured_data import (
    ORGANIZATION_ID,
    WEBSITE_ID,
    PageFacts,
    page_graph,
    person_id,
    profile_graph,
    script_text,
    site_nodes,
    web_page_graph,
)
from alliance.settings import load

SETTINGS = load(ROOT / "mkdocs.yml")
THEME_ENV = load_config(str(ROOT / "mkdocs.yml")).theme.get_env()  # Material's, with overrides/
SITE = SETTINGS.page_url("")
URL = SETTINGS.page_url("articles/talking/")
WRITER = Person(
    id="sam-writer",
    name="Sam Writer",
    role="Health writer",
    roles=("author",),
    src_uri="people/sam-writer.md",
)
REVIEWER = Person(
    id="ray-reviewer",
    name="Dr Ray Reviewer",
    role="Clinical psychologist",
    roles=("reviewer",),
    credentials="DClinPsy",
    registration_body="Registration Council",
    registration_number="PYL000001",
    src_uri="people/ray-reviewer.md",
)
REVIEW = Review("ray-reviewer", dt.date(2026, 11, 20), dt.date(2029, 11, 20), "sha256v2:" + "0" * 64)
FACTS = PageFacts(
    url=URL,
    title="Talking with your therapist",
    description="How to say it.",
    tags=("Trust", "Talking"),
    authors=(WRITER,),
    reviewer=REVIEWER,
    review=REVIEW,
    published=None,
    breadcrumbs=(
        ("Home", SITE),
        ("Articles", SETTINGS.page_url("articles/")),
        ("Talking with your therapist", URL),
    ),
    faqs=(Faq("Can I say no?", "Yes, you can."),),
    sources=(Source("A study (2020)", "https://doi.org/10.1000/1"),),
    image=SETTINGS.page_url("assets/card.png"),
)


def profile_url(person: Person) -> str:
    return SETTINGS.page_url(person.src_uri.removesuffix(".md") + "/")


def nodes(graph: dict, kind: str) -> list[dict]:
    return [node for node in graph["@graph"] if node["@type"] == kind]


def the(graph: dict, kind: str) -> dict:
    (node,) = nodes(graph, kind)
    return node


def test_a_reviewed_page_names_its_reviewer_and_review_dates():
    graph = page_graph(FACTS, SETTINGS, profile_url)
    page = the(graph, "MedicalWebPage")
    assert page["@id"] == URL + "#page" and page["url"] == URL and page["headline"] == FACTS.title
    assert page["lastReviewed"] == page["dateModified"] == page["datePublished"] == "2026-11-20"
    assert page["reviewedBy"] == {"@id": profile_url(REVIEWER) + "#person"}
    assert page["author"] == [{"@id": profile_url(WRITER) + "#person"}]
    assert page["about"] == [{"@type": "Thing", "name": "Trust"}, {"@type": "Thing", "name": "Talking"}]
    assert page["citation"] == [
        {"@type": "CreativeWork", "name": "A study (2020)", "url": "https://doi.org/10.1000/1"}
    ]
    assert page["image"] == FACTS.image
    assert page["medicalAudience"]["audienceType"] == "Patient"
    assert {node["@id"] for node in nodes(graph, "Person")} == {
        profile_url(WRITER) + "#person",
        profile_url(REVIEWER) + "#person",
    }
    assert graph["@context"] == "https://schema.org"


@pytest.mark.parametrize(
    ("change", "absent"),
    [
        ({"review": None}, ("lastReviewed", "reviewedBy", "dateModified", "datePublished")),
        ({"reviewer": None}, ("lastReviewed", "reviewedBy", "dateModified")),
        ({"sources": ()}, ("citation",)),
        ({"image": ""}, ("image",)),
    ],
    ids=["no-review", "reviewer-unknown", "no-sources", "no-image"],
)
def test_what_the_page_lacks_the_graph_does_not_claim(change: dict, absent: tuple[str, ...]):
    page = the(page_graph(dataclasses.replace(FACTS, **change), SETTINGS, profile_url), "MedicalWebPage")
    for key in absent:
        assert key not in page, key


def test_an_unreviewed_page_names_no_reviewer_node():
    graph = page_graph(dataclasses.replace(FACTS, review=None), SETTINGS, profile_url)
    assert [node["name"] for node in nodes(graph, "Person")] == ["Sam Writer"]


def test_the_recorded_publication_date_wins_over_the_review_date():
    page = the(
        page_graph(dataclasses.replace(FACTS, published="2025-01-02"), SETTINGS, profile_url),
        "MedicalWebPage",
    )
    assert page["datePublished"] == "2025-01-02" and page["lastReviewed"] == "2026-11-20"


def test_a_page_without_tags_is_about_its_title():
    page = the(page_graph(dataclasses.replace(FACTS, tags=()), SETTINGS, profile_url), "MedicalWebPage")
    assert page["about"] == [{"@type": "Thing", "name": FACTS.title}]


def test_breadcrumbs_are_numbered_from_home_and_faqs_become_a_faq_page():
    graph = page_graph(FACTS, SETTINGS, profile_url)
    crumbs = the(graph, "BreadcrumbList")
    assert crumbs["@id"] == URL + "#breadcrumb" == the(graph, "MedicalWebPage")["breadcrumb"]["@id"]
    assert [(item["position"], item["name"], item["item"]) for item in crumbs["itemListElement"]] == [
        (1, "Home", SITE),
        (2, "Articles", SETTINGS.page_url("articles/")),
        (3, FACTS.title, URL),
    ]
    faq = the(graph, "FAQPage")
    assert faq["mainEntity"] == [
        {
            "@type": "Question",
            "name": "Can I say no?",
            "acceptedAnswer": {"@type": "Answer", "text": "Yes, you can."},
        }
    ]
    assert nodes(page_graph(dataclasses.replace(FACTS, faqs=()), SETTINGS, profile_url), "FAQPage") == []


@pytest.mark.parametrize(
    ("person", "credentials"),
    [
        (
            REVIEWER,
            [
                {"@type": "EducationalOccupationalCredential", "name": "DClinPsy"},
                {
                    "@type": "EducationalOccupationalCredential",
                    "credentialCategory": "Professional registration",
                    "identifier": "PYL000001",
                    "recognizedBy": {"@type": "Organization", "name": "Registration Council"},
                },
            ],
        ),
        (
            dataclasses.replace(REVIEWER, registration_number=""),  # a body without a number proves nothing
            [{"@type": "EducationalOccupationalCredential", "name": "DClinPsy"}],
        ),
        (WRITER, None),
    ],
    ids=["credentials-and-registration", "body-without-number", "none"],
)
def test_a_persons_credentials(person: Person, credentials: list | None):
    graph = profile_graph(
        person,
        url=profile_url(person),
        title=person.name,
        description="About.",
        settings=SETTINGS,
        logo_url=SITE + "logo.svg",
    )
    node = the(graph, "Person")
    assert node.get("hasCredential") == credentials
    assert node["jobTitle"] == person.role and node["name"] == person.name


def test_a_profile_page_is_about_the_person_bylines_point_to():
    url = profile_url(REVIEWER)
    graph = profile_graph(
        REVIEWER,
        url=url,
        title="Dr Ray Reviewer",
        description="Who reviews pages.",
        settings=SETTINGS,
        logo_url=SITE + "logo.svg",
    )
    profile = the(graph, "ProfilePage")
    assert profile["mainEntity"] == {"@id": person_id(url)} == {"@id": the(graph, "Person")["@id"]}
    byline = the(page_graph(FACTS, SETTINGS, profile_url), "MedicalWebPage")["reviewedBy"]
    assert byline == profile["mainEntity"]
    assert profile["isPartOf"] == {"@id": SITE + WEBSITE_ID}


def test_every_kind_of_page_shares_the_site_nodes():
    logo = SITE + "assets/logo.svg"
    shared = site_nodes(SETTINGS, logo)
    website, organization = shared
    assert website["@id"] == SITE + WEBSITE_ID and website["name"] == SETTINGS.site_name
    assert website["publisher"] == {"@id": SITE + ORGANIZATION_ID} == {"@id": organization["@id"]}
    assert organization["name"] == SETTINGS.publisher_name and organization["logo"]["url"] == logo
    plain = web_page_graph(
        url=SITE + "get-help/",
        title="Get help now",
        description="Helplines.",
        settings=SETTINGS,
        logo_url=logo,
    )
    assert [node["@type"] for node in plain["@graph"]] == ["WebPage", "WebSite", "Organization"]
    assert plain["@graph"][1:] == shared
    clinical = page_graph(FACTS, SETTINGS, profile_url)  # no logo given: the site's favicon
    assert the(clinical, "Organization")["logo"]["url"] == SETTINGS.page_url("assets/favicon.svg")


def test_the_graph_is_plain_json():
    graph = page_graph(FACTS, SETTINGS, profile_url)
    assert json.loads(json.dumps(graph)) == graph


@hypothesis_settings(max_examples=examples(150), deadline=None)
@given(st.text(), st.text(alphabet="<>&'\"\u2028\u2029/!-é\u0000 "))
def test_the_script_text_is_what_the_themes_tojson_writes(title: str, answer: str):
    """The view carries the graph already serialised (made on a worker core); it must be exactly
    what the theme's own `tojson` filter writes, so no text can close the script or open a comment."""
    facts = dataclasses.replace(FACTS, title=title, faqs=(Faq(answer, answer),))
    graph = page_graph(facts, SETTINGS, profile_url)
    written = script_text(graph)
    assert written == THEME_ENV.from_string("{{ graph | tojson }}").render(graph=graph)
    assert json.loads(written) == graph
    assert not any(character in written for character in "<>&'")
