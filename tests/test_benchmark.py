"""`alliance benchmark`: the synthetic site is valid and approved, and one tiny run reports every
figure. Timings are printed by the benchmark, never asserted here."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from alliance import benchmark, navigation, readability, settings as site_settings
from alliance.benchmark import NAVIGATION_HOOK, article_plan, generate_site, without_hooks
from alliance.site import load_site, markdown_files
from conftest import ROOT, alliance

REVIEWED = dt.date(2026, 11, 25)
NEXT_REVIEW = dt.date(2029, 11, 25)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_site(ROOT, tmp_path_factory.mktemp("bench") / "site", 5, REVIEWED, NEXT_REVIEW)


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
    assert 800 <= measured.words <= 1400
    assert measured.grade <= 8
    assert body.count("\n## ") >= 6
    assert body.count('??? question "') == 5
    assert body.count("https://doi.org/10.") == 4


def test_articles_differ_and_the_site_is_the_same_every_run(small_site: Path, tmp_path: Path) -> None:
    first, second = (small_site / "docs" / article_plan(n).src_uri for n in (0, 1))
    assert first.read_text(encoding="utf-8") != second.read_text(encoding="utf-8")
    again = generate_site(ROOT, tmp_path / "again", 5, REVIEWED, NEXT_REVIEW)
    assert (again / "docs" / article_plan(0).src_uri).read_bytes() == first.read_bytes()


def test_the_site_keeps_the_real_pages_and_records_every_url(small_site: Path) -> None:
    docs = small_site / "docs"
    for page in ("index.md", "get-help.md", "people/morgan-sample.md", "people/jordan-example.md"):
        assert (docs / page).is_file()
    record = (docs / ".published-urls.txt").read_text(encoding="utf-8")
    assert f"/articles/{Path(article_plan(4).src_uri).stem}/" in record
    assert alliance(small_site, "urls").returncode == 0


def test_hooks_are_switched_off_in_the_comparison_configs() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks/review_gate.py" in config
    trust_off = without_hooks(config, (NAVIGATION_HOOK,))
    assert "review_gate.py" not in trust_off and "trust.py" not in trust_off
    assert f"hooks:\n  - {NAVIGATION_HOOK}\n" in trust_off
    plain = without_hooks(config)
    assert "hooks:" not in plain and "hooks/" not in plain
    assert "markdown_extensions:" in plain and "validation:" in plain  # nothing else is lost


def test_a_tiny_run_reports_every_figure(tmp_path: Path) -> None:
    report = benchmark.run_benchmark(ROOT, tmp_path, sizes=[3, 6], rounds=1, reference=3, serve=True,
                                     say=lambda line: None, edits=1)
    assert [row.articles for row in report.sizes] == [3, 6]
    other_pages = [uri for uri in markdown_files(ROOT / "docs") if not uri.startswith("articles/")]
    for row in report.sizes:
        assert row.pages == row.articles + len(other_pages) + 1  # and 404.html
        assert row.build_seconds > 0 and row.peak_mb > 0 and row.check_seconds > 0
        assert row.html_bytes_per_page > 0
        assert (row.hugo_seconds is None) == (benchmark.hugo_binary() is None)
    assert report.growth_sizes == (3, 6) and report.growth_ratio is not None
    overhead = report.hooks_overhead
    assert overhead and overhead["articles"] == 3 and overhead["ratio"] > 0
    assert overhead["plain_material_seconds"] > 0
    view = report.first_view
    assert view and view["files"]["html"] > 0
    assert any(name.endswith(".css") for name in view["files"])
    assert any(name.endswith(".js") for name in view["files"])
    assert view["gzip_bytes"] == sum(view["files"].values())
    assert [loop["dirty"] for loop in report.writers_loop] == [False, True]
    for loop in report.writers_loop:
        assert loop["save_to_page_seconds"] > 0
        # The edit voids the page's review, so the rebuild warns about that page, and only that one:
        # a dirty rebuild must not report pages it did not read.
        assert loop["warnings_about_the_edited_page"] >= 1
        assert loop["warnings_about_other_pages"] == []
    printed = benchmark.render_report(report)
    for figure in ("growth ratio", "hooks overhead", "alliance check", "first view", "writers' loop"):
        assert figure in printed
    assert json.loads(benchmark.report_json(report))["sizes"][0]["articles"] == 3


def test_the_command_is_registered() -> None:
    done = alliance(ROOT, "benchmark", "--help")
    assert done.returncode == 0 and "--sizes" in done.stdout
    bad = alliance(ROOT, "benchmark", "--sizes", "0")
    assert bad.returncode == 2 and "must be 1 or more" in bad.stderr


def _long_section_nav(tmp_path: Path, articles: int):
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import get_navigation

    docs = tmp_path / "docs"
    (docs / "articles").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    for number in range(articles):
        (docs / "articles" / f"a{number:03d}.md").write_text(f"# A{number}\n", encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "Test", "docs_dir": str(docs), "site_dir": str(tmp_path / "site")})
    config.validate()
    files = Files([File(path.relative_to(docs).as_posix(), str(docs), str(tmp_path / "site"), True)
                   for path in sorted(docs.rglob("*.md"))])
    return get_navigation(files, config)


def test_a_long_section_is_cut_to_a_window_around_the_page(tmp_path: Path) -> None:
    nav = _long_section_nav(tmp_path, 100)
    places = navigation.positions(nav.items)
    section = nav.items[1]
    view = navigation.for_page(nav, section.children[50], places)
    assert view.items[0] is nav.items[0]  # the home page, untouched
    assert view.items[1].title == section.title and view.items[1].active == section.active
    assert view.items[1].children == section.children[30:70]  # WINDOW items, the page in the middle
    at_start = navigation.for_page(nav, section.children[0], places)
    assert at_start.items[1].children == section.children[:navigation.WINDOW]
    at_end = navigation.for_page(nav, section.children[99], places)
    assert at_end.items[1].children == section.children[-navigation.WINDOW:]


def test_a_short_section_is_rendered_as_material_renders_it(tmp_path: Path) -> None:
    nav = _long_section_nav(tmp_path, navigation.WINDOW)
    page = nav.items[1].children[3]
    assert navigation.for_page(nav, page, navigation.positions(nav.items)) is nav
