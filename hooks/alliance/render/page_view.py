"""What the templates show on one page, as plain data: review banner, byline, summary, warnings,
sharing tags and JSON-LD; words come from the strings table of the site's language.

The templates under overrides/ turn this into HTML; nothing here writes markup.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from alliance.clock import as_date
from alliance.content import review
from alliance.content.pages import PageRecord
from alliance.content.people import Person, credited
from alliance.render.sharing import CARD_IMAGE, LOGO_IMAGE, share_view
from alliance.render.strings import human_date, strings_for
from alliance.render.structured_data import (
    PageFacts,
    page_graph,
    profile_graph,
    script_text,
    web_page_graph,
)
from alliance.settings import Helpline, Settings, dialled

if TYPE_CHECKING:  # read from the HTML by the workers; the build's own process rarely needs it
    from alliance.render.html_extract import PageExtract

_TRAILING_NUMBER = re.compile(r"\+?\d[\d \-]*$")

STATE_LABELS = {  # keys of the strings table
    review.INVALID: "state_invalid",
    review.MISSING: "state_missing",
    review.CHANGED: "state_changed",
    review.OVERDUE: "state_overdue",
}


@dataclass(frozen=True)
class Shown:
    """What a page's view needs from MkDocs' page object (which stays in the build's process)."""

    src_uri: str
    title: str
    description: str
    url: str
    ancestors: tuple[tuple[str, str], ...]


def clinical_view(
    settings: Settings,
    registry: dict[str, Person],
    site_url_of: Callable[[str], str],
    crisis: dict[str, Any],
    facts: Shown,
    record: PageRecord,
    html: str,
) -> dict[str, Any]:
    """The trust view of a clinical page from its rendered HTML (in a build's worker or its own
    process: it needs no other page)."""
    # Imported on first use: where workers build every view, the build's own process never loads
    # the HTML reader (selectolax included).
    from alliance.render.html_extract import extract

    return page_view(
        record,
        extracted=extract(html),
        title=facts.title,
        page_url=facts.url,
        ancestors=list(facts.ancestors),
        settings=settings,
        registry=registry,
        site_url_of=site_url_of,
        crisis=crisis,
    )


def page_view(
    record: PageRecord,
    *,
    extracted: PageExtract,
    title: str,
    page_url: str,
    ancestors: list[tuple[str, str]],
    settings: Settings,
    registry: dict[str, Person],
    site_url_of: Callable[[str], str],
    crisis: dict[str, Any],
) -> dict[str, Any]:
    """Template data for a clinical page. `site_url_of(src_uri)` gives a docs file's site url;
    `crisis` is the site's crisis_view, built once per build; `extracted` the FAQ and sources read
    from the page's rendered HTML."""
    data = record.front_matter
    reviewed = record.reviewed
    authors = tuple(registry[pid] for pid in _texts(data.get("authors")) if pid in registry)
    reviewer = registry.get(record.review.reviewer) if record.review and reviewed else None
    description = text if isinstance(text := data.get("description"), str) else ""
    summary = text if isinstance(text := data.get("summary"), str) and text.strip() else ""
    language = settings.language

    def profile_url(person: Person) -> str:
        return settings.page_url(site_url_of(person.src_uri))

    facts = PageFacts(
        url=settings.page_url(page_url),
        title=title,
        description=description,
        tags=tuple(_texts(data.get("tags"))),
        authors=authors,
        reviewer=reviewer,
        review=record.review if reviewed else None,
        published=_iso(data.get("published")),
        breadcrumbs=(("Home", settings.page_url("")), *ancestors, (title, settings.page_url(page_url))),
        faqs=tuple(extracted.faqs),
        sources=tuple(extracted.sources),
        image=settings.page_url(CARD_IMAGE),
    )
    people = credited(authors, reviewer)
    return {
        "clinical": True,
        "reviewed": reviewed,
        "noindex": not reviewed,
        "state": record.state,
        "state_label": strings_for(language).get(STATE_LABELS.get(record.state, ""), ""),
        "summary": summary,
        "problems": [f"{p.field}: {p.message}; {p.fix}" for p in record.errors],
        "sample": any(person.sample for person in people),
        "authors": [_person(person, site_url_of) for person in authors],
        "reviewer": _person(reviewer, site_url_of) if reviewer else None,
        "author_names": ", ".join(person.name for person in authors),
        "last_reviewed": _date(record.review.reviewed, language) if reviewed and record.review else None,
        "next_review": _date(record.review.next_review, language) if reviewed and record.review else None,
        "content_warnings": _texts(data.get("content_warnings")),
        "feedback_url": settings.feedback_url.replace("{title}", quote(title)),
        "disclaimer": settings.disclaimer,
        "policy_url": site_url_of(settings.policy_page),
        "crisis": crisis,
        "share": share_view(
            settings, title=title, description=description, page_url=page_url, kind="article"
        ),
        "jsonld": script_text(page_graph(facts, settings, profile_url, settings.page_url(LOGO_IMAGE))),
    }


def opted_out_view(
    settings: Settings,
    title: str,
    crisis: dict[str, Any],
    *,
    page_url: str = "",
    description: str = "",
    person: Person | None = None,
) -> dict[str, Any]:
    """Template data for a page that is not clinical: the feedback link, sharing tags, a WebPage
    (or, on a profile, a ProfilePage) graph, and the helplines for the "Get help now" page."""
    url = settings.page_url(page_url)
    logo = settings.page_url(LOGO_IMAGE)
    graph = (
        profile_graph(person, url=url, title=title, description=description, settings=settings, logo_url=logo)
        if person
        else web_page_graph(url=url, title=title, description=description, settings=settings, logo_url=logo)
    )
    return {
        "clinical": False,
        "reviewed": False,
        "noindex": False,
        "crisis": crisis,
        "feedback_url": settings.feedback_url.replace("{title}", quote(title)),
        "share": share_view(
            settings,
            title=title,
            description=description,
            page_url=page_url,
            kind="profile" if person else "website",
        ),
        "jsonld": script_text(graph),
    }


def crisis_view(settings: Settings, site_url_of: Callable[[str], str]) -> dict[str, Any]:
    """Every region's helplines for the templates, the site's own region first; `strip` is the
    one line at the top of every page: that region's helpline marked `strip: true` (else its first)
    and its first number."""
    regions = sorted(settings.regions, key=lambda region: region.code != settings.region)
    # The order of a region's helplines is the crisis box's; the strip's one line is chosen apart
    # from it, since the box's first service may have a name too long for one line on a phone.
    first = (
        next((helpline for helpline in regions[0].helplines if helpline.strip), regions[0].helplines[0])
        if regions and regions[0].helplines
        else None
    )
    return {
        "help_url": site_url_of(settings.help_page),
        "strip": {
            "name": first.name,
            "label": first.numbers[0][0],
            "tel": first.numbers[0][1],
            "scheme": first.numbers[0][2],
            "number": _shown_number(first),
        }
        if first and first.numbers
        else None,
        "regions": [
            {
                "code": region.code,
                "name": region.name,
                "emergency": region.emergency,
                "emergency_tel": dialled(region.emergency),
                # Every emergency number with its use (police, ambulance…), and where to go if a life
                # is at risk: "If a life is at risk, call 999 or go to A&E."
                "emergency_numbers": [
                    {"label": label, "tel": dialled, "scheme": scheme}
                    for label, dialled, scheme in region.emergency_numbers
                ],
                "emergency_department": region.emergency_department,
                "helplines": [
                    {
                        "name": helpline.name,
                        "hours": helpline.hours,
                        "source": helpline.source,
                        # Only a check against the service itself (its own page, or a call) is shown as
                        # "last checked"; settings refuse a date without method and verified_by.
                        "verified": _date(helpline.verified, settings.language)
                        if helpline.verified
                        else None,
                        "method": helpline.method,
                        "verified_by": helpline.verified_by,
                        "numbers": [
                            {"label": label, "tel": dialled, "scheme": scheme}
                            for label, dialled, scheme in helpline.numbers
                        ],
                    }
                    for helpline in region.helplines
                ],
            }
            for region in regions
        ],
    }


def _shown_number(helpline: Helpline) -> str:
    """The first number as written in mkdocs.yml ('116 123' from 'Call 116 123'), for the strip."""
    shown, dialled, _ = helpline.numbers[0]
    number = _TRAILING_NUMBER.search(shown)
    return number.group(0).strip() if number else dialled


def _person(person: Person, site_url_of: Callable[[str], str]) -> dict[str, str | bool]:
    return {
        "name": person.name,
        "credentials": person.credentials,
        "role": person.role,
        "url": site_url_of(person.src_uri),
        "sample": person.sample,
    }


def _date(day: dt.date, language: str) -> dict[str, str]:
    return {"iso": day.isoformat(), "text": human_date(day, language)}


def _iso(value: Any) -> str | None:
    day = as_date(value)
    return day.isoformat() if day else None


def _texts(value: Any) -> list[str]:
    """The text items of a front matter list; a draft may hold anything, and the check reports it."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
