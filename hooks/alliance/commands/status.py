"""`alliance status`: every page with its review state, and the people whose profiles decide
whether a review is real."""

from __future__ import annotations

import argparse
from typing import Any

from alliance.commands.approvals import run_status_pull_request
from alliance.commands.arguments import site_of
from alliance.commands.tables import render
from alliance.content import review as states
from alliance.content.people import Person
from alliance.content.site import Site


def rows(site: Site) -> list[dict[str, str]]:
    """One row per page: path, state, reviewer, reviewed, next review."""
    result = []
    for record in site.records:
        review = record.review
        result.append(
            {
                "page": record.path,
                "state": record.state,
                "reviewer": review.reviewer if review else "",
                "reviewed": review.reviewed.isoformat() if review else "",
                "next_review": review.next_review.isoformat() if review else "",
            }
        )
    order = {state: index for index, state in enumerate(states.STATES)}
    return sorted(result, key=lambda row: (order.get(row["state"], 0), row["page"]))


def people_rows(registry: dict[str, Person]) -> list[dict[str, str]]:
    """Every profile with what decides whether its reviews are real: roles, sample flag, GitHub."""
    return [
        {
            "person": pid,
            "roles": ", ".join(person.roles),
            "sample": "yes" if person.sample else "NO",
            "github": person.github or "-",
            "profile": person.src_uri,
        }
        for pid, person in sorted(registry.items())
    ]


def render_people(site: Site, fmt: str) -> str:
    """The people section of `alliance status`: a profile that stops being a sample, or a new
    reviewer, changes this table, so it shows in every status report and pull request summary."""
    table = people_rows(site.registry)
    if not table:
        return "\nno people\n"
    heading = "\n#### People\n\n" if fmt == "markdown" else "\npeople:\n"
    body = render(table, fmt)
    if fmt == "markdown":  # render() heads a Markdown table with the review summary: keep only the table
        body = body[body.index("| person") :]
    return heading + body


def register(commands: Any) -> None:
    status = commands.add_parser("status", help="every page with its review state")
    status.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    status.add_argument(
        "--pull-request",
        action="store_true",
        help="in a pull request's workflow: which pages wait for whose approval",
    )
    status.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.pull_request:
        return run_status_pull_request(args)
    site = site_of(args, texts=False)
    print(render(rows(site), args.format), end="")
    if args.format != "json":  # the JSON stays one list of pages, for scripts that read it
        print(render_people(site, args.format), end="")
    return 0
