"""Light on every page: the first view of an article transfers at most 150 KB, the search index waits
until a reader uses search, and the first view stays the same size as the site grows."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from support import alliance, mkdocs_build

from .conftest import ARTICLE, serve

pytestmark = pytest.mark.browser

BUDGET_BYTES = 150 * 1024
SEARCH_INDEX = "search/search_index.json"
# What a web server's gzip (level 6, the usual default) would send; http.server sends bodies as is.
GZIP_LEVEL = 6
SYNTHETIC_ARTICLES = 300
# The article page lists its section's articles in the navigation (navigation.prune keeps only the
# current section), so its HTML grows a little with every sibling; nothing else may grow.
MAX_GROWTH_BYTES = 8 * 1024


@dataclass
class FirstView:
    """What a browser with an empty cache downloads to show one page."""

    gzip_bytes: dict[str, int] = field(default_factory=dict)  # url path -> gzip size of the body
    requested: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.gzip_bytes.values())

    def table(self) -> str:
        rows = [f"{size / 1024:8.1f} KB  {path}" for path, size in sorted(self.gzip_bytes.items())]
        return "\n".join([*rows, f"{self.total / 1024:8.1f} KB  total (gzip)"])


def gzip_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=GZIP_LEVEL))


def open_first_view(new_context, server, path: str):
    """Open a page in a fresh context (no cache) and wait until the network is quiet."""
    context = new_context("light", "desktop")
    view = FirstView()
    responses = []
    context.on("request", lambda request: view.requested.append(request.url))
    context.on("response", lambda response: responses.append(response))
    page = context.new_page()
    page.goto(server.url(path), wait_until="networkidle")
    for response in responses:
        key = response.url.removeprefix(server.base_url)
        # A resource loaded twice (the logo is also the favicon) comes from the memory cache once.
        view.gzip_bytes.setdefault(key, 0)
        view.gzip_bytes[key] = max(view.gzip_bytes[key], gzip_size(response.body()))
    return page, view


def asked_for_index(urls: list[str]) -> int:
    return sum(1 for url in urls if url.split("?")[0].endswith(SEARCH_INDEX))


def test_first_view_of_an_article_is_at_most_150_kb(site, new_context, report_measurement):
    _, view = open_first_view(new_context, site, ARTICLE)
    report_measurement(
        f"first view of /{ARTICLE}: {view.total / 1024:.1f} KB gzip "
        f"in {len(view.requested)} requests (budget {BUDGET_BYTES // 1024} KB)"
    )
    assert view.total <= BUDGET_BYTES, f"the first view of {ARTICLE} is too heavy:\n{view.table()}"
    assert not asked_for_index(view.requested), (
        f"the first view downloaded {SEARCH_INDEX} before the reader used search:\n{view.table()}"
    )


def test_search_index_loads_when_the_reader_uses_search_and_search_works(site, new_context):
    page, view = open_first_view(new_context, site, ARTICLE)
    assert not asked_for_index(view.requested)
    page.locator(".md-search__input").click()
    page.keyboard.type("trust")
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    assert page.locator(".md-search-result__item").count() > 0
    assert asked_for_index(view.requested) == 1, "search must download its index exactly once"


def synthetic_article(sample: str, number: int) -> str:
    """A copy of a sample article's body under a new title: the size and shape of a real article."""
    _, front_matter, body = sample.split("---\n", 2)
    meta = yaml.safe_load(front_matter)
    title = f"Synthetic article {number}"
    meta.pop("review", None)
    meta.update(
        title=title,
        description=f"{title}: a generated page that shows the first view of "
        "an article stays light as the site grows.",
    )
    heading = body.lstrip().splitlines()[0]
    body = body.replace(heading, f"# {title}", 1)
    return f"---\n{yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)}---\n{body}"


def build_grown_site(project: Path, site_dir: Path) -> Path:
    """The sample site plus SYNTHETIC_ARTICLES approved articles, built with --strict."""
    sample = (project / "docs" / ARTICLE.rstrip("/")).with_suffix(".md").read_text(encoding="utf-8")
    new_files = []
    for number in range(SYNTHETIC_ARTICLES):
        target = project / "docs" / "articles" / f"synthetic-{number:03d}.md"
        target.write_text(synthetic_article(sample, number), encoding="utf-8")
        new_files.append(target.relative_to(project).as_posix())
    for step in (["approve", *new_files, "--reviewer", "morgan-sample"], ["urls", "--update"]):
        done = alliance(project, *step)
        assert done.returncode == 0, f"alliance {step[0]} failed:\n{done.stdout}{done.stderr}"
    built = mkdocs_build(project, site_dir)
    assert built.returncode == 0, built.output
    return site_dir


def test_first_view_stays_flat_as_the_site_grows(
    site, new_context, project_copy, tmp_path, report_measurement
):
    _, small = open_first_view(new_context, site, ARTICLE)
    grown_dir = build_grown_site(project_copy, tmp_path / "grown-site")
    with serve(grown_dir) as grown_server:
        _, grown = open_first_view(new_context, grown_server, ARTICLE)
    report_measurement(
        f"first view of /{ARTICLE} with {SYNTHETIC_ARTICLES} more articles: "
        f"{grown.total / 1024:.1f} KB gzip ({(grown.total - small.total) / 1024:+.1f} KB)"
    )

    report = f"sample site:\n{small.table()}\nwith {SYNTHETIC_ARTICLES} more articles:\n{grown.table()}"
    assert grown.total <= BUDGET_BYTES, report
    assert not asked_for_index(grown.requested), report
    assert set(grown.gzip_bytes) == set(small.gzip_bytes), report
    assets = {path: size for path, size in small.gzip_bytes.items() if path != ARTICLE}
    assert {path: grown.gzip_bytes[path] for path in assets} == assets, (
        "only the article's own HTML may change size as the site grows\n" + report
    )
    assert grown.total - small.total <= MAX_GROWTH_BYTES, report
