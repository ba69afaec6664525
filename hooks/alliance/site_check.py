"""The post-build check: read the built HTML and prove every clinical page carries its trust signals.

It depends on the output only, not on the hooks having run, so a build that skipped them (another
generator, a broken hook list) still cannot publish a clinical page without its byline, disclaimer,
crisis help and structured data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
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


# Templates mark each trust element's start tag with data-alliance="name".
_TRUST_ATTRIBUTE = ' data-alliance="'
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
         "wbr"}


class _ElementClosed(Exception):
    """Stops a parse started at a trust element once that element has closed."""


class _OutputParser(HTMLParser):
    def __init__(self, found: _Found, *, one_element: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.found = found
        self._one_element = one_element
        self._depth = 0  # elements open since the parse started, when reading one element
        self._open: list[tuple[str, str, list[str]]] = []  # (tag, marker, text parts)
        self._in_ld = False
        self._ld: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self._depth += 1
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name") == "robots":
            self.found.robots = attributes.get("content") or ""
        if tag == "time" and attributes.get("datetime"):
            self.found.times.add(attributes["datetime"])
        if tag == "a" and (attributes.get("href") or "").startswith("tel:"):
            self.found.tel_links += 1
        if tag == "script" and attributes.get("type") == "application/ld+json":
            self._in_ld, self._ld = True, []
        if attributes.get("data-alliance"):
            self._open.append((tag, attributes["data-alliance"], []))

    def handle_endtag(self, tag):
        if tag == "script" and self._in_ld:
            self.found.ld_json.append("".join(self._ld))
            self._in_ld = False
        if self._open and self._open[-1][0] == tag:
            _, marker, parts = self._open.pop()
            self.found.markers[marker] = normalise("".join(parts))
            if self._open:
                self._open[-1][2].extend(parts)
        if tag not in _VOID:
            self._depth -= 1
            if self._one_element and self._depth <= 0:
                raise _ElementClosed

    def handle_data(self, data):
        if self._in_ld:
            self._ld.append(data)
        if self._open:
            self._open[-1][2].append(data)


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


def read_output(html: str) -> _Found:
    """What the check needs from a built page, reading only its <head> and its trust elements: the
    navigation and the article text are skipped, so the cost per page does not grow with the site."""
    found = _Found()
    head_end = html.find("</head>")
    _parse(_OutputParser(found), html if head_end == -1 else html[:head_end])
    if head_end == -1:  # not a page Material wrote; read all of it
        return found
    position = html.find(_TRUST_ATTRIBUTE, head_end)
    while position != -1:  # str.find, not a regular expression: it is most of the cost otherwise
        name_end = html.find('"', position + len(_TRUST_ATTRIBUTE))
        if html[position + len(_TRUST_ATTRIBUTE):name_end] not in found.markers:  # else already read
            _parse(_OutputParser(found, one_element=True), html[html.rfind("<", 0, position):])
        position = html.find(_TRUST_ATTRIBUTE, name_end)
    return found


def _parse(parser: _OutputParser, html: str) -> None:
    try:
        parser.feed(html)
        parser.close()
    except _ElementClosed:
        pass


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
