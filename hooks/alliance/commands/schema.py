"""`alliance schema`: the front matter contract as a JSON Schema for editors, or as a field table."""

from __future__ import annotations

import argparse
import json
from typing import Any

from alliance.commands.arguments import all_pages
from alliance.commands.generated import write_or_check
from alliance.content import schema
from alliance.content.people import Person

SCHEMA_FILE = "schema/front-matter.schema.json"


def register(commands: Any) -> None:
    cmd = commands.add_parser("schema", help="print or write the front matter JSON Schema")
    cmd.add_argument("--write", action="store_true", help=f"write docs/{SCHEMA_FILE}")
    cmd.add_argument("--check", action="store_true", help="fail if that file is out of date")
    cmd.add_argument("--fields", action="store_true", help="print the field table (Markdown)")
    cmd.set_defaults(run=run)


def people_ids(registry: dict[str, Person]) -> dict[str, list[str]]:
    """Ids per front matter field, for the editors' JSON Schema."""
    return {
        "authors": sorted(pid for pid, person in registry.items() if person.is_author),
        "reviewer": sorted(pid for pid, person in registry.items() if person.is_reviewer),
    }


def run(args: argparse.Namespace) -> int:
    if args.fields:
        print(schema.field_table(), end="")
        return 0
    site = all_pages(args)  # mkdocs.yml read once: the settings come with the people
    settings = site.settings
    document = json.dumps(schema.json_schema(people_ids(site.registry)), indent=2, ensure_ascii=False) + "\n"
    if args.check or args.write:
        return write_or_check(
            settings.docs_dir / SCHEMA_FILE,
            document,
            settings.display_path(SCHEMA_FILE),
            "alliance schema --write",
            args.check,
        )
    print(document, end="")
    return 0
