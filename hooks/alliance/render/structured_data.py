"""schema.org JSON-LD: one graph per page. A clinical page is a MedicalWebPage with its
BreadcrumbList, FAQPage and the Person nodes of its byline; a profile page is a ProfilePage whose
Person has the same @id that bylines point to; every page shares the site's WebSite and
Organization nodes by @id.

Built as plain data and serialised as Jinja's `tojson` filter does (`script_text`), which escapes
'<', '>', '&' and "'" and (through json.dumps' ASCII output) U+2028/U+2029, so no page text can end
the script element or open an HTML comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from alliance.content.people import Person, credited
from alliance.content.review import Review
from alliance.settings import Settings

if TYPE_CHECKING:  # only named in annotations: the build's own process need not load the HTML reader
    from alliance.render.html_extract import Faq, Source


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
    image: str = ""  # absolute url of the site's card image


def script_text(graph: dict[str, Any]) -> Markup:
    """The graph as its <script type="application/ld+json"> holds it: exactly what the theme's
    `tojson` filter writes (keys sorted, < > & ' escaped). Made with the page's view, on a worker
    core, instead of by the template on the rendering one; a string also crosses the pipe for a
    third of the nested graph's unpickling."""
    return htmlsafe_json_dumps(graph, sort_keys=True)


WEBSITE_ID = "#website"
ORGANIZATION_ID = "#organization"
PERSON_ID = "#person"


def site_nodes(settings: Settings, logo_url: str) -> list[dict[str, Any]]:
    """The WebSite and its publisher, the same on every page so crawlers merge them by @id."""
    site = settings.page_url("")
    return [
        {
            "@type": "WebSite",
            "@id": site + WEBSITE_ID,
            "url": site,
            "name": settings.site_name,
            "inLanguage": settings.language,
            "publisher": {"@id": site + ORGANIZATION_ID},
        },
        {
            "@type": "Organization",
            "@id": site + ORGANIZATION_ID,
            "name": settings.publisher_name,
            "url": settings.publisher_url,
            "logo": {"@type": "ImageObject", "url": logo_url},
        },
    ]


def person_id(profile_url: str) -> str:
    """The @id of a person: their profile's url, so bylines and the profile page name one node."""
    return profile_url + PERSON_ID


def profile_graph(
    person: Person, *, url: str, title: str, description: str, settings: Settings, logo_url: str
) -> dict[str, Any]:
    """A profile page: a ProfilePage about the Person the bylines point to."""
    page = {
        "@type": "ProfilePage",
        "@id": url + "#page",
        "url": url,
        "name": title,
        "description": description,
        "inLanguage": settings.language,
        "isPartOf": {"@id": settings.page_url("") + WEBSITE_ID},
        "mainEntity": {"@id": person_id(url)},
    }
    return {
        "@context": "https://schema.org",
        "@graph": [page, _person(person, lambda _: url), *site_nodes(settings, logo_url)],
    }


def web_page_graph(
    *, url: str, title: str, description: str, settings: Settings, logo_url: str
) -> dict[str, Any]:
    """Any other page that is not clinical: a WebPage of the site."""
    page = {
        "@type": "WebPage",
        "@id": url + "#page",
        "url": url,
        "name": title,
        "description": description,
        "inLanguage": settings.language,
        "isPartOf": {"@id": settings.page_url("") + WEBSITE_ID},
    }
    return {"@context": "https://schema.org", "@graph": [page, *site_nodes(settings, logo_url)]}


def page_graph(facts: PageFacts, settings: Settings, profile_url, logo_url: str = "") -> dict[str, Any]:
    """The JSON-LD document for one page; `profile_url(person)` gives a profile's absolute url."""
    graph = [_medical_web_page(facts, settings, profile_url), _breadcrumbs(facts)]
    if facts.faqs:
        graph.append(_faq_page(facts))
    people = {
        person.id: person for person in credited(facts.authors, facts.reviewer if facts.review else None)
    }
    graph.extend(_person(person, profile_url) for person in people.values())
    graph.extend(site_nodes(settings, logo_url or settings.page_url("assets/favicon.svg")))
    return {"@context": "https://schema.org", "@graph": graph}


def _medical_web_page(facts: PageFacts, settings: Settings, profile_url) -> dict[str, Any]:
    page: dict[str, Any] = {
        "@type": "MedicalWebPage",
        "@id": facts.url + "#page",
        "url": facts.url,
        "name": facts.title,
        "headline": facts.title,
        "description": facts.description,
        "inLanguage": settings.language,
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "about": [{"@type": "Thing", "name": tag} for tag in facts.tags]
        or [{"@type": "Thing", "name": facts.title}],
        "author": [{"@id": person_id(profile_url(person))} for person in facts.authors],
        "publisher": {"@id": settings.page_url("") + ORGANIZATION_ID},
        "isPartOf": {"@id": settings.page_url("") + WEBSITE_ID},
        "breadcrumb": {"@id": facts.url + "#breadcrumb"},
    }
    if facts.image:
        page["image"] = facts.image
    if facts.review and facts.reviewer:
        page["lastReviewed"] = facts.review.reviewed.isoformat()
        page["reviewedBy"] = {"@id": person_id(profile_url(facts.reviewer))}
        page["dateModified"] = facts.review.reviewed.isoformat()  # content is frozen at approval
    # First publication: the recorded date, else the review that let the page out (fail closed:
    # an unreviewed page claims no date at all).
    published = facts.published or (facts.review.reviewed.isoformat() if facts.review else None)
    if published:
        page["datePublished"] = published
    if facts.sources:
        page["citation"] = [
            {"@type": "CreativeWork", "name": source.text, "url": source.url} for source in facts.sources
        ]
    return page


def _person(person: Person, profile_url) -> dict[str, Any]:
    url = profile_url(person)
    data: dict[str, Any] = {
        "@type": "Person",
        "@id": person_id(url),
        "name": person.name,
        "url": url,
        "jobTitle": person.role,
    }
    credentials: list[dict[str, Any]] = []
    if person.credentials:
        credentials.append({"@type": "EducationalOccupationalCredential", "name": person.credentials})
    if person.registration_body and person.registration_number:
        credentials.append(
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "Professional registration",
                "identifier": person.registration_number,
                "recognizedBy": {"@type": "Organization", "name": person.registration_body},
            }
        )
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
            {
                "@type": "Question",
                "name": faq.question,
                "acceptedAnswer": {"@type": "Answer", "text": faq.answer},
            }
            for faq in facts.faqs
        ],
    }
