"""What the templates show on one page, as plain data: review banner, byline, warnings, JSON-LD.

The templates under overrides/ turn this into HTML; nothing here writes markup.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable
from urllib.parse import quote

from . import review
from .html_extract import extract
from .pages import PageRecord
from .people import Person
from .schema import as_date
from .settings import Settings
from .structured_data import PageFacts, page_graph

STATE_LABELS = {
    review.INVALID: "This page has problems that must be fixed before it can be reviewed.",
    review.MISSING: "This page has not been medically reviewed yet.",
    review.CHANGED: "This page changed after its last medical review and has not been checked since.",
    review.OVERDUE: "This page's medical review is overdue.",
}


def human_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def page_view(record: PageRecord, *, html: str, title: str, page_url: str,
              ancestors: list[tuple[str, str]], settings: Settings, registry: dict[str, Person],
              site_url_of: Callable[[str], str], crisis: dict[str, Any]) -> dict[str, Any]:
    """Template data for a clinical page. `site_url_of(src_uri)` gives a docs file's site url;
    `crisis` is the site's crisis_view, built once per build."""
    data = record.front_matter
    reviewed = record.reviewed
    authors = tuple(registry[pid] for pid in _texts(data.get("authors")) if pid in registry)
    reviewer = registry.get(record.review.reviewer) if record.review and reviewed else None
    extracted = extract(html)

    def profile_url(person: Person) -> str:
        return settings.page_url(site_url_of(person.src_uri))

    facts = PageFacts(
        url=settings.page_url(page_url), title=title,
        description=text if isinstance(text := data.get("description"), str) else "",
        tags=tuple(_texts(data.get("tags"))),
        authors=authors, reviewer=reviewer, review=record.review if reviewed else None,
        published=_iso(data.get("published")),
        breadcrumbs=(("Home", settings.page_url("")), *ancestors,
                     (title, settings.page_url(page_url))),
        faqs=tuple(extracted.faqs), sources=tuple(extracted.sources),
    )
    people = [*authors, *([reviewer] if reviewer else [])]
    return {
        "clinical": True,
        "reviewed": reviewed,
        "noindex": not reviewed,
        "state": record.state,
        "state_label": STATE_LABELS.get(record.state, ""),
        "problems": [f"{p.field}: {p.message}; {p.fix}" for p in record.errors],
        "sample": any(person.sample for person in people),
        "authors": [_person(person, site_url_of) for person in authors],
        "reviewer": _person(reviewer, site_url_of) if reviewer else None,
        "last_reviewed": _date(record.review.reviewed) if reviewed and record.review else None,
        "next_review": _date(record.review.next_review) if reviewed and record.review else None,
        "content_warnings": _texts(data.get("content_warnings")),
        "feedback_url": settings.feedback_url.replace("{title}", quote(title)),
        "disclaimer": settings.disclaimer,
        "policy_url": site_url_of(settings.policy_page),
        "crisis": crisis,
        "jsonld": page_graph(facts, settings, profile_url),
    }


def opted_out_view(settings: Settings, title: str, crisis: dict[str, Any]) -> dict[str, Any]:
    """Template data for a page that is not clinical: the feedback link, and the helplines for the
    "Get help now" page."""
    return {"clinical": False, "reviewed": False, "noindex": False, "crisis": crisis,
            "feedback_url": settings.feedback_url.replace("{title}", quote(title))}


def crisis_view(settings: Settings, site_url_of: Callable[[str], str]) -> dict[str, Any]:
    """Every region's helplines for the templates, the site's own region first."""
    regions = sorted(settings.regions, key=lambda region: region.code != settings.region)
    return {
        "help_url": site_url_of(settings.help_page),
        "regions": [
            {"code": region.code, "name": region.name, "emergency": region.emergency,
             "emergency_tel": _dialled(region.emergency),
             "helplines": [
                 {"name": helpline.name, "hours": helpline.hours, "source": helpline.source,
                  "verified": _date(helpline.verified) if helpline.verified else None,
                  "numbers": [{"label": label, "tel": dialled, "scheme": scheme}
                             for label, dialled, scheme in helpline.numbers]}
                 for helpline in region.helplines]}
            for region in regions],
    }


def _dialled(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


def _person(person: Person, site_url_of: Callable[[str], str]) -> dict[str, str]:
    return {"name": person.name, "credentials": person.credentials, "role": person.role,
            "url": site_url_of(person.src_uri), "sample": person.sample}


def _date(day: dt.date) -> dict[str, str]:
    return {"iso": day.isoformat(), "text": human_date(day)}


def _iso(value: Any) -> str | None:
    day = as_date(value)
    return day.isoformat() if day else None


def _texts(value: Any) -> list[str]:
    """The text items of a front matter list; a draft may hold anything, and the check reports it."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
