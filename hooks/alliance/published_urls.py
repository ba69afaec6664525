"""URLs never break: a committed record of every URL the site has published, checked at each build.

The record is docs/.published-urls.txt (MkDocs skips dot files, so it is not published), one
site-relative URL per line. A recorded URL must still have a page or a mkdocs-redirects entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .paths import page_url
from .problems import Problem

RECORD_NAME = ".published-urls.txt"
_HEADER = ("# Every URL this site has published, one per line. Do not remove lines: a URL that\n"
           "# no longer has a page needs a redirect (plugins.redirects.redirect_maps in mkdocs.yml).\n"
           "# Add new pages with: alliance urls --update\n")


@dataclass(frozen=True)
class UrlReport:
    problems: list[Problem]
    unrecorded: list[str]  # pages whose URL is not in the record yet


def record_path(docs_dir: Path) -> Path:
    return docs_dir / RECORD_NAME


def read_record(docs_dir: Path) -> list[str]:
    path = record_path(docs_dir)
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip().removeprefix("/") for line in lines
            if line.strip() and not line.lstrip().startswith("#")]


def write_record(docs_dir: Path, urls: Iterable[str]) -> None:
    path = record_path(docs_dir)
    path.write_text(_HEADER + "".join(f"/{url}\n" for url in sorted(set(urls))), encoding="utf-8")


def check_urls(record: list[str], pages: Iterable[str], redirects: dict[str, str],
               use_directory_urls: bool, record_display: str) -> UrlReport:
    """Problems with published URLs and redirects; `pages` are src_uris of Markdown pages."""
    page_uris = set(pages)
    page_urls = {page_url(uri, use_directory_urls) for uri in page_uris}
    redirect_urls = {page_url(source, use_directory_urls): source for source in redirects}
    problems: list[Problem] = []
    for url in record:
        if url not in page_urls and url not in redirect_urls:
            problems.append(Problem(
                record_display, "published URL", f"/{url} was published but has no page now",
                f"add a redirect in mkdocs.yml under plugins: - redirects: redirect_maps: "
                f"'{_source_for(url, use_directory_urls)}': '<new page>.md', or restore the page"))
    problems.extend(_redirect_problems(redirects, page_uris))
    unrecorded = sorted(page_urls - set(record))
    return UrlReport(problems, unrecorded)


def _source_for(url: str, use_directory_urls: bool) -> str:
    if url == "":
        return "index.md"
    stem = url.rstrip("/")
    return stem.removesuffix(".html") + ".md" if not use_directory_urls else stem + ".md"


def _redirect_problems(redirects: dict[str, str], page_uris: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for source, target in redirects.items():
        target_page = target.split("#", 1)[0]
        if target.startswith(("http://", "https://")):
            continue
        if source in page_uris:
            problems.append(Problem("mkdocs.yml", f"plugins.redirects.redirect_maps.{source}",
                                    "a page with this name exists, so the redirect would replace it",
                                    "remove the redirect or the page"))
        if target_page in redirects:
            chain = _follow(source, redirects)
            what = "loops" if chain[-1] in chain[:-1] else "chains"
            problems.append(Problem("mkdocs.yml", f"plugins.redirects.redirect_maps.{source}",
                                    f"the redirect {what}: {' -> '.join(chain)}",
                                    "point every redirect straight at the final page"))
        elif target_page not in page_uris:
            problems.append(Problem("mkdocs.yml", f"plugins.redirects.redirect_maps.{source}",
                                    f"the target '{target}' is not a page",
                                    "point it at an existing page's .md path"))
    return problems


def _follow(source: str, redirects: dict[str, str]) -> list[str]:
    chain = [source]
    while chain[-1] in redirects:
        target = redirects[chain[-1]].split("#", 1)[0]
        chain.append(target)
        if target in chain[:-1]:
            break
    return chain
