"""schema.org JSON-LD for a clinical page: one graph of MedicalWebPage, BreadcrumbList and FAQPage.

Built as plain data and serialised by the template's `tojson` filter, which escapes '<', '>', '&'
and "'" and (through json.dumps' ASCII output) U+2028/U+2029, so no page text can end the script
element or open an HTML comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .html_extract import Faq, Source
from .people import Person
from .review import Review
from .settings import Settings


@dataclass(frozen=True)
class PageFacts:
    """What the graph says about one page; every value is something the reader can see."""

    url: str
    title: str
    description: str
    tags: tuple[str, ...]
    authors: tuple[Person, ...]
    reviewer: Person | None
    review: Review | None  # None: not reviewed, so no review claims at all (fail closed)
    published: str | None
    breadcrumbs: tuple[tuple[str, str], ...]  # (name, absolute url), home first, page last
    faqs: tuple[Faq, ...]
    sources: tuple[Source, ...]


def page_graph(facts: PageFacts, settings: Settings, profile_url) -> dict[str, Any]:
    """The JSON-LD document for one page; `profile_url(person)` gives a profile's absolute url."""
    graph = [_medical_web_page(facts, settings, profile_url), _breadcrumbs(facts)]
    if facts.faqs:
        graph.append(_faq_page(facts))
    return {"@context": "https://schema.org", "@graph": graph}


def _medical_web_page(facts: PageFacts, settings: Settings, profile_url) -> dict[str, Any]:
    page: dict[str, Any] = {
        "@type": "MedicalWebPage",
        "@id": facts.url + "#page",
        "url": facts.url,
        "name": facts.title,
        "description": facts.description,
        "inLanguage": settings.language,
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "about": [{"@type": "Thing", "name": tag} for tag in facts.tags] or
                 [{"@type": "Thing", "name": facts.title}],
        "author": [_person(person, profile_url) for person in facts.authors],
        "publisher": {"@type": "Organization", "name": settings.publisher_name,
                      "url": settings.publisher_url},
        "breadcrumb": {"@id": facts.url + "#breadcrumb"},
    }
    if facts.review and facts.reviewer:
        page["lastReviewed"] = facts.review.reviewed.isoformat()
        page["reviewedBy"] = _person(facts.reviewer, profile_url)
        page["dateModified"] = facts.review.reviewed.isoformat()  # content is frozen at approval
    if facts.published:
        page["datePublished"] = facts.published
    if facts.sources:
        page["citation"] = [{"@type": "CreativeWork", "name": source.text, "url": source.url}
                            for source in facts.sources]
    return page


def _person(person: Person, profile_url) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": person.name, "url": profile_url(person),
                            "jobTitle": person.role}
    credentials = []
    if person.credentials:
        credentials.append({"@type": "EducationalOccupationalCredential",
                            "name": person.credentials})
    if person.registration_body and person.registration_number:
        credentials.append({"@type": "EducationalOccupationalCredential",
                            "credentialCategory": "Professional registration",
                            "identifier": person.registration_number,
                            "recognizedBy": {"@type": "Organization",
                                             "name": person.registration_body}})
    if credentials:
        data["hasCredential"] = credentials
    return data


def _breadcrumbs(facts: PageFacts) -> dict[str, Any]:
    return {
        "@type": "BreadcrumbList",
        "@id": facts.url + "#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(facts.breadcrumbs, start=1)
        ],
    }


def _faq_page(facts: PageFacts) -> dict[str, Any]:
    return {
        "@type": "FAQPage",
        "@id": facts.url + "#faq",
        "mainEntity": [
            {"@type": "Question", "name": faq.question,
             "acceptedAnswer": {"@type": "Answer", "text": faq.answer}}
            for faq in facts.faqs
        ],
    }
