"""`python -m benchmarks`: the synthetic site is valid and approved through the library, its
comparison config only drops hooks, and one tiny run reports every figure. Timings are printed by the
benchmark, never asserted here."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load
from support import ROOT, alliance

from alliance import settings as site_settings
from alliance.content import readability
from alliance.content.site import load_site, site_pages
from alliance.paths import output_path
from alliance.problems import AllianceError
from benchmarks import instructions, measure
from benchmarks.__main__ import main as benchmark_main
from benchmarks.instructions import instruction_count
from benchmarks.report import Report, render_report, report_json, spread
from benchmarks.rounds import Variant, _build_rounds, _compare, run_benchmark
from benchmarks.synthetic_site import NAVIGATION_HOOK, NOHOOKS_CONFIG, article_plan, fresh_copy, generate_site

REVIEWED = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_site(ROOT, tmp_path_factory.mktemp("bench") / "site", 5, REVIEWED)


def test_every_synthetic_article_passes_the_gate_as_approved(small_site: Path) -> None:
    settings = site_settings.load(small_site / "mkdocs.yml")
    site = load_site(settings, REVIEWED)
    articles = [record for record in site.records if record.src_uri.startswith("articles/")]
    assert len(articles) == 5
    for record in articles:
        assert record.errors == [], record.errors
        assert record.state == "sample"  # approved by the sample reviewer, digest matching
        assert record.review and record.review.reviewer == "morgan-sample"
        assert record.front_matter["authors"] == ["jordan-example"]


def test_synthetic_articles_have_the_shape_of_real_ones(small_site: Path) -> None:
    text = (small_site / "docs" / article_plan(0).src_uri).read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    measured = readability.measure(body)
    assert 750 <= measured.words <= 1100  # about 900
    assert measured.grade <= 8
    assert body.count("\n## ") == 6 + 3  # six sections, key takeaways, FAQs, sources
    assert body.count('??? question "') == 5
    assert body.count("\n    ") >= 10  # the answers are indented under their question
    assert body.count("<https://doi.org/10.") == 4


def test_articles_differ_and_the_site_is_the_same_every_run(small_site: Path, tmp_path: Path) -> None:
    first, second = (small_site / "docs" / article_plan(n).src_uri for n in (0, 1))
    assert first.read_text(encoding="utf-8") != second.read_text(encoding="utf-8")
    again = generate_site(ROOT, tmp_path / "again", 5, REVIEWED)
    assert (again / "docs" / article_plan(0).src_uri).read_bytes() == first.read_bytes()


def test_the_site_keeps_the_real_pages_and_records_every_url(small_site: Path) -> None:
    docs = small_site / "docs"
    for page in ("index.md", "get-help.md", "people/morgan-sample.md", "people/jordan-example.md"):
        assert (docs / page).is_file()
    record = (docs / ".published-urls.txt").read_text(encoding="utf-8")
    assert f"/articles/{Path(article_plan(4).src_uri).stem}/" in record
    assert alliance(small_site, "urls").returncode == 0


def test_the_comparison_config_inherits_everything_but_the_hooks(small_site: Path) -> None:
    with open(small_site / "mkdocs.yml", encoding="utf-8") as file:
        site = yaml_load(file)
    with open(small_site / NOHOOKS_CONFIG, encoding="utf-8") as file:
        nohooks = yaml_load(file)  # MkDocs' own loader, which resolves INHERIT
    assert "hooks/review_gate.py" in site["hooks"] and "hooks/trust.py" in site["hooks"]
    assert nohooks["hooks"] == [NAVIGATION_HOOK]
    assert {key: value for key, value in nohooks.items() if key != "hooks"} == {
        key: value for key, value in site.items() if key != "hooks"
    }


def test_a_fresh_copy_has_no_output_caches_or_bytecode(small_site: Path, tmp_path: Path) -> None:
    used = tmp_path / "used"
    shutil.copytree(small_site, used)
    for leftover in (
        "site/index.html",
        ".alliance-cache/content.json",
        "hooks/__pycache__/x.pyc",
        "hooks/alliance/__pycache__/x.pyc",
    ):
        (used / leftover).parent.mkdir(parents=True, exist_ok=True)
        (used / leftover).write_text("", encoding="utf-8")
    copy = fresh_copy(used, tmp_path / "copy")
    for leftover in ("site", ".alliance-cache", "hooks/__pycache__", "hooks/alliance/__pycache__"):
        assert not (copy / leftover).exists(), leftover
    assert (copy / "docs" / ".published-urls.txt").is_file() and (copy / NOHOOKS_CONFIG).is_file()


@pytest.mark.slow
def test_a_tiny_run_reports_every_figure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmark for real, as small as it goes: it generates a site, builds it with and without
    the hooks, checks it and serves it, each as its own process, and every figure comes out. The
    growth comparison is left out here (`growth=False`): it builds a second, larger site with the same
    generator and the same commands, and its ratio pairs two variants' runs as the hooks overhead's
    does; the run's plan with growth is test_a_run_with_growth_measures_both_sizes."""
    profile = importlib.util.find_spec("pyinstrument") is not None  # the `bench` extra
    temporary = tmp_path / "temporary"  # the system's temporary folder, as the commands see it
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    report = run_benchmark(
        ROOT,
        tmp_path,
        articles=2,  # the fewest the writers' loop can use: it edits the second article
        rounds=1,
        growth=False,
        serve=True,
        edits=1,
        profile=profile,
        say=lambda line: None,
    )
    assert [row.articles for row in report.sizes] == [2]
    for row in report.sizes:
        assert row.pages == row.articles + len(OTHER_PAGES) + 1  # and 404.html
        assert len(row.cold_seconds.runs) == len(row.warm_seconds.runs) == 1
        assert row.peak_mb > 0 and row.html_bytes_per_page > 0
        assert (row.hugo_seconds is None) == (measure.hugo_binary() is None)
    for comparison in (report.overhead_cold, report.overhead_warm):
        assert comparison and len(comparison.ratio.runs) == 1 and comparison.ratio.median > 0
    assert report.overhead_cold.b.endswith("navigation hook only")
    assert report.growth_cold is report.growth_warm is None
    assert report.overhead_settings == []  # --also-with: test_each_setting_is_built_with_its_variable
    assert report.check_cold and report.check_warm and report.check_cold_per_thousand
    assert all(report.machine["loop_ms"][when] > 0 for when in ("before", "after"))
    view = report.first_view
    assert view and view["files"]["html"] > 0
    assert any(name.endswith(".css") for name in view["files"])
    assert any(name.endswith(".js") for name in view["files"])
    assert view["gzip_bytes"] == sum(view["files"].values())
    assert [loop["dirty"] for loop in report.writers_loop] == [False, True]
    for loop in report.writers_loop:
        # The edit voids the page's review, so the rebuild warns about that page, and only that one:
        # a dirty rebuild must not report pages it did not read.
        assert loop["warnings_about_the_edited_page"] >= 1
        assert loop["warnings_about_other_pages"] == []
    if profile:
        names = [name for name, _ in report.profile["project_costs"]]
        assert "review_gate.py:on_page_read_source" in names
    printed = render_report(report)
    for figure in (
        "machine speed: a one-million-step Python loop took",
        "hooks overhead, cold",
        "hooks overhead, warm",
        "alliance check, cold",
        "per 1,000 articles",
        "first view",
        "writers' loop",
    ):
        assert figure in printed
    assert json.loads(report_json(report))["overhead_cold"]["ratio"]["runs"]
    # `mkdocs serve` builds in a temporary folder it deletes only when stopped as Ctrl-C stops it
    # (never when started with SIGINT ignored, as a background job's children are): none is left.
    assert not list(temporary.iterdir())


OTHER_PAGES = [uri for uri in site_pages(ROOT / "mkdocs.yml") if not uri.startswith("articles/")]
# What the recorded runs below take, by the folder built in: the ratios follow from these.
SECONDS = {"hooks-2": 1.5, "nohooks-2": 1.0, "hooks-4": 3.0, "check": 0.5, "hugo-2": 0.1, "hugo-4": 0.2}


def test_a_run_with_growth_measures_both_sizes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole run's plan, growth, Hugo and the profile included, on sites generated for real: the
    builds, checks, servers and Hugo are recorded instead of run (the tiny run above runs them), and
    each build writes an empty page for each of the site's pages and the 404 page, so the sizes count
    what was generated. Every figure is reported; growth compares the larger site with the reference."""
    calls: list[tuple] = []

    def run(folder: str) -> measure.Run:
        return measure.Run(
            seconds=SECONDS[folder], cpu_seconds=SECONDS[folder], peak_mb=9.0, returncode=0, output=""
        )

    def build(copy: Path, hooks: bool, env: dict[str, str]) -> measure.Run:
        calls.append(("build", copy.name, hooks, env))
        for page in [*(output_path(uri) for uri in site_pages(copy / "mkdocs.yml")), "404.html"]:
            (copy / "site" / page).parent.mkdir(parents=True, exist_ok=True)
            (copy / "site" / page).write_text("<!doctype html><title>page</title>", encoding="utf-8")
        return run(copy.name)

    def check(copy: Path) -> measure.Run:
        calls.append(("check", copy.name))
        return run(copy.name)

    def hugo(binary: Path, site: Path) -> measure.Run:
        articles = sorted(path.name for path in (site / "content" / "articles").iterdir())
        calls.append(("hugo", site.name, articles))
        return run(site.name)

    def writers_loop(site: Path, src_uri: str, dirty: bool, edits: int) -> dict:
        calls.append(("serve", site.name, (site / "docs" / src_uri).is_file(), src_uri, dirty, edits))
        return {
            "dirty": dirty,
            "first_build_seconds": 1.0,
            "save_to_page_seconds": 0.5,
            "edits": [0.5],
            "warnings_about_the_edited_page": 1,
            "warnings_about_other_pages": [],
        }

    def profile_build(copy: Path, target: Path) -> measure.Run:
        calls.append(("profile", copy.name))
        return run("hooks-2")

    def loop_milliseconds() -> float:
        calls.append(("speed",))
        return 80.0 + len(calls)

    monkeypatch.setattr(measure, "loop_milliseconds", loop_milliseconds)
    monkeypatch.setattr(measure, "mkdocs_build", build)
    monkeypatch.setattr(measure, "alliance_check", check)
    monkeypatch.setattr(measure, "hugo_binary", lambda: tmp_path / "hugo")
    monkeypatch.setattr(measure, "hugo_build", hugo)
    monkeypatch.setattr(measure, "writers_loop", writers_loop)
    monkeypatch.setattr(measure, "profile_build", profile_build)
    monkeypatch.setattr(
        measure, "project_costs", lambda report, site: [("review_gate.py:on_page_read_source", 0.1)]
    )
    report = run_benchmark(
        ROOT, tmp_path, articles=2, rounds=1, serve=True, edits=1, profile=True, say=lambda line: None
    )

    variants = [("hooks-2", True, {}), ("nohooks-2", False, {}), ("hooks-4", True, {})]
    articles = [Path(article_plan(n).src_uri).name for n in range(4)]
    expected = [
        ("speed",),  # the machine's speed before the rounds …
        *[("build", *variant) for variant in variants],  # cold
        *[("build", *variant) for variant in variants],  # warm, in the same folders
        ("hugo", "hugo-2", sorted(articles[:2])),
        ("hugo", "hugo-4", sorted(articles)),
        ("check", "check"),  # cold
        ("check", "check"),  # warm
        ("serve", "serve", True, article_plan(1).src_uri, False, 1),
        ("serve", "serve", True, article_plan(1).src_uri, True, 1),
        ("profile", "profile"),
        ("speed",),  # … and after everything else
    ]
    assert calls == expected
    assert report.machine["loop_ms"] == {"before": 81.0, "after": 80.0 + len(calls)}
    assert [(row.articles, row.pages, row.hugo_seconds) for row in report.sizes] == [
        (2, 2 + len(OTHER_PAGES) + 1, 0.1),
        (4, 4 + len(OTHER_PAGES) + 1, 0.2),
    ]
    assert [row.cold_seconds.runs for row in report.sizes] == [[1.5], [3.0]]
    assert [row.warm_seconds.runs for row in report.sizes] == [[1.5], [3.0]]
    assert report.overhead_cold and report.overhead_cold.ratio.median == 1.5
    for comparison, temperature in ((report.growth_cold, "cold"), (report.growth_warm, "warm")):
        assert comparison and comparison.name == f"growth 2 → 4 articles, {temperature}"
        assert (comparison.a, comparison.b) == ("4 articles, every hook", "2 articles, every hook")
        assert comparison.ratio.runs == comparison.cpu_ratio.runs == [2.0]
    assert (report.check_cold, report.check_warm) == (spread([0.5]), spread([0.5]))
    assert report.check_cold_per_thousand == 250.0
    assert report.first_view and report.first_view["page"] == output_path(article_plan(0).src_uri)
    assert [loop["dirty"] for loop in report.writers_loop] == [False, True]
    assert report.profile and report.profile["project_costs"] == [("review_gate.py:on_page_read_source", 0.1)]
    printed = render_report(report)
    for figure in (
        "hooks overhead, cold",
        "hooks overhead, warm",
        "growth 2 → 4 articles, cold: 2.0",
        "growth 2 → 4 articles, warm: 2.0",
        "alliance check, cold: 0.5 s",
        "250.0 s per 1,000 articles",
        f"a one-million-step Python loop took 81.0 ms before the rounds and {80.0 + len(calls)} ms after",
        "first view",
        "writers' loop, mkdocs serve --dirty",
        "one cold build under pyinstrument",
    ):
        assert figure in printed
    assert json.loads(report_json(report))["growth_warm"]["ratio"]["runs"] == [2.0]


def test_each_setting_is_built_with_its_variable_in_every_round(
    small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--also-with NAME=VALUE`: one more variant, built with every hook and that variable in each
    round, in a rotated order, and compared with the build without hooks. The builds themselves are
    the tiny run's; here the rounds' plan is recorded instead of built."""
    built: list[tuple[str, bool, dict[str, str]]] = []

    def record(copy: Path, hooks: bool, env: dict[str, str]) -> measure.Run:
        built.append((copy.name, hooks, env))
        return measure.Run(
            seconds=2.0 if env else 1.0 + hooks, cpu_seconds=1.0, peak_mb=1.0, returncode=0, output=""
        )

    monkeypatch.setattr(measure, "mkdocs_build", record)
    setting = ("ALLIANCE_CHECK_WORKERS", "0")
    reference, without, with_setting = Variant(5, True), Variant(5, False), Variant(5, True, (setting,))
    variants = [reference, without, with_setting]
    runs = _build_rounds({5: small_site}, tmp_path, variants, 2, say=lambda line: None)

    per_round = [built[:6], built[6:]]
    assert [len(round_) for round_ in per_round] == [6, 6]  # cold then warm, each variant once
    assert per_round[0][:3] == [
        ("hooks-5", True, {}),
        ("nohooks-5", False, {}),
        ("hooks-5-ALLIANCE_CHECK_WORKERS-0", True, {"ALLIANCE_CHECK_WORKERS": "0"}),
    ]
    assert [folder for folder, _, _ in per_round[1][:3]] == [
        "nohooks-5",
        "hooks-5-ALLIANCE_CHECK_WORKERS-0",
        "hooks-5",
    ]  # the second round starts one variant later
    report = Report(machine={"cpus": 2, "python": "3.11", "platform": "linux"}, articles=5, rounds=2, hugo="")
    _compare(report, runs, reference, without, [], [with_setting])
    assert [(comparison.name, comparison.ratio.median) for comparison in report.overhead_settings] == [
        ("hooks overhead with ALLIANCE_CHECK_WORKERS=0, cold", 2.0),
        ("hooks overhead with ALLIANCE_CHECK_WORKERS=0, warm", 2.0),
    ]
    assert "hooks overhead with ALLIANCE_CHECK_WORKERS=0, cold" in render_report(report)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--articles", "0"], "must be 1 or more"),
        (["--rounds", "two"], "is not a whole number"),
        (["--also-with", "workers"], "is not NAME=VALUE"),
    ],
)
def test_the_command_refuses_bad_numbers(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        benchmark_main(argv)
    assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_alliance_has_no_benchmark_command() -> None:
    assert alliance(ROOT, "benchmark", "--help").returncode == 2


# ---- --instructions: counted by valgrind, not timed --------------------------------------------

CACHEGRIND_SUMMARY = """==15603== Cachegrind, a cache and branch-prediction profiler
==15603== Command: python -m mkdocs build --strict -f mkdocs.yml
==15603==
==15603== I   refs:      14,727,868,329
"""


def test_the_instruction_count_is_read_from_cachegrinds_summary() -> None:
    assert instruction_count("INFO - Documentation built\n" + CACHEGRIND_SUMMARY) == 14_727_868_329
    assert instruction_count("==7== I refs: 1,234\n") == 1234
    for output in ("INFO - Documentation built\n", CACHEGRIND_SUMMARY + CACHEGRIND_SUMMARY):
        with pytest.raises(AllianceError, match="no single 'I refs' summary"):
            instruction_count(output)


def test_instructions_count_one_warm_build_of_each_with_the_hooks_work_in_one_process(
    small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[tuple] = []

    def warm_up(site: Path, hooks: bool = True, env: dict[str, str] | None = None) -> measure.Run:
        events.append(("build", site.name, hooks, env))
        return measure.Run(1.0, 1.0, 1.0, 0, "")

    def counted(command: list[str], cwd: Path, env: dict[str, str]) -> measure.Run:
        events.append(("valgrind", cwd.name, command, env.get("ALLIANCE_CHECK_WORKERS")))
        assert env["PYTHONHASHSEED"] == "0"  # the same string hashes, so the same work, every run
        refs = "1,250" if "mkdocs.yml" in command else "1,000"
        return measure.Run(1.0, 1.0, 1.0, 0, f"==1== I   refs:      {refs}\n")

    monkeypatch.setattr(instructions, "valgrind", lambda: "/usr/bin/valgrind")
    monkeypatch.setattr(measure, "mkdocs_build", warm_up)
    monkeypatch.setattr(measure, "timed_run", counted)
    said: list[str] = []
    result = instructions.count_instructions(small_site, tmp_path, 5, say=said.append)
    assert result == instructions.Instructions(5, 1000, 1250, 1.25)
    assert [event[:2] for event in events] == [
        ("build", "instructions-nohooks"),
        ("valgrind", "instructions-nohooks"),
        ("build", "instructions-hooks"),
        ("valgrind", "instructions-hooks"),
    ]
    assert events[0][2:] == (False, {"PYTHONHASHSEED": "0"})
    assert events[2][2:] == (True, {"PYTHONHASHSEED": "0", "ALLIANCE_CHECK_WORKERS": "0"})
    for event, hooks in ((events[1], False), (events[3], True)):
        command = event[2]
        assert command[:4] == ["/usr/bin/valgrind", "--tool=cachegrind", "--cache-sim=no", command[3]]
        assert command[4:] == measure.build_command(hooks)
    assert [events[1][3], events[3][3]] == [None, "0"]  # all of the hooks' work in the one process
    assert said == ["  navigation hook only: 1,000 instructions", "  every hook: 1,250 instructions"]
    assert "the hooks' whole work: 1.2500 × the build without them" in result.render()


def test_a_build_that_fails_under_valgrind_is_an_error_with_its_output(
    small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(instructions, "valgrind", lambda: "/usr/bin/valgrind")
    monkeypatch.setattr(measure, "mkdocs_build", lambda *args, **kwargs: None)
    monkeypatch.setattr(
        measure, "timed_run", lambda *args: measure.Run(1.0, 1.0, 1.0, 1, "ERROR - Config value 'hooks'")
    )
    with pytest.raises(AllianceError, match="failed in .*instructions-nohooks:\nERROR - Config value"):
        instructions.count_instructions(small_site, tmp_path, 5, say=lambda line: None)


def test_without_valgrind_the_instructions_mode_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(instructions.shutil, "which", lambda name: None)
    assert (
        benchmark_main(["--instructions", "--articles", "1", "--out", str(tmp_path), "--project", str(ROOT)])
        == 2
    )
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith("error: benchmark: --instructions needs valgrind (Debian: apt-get install valgrind)")
    )
