"""The site's articles as readers browse them: every article by topic, and related articles.

Built once per build (in on_env, after every page is read) from the page records, so the home page,
/articles/ and each article's "Related articles" come from one index; no page scans the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from alliance.content.pages import PageRecord
from alliance.render.strings import human_date

RELATED_COUNT = 3
# Articles looked at per shared tag when choosing related ones: keeps each page's work flat when a
# tag is on every article (it would otherwise make the build quadratic in the number of articles).
RELATED_SCAN_PER_TAG = 40


@dataclass(frozen=True)
class Article:
    src_uri: str
    url: str  # site-relative, as MkDocs' `url` filter takes it
    title: str
    description: str
    tags: tuple[str, ...]
    reviewed: dt.date | None  # None: not reviewed, and the listing says so


@dataclass
class ArticleIndex:
    articles: list[Article] = field(default_factory=list)  # by title
    by_tag: dict[str, list[Article]] = field(default_factory=dict)  # each list by title

    def get(self, src_uri: str) -> Article | None:
        return self._by_uri.get(src_uri)

    def __post_init__(self) -> None:
        self._by_uri = {article.src_uri: article for article in self.articles}
        self.position = {article.src_uri: number for number, article in enumerate(self.articles)}
        self._views: dict[tuple[str, str], dict[str, Any]] = {}

    def view_of(self, article: Article, language: str) -> dict[str, Any]:
        """article_view, made once per article: the listings show every article and each article
        is a related article of others, so a build would otherwise make each one five times."""
        key = (article.src_uri, language)
        view = self._views.get(key)
        if view is None:
            view = self._views[key] = article_view(article, language)
        return view


def build_index(records: Iterable[PageRecord], url_of: Callable[[str], str]) -> ArticleIndex:
    """Every clinical page as an Article, and the articles of each tag."""
    articles = sorted(
        (_article(record, url_of(record.src_uri)) for record in records if record.clinical),
        key=lambda article: article.title.casefold(),
    )
    by_tag: dict[str, list[Article]] = {}
    for article in articles:
        for tag in article.tags:
            by_tag.setdefault(tag, []).append(article)
    return ArticleIndex(articles, by_tag)


def _article(record: PageRecord, url: str) -> Article:
    data = record.front_matter
    title = data.get("title")
    description = data.get("description")
    tags = data.get("tags")
    return Article(
        src_uri=record.src_uri,
        url=url,
        title=title if isinstance(title, str) else record.src_uri,
        description=description if isinstance(description, str) else "",
        tags=tuple(tag for tag in tags if isinstance(tag, str)) if isinstance(tags, list) else (),
        reviewed=record.review.reviewed if record.reviewed and record.review else None,
    )


def related(index: ArticleIndex, src_uri: str, count: int = RELATED_COUNT) -> list[Article]:
    """Up to `count` other articles, those sharing the most tags first (rarer tags looked at
    first), then the rest by title so a page with unshared tags still links onwards."""
    article = index.get(src_uri)
    if article is None:
        return []
    shared: dict[str, int] = {}
    for tag in sorted(article.tags, key=lambda name: len(index.by_tag.get(name, ()))):
        for other in index.by_tag.get(tag, ())[:RELATED_SCAN_PER_TAG]:
            shared[other.src_uri] = shared.get(other.src_uri, 0) + 1
    shared.pop(src_uri, None)
    # By title, then (a stable sort) by shared tags, most first: the order of (-shared, position),
    # with keys looked up in C rather than a Python function called per candidate (every page
    # looks at up to RELATED_SCAN_PER_TAG candidates per tag while MkDocs waits).
    chosen = sorted(shared, key=index.position.__getitem__)
    chosen.sort(key=shared.__getitem__, reverse=True)
    del chosen[count:]
    for other in index.articles[: count + 1]:  # too few share a tag: fill with other articles
        if len(chosen) >= count:
            break
        if other.src_uri != src_uri and other.src_uri not in chosen:
            chosen.append(other.src_uri)
    return [index.get(uri) for uri in chosen]  # type: ignore[misc]


def topic_of(article: Article, index: ArticleIndex) -> str:
    """The article's most specific tag (the one on fewest articles), so each article is listed
    once, under the topic that tells it apart; '' for an article without tags."""
    if not article.tags:
        return ""
    return min(article.tags, key=lambda tag: (len(index.by_tag[tag]), article.tags.index(tag)))


def by_topic(index: ArticleIndex) -> list[tuple[str, list[Article]]]:
    """Each topic with its articles, topics by name, articles without tags last ('')."""
    groups: dict[str, list[Article]] = {}
    for article in index.articles:
        groups.setdefault(topic_of(article, index), []).append(article)
    return sorted(groups.items(), key=lambda item: (item[0] == "", item[0].casefold()))


def article_view(article: Article, language: str) -> dict[str, Any]:
    """One article as the listing templates show it."""
    return {
        "title": article.title,
        "url": article.url,
        "description": article.description,
        "tags": list(article.tags),
        "reviewed": {"iso": article.reviewed.isoformat(), "text": human_date(article.reviewed, language)}
        if article.reviewed
        else None,
    }


def listing_view(index: ArticleIndex, language: str) -> dict[str, Any]:
    """The home page's and /articles/'s data: every article, flat and by topic."""
    return {
        "all": [index.view_of(article, language) for article in index.articles],
        "by_topic": [
            {"topic": topic, "articles": [index.view_of(a, language) for a in articles]}
            for topic, articles in by_topic(index)
        ],
    }
