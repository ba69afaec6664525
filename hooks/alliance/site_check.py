"""The post-build check: read the built HTML and prove every clinical page carries its trust signals.

It depends on the output only, not on the hooks having run, so a build that skipped them (another
generator, a broken hook list) still cannot publish a clinical page without its byline, disclaimer,
crisis help and structured data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from pathlib import Path
from typing import Iterable

from .html_extract import normalise
from .pages import PageRecord
from .paths import output_path
from .people import Person
from .problems import Problem
from .settings import Settings


@dataclass
class _Found:
    markers: dict[str, str] = field(default_factory=dict)  # data-alliance value -> its text
    times: set[str] = field(default_factory=set)
    tel_links: int = 0
    robots: str = ""
    ld_json: list[str] = field(default_factory=list)


# Templates mark each trust element's start tag with data-alliance="name". The output is read with
# a few regular expressions rather than an HTML parser: the check reads every built page, and a
# parser over each page's trust elements cost more than all the hooks' other work together.
_ROBOTS = re.compile(r'<meta\b[^>]*\bname="robots"[^>]*>', re.I)
_CONTENT = re.compile(r'\bcontent="([^"]*)"', re.I)
_LD_JSON = re.compile(r'<script\b[^>]*\btype="application/ld\+json"[^>]*>(.*?)</script\s*>',
                      re.I | re.S)
_MARKER_ATTRIBUTE = ' data-alliance="'
_MARKED = re.compile(r'<([a-zA-Z][\w-]*)\b[^>]*\bdata-alliance="([^"]+)"[^>]*>')
_TIME = re.compile(r'<time\b[^>]*\bdatetime="([^"]+)"', re.I)
_TEL = re.compile(r'<a\b[^>]*\bhref="tel:', re.I)
_TAG = re.compile(r"<[^>]*>")


@lru_cache(maxsize=32)
def _tag_pattern(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){re.escape(tag)}\b[^>]*>", re.I)


def read_output(html: str) -> _Found:
    """What the check needs from a built page: robots and JSON-LD from its <head>, and the text,
    <time> elements and tel: links of each trust element; the navigation and article are skipped,
    so the cost per page does not grow with the site."""
    found = _Found()
    head_end = html.find("</head>")
    head = html if head_end == -1 else html[:head_end]
    robots = _ROBOTS.search(head)
    if robots:
        content = _CONTENT.search(robots.group(0))
        found.robots = content.group(1) if content else ""
    found.ld_json = _LD_JSON.findall(head)  # script content is raw text: nothing to unescape
    for marked in _marked_elements(html, max(head_end, 0)):
        name = marked.group(2)
        if name in found.markers:
            continue
        inner = _inner_html(html, marked.group(1), marked.end())
        found.markers[name] = normalise(unescape(_TAG.sub("", inner)))
        found.times.update(_TIME.findall(inner))
        found.tel_links += len(_TEL.findall(inner))
    return found


def _marked_elements(html: str, start: int):
    """Start tags carrying data-alliance, found with str.find: a regular expression tried at every
    '<' of a 50 kB page was most of the check's cost."""
    position = html.find(_MARKER_ATTRIBUTE, start)
    while position != -1:
        tag_start = html.rfind("<", start, position)
        marked = _MARKED.match(html, tag_start) if tag_start != -1 else None
        if marked:
            yield marked
        position = html.find(_MARKER_ATTRIBUTE, position + len(_MARKER_ATTRIBUTE))


def _inner_html(html: str, tag: str, start: int) -> str:
    """The content of the element whose start tag ends at `start`, nested same-name tags included."""
    depth = 1
    for match in _tag_pattern(tag).finditer(html, start):
        if match.group(1):
            depth -= 1
            if not depth:
                return html[start:match.start()]
        elif not match.group(0).endswith("/>"):
            depth += 1
    return html[start:]


def check_site(site_dir: Path, records: Iterable[PageRecord], settings: Settings,
               registry: dict[str, Person]) -> list[Problem]:
    """Problems with the built output of each checked page; an empty list means the gates hold."""
    problems: list[Problem] = []
    for record in records:
        if not record.clinical:
            continue
        html_file = site_dir / output_path(record.src_uri, settings.use_directory_urls)
        where = html_file.relative_to(site_dir).as_posix()
        try:
            html = html_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(record.path, "output", f"{where} cannot be read ({error})",
                                    "build the site again"))
            continue
        problems.extend(_check_page(record, where, read_output(html), settings, registry))
    return problems


def _check_page(record: PageRecord, where: str, found: _Found, settings: Settings,
                registry: dict[str, Person]) -> list[Problem]:
    missing: list[str] = []
    graph, ld_errors = _graph(found.ld_json)
    page = next((node for node in graph if node.get("@type") == "MedicalWebPage"), None)
    if normalise(settings.disclaimer) not in found.markers.get("disclaimer", ""):
        missing.append("the site's disclaimer")
    if "crisis" not in found.markers or not found.tel_links:
        missing.append("the crisis help notice with tel: links")
    if page is None:
        missing.append("MedicalWebPage structured data")
    if record.reviewed and record.review:
        reviewer = registry.get(record.review.reviewer)
        byline = found.markers.get("byline", "")
        if not reviewer or reviewer.name not in byline or "Written by" not in byline:
            missing.append("the byline naming the author and the reviewer")
        for day in (record.review.reviewed, record.review.next_review):
            if day.isoformat() not in found.times:
                missing.append(f"the review date {day.isoformat()} as a <time> element")
        if page is not None and page.get("lastReviewed") != record.review.reviewed.isoformat():
            missing.append(f"lastReviewed {record.review.reviewed.isoformat()} in the JSON-LD")
        if any(p.sample for p in _people(record, registry)) and "sample-notice" not in found.markers:
            missing.append("the 'sample review record' notice")
    else:
        if "noindex" not in found.robots:
            missing.append('<meta name="robots" content="noindex"> (the page is not reviewed)')
        if "review-banner" not in found.markers:
            missing.append("the 'not yet reviewed' banner")
        if page is not None and ("lastReviewed" in page or "reviewedBy" in page):
            missing.append("nothing: it claims a review in its JSON-LD but is not reviewed")
    problems = [Problem(record.path, "output", f"{where} lacks {what}",
                        "check that hooks/review_gate.py and hooks/trust.py are listed under 'hooks:' "
                        "in mkdocs.yml and that overrides/ is the theme's custom_dir")
                for what in missing]
    problems.extend(Problem(record.path, "output", f"{where}: {error}",
                            "structured data must be serialised with the tojson filter")
                    for error in ld_errors)
    return problems


def _graph(blocks: list[str]) -> tuple[list[dict], list[str]]:
    nodes: list[dict] = []
    errors: list[str] = []
    for number, block in enumerate(blocks, start=1):
        try:
            data = json.loads(block)
        except ValueError as error:
            errors.append(f"JSON-LD block {number} is not valid JSON ({error})")
            continue
        if isinstance(data, dict):
            nodes.extend(node for node in data.get("@graph", [data]) if isinstance(node, dict))
    return nodes, errors


def _people(record: PageRecord, registry: dict[str, Person]) -> list[Person]:
    ids = [*(record.front_matter.get("authors") or []), record.review.reviewer if record.review else ""]
    return [registry[pid] for pid in ids if pid in registry]
