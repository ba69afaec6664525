"""URLs never break: a committed record of every URL the site has published, checked at each build.

The record is docs/.published-urls.txt (MkDocs skips dot files, so it is not published), one
site-relative URL per line. A recorded URL must still have a page or a mkdocs-redirects entry.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from alliance.paths import page_url
from alliance.problems import AllianceError, Problem

RECORD_NAME = ".published-urls.txt"
_HEADER = (
    "# Every URL this site has published, one per line. Do not remove lines: a URL that\n"
    "# no longer has a page needs a redirect (plugins.redirects.redirect_maps in mkdocs.yml).\n"
    "# The one exception: a draft's URL that never reached the live site (never merged).\n"
    "# Add new pages with: alliance urls --update\n"
)


@dataclass(frozen=True)
class UrlReport:
    problems: list[Problem]
    unrecorded: list[str]  # pages whose URL is not in the record yet


def build_problems(
    record: list[str],
    pages: Iterable[str],
    redirects: dict[str, str],
    use_directory_urls: bool,
    record_display: str,
) -> list[Problem]:
    """What a build reports about published URLs: check_urls' problems, then one problem for the
    pages whose URL is not in the record yet."""
    urls = check_urls(record, pages, redirects, use_directory_urls, record_display)
    if not urls.unrecorded:
        return urls.problems
    listed = ", ".join("/" + url for url in urls.unrecorded[:5])
    return [
        *urls.problems,
        Problem(
            record_display,
            "published URL",
            f"{len(urls.unrecorded)} page(s) are not in the record yet ({listed})",
            "run: alliance urls --update, and commit the file",
        ),
    ]


def record_path(docs_dir: Path) -> Path:
    return docs_dir / RECORD_NAME


def read_record(docs_dir: Path) -> list[str]:
    path = record_path(docs_dir)
    if not path.is_file():
        return []
    return parse_record(path.read_text(encoding="utf-8"))


def write_record(docs_dir: Path, urls: Iterable[str]) -> None:
    path = record_path(docs_dir)
    path.write_text(_HEADER + "".join(f"/{url}\n" for url in sorted(set(urls))), encoding="utf-8")


def published_url(src_uri: str, use_directory_urls: bool) -> str:
    """The address the record keeps for a page: MkDocs' url, except that without directory urls an
    index page is recorded at its folder's address, which servers answer with its index.html."""
    url = page_url(src_uri, use_directory_urls)
    folder, _, name = url.rpartition("/")
    return (folder + "/" if folder else "") if name == "index.html" else url


def check_urls(
    record: list[str],
    pages: Iterable[str],
    redirects: dict[str, str],
    use_directory_urls: bool,
    record_display: str,
) -> UrlReport:
    """Problems with published URLs and redirects; `pages` are src_uris of Markdown pages."""
    page_uris = set(pages)
    page_urls = {published_url(uri, use_directory_urls): uri for uri in page_uris}
    redirect_urls = {published_url(source, use_directory_urls) for source in redirects}
    unrecorded = sorted(set(page_urls) - set(record))
    problems: list[Problem] = []
    for url in record:
        if url not in page_urls and url not in redirect_urls:
            problems.append(
                _missing_url(url, record_display, use_directory_urls, [page_urls[new] for new in unrecorded])
            )
    problems.extend(_redirect_problems(redirects, page_uris))
    return UrlReport(problems, unrecorded)


def _missing_url(url: str, record_display: str, use_directory_urls: bool, new_pages: list[str]) -> Problem:
    """The fix names the new page when there is exactly one candidate: the usual rename."""
    target = new_pages[0] if len(new_pages) == 1 else "<the page that replaces it>.md"
    return Problem(
        record_display,
        "published URL",
        f"/{url} was published but has no page now, so links to it would break",
        f"add a redirect in mkdocs.yml: plugins: - redirects: redirect_maps: "
        f"'{source_for(url, use_directory_urls)}': '{target}' (or restore the page)",
    )


def source_for(url: str, use_directory_urls: bool) -> str:
    """The docs path of the page that had this URL: the key a redirect for it needs."""
    url = unquote(url)  # the record holds urls as MkDocs encodes them; docs paths are plain
    if url == "":
        return "index.md"
    if url.endswith("/"):  # with directory urls, 'a/b/' is usually a/b.md (it may be a/b/index.md)
        return url.rstrip("/") + ".md" if use_directory_urls else url + "index.md"
    return url.removesuffix(".html") + ".md"


def _redirect_problems(redirects: dict[str, str], page_uris: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for source, target in redirects.items():
        field_name = f"plugins.redirects.redirect_maps.{source}"
        target_page = target.split("#", 1)[0]
        if not source.endswith(".md") or source.startswith("/"):
            problems.append(
                Problem(
                    "mkdocs.yml",
                    field_name,
                    "the old address must be written as the old page's Markdown path",
                    "write it relative to docs/, e.g. 'articles/old-name.md'",
                )
            )
        if source in page_uris:
            problems.append(
                Problem(
                    "mkdocs.yml",
                    field_name,
                    "a page with this name exists, so the redirect would replace it",
                    "remove the redirect or the page",
                )
            )
        if target.startswith("http://"):
            problems.append(
                Problem(
                    "mkdocs.yml",
                    field_name,
                    f"the target '{target}' is not https",
                    "redirect to the https:// address",
                )
            )
        if target.startswith(("http://", "https://")):
            continue
        if target_page in redirects:
            problems.append(_chain_problem(source, redirects, page_uris))
        elif target_page not in page_uris:
            problems.append(
                Problem(
                    "mkdocs.yml",
                    field_name,
                    f"the target '{target}' is not a page",
                    "point it at an existing page's .md path, relative to docs/",
                )
            )
    return problems


def _chain_problem(source: str, redirects: dict[str, str], page_uris: set[str]) -> Problem:
    chain = _follow(source, redirects)
    field_name = f"plugins.redirects.redirect_maps.{source}"
    if chain[-1] in chain[:-1]:
        return Problem(
            "mkdocs.yml",
            field_name,
            f"the redirects loop: {' -> '.join(chain)}",
            "point each old page at the page that replaced it, which must exist",
        )
    final = chain[-1]
    fix = (
        f"point '{source}' straight at '{final}'"
        if final in page_uris or final.startswith("https://")
        else f"point every redirect straight at the final page ('{final}' is not a page)"
    )
    return Problem("mkdocs.yml", field_name, f"the redirect chains: {' -> '.join(chain)}", fix)


def _follow(source: str, redirects: dict[str, str]) -> list[str]:
    chain = [source]
    while chain[-1] in redirects:
        target = redirects[chain[-1]].split("#", 1)[0]
        chain.append(target)
        if target in chain[:-1]:
            break
    return chain


# ---- growth against the base branch (CI) -------------------------------------------------------------

# A git revision as CI passes it (a commit sha, origin/main, HEAD~1); never an option.
_REVISION = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./@^~{}-]*$")


def record_at(revision: str, repository: Path, record_file: Path) -> list[str] | None:
    """The record as committed at `revision` (None if the file did not exist there); `repository`
    is any folder inside the git work tree (the folder of mkdocs.yml)."""
    if not _REVISION.match(revision) or ".." in revision:
        raise AllianceError(
            f"--base: '{revision}' is not a git revision; pass a commit or a branch such as origin/main"
        )
    relative = record_file.resolve().relative_to(repository.resolve()).as_posix()
    try:  # "rev:./path" is relative to git's working folder, wherever the repository's root is
        done = subprocess.run(
            ["git", "-C", str(repository), "show", f"{revision}:./{relative}"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AllianceError(f"--base: git cannot be run ({error}); install git") from None
    if done.returncode == 0:
        return parse_record(done.stdout)
    if _git_revision_exists(repository, revision):
        return None  # the record was added after the base: nothing can have been removed
    raise AllianceError(
        f"--base: git does not know '{revision}' ({done.stderr.strip()}); fetch it "
        "first (actions/checkout with fetch-depth: 0)"
    )


def _git_revision_exists(repository: Path, revision: str) -> bool:
    done = subprocess.run(
        ["git", "-C", str(repository), "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.returncode == 0


def parse_record(text: str) -> list[str]:
    """The record's urls, percent-encoded as MkDocs writes them (a line typed with a space or a
    bare '%' means the same address)."""
    return [
        quote(unquote(line.strip().removeprefix("/")))
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def removed_urls(
    base: list[str],
    record: list[str],
    revision: str,
    record_display: str,
    use_directory_urls: bool,
    docs_display: str = "docs",
) -> list[Problem]:
    """A URL in the base branch's record and not in this one: the record may only grow."""
    now = set(record)
    return [
        Problem(
            record_display,
            "published URL",
            f"/{url} was removed from the record (it is there at {revision}); the page that "
            f"had it was {docs_display}/{source_for(url, use_directory_urls)}",
            f"put the line '/{url}' back; if that page is gone, add a redirect in mkdocs.yml: "
            f"plugins: - redirects: redirect_maps: '{source_for(url, use_directory_urls)}': "
            "'<the page that replaces it>.md'",
        )
        for url in dict.fromkeys(base)
        if url not in now
    ]
