"""What `mkdocs build --strict` fails on beyond each page's own contract, found without building.

`alliance check` promises that a clean check means a clean build. Besides the page checks, the build
fails on: links and anchors MkDocs cannot resolve, a published URL that would break, a page missing
from the record of published URLs, and stale helplines. Links are judged by MkDocs itself: the checked
pages are rendered with MkDocs' own `Page` and `Files` under the site's own config, and whatever MkDocs
would log as a warning is turned into a Problem. No copy of MkDocs' link rules lives here: a page
whose links are all written plainly (`link_syntax`) is not rendered, and MkDocs' own resolver, the one
its render calls, is asked about each of its targets instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliance import cores
from alliance.content.frontmatter import mkdocs_yaml_end
from alliance.content.prose import may_match_blind
from alliance.output import published_urls
from alliance.problems import Problem
from alliance.settings import Settings, helpline_problems

# MkDocs logs link and anchor warnings here while rendering a page; --strict fails on WARNING and up.
MKDOCS_PAGES_LOGGER = "mkdocs.structure.pages"
LINK_FIELD = "link"

# A page without any of these cannot make MkDocs warn about a link or anchor: no inline or reference
# link or image, no footnote, no raw HTML href/src. Skipping such pages saves their render; the test
# suite checks that anything that does warn is caught by this pattern. A page with them is still not
# rendered when link_syntax reads all its targets and MkDocs' resolver takes each without a word.
# Link syntax: `](`, `]:` and `[^` are found as text, an HTML attribute by a case-blind pattern only
# where its words may be (one pattern for all four scanned every position of every page).
_LINK_MARKS = ("](", "]:", "[^")
_HTML_ATTRIBUTE_WORDS = ("href", "src")
_HTML_ATTRIBUTE = re.compile(r"\b(?:href|src)\s*=", re.I)
_FIXES = (
    ("never referenced", "refer to the footnote in the text with [^id], or delete its definition"),
    (
        "anchor",
        "link to a heading that exists on that page (the ¶ beside a heading shows its id), "
        "or drop the '#…' part",
    ),
    ("absolute link", "link to the page's .md file by a relative path, e.g. ../get-help.md"),
)
_DEFAULT_FIX = (
    "link to an existing page's .md file by a path relative to this page (e.g. "
    "../get-help.md), or to a full https:// address"
)


@dataclass
class SiteCheck:
    """Site-wide problems found so far, and the pages whose links only MkDocs' render can judge."""

    problems: list[Problem]
    config: Any
    files: Any
    settings: Settings
    to_render: list[Any] = field(default_factory=list)


def start(
    config_file: Path,
    settings: Settings,
    src_uris: Iterable[str],
    today: dt.date,
    pages: list[str],
    config: Any = None,
    files: Any = None,
) -> SiteCheck:
    """Everything site-wide the strict build would fail on, plus broken links in `src_uris`, up to
    the renders: cheap, so `alliance check` runs it while its workers check the pages; `finish`
    renders what is left, on every core. `pages` are the pages the build publishes (content.site's
    list, refused files left out); `config` is MkDocs' config of the site if already loaded (else it
    is loaded here); `files` its files as the build has them once refused files are removed (else
    MkDocs lists them here)."""
    if config is None or files is None:
        config, files = _mkdocs_site(config_file, config)
    problems = [_helpline_problem(line) for line in helpline_problems(settings, today)]
    problems += url_problems(settings, pages, redirects_of(config))
    site = SiteCheck(problems, config, files, settings)
    site.to_render = pages_to_render(config, files, src_uris)
    return site


def finish(site: SiteCheck) -> list[Problem]:
    """The problems `start` found, and those of the pages it left to render."""
    return site.problems + _rendered_problems(site.config, site.files, site.to_render, site.settings)


def url_problems(settings: Settings, pages: Iterable[str], redirects: dict[str, str]) -> list[Problem]:
    """Published URLs that would break and pages missing from the record, as the build reports them."""
    return published_urls.build_problems(
        published_urls.read_record(settings.docs_dir),
        pages,
        redirects,
        settings.use_directory_urls,
        settings.display_path(published_urls.RECORD_NAME),
    )


def link_problems(config, files, src_uris: Iterable[str], settings: Settings) -> list[Problem]:
    """Links and anchors in the given pages that MkDocs would warn about (and --strict fail on)."""
    return _rendered_problems(config, files, pages_to_render(config, files, src_uris), settings)


def pages_to_render(config, files, src_uris: Iterable[str]) -> list[Any]:
    """The pages whose links MkDocs must render to judge (see `_needs_render`), in their order."""
    pages = [
        file
        for uri in src_uris
        if (file := files.get_file_from_path(uri)) is not None and file.is_documentation_page()
    ]
    with _warnings_of(MKDOCS_PAGES_LOGGER) as warnings:
        resolver = _resolver_for(config)
        return [file for file in pages if _needs_render(file, config, files, warnings, resolver)]


def _rendered_problems(config, files, checked: list[Any], settings: Settings) -> list[Problem]:
    """What MkDocs warns about the links and anchors of these pages as it renders them."""
    found: dict[str, list[str]] = {}
    with _warnings_of(MKDOCS_PAGES_LOGGER) as warnings:
        for file, messages in _render_all(checked, config, files, warnings):
            found[file.src_uri] = messages
        _render_anchor_targets(checked, config, files)
        _take(warnings)  # the targets' own links are theirs to check, not the checked pages'
        for file in checked:
            if file.page is not None:
                file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
            found.setdefault(file.src_uri, []).extend(_take(warnings))
    return [
        _link_problem(settings.display_path(uri), uri, message)
        for uri, messages in found.items()
        for message in messages
    ]


def _resolver_for(config) -> Any:
    """MkDocs' own link resolver (the tree processor its render runs), when the site's Markdown is
    all of a kind whose links `link_syntax` can read without rendering; else None."""
    from mkdocs.structure import pages  # imported here: the other commands do not need MkDocs' pages

    from alliance.output import link_syntax  # imported here: the build needs only url_problems

    if not link_syntax.understood(list(config.markdown_extensions), config.mdx_configs):
        return None
    resolver = getattr(pages, "_RelativePathTreeprocessor", None)
    return resolver if callable(getattr(resolver, "path_to_url", None)) else None


def _needs_render(file, config, files, warnings: list[str], resolver: Any) -> bool:
    """Whether MkDocs must render the page to know its links: it has link syntax, and either not
    only in the plain forms `link_syntax` reads or with a target MkDocs would say something about
    (a warning, or an anchor to look up)."""
    from alliance.output import link_syntax  # imported here: the build needs only url_problems

    try:
        text = file.content_string
    except UnicodeDecodeError:  # reported by the page check; MkDocs could not render it either
        return False
    if link_syntax.dropped_by_markdown(text):
        return True  # Markdown reads other text than this: `]\x02(` is a link (red team, round 22)
    if not _might_link(text):
        return False
    if resolver is None:
        return True
    from mkdocs.utils import meta

    # MkDocs' own cut between front matter and body: YAML, else MultiMarkdown `Key: value` lines.
    yaml_end = mkdocs_yaml_end(text)
    body = text[yaml_end:] if yaml_end is not None else meta.get_data(text)[0]
    targets = link_syntax.plain_targets(text, len(text) - len(body) if text.endswith(body) else len(text))
    if targets is None:
        return True
    resolving = resolver(file, files, config)
    try:
        for target in targets:
            resolving.path_to_url(target)
    except ValueError:  # an address urlsplit refuses: the page check reports it (content.renderable)
        _take(warnings)
        return True
    said = _take(warnings)  # the render will say it again, in its own order, if it must
    return bool(said or resolving.links_to_anchors)


def _might_link(text: str) -> bool:
    """Whether `text` holds link syntax: a Markdown link, definition or footnote, or an HTML link."""
    if any(mark in text for mark in _LINK_MARKS):
        return True
    return may_match_blind(text, _HTML_ATTRIBUTE_WORDS) and bool(_HTML_ATTRIBUTE.search(text))


def _mkdocs_site(config_file: Path, config: Any = None):
    """MkDocs' own view of the site: its validated config and its file list (exclusions applied)."""
    from mkdocs.structure.files import get_files  # imported here: the other commands do not need MkDocs

    from alliance.content.site import mkdocs_config

    if config is None:
        config = mkdocs_config(config_file)
    return config, get_files(config)


def redirects_of(config) -> dict[str, str]:
    """mkdocs-redirects' map as text: YAML may give a number or null on either side, which the
    plugin accepts and the URL check must report, not crash on (red team, round 21)."""
    if "redirects" not in config.plugins:
        return {}
    maps = config.plugins["redirects"].config.get("redirect_maps") or {}
    return {str(source): str(target) for source, target in maps.items()}


def _render(file, config, files) -> None:
    """Render one page as the build does (front matter split off by MkDocs' own `meta`). A page
    MkDocs cannot render, or would render past the time budget (the page check names why:
    content.renderable), is left unrendered: the build shows the problems in its place."""
    from mkdocs.structure.pages import Page
    from mkdocs.utils import meta

    from alliance.content import renderable  # imported here: the build needs only url_problems

    page = Page(None, file, config)  # also sets file.page, which anchor validation reads
    page.markdown, page.meta = meta.get_data(file.content_string)
    if renderable.problems(file.src_uri, page.markdown, 1):  # the build shows the problems instead
        file.page = None  # never rendered: a page past the time budget would hold up the check
        return
    try:
        page.render(config, files)
    except (ValueError, RecursionError, RuntimeError):  # RuntimeError: footnotes nested (renderable)
        file.page = None  # nothing of it is known: no anchors to check, none to offer


def _render_all(checked: list, config, files, warnings: list[str]) -> Iterator[tuple[Any, list[str]]]:
    """Each page rendered, with what MkDocs warned about while rendering it, in the pages' order.

    A page's render needs nothing from the others, so on a large site worker processes render a
    share each (forked: they have this config and file list) while this process renders its own.
    Each share gives back only the warnings and the anchors, set here on a Page of the same file
    as rendering here leaves them.
    """
    uris = [file.src_uri for file in checked]
    results = cores.in_shares(uris, _render_share, (config, files, warnings), cores.worker_count(len(uris)))
    for file, result in zip(checked, results, strict=True):
        yield file, _as_rendered(file, result, config, files)


_Rendered = tuple[list[str], "set[str] | None", "dict[str, dict[str, str]] | None"]


def _render_share(site: tuple[Any, Any, list[str]], src_uris: list[str]) -> list[_Rendered]:
    """Render each page; its warnings, its anchors and its links into other pages' anchors. `site`
    is (config, files, the list MkDocs' link warnings are collected in)."""
    config, files, warnings = site
    results: list[_Rendered] = []
    for uri in src_uris:
        file = files.get_file_from_path(uri)
        _render(file, config, files)
        page = file.page
        if page is None:  # MkDocs cannot render it (see _render): the page check says why
            results.append((_take(warnings), None, None))
            continue
        targets = page.links_to_anchors
        results.append(
            (
                _take(warnings),
                page.present_anchor_ids,
                None if targets is None else {target.src_uri: links for target, links in targets.items()},
            )
        )
    return results


def _as_rendered(file, result: _Rendered, config, files) -> list[str]:
    """A Page for `file` holding what its render found (anchor validation reads it), and the
    warnings the render logged."""
    from mkdocs.structure.pages import Page

    messages, anchors, targets = result
    page = Page(None, file, config)  # also sets file.page, which anchor validation reads
    page.present_anchor_ids = anchors
    page.links_to_anchors = (
        None if targets is None else {files.get_file_from_path(uri): links for uri, links in targets.items()}
    )
    return messages


def _render_anchor_targets(checked: list, config, files) -> None:
    """Render the pages the checked pages link into with '#anchor', so their anchors are known."""
    for file in checked:
        for target in (file.page.links_to_anchors or {}) if file.page else {}:
            if target.page is None and target.is_documentation_page():
                with contextlib.suppress(UnicodeDecodeError):
                    _render(target, config, files)


@contextlib.contextmanager
def _warnings_of(logger_name: str) -> Iterator[list[str]]:
    """Collect the messages MkDocs logs at WARNING and above, without printing them."""
    collected: list[str] = []
    handler = _Collector(collected)
    logger = logging.getLogger(logger_name)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False  # the messages come back as Problems; printing them too would repeat
    try:
        yield collected
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


class _Collector(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(level=logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


def _take(messages: list[str]) -> list[str]:
    taken = messages[:]
    messages.clear()
    return taken


def _link_problem(path: str, src_uri: str, message: str) -> Problem:
    """MkDocs' own words, without its 'Doc file ...' preamble, and the fix a writer needs."""
    text = message.removeprefix(f"Doc file '{src_uri}' ").rstrip(".")
    fix = next((fix for key, fix in _FIXES if key in text), _DEFAULT_FIX)
    return Problem(path, LINK_FIELD, text, fix)


def _helpline_problem(line: str) -> Problem:
    """settings.helpline_problems gives finished 'path: field: problem; fix' lines; keep them whole."""
    path, _, rest = line.partition(": ")
    field, _, rest = rest.partition(": ")
    message, _, fix = rest.partition("; ")
    return Problem(path, field, message, fix)
