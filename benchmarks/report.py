"""The benchmark's figures: medians with their spread, printed as text and written as JSON.
Nothing here judges a figure; the targets are printed next to them for the reader."""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

# Issue 16's targets, printed beside the figures (never asserted).
TARGETS = {"overhead_cold": 1.10, "overhead_warm": 1.05, "growth": 2.1, "check_per_thousand": 1.0}


@dataclass
class Spread:
    """The median of repeated measurements, their range and interquartile range."""

    median: float
    low: float
    high: float
    q1: float
    q3: float
    runs: list[float]


def spread(values: Sequence[float], digits: int = 2) -> Spread:
    ordered = sorted(values)
    # statistics.quantiles needs two values; one run is its own quartiles.
    q1, _, q3 = (
        statistics.quantiles(ordered, n=4, method="inclusive") if len(ordered) > 1 else (ordered[0],) * 3
    )
    return Spread(
        round(statistics.median(ordered), digits),
        round(ordered[0], digits),
        round(ordered[-1], digits),
        round(q1, digits),
        round(q3, digits),
        [round(value, digits) for value in values],
    )


@dataclass
class Comparison:
    """Interleaved pairs of builds, A then B (or B then A) in each round: both sides' times and the
    ratio A/B of each pair, so a slow moment of the machine lands in one pair, not in one side."""

    name: str
    a: str
    b: str
    a_seconds: Spread
    b_seconds: Spread
    ratio: Spread
    cpu_ratio: Spread


def compare(name: str, a: str, b: str, a_runs: Sequence[Any], b_runs: Sequence[Any]) -> Comparison:
    """`a_runs` and `b_runs` are Runs (seconds, cpu_seconds), paired by round."""
    return Comparison(
        name,
        a,
        b,
        spread([run.seconds for run in a_runs]),
        spread([run.seconds for run in b_runs]),
        spread([x.seconds / y.seconds for x, y in zip(a_runs, b_runs, strict=True)]),
        spread([x.cpu_seconds / y.cpu_seconds for x, y in zip(a_runs, b_runs, strict=True)]),
    )


@dataclass
class SizeRow:
    articles: int
    pages: int
    cold_seconds: Spread
    warm_seconds: Spread
    peak_mb: float
    html_bytes_per_page: int
    total_output_bytes: int
    hugo_seconds: float | None = None


@dataclass
class Report:
    machine: dict[str, Any]
    articles: int
    rounds: int
    sizes: list[SizeRow] = field(default_factory=list)
    overhead_cold: Comparison | None = None
    overhead_warm: Comparison | None = None
    overhead_settings: list[Comparison] = field(default_factory=list)  # --also-with NAME=VALUE
    growth_cold: Comparison | None = None
    growth_warm: Comparison | None = None
    check_cold: Spread | None = None
    check_warm: Spread | None = None
    check_cold_per_thousand: float | None = None
    first_view: dict[str, Any] | None = None
    writers_loop: list[dict[str, Any]] = field(default_factory=list)
    hugo: str = ""
    profile: dict[str, Any] | None = None  # one cold build under pyinstrument


def _range(values: Spread, unit: str = "") -> str:
    return (
        f"{values.median}{unit} (min–max {values.low}–{values.high}{unit}, IQR {values.q1}–{values.q3}{unit})"
    )


def _comparison_lines(comparison: Comparison | None, target: float) -> list[str]:
    if comparison is None:
        return []
    c = comparison
    return [
        f"{c.name}: {_range(c.ratio)}; target ≤ {target}",
        f"    CPU time ratio {_range(c.cpu_ratio)}",
        f"    {c.a}: {_range(c.a_seconds, ' s')}",
        f"    {c.b}: {_range(c.b_seconds, ' s')}",
    ]


def render_report(report: Report) -> str:
    """The report as text: the headline ratios first, then the table and the rest."""
    machine = report.machine
    lines = [
        f"Alliance benchmark at {report.articles} articles ({machine['cpus']} CPUs, Python "
        f"{machine['python']}), {report.rounds} interleaved round(s); cold = fresh copy of the site "
        "in a new folder and a new process, warm = the second build in the same folder",
    ]
    if speed := machine.get("loop_ms"):
        lines.append(
            f"machine speed: a one-million-step Python loop took {speed['before']} ms before the "
            f"rounds and {speed.get('after', '?')} ms after (absolute times scale with it; each ratio "
            "pairs builds of one round)"
        )
    lines.append("")
    lines += _comparison_lines(report.overhead_cold, TARGETS["overhead_cold"])
    lines += _comparison_lines(report.overhead_warm, TARGETS["overhead_warm"])
    for comparison in report.overhead_settings:
        lines += _comparison_lines(comparison, TARGETS[f"overhead_{comparison.name.rsplit(' ', 1)[-1]}"])
    lines += _comparison_lines(report.growth_cold, TARGETS["growth"])
    lines += _comparison_lines(report.growth_warm, TARGETS["growth"])
    if report.check_cold and report.check_warm:
        lines.append(
            f"alliance check, cold: {_range(report.check_cold, ' s')}; "
            f"{report.check_cold_per_thousand} s per 1,000 articles "
            f"(target ≤ {TARGETS['check_per_thousand']})"
        )
        lines.append(f"alliance check, warm: {_range(report.check_warm, ' s')}")
    lines += [
        "",
        f"{'articles':>8} {'pages':>6} {'cold s':>7} {'warm s':>7} {'peak MB':>8} "
        f"{'HTML B/page':>11} {'hugo s':>7}",
    ]
    for row in report.sizes:
        hugo = f"{row.hugo_seconds:>7.2f}" if row.hugo_seconds is not None else f"{'-':>7}"
        lines.append(
            f"{row.articles:>8} {row.pages:>6} {row.cold_seconds.median:>7.2f} "
            f"{row.warm_seconds.median:>7.2f} {row.peak_mb:>8.0f} {row.html_bytes_per_page:>11,} "
            f"{hugo}"
        )
    lines.append("")
    if report.first_view:
        view = report.first_view
        html = view["files"]["html"]
        lines.append(
            f"first view of an article ({view['page']}): {view['gzip_bytes']:,} bytes gzip "
            f"(HTML {html:,}; CSS and JS {view['gzip_bytes'] - html:,}); "
            f"the search index ({view['search_index_gzip_bytes_deferred']:,} bytes gzip) "
            "loads only when the reader opens search"
        )
    if not any(row.hugo_seconds is not None for row in report.sizes):
        lines.append(f"hugo: {report.hugo}; reference time skipped")
    for loop in report.writers_loop:
        mode = "mkdocs serve --dirty" if loop["dirty"] else "mkdocs serve"
        others = loop["warnings_about_other_pages"]
        lines.append(
            f"writers' loop, {mode}: {loop['save_to_page_seconds']} s from save to page "
            f"(edits {loop['edits']}; first build {loop['first_build_seconds']} s; "
            f"warnings about other pages after the edit: {len(others)})"
        )
    if report.profile:
        profile = report.profile
        lines.append(
            f"one cold build under pyinstrument ({profile['seconds']} s, call tree in "
            f"{profile['file']}); the project's own code by time, callees included:"
        )
        lines += [f"    {seconds:7.3f} s  {name}" for name, seconds in profile["project_costs"]]
    return "\n".join(lines) + "\n"


def report_json(report: Report) -> str:
    return json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n"
