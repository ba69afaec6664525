"""Browser fixtures: the built site served on 127.0.0.1 and opened in Debian's headless Chromium.

Playwright drives the system Chromium through `executable_path`; nothing is ever downloaded (no
`playwright install`). Without Chromium the tests skip on a developer machine and fail in CI, where
a missing browser would otherwise hide every reader-facing check.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

CHROMIUM_CANDIDATES = ("/usr/bin/chromium",)
# Quiet, offline Chromium: no update checks, sync, QUIC probes or first-run pages, so every request
# the tests see comes from the page itself.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    # A small Android phone: 360 px wide, 640 px tall.
    "phone": {"width": 360, "height": 640},
    # The usual Android phone screen (360 x 740): "the first screen" in the reading tests.
    "phone-740": {"width": 360, "height": 740},
}
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme name
ARTICLE = "articles/building-trust/"


def chromium_executable() -> str | None:
    """Debian's Chromium, or any `chromium` on PATH."""
    for candidate in (*CHROMIUM_CANDIDATES, shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = chromium_executable()
    if path is None:
        missing = "Chromium is not installed (looked for /usr/bin/chromium and `chromium` on PATH)"
        if running_in_ci():
            pytest.fail(
                f"{missing}; CI must run the browser tests: install it with "
                "`apt-get install chromium` before running pytest",
                pytrace=False,
            )
        pytest.skip(f"{missing}: install it with `sudo apt-get install chromium` to run the browser tests")
    return path


@pytest.fixture(autouse=True)
def _needs_chromium(chromium_path: str) -> None:
    """Every test here opens a browser: skip (or fail in CI) before building anything without one."""


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site folder without logging every request to the test output."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@dataclass(frozen=True)
class SiteServer:
    site_dir: Path
    base_url: str

    @property
    def origin(self) -> str:
        """host:port, the only place a page may send a request."""
        return urlsplit(self.base_url).netloc

    def url(self, page: str) -> str:
        return self.base_url + page

    def is_own(self, url: str) -> bool:
        """True for a request that stays on this site (data: and blob: never leave the browser)."""
        parts = urlsplit(url)
        return parts.scheme in {"data", "blob", "about"} or (
            parts.scheme in {"http", "https"} and parts.netloc == self.origin
        )


@contextmanager
def serve(site_dir: Path) -> Iterator[SiteServer]:
    """An HTTP server for a built site on a free port of 127.0.0.1, in a background thread."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"site-{server.server_port}", daemon=True)
    thread.start()
    try:
        yield SiteServer(site_dir, f"http://127.0.0.1:{server.server_port}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def site_pages(site_dir: Path) -> list[str]:
    """Every built HTML page as the path a reader opens: 'articles/x/' for x/index.html, '404.html'."""
    pages = []
    for html_file in sorted(site_dir.rglob("*.html")):
        relative = html_file.relative_to(site_dir).as_posix()
        if relative == "index.html":
            pages.append("")
        elif relative.endswith("/index.html"):
            pages.append(relative.removesuffix("index.html"))
        else:
            pages.append(relative)
    return pages


@pytest.fixture(scope="session")
def site(built_site) -> Iterator[SiteServer]:
    """The real sample site (built once per session with --strict), served over HTTP."""
    with serve(built_site.site_dir) as server:
        yield server


@pytest.fixture(scope="session")
def pages(site: SiteServer) -> list[str]:
    found = site_pages(site.site_dir)
    assert ARTICLE in found and "404.html" in found, f"the built site lacks pages: {found}"
    return found


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    """One headless Chromium for the whole session; each test opens its own context."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_context(browser) -> Iterator[Callable[..., object]]:
    """Open a fresh context (no cache, no storage) for a colour scheme and a width; closed after the test."""
    opened = []

    def open_context(scheme: str = "light", width: str = "desktop", **options: object):
        context = browser.new_context(viewport=VIEWPORTS[width], color_scheme=scheme, **options)
        context.set_default_timeout(15_000)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


MEASUREMENTS = pytest.StashKey[list[str]]()


@pytest.fixture
def report_measurement(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Keep a measured number for the end of the run's summary (it is never a pass/fail bar itself)."""
    return request.config.stash.setdefault(MEASUREMENTS, []).append


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    lines = config.stash.get(MEASUREMENTS, [])
    if lines:
        terminalreporter.section("reader measurements (headless Chromium)")
        for line in lines:
            terminalreporter.write_line(line)


def current_scheme(page) -> str | None:
    """The colour scheme Material applied to the page."""
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def wait_for_scheme(page, scheme: str) -> bool:
    """Wait until Material has applied a scheme ('default' or 'slate'); False if it never does."""
    try:
        page.wait_for_function(
            "s => document.body.getAttribute('data-md-color-scheme') === s", arg=scheme, timeout=5_000
        )
    except PlaywrightTimeout:
        return False
    return True


def open_search_and_type(page, query: str) -> int:
    """Open search with the keyboard shortcut, type a query, and wait for results; returns how many."""
    page.keyboard.press("/")
    page.locator(".md-search__input").wait_for(state="visible")
    page.keyboard.type(query)
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    return page.locator(".md-search-result__item").count()
