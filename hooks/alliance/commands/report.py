"""`alliance report`: per article, its length, reading grade, FAQs and sources against the site's bars."""

from __future__ import annotations

import argparse
import json
from typing import Any

from alliance.commands.arguments import site_of
from alliance.commands.tables import render
from alliance.content.prose import doi_source_count, faq_count
from alliance.content.readability import measure
from alliance.content.site import Site

MIN_WORDS, MIN_FAQS, MIN_SOURCES = 800, 4, 3


def register(commands: Any) -> None:
    report = commands.add_parser("report", help="length, FAQs, sources and reading grade per article")
    report.add_argument("--format", choices=("table", "json"), default="table")
    report.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    rows = content_report(site_of(args))
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    else:
        print(render_report(rows), end="")
    return 0


def content_report(site: Site) -> list[dict[str, Any]]:
    """Per clinical page: words, reading grade, FAQs, DOI sources, and whether it meets the bars."""
    result = []
    limit = site.settings.readability_max_grade
    for record in site.records:
        if not record.clinical or record.text is None:
            continue
        measured = measure(record.body)
        faqs, sources = faq_count(record.body), doi_source_count(record.body)
        result.append(
            {
                "page": record.path,
                "words": measured.words,
                "grade": measured.grade,
                "faqs": faqs,
                "sources": sources,
                "meets_bars": measured.words >= MIN_WORDS
                and faqs >= MIN_FAQS
                and sources >= MIN_SOURCES
                and measured.grade <= limit,
            }
        )
    return result


def render_report(report: list[dict[str, Any]]) -> str:
    table = [{**row, "meets_bars": "yes" if row["meets_bars"] else "NO"} for row in report]
    bars = (
        f"bars: at least {MIN_WORDS} words, {MIN_FAQS} FAQs and {MIN_SOURCES} sources with DOIs; "
        "reading grade at most the site's limit\n"
    )
    return render(table, "table") + bars
