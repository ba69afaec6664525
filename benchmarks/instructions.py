"""`python -m benchmarks --instructions`: what the hooks cost in instructions, not seconds.

On a shared 2-core machine the same build's wall time moves by half from one minute to the next, and
a pair of builds can differ by 40 % with nothing changed. The number of instructions a build runs
does not depend on the machine's load: valgrind's cachegrind (`--cache-sim=no`, Debian's `valgrind`)
counts them, and with Python's string hashing fixed (PYTHONHASHSEED=0) the same build repeats. It
measures work, not time: a change that makes the hooks do less shows here at once, while the
wall-time overhead needs many quiet pairs.

Each variant is built once to write its bytecode and output, then once under cachegrind. The hooks
run with ALLIANCE_CHECK_WORKERS=0, so all of their work (the page checks, the views and the output
checks included) is in the process measured: with workers, which process does a page's work depends
on timing, and valgrind slows the two processes differently. The figure is therefore the hooks'
whole work; on two cores most of it runs beside the rendering process, not in it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from alliance.problems import AllianceError

from . import measure
from .synthetic_site import fresh_copy

# cachegrind's summary line, e.g. "==1234== I   refs:      14,727,868,329" (older: "I refs:").
_REFS = re.compile(r"^==\d+==\s+I\s+refs:\s+([\d,]+)\s*$", re.M)
NO_WORKERS = {"ALLIANCE_CHECK_WORKERS": "0"}
# Python randomises string hashes per process, which moves set and dict orders and with them some
# work: two runs of the same build differed by 0.7 % without a fixed seed.
FIXED_HASHES = {"PYTHONHASHSEED": "0"}


@dataclass(frozen=True)
class Instructions:
    articles: int
    without_hooks: int  # instructions of the build with the navigation hook only
    with_hooks: int  # with every hook, all of their work in the build's own process
    ratio: float  # with_hooks / without_hooks

    def render(self) -> str:
        return (
            f"instructions at {self.articles} articles (valgrind cachegrind, one warm build each):\n"
            f"    navigation hook only: {self.without_hooks:,}\n"
            f"    every hook, ALLIANCE_CHECK_WORKERS=0: {self.with_hooks:,}\n"
            f"    the hooks' whole work: {self.ratio:.4f} × the build without them\n"
        )

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def instruction_count(output: str) -> int:
    """The instructions cachegrind's summary reports in a run's output."""
    found = _REFS.findall(output)
    if len(found) != 1:
        raise AllianceError(
            "benchmark: valgrind printed no single 'I refs' summary; is it valgrind's cachegrind?\n"
            + output[-2000:]
        )
    return int(found[0].replace(",", ""))


def valgrind() -> str:
    found = shutil.which("valgrind")
    if found is None:
        raise AllianceError("benchmark: --instructions needs valgrind (Debian: apt-get install valgrind)")
    return found


def count_instructions(
    site: Path, work: Path, articles: int, say: Callable[[str], None] = print
) -> Instructions:
    """Build a fresh copy of `site` without and with the hooks, each once to warm up and once under
    cachegrind, and count the instructions of the measured builds."""
    tool = valgrind()
    counts = {}
    for hooks in (False, True):
        copy = fresh_copy(site, work / ("instructions-hooks" if hooks else "instructions-nohooks"))
        env = {**FIXED_HASHES, **(NO_WORKERS if hooks else {})}
        measure.mkdocs_build(copy, hooks=hooks, env=env)  # bytecode and output, as a warm build has
        run = measure.timed_run(
            [
                tool,
                "--tool=cachegrind",
                "--cache-sim=no",
                "--cachegrind-out-file=/dev/null",
                *measure.build_command(hooks),
            ],
            copy,
            measure.child_env(copy, **env),
        )
        if run.returncode:
            raise AllianceError(
                f"benchmark: the build under valgrind failed in {copy}:\n{run.output[-2000:]}"
            )
        counts[hooks] = instruction_count(run.output)
        say(f"  {'every hook' if hooks else 'navigation hook only'}: {counts[hooks]:,} instructions")
    return Instructions(articles, counts[False], counts[True], round(counts[True] / counts[False], 4))
