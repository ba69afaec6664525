"""`python -m benchmarks`: build synthetic sites and report cold and warm hooks overhead, growth,
`alliance check` time, weight and the writers' loop."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from alliance import clock
from alliance.problems import AllianceError

from .instructions import count_instructions
from .report import render_report, report_json
from .rounds import run_benchmark
from .synthetic_site import generate_site


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' must be 1 or more")
    return value


def _setting(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"'{text}' is not NAME=VALUE")
    return name, value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--articles",
        type=_positive,
        default=1000,
        help="articles in the measured site; growth builds twice as many (default 1000)",
    )
    parser.add_argument(
        "--rounds", type=_positive, default=5, help="interleaved rounds of cold and warm builds (default 5)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "alliance-benchmark",
        help="folder for the generated sites and benchmark.json (default: %(default)s)",
    )
    parser.add_argument(
        "--project",
        type=Path,
        default=Path.cwd(),
        help="the project whose mkdocs.yml, docs, hooks and overrides are measured "
        "(default: the current folder)",
    )
    parser.add_argument(
        "--no-growth", dest="growth", action="store_false", help="skip the site of twice as many articles"
    )
    parser.add_argument(
        "--no-serve", dest="serve", action="store_false", help="skip the writers' loop in mkdocs serve"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile one cold build with pyinstrument (text report in --out)",
    )
    parser.add_argument(
        "--also-with",
        type=_setting,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="also build with every hook and this environment variable, in the same "
        "rounds, e.g. ALLIANCE_CHECK_WORKERS=0 (may be repeated)",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="instead of timing, count the instructions of one build without and one with the "
        "hooks under valgrind's cachegrind (steady on a busy machine; try --articles 100)",
    )
    parser.add_argument(
        "--generate-only",
        action="store_true",
        help="only write the site of --articles articles (to profile a build by hand)",
    )
    return parser


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    work = args.out.resolve()
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.generate_only or args.instructions:
            site = generate_site(
                args.project.resolve(), work / f"site-{args.articles}", args.articles, clock.today()
            )
            print(f"wrote {site}")
        if args.generate_only:
            return 0
        if args.instructions:
            counted = count_instructions(site, work / "runs", args.articles, say=_say)
            print(counted.render(), end="")
            (work / "instructions.json").write_text(
                json.dumps(counted.as_dict(), indent=2) + "\n", encoding="utf-8"
            )
            print(f"wrote {work / 'instructions.json'}")
            return 0
        report = run_benchmark(
            args.project.resolve(),
            work,
            args.articles,
            args.rounds,
            growth=args.growth,
            serve=args.serve,
            profile=args.profile,
            also_with=args.also_with,
            say=_say,
        )
    except AllianceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(render_report(report), end="")
    (work / "benchmark.json").write_text(report_json(report), encoding="utf-8")
    print(f"wrote {work / 'benchmark.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
