"""Site-wide reports for the command line: review status of every page, and the content report."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from . import review as states
from .people import Person
from .readability import measure
from .settings import load_mkdocs_yml
from .site import Site

_FAQ = re.compile(r"^\?\?\?\+?\s+question\b", re.M)
_DOI_SOURCE = re.compile(r"^\[\^[^\]]+\]:.*https://doi\.org/\S+", re.M)

MIN_WORDS, MIN_FAQS, MIN_SOURCES = 800, 4, 3


def rows(site: Site) -> list[dict[str, str]]:
    """One row per page: path, state, reviewer, reviewed, next review."""
    result = []
    for record in site.records:
        review = record.review
        result.append({
            "page": record.path,
            "state": record.state,
            "reviewer": review.reviewer if review else "",
            "reviewed": review.reviewed.isoformat() if review else "",
            "next_review": review.next_review.isoformat() if review else "",
        })
    order = {state: index for index, state in enumerate(states.STATES)}
    return sorted(result, key=lambda row: (order.get(row["state"], 0), row["page"]))


def people_rows(registry: dict[str, Person]) -> list[dict[str, str]]:
    """Every profile with what decides whether its reviews are real: roles, sample flag, GitHub."""
    return [{"person": pid, "roles": ", ".join(person.roles), "sample": "yes" if person.sample else "NO",
             "github": person.github or "-", "profile": person.src_uri}
            for pid, person in sorted(registry.items())]


def render_people(site: Site, fmt: str) -> str:
    """The people section of `alliance status`: a profile that stops being a sample, or a new
    reviewer, changes this table, so it shows in every status report and pull request summary."""
    table = people_rows(site.registry)
    if not table:
        return "\nno people\n"
    heading = "\n#### People\n\n" if fmt == "markdown" else "\npeople:\n"
    body = render(table, fmt)
    if fmt == "markdown":  # render() heads a Markdown table with the review summary: keep only the table
        body = body[body.index("| person"):]
    return heading + body


def render(table: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(table, indent=2) + "\n"
    if not table:
        return "no pages\n"
    headers = list(table[0])
    if fmt == "markdown":
        lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
        lines += ["| " + " | ".join(_cell(row[h]) for h in headers) + " |" for row in table]
        counts: dict[str, int] = {}
        for row in table:
            counts[row.get("state", "")] = counts.get(row.get("state", ""), 0) + 1
        summary = ", ".join(f"{count} {state}" for state, count in counts.items())
        return "### Alliance review status\n\n" + summary + "\n\n" + "\n".join(lines) + "\n"
    widths = [max(len(h), *(len(str(row[h])) for row in table)) for h in headers]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(str(row[h]).ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
              for row in table]
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|")


def people_ids(registry: dict[str, Person]) -> dict[str, list[str]]:
    """Ids per front matter field, for the editors' JSON Schema."""
    return {
        "authors": sorted(pid for pid, person in registry.items() if person.is_author),
        "reviewer": sorted(pid for pid, person in registry.items() if person.is_reviewer),
    }


def redirect_maps(config_file: Path) -> dict[str, str]:
    """The mkdocs-redirects map from mkdocs.yml, or {} when the plugin is not configured."""
    data = load_mkdocs_yml(Path(config_file))
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("redirects"), dict):
            maps = plugin["redirects"].get("redirect_maps") or {}
            return {str(k): str(v) for k, v in maps.items()} if isinstance(maps, dict) else {}
    return {}


def content_report(site: Site) -> list[dict[str, Any]]:
    """Per clinical page: words, reading grade, FAQs, DOI sources, and whether it meets the bars."""
    result = []
    limit = site.settings.readability_max_grade
    for record in site.records:
        if not record.clinical or record.text is None:
            continue
        measured = measure(record.body)
        faqs = len(_FAQ.findall(record.body))
        sources = len(_DOI_SOURCE.findall(record.body))
        result.append({
            "page": record.path, "words": measured.words, "grade": measured.grade,
            "faqs": faqs, "sources": sources,
            "meets_bars": measured.words >= MIN_WORDS and faqs >= MIN_FAQS and
            sources >= MIN_SOURCES and measured.grade <= limit,
        })
    return result


def render_report(report: list[dict[str, Any]]) -> str:
    table = [{**row, "meets_bars": "yes" if row["meets_bars"] else "NO"} for row in report]
    bars = (f"bars: at least {MIN_WORDS} words, {MIN_FAQS} FAQs and {MIN_SOURCES} sources with DOIs; "
            "reading grade at most the site's limit\n")
    return render(table, "table") + bars
