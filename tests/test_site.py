"""The sample site: seven articles with their sections, FAQs and sources, the site pages, plain
language, and no request to any other host."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from support import ROOT, TEST_TODAY, alliance

from alliance import settings as site_settings
from alliance.commands.report import content_report
from alliance.content.site import load_site
from alliance.render.html_extract import extract

ARTICLES = {
    "articles/building-trust/": "Building trust with your therapist",
    "articles/communication-and-boundaries/": "Communication and boundaries in therapy",
    "articles/goals-and-collaboration/": "Working together: goals, tasks and taking part",
    "articles/ruptures-and-repair/": "When things go wrong: ruptures and repair",
    "articles/ending-therapy/": "Ending therapy well: when and how to finish",
    "articles/finding-a-therapist/": "Finding a therapist who fits you",
    "articles/first-sessions/": "Your first sessions: what to expect",
}
SITE_PAGES = [
    "",
    "about/how-we-review/",
    "get-help/",
    "people/jordan-example/",
    "people/morgan-sample/",
    "404.html",
]


def test_strict_build_has_no_warnings(built_site):
    assert "WARNING" not in built_site.output


@pytest.mark.parametrize("url", ARTICLES)
def test_article_has_its_sections(built_site, url):
    html = built_site.page(url)
    assert ARTICLES[url] in html
    for heading in ("Key takeaways", "Frequently asked questions", "Sources"):
        assert re.search(rf"<h2[^>]*>{heading}", html), heading


@pytest.mark.parametrize("url", ARTICLES)
def test_article_has_faqs_and_doi_sources(built_site, url):
    extracted = extract(built_site.page(url))
    assert len(extracted.faqs) >= 4
    assert all(faq.question and faq.answer for faq in extracted.faqs)
    doi_sources = [source for source in extracted.sources if "https://doi.org/10." in source.url]
    assert len(doi_sources) >= 3


@pytest.mark.parametrize("url", SITE_PAGES)
def test_site_page_is_built(built_site, url):
    assert "<h1" in built_site.page(url)


def test_every_article_meets_the_content_bars():
    settings = site_settings.load(ROOT / "mkdocs.yml")
    report = content_report(load_site(settings, __import__("datetime").date.fromisoformat(TEST_TODAY)))
    assert len(report) == len(ARTICLES) == 7
    for row in report:
        assert row["words"] >= 800, row
        assert row["faqs"] >= 4, row
        assert row["sources"] >= 3, row
        assert row["grade"] <= 8, row
        assert row["meets_bars"], row


def test_content_report_command_prints_every_article():
    done = alliance(ROOT, "report")
    assert done.returncode == 0, done.stderr
    for path in (
        "building-trust",
        "communication-and-boundaries",
        "goals-and-collaboration",
        "ruptures-and-repair",
        "ending-therapy",
    ):
        assert f"docs/articles/{path}.md" in done.stdout
    assert "NO" not in done.stdout.split()


def test_sample_people_are_marked_as_sample(built_site):
    for url in ("people/jordan-example/", "people/morgan-sample/"):
        html = built_site.page(url)
        assert 'data-alliance="sample-person"' in html
        assert "invented placeholder" in html


class _Fetches(HTMLParser):
    """Every address the browser would fetch by itself while loading a page."""

    FETCHING = {
        ("script", "src"),
        ("link", "href"),
        ("img", "src"),
        ("iframe", "src"),
        ("source", "src"),
        ("video", "src"),
        ("audio", "src"),
        ("embed", "src"),
        ("object", "data"),
        ("img", "srcset"),
        ("source", "srcset"),
        ("track", "src"),
        ("video", "poster"),
        ("input", "src"),
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and (attributes.get("rel") or "") in ("canonical", "alternate", "prev", "next"):
            return  # links for crawlers, never fetched while rendering
        for element, attribute in self.FETCHING:
            if tag == element and attributes.get(attribute):
                self.urls.extend(part.split()[0] for part in attributes[attribute].split(","))
        style = attributes.get("style") or ""
        self.urls.extend(re.findall(r"url\(['\"]?([^'\")]+)", style))


def test_no_page_fetches_from_another_host(built_site):
    pages = sorted(built_site.site_dir.rglob("*.html"))
    assert len(pages) >= 11
    for page in pages:
        parser = _Fetches()
        parser.feed(page.read_text(encoding="utf-8"))
        foreign = [url for url in parser.urls if urlsplit(url).netloc or url.startswith("//")]
        assert not foreign, f"{page.relative_to(built_site.site_dir)} fetches {foreign}"


def test_no_stylesheet_imports_from_another_host(built_site):
    for sheet in built_site.site_dir.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"@import\s+(url\()?['\"]?(https?:)?//", text), sheet
        assert not re.search(r"url\(['\"]?(https?:)?//", text), sheet
