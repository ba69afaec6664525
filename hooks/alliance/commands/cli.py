"""The `alliance` command: the same checks as the build, for writers, reviewers and CI."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from alliance import settings as site_settings
from alliance.problems import AllianceError

# Each command by its name and the module that defines and runs it, in the order `alliance --help`
# lists them: a writer's loop first, then reviewers', then CI's. A command's module is imported only
# when that command runs (or for --help): together they take longer to import than most commands run.
COMMANDS = {
    "new": "scaffold",
    "check": "check",
    "approve": "approve",
    "status": "status",
    "report": "report",
    "schema": "schema",
    "urls": "urls",
    "verify-site": "verify_site",
    "codeowners": "codeowners",
    "verify-approvals": "approvals",
}
_CONFIG_FILE = "--config-file"


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = parser(command_named(words)).parse_args(words)
    try:
        return args.run(args)
    except AllianceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `only`, that command's module is the only one imported and registered
    (the same parser for that command's arguments: the others are listed only by --help and errors)."""
    result = argparse.ArgumentParser(prog="alliance", description=__doc__)
    result.add_argument(
        "--config-file",
        "-f",
        default=site_settings.CONFIG_NAME,
        type=Path,
        help="the site's mkdocs.yml (default: ./mkdocs.yml)",
    )
    commands = result.add_subparsers(required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(f"alliance.commands.{module}").register(commands)
    return result


def command_named(words: Sequence[str]) -> str | None:
    """The command `words` run, where it is plain without the parser: the first word that is neither
    an option nor --config-file's value. None (so every command is registered) for help, mistakes
    and anything unusual, so argparse answers them exactly as ever."""
    position = 0
    while position < len(words):
        word = words[position]
        if word == "-f" or _names_config_file(word):
            position += 2  # the option, then its value
        elif word.startswith("-f") or ("=" in word and _names_config_file(word.split("=", 1)[0])):
            position += 1  # -fVALUE, --config-file=VALUE
        elif word.startswith("-"):
            return None  # -h, --help, an unknown option, --
        else:
            return word if word in COMMANDS else None
    return None


def _names_config_file(word: str) -> bool:
    """--config-file, or a prefix argparse takes for it (--conf); --c alone is left to argparse."""
    return len(word) > len("--c") and _CONFIG_FILE.startswith(word)


if __name__ == "__main__":
    sys.exit(main())
