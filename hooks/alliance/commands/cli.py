"""The `alliance` command: the same checks as the build, for writers, reviewers and CI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from alliance import settings as site_settings
from alliance.commands import (
    approvals,
    approve,
    check,
    codeowners,
    report,
    scaffold,
    schema,
    status,
    urls,
    verify_site,
)
from alliance.problems import AllianceError

# In the order `alliance --help` lists them: a writer's loop first, then reviewers', then CI's.
COMMANDS = (scaffold, check, approve, status, report, schema, urls, verify_site, codeowners, approvals)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except AllianceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def parser() -> argparse.ArgumentParser:
    result = argparse.ArgumentParser(prog="alliance", description=__doc__)
    result.add_argument(
        "--config-file",
        "-f",
        default=site_settings.CONFIG_NAME,
        type=Path,
        help="the site's mkdocs.yml (default: ./mkdocs.yml)",
    )
    commands = result.add_subparsers(required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return result


if __name__ == "__main__":
    sys.exit(main())
