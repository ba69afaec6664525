"""The command line imports only the command it runs: the table of commands is the one `--help` lists,
and each command parses its arguments as it does with every command registered."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support import ROOT, quiet_env

from alliance.commands import cli


def registered(parser) -> list[str]:
    return list(parser._subparsers._group_actions[0].choices)


def test_the_table_names_every_command_as_its_module_registers_it():
    assert registered(cli.parser()) == list(cli.COMMANDS)
    for name in cli.COMMANDS:
        assert registered(cli.parser(name)) == [name]


@pytest.mark.parametrize(
    "argv, command",
    [
        (["check"], "check"),
        (["check", "docs/index.md"], "check"),
        (["-f", "site/mkdocs.yml", "status", "--format", "json"], "status"),
        (["-fsite/mkdocs.yml", "urls"], "urls"),
        (["--config-file", "check", "verify-site"], "verify-site"),  # the value may look like a command
        (["--config-file=x.yml", "new", "A title"], "new"),
        (["--conf", "x.yml", "approve", "a.md", "--reviewer", "r"], "approve"),
        (["--conf=x.yml", "verify-approvals"], "verify-approvals"),
        # Left to the parser with every command: help, mistakes, the unusual.
        ([], None),
        (["--help"], None),
        (["-h", "check"], None),
        (["chek"], None),
        (["-f"], None),
        (["--c", "x.yml", "check"], None),
        (["--", "check"], None),
        (["--verbose", "check"], None),
    ],
)
def test_the_command_is_told_from_the_words_only_where_it_is_plain(argv: list[str], command: str | None):
    assert cli.command_named(argv) == command


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "docs/index.md", "docs/get-help.md"],
        ["-f", "other.yml", "status", "--format", "markdown", "--pull-request"],
        ["--conf=x.yml", "approve", "docs/a.md", "--reviewer", "morgan-sample", "--on", "2026-01-02"],
        ["new", "A title", "--tags", "Trust", "Anxiety", "--folder", "guides"],
        ["urls", "--update", "--base", "main"],
        ["verify-site", "out"],
        ["schema", "--check"],
        ["codeowners", "--check"],
        ["report", "--format", "json"],
        ["verify-approvals"],
    ],
)
def test_one_command_parses_as_it_does_among_all(argv: list[str]):
    alone, among_all = cli.parser(cli.command_named(argv)).parse_args(argv), cli.parser().parse_args(argv)
    assert vars(alone) == vars(among_all)


def test_a_command_process_imports_no_other_command():
    """`alliance check` in its own process never loads what only other commands need."""
    others = [f"alliance.commands.{module}" for name, module in cli.COMMANDS.items() if name != "check"]
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['alliance', 'check', 'docs/index.md']\n"
        "try:\n    runpy.run_module('alliance', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        f"print(sorted(name for name in {others!r} if name in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, env=quiet_env(), timeout=120
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
