"""The site as MkDocs sees it: which files it publishes as pages, and every page checked.

The build and the command line read the same list: MkDocs' own `get_files` over the loaded
configuration, so `exclude_docs`, `draft_docs`, `not_in_nav`, dot-folders and README.md beside
index.md behave exactly as in the build. A file MkDocs would publish that the gate cannot check
(raw HTML, a Markdown suffix in the wrong case, a link that leaves docs_dir) is refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.structure.files import File, Files, get_files
from mkdocs.utils import markdown_extensions

from alliance import cores
from alliance.content.page_files import snippets_from_config
from alliance.content.pages import Context, PageRecord, check_page, load_checks
from alliance.content.people import Person, is_profile, load_registry
from alliance.problems import AllianceError, Problem
from alliance.settings import CONFIG_NAME, Settings, from_mkdocs_config

# Browsers show these as pages, and MkDocs copies them from docs/ untouched: no review would cover them.
RAW_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".shtml")
# What else docs/ may publish: files a browser shows, plays or downloads without running anything.
# Everything else MkDocs copies verbatim too, and some kinds run script with the site's origin when
# opened (.xml and .xsl with XHTML inside, .js as a service worker that rewrites every page) or
# restyle pages that load them (.css): those come only through extra_css and extra_javascript.
PASSIVE_SUFFIXES = frozenset(
    {
        "",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".avif",
        ".ico",
        ".bmp",
        ".svg",
        ".mp3",
        ".m4a",
        ".ogg",
        ".oga",
        ".ogv",
        ".mp4",
        ".webm",
        ".wav",
        ".vtt",
        ".pdf",
        ".txt",
        ".csv",
        ".json",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
    }
)
# An SVG opened on its own is a document of the site: these run script or pull in active content.
_ACTIVE_SVG = re.compile(
    r"<script|<foreignobject|<iframe|<embed|<object|<!entity|<\?xml-stylesheet"
    r"|javascript:|vbscript:|<handler|<listener"
)


@dataclass
class Site:
    settings: Settings
    registry: dict[str, Person]
    records: list[PageRecord]
    pages: list[str] = field(default_factory=list)  # src_uri of every page the build publishes
    problems: list[Problem] = field(default_factory=list)  # refused files, people defined twice
    mkdocs_config: Any = None  # MkDocs' validated config of the site, loaded once for every use
    files: Files | None = None  # MkDocs' files of the site, refused files removed (as the build's)
    alongside: Any = None  # what load_site's `alongside` gave


def open_site(config_file: Path) -> tuple[Settings, Any]:
    """Alliance's settings and MkDocs' validated configuration from one reading of mkdocs.yml: the
    settings come from the loaded configuration, as the build takes them (pipeline.state), and a
    command parses the file once (the pure-Python YAML parser is most of a small command's time)."""
    config = mkdocs_config(config_file)
    return from_mkdocs_config(config, config_file), config


def mkdocs_config(config_file: Path) -> Any:
    """The configuration MkDocs itself loads and validates for a build of `config_file`, refused
    with MkDocs' own words if it has errors or warnings: `mkdocs build --strict` stops on a
    configuration warning (an unknown or misspelt setting) too (red team, round 21)."""
    from mkdocs.config import load_config

    with _warnings_of("mkdocs.config") as reported:
        try:
            config = load_config(str(config_file))
        except Exception as error:  # MkDocs' Abort on invalid settings, YAML errors, missing plugins
            said = "; ".join(reported) or str(error)  # Abort alone says only "a configuration error"
            raise AllianceError(f"{config_file}: MkDocs cannot load it: {said}") from None
    if reported:
        raise AllianceError(
            f"{config_file}: {'; '.join(reported)}; fix or remove the setting: "
            "mkdocs build --strict stops on every configuration warning"
        )
    return config


def refuse_unchecked(files: Files, settings: Settings) -> list[Problem]:
    """Remove from `files` what MkDocs would publish but the gate cannot check, saying why for each."""
    problems = []
    docs_dir = settings.docs_dir.resolve()
    linked: dict[str, bool] = {}  # folders inside docs/ (as MkDocs walked them) that are links
    first_links: dict[tuple[str, str], str | None] = {}  # _linked_folder's answer for each folder
    reported: set[str] = set()  # each link named once, whatever it leads MkDocs to
    real = _RealPaths()
    for file in list(files):
        if not file.inclusion.is_included() or not _from_docs(file, docs_dir, real):
            continue  # left out of the site, or the theme's and plugins' own files (maintainers')
        folder_link = _linked_folder(file, linked, first_links)
        if folder_link is not None:  # everything MkDocs found through it, named once by the link
            files.remove(file)
            if folder_link not in reported:
                reported.add(folder_link)
                problems.append(_folder_link_problem(folder_link, file, settings))
            continue
        refusal = _refusal(file, docs_dir, real)
        asset_refusal = None if refusal else _asset_refusal(file, settings)
        said = refusal or asset_refusal
        if said:
            files.remove(file)
            problems.append(Problem(settings.display_path(file.src_uri), "file", *said))
            if asset_refusal and (folder := _theme_folder_of(file.src_uri, settings)) is not None:
                # MkDocs skipped the theme's file for the docs/ one: publish the theme's after all.
                files.append(File(file.src_uri, str(folder), file.dest_dir, file.use_directory_urls))
    problems.extend(_refuse_colliding(files, settings))
    return problems


def _refuse_colliding(files: Files, settings: Settings) -> list[Problem]:
    """Remove pages written to the same output file as an earlier page, saying which.

    MkDocs sees a collision only inside one folder (README.md beside index.md); across folders
    (`get-help.md` and `get-help/index.md`) it writes both, the later over the earlier, so a writer's
    page could silently take the place of the help page or of an approved article.
    """
    problems = []
    first_of: dict[str, File] = {}
    for file in sorted(files.documentation_pages(), key=lambda page: page.src_uri):
        first = first_of.setdefault(file.dest_uri, file)
        if first is not file:
            files.remove(file)
            problems.append(
                Problem(
                    settings.display_path(file.src_uri),
                    "file",
                    f"is published at the same address as {settings.display_path(first.src_uri)} "
                    f"({file.dest_uri}), so one page would silently replace the other",
                    "rename or move one of the two pages",
                )
            )
    return problems


class _RealPaths:
    """`os.path.realpath` of many files in few folders: each folder resolved once, then only a
    file that is itself a link is resolved in full (realpath resolves a path component by component,
    so the answer is the same)."""

    def __init__(self) -> None:
        self.folders: dict[str, str] = {}
        self.absolute: dict[str, str] = {}  # os.path.abspath of each src_dir (all files share one)

    def source_folder(self, src_dir: str) -> str:
        """The real path of a file's src_dir."""
        absolute = self.absolute.get(src_dir)
        if absolute is None:
            absolute = self.absolute[src_dir] = os.path.abspath(src_dir)
        return self.folder(absolute)

    def folder(self, folder: str) -> str:
        real = self.folders.get(folder)
        if real is None:
            real = self.folders[folder] = os.path.realpath(folder)
        return real

    def of(self, path: str) -> str | None:
        """The real path, or None for a symbolic link that leads to no file (its target is missing,
        or links lead back to each other): MkDocs lists such a link, then stops the build with a
        traceback when it reads or copies it (red team, round 23)."""
        folder, name = os.path.split(os.path.abspath(path))
        if name in ("", ".", ".."):
            return os.path.realpath(path)
        joined = os.path.join(self.folder(folder), name)
        if not os.path.islink(joined):
            return joined
        return os.path.realpath(joined) if os.path.exists(joined) else None


def _from_docs(file: File, docs_dir: Path, real: _RealPaths) -> bool:
    return (
        file.abs_src_path is not None
        and file.src_dir is not None
        and real.source_folder(file.src_dir) == str(docs_dir)
    )


def _linked_folder(
    file: File, linked: dict[str, bool], first_links: dict[tuple[str, str], str | None]
) -> str | None:
    """The first folder on the file's path inside docs/ that is a symbolic link (MkDocs follows
    them), as a src_uri prefix, or None. Looked at shallowest first, so a link back to a parent
    folder is found before the paths it repeats grow too deep to read. `linked` and `first_links`
    remember what each folder is, and the answer for the files of each folder."""
    assert file.src_dir is not None
    parent = file.src_uri.rpartition("/")[0]
    if not parent:
        return None  # no folder on its path (PurePosixPath gives no parts but the name)
    key = (file.src_dir, parent)  # the answer depends on nothing else: each folder looked at once
    if key not in first_links:
        first_links[key] = _first_link(file.src_dir, PurePosixPath(file.src_uri).parts[:-1], linked)
    return first_links[key]


def _first_link(src_dir: str, parts: tuple[str, ...], linked: dict[str, bool]) -> str | None:
    for depth in range(1, len(parts) + 1):
        folder = "/".join(parts[:depth])
        if folder not in linked:
            linked[folder] = os.path.islink(os.path.join(src_dir, folder))
        if linked[folder]:
            return folder
    return None


def _folder_link_problem(folder: str, file: File, settings: Settings) -> Problem:
    """The refusal of a folder link, named once: outside docs/ no review covers what it holds; inside,
    MkDocs publishes what it holds a second time (or, for a folder that holds the link, over and over)."""
    assert file.src_dir is not None
    link = os.path.join(file.src_dir, folder)
    docs_dir = settings.docs_dir.resolve()
    resolved = Path(os.path.realpath(link))
    problem = _outside_docs(resolved, docs_dir, "files")
    if problem is None:
        problem = (
            f"is a link to the folder '{os.readlink(link)}': MkDocs would publish what it holds a "
            "second time under another address (a link to a folder that holds it, over and over), "
            "none of it checked",
            "remove the link; keep each page in one place in docs/ and link to it from other pages",
        )
    return Problem(settings.display_path(folder), "file", *problem)


def _outside_docs(resolved: Path | str, docs_dir: Path, what: str) -> tuple[str, str] | None:
    """(problem, fix) for a link that leads out of docs/, where no review covers `what` it holds."""
    inside, folder = str(resolved), str(docs_dir)  # as text: comparing Path parents was slow
    if inside == folder or inside.startswith(folder.rstrip(os.sep) + os.sep):
        return None
    return (
        f"is a link to {resolved}, outside {docs_dir.name}/, where no review or pull request covers it",
        f"copy the {what} into {docs_dir.name}/ (pages are then checked like any other) or remove the link",
    )


def _refusal(file: File, docs_dir: Path, real: _RealPaths) -> tuple[str, str] | None:
    """(problem, fix) if this file may not be published, else None."""
    assert file.abs_src_path is not None
    if not _utf8(file.src_uri):
        # Python keeps the bytes of a name that is not UTF-8 as lone surrogates, which no web
        # address can hold: MkDocs (and the hooks) stopped with a traceback (red team, round 26).
        return (
            "has a name that is not valid UTF-8, so it cannot become a web address",
            "rename it with UTF-8 characters (your editor's or system's file manager can)",
        )
    resolved = real.of(file.abs_src_path)
    if resolved is None:
        return (
            f"is a link to '{os.readlink(file.abs_src_path)}', which leads to no file (it is missing, "
            "or links lead back to each other), so the build cannot read or copy it",
            f"remove the link, or put the file itself in {docs_dir.name}/",
        )
    outside = _outside_docs(resolved, docs_dir, "file")  # a real path: Path() would not change it
    if outside:
        return outside
    suffix = PurePosixPath(file.src_uri).suffix
    if suffix.lower() in RAW_PAGE_SUFFIXES:
        return (
            "is raw HTML, which MkDocs publishes as a page that no review, byline, disclaimer "
            "or crisis help covers",
            "write it as a Markdown page (.md) so the review gate checks "
            f"it, or move it out of {docs_dir.name}/",
        )
    if suffix.lower() in markdown_extensions and suffix not in markdown_extensions:
        return (
            f"has the suffix '{suffix}', which MkDocs does not read as Markdown: it would publish "
            "the raw file unchecked",
            "rename it to end in .md",
        )
    return None


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _asset_refusal(file: File, settings: Settings) -> tuple[str, str] | None:
    """(problem, fix) for a non-page file that replaces the theme's, or that can run or restyle."""
    if file.is_documentation_page():
        return None
    if _theme_folder_of(file.src_uri, settings) is not None:
        return (
            f"has the path of the theme's own {file.src_uri}, and MkDocs publishes the docs/ "
            "file in its place: it would run or restyle every page",
            "rename or move the file; the theme's files are changed only in overrides/, by the maintainers",
        )
    suffix = PurePosixPath(file.src_uri).suffix.lower()
    if file.src_uri in settings.site_assets:
        return None  # listed by the maintainers in mkdocs.yml
    if suffix not in PASSIVE_SUFFIXES:
        return (
            f"is a '{suffix}' file, which the site does not publish from docs/: opened on its own "
            "it could run script with the site's address, or restyle the pages that load it",
            "use an image, PDF or text file; stylesheets and scripts are added by the maintainers "
            "through extra_css or extra_javascript in mkdocs.yml",
        )
    if suffix == ".svg" and _active_svg(file):
        return (
            "is an SVG with script, event handlers or embedded documents, which run with the "
            "site's address when the file is opened",
            "export the image again as a plain SVG (shapes and text only) or as PNG",
        )
    return None


def _theme_folder_of(src_uri: str, settings: Settings) -> Path | None:
    """The theme folder (custom_dir first) that has a file at this path, as MkDocs looks it up."""
    return next((folder for folder in settings.theme_dirs if (folder / src_uri).is_file()), None)


def _active_svg(file: File) -> bool:
    """Whether an SVG holds anything that runs, read as the XML parser would (entities decoded,
    white space dropped as browsers drop it from a URL's scheme)."""
    assert file.abs_src_path is not None
    text = Path(file.abs_src_path).read_bytes().decode("utf-8", "replace")
    decoded = html.unescape(text).lower()
    return bool(
        _ACTIVE_SVG.search(re.sub(r"[\x00-\x20]", "", decoded)) or re.search(r"[\s/]on[a-z]+\s*=", decoded)
    )


def published_pages(files: Files) -> list[File]:
    """The Markdown pages `mkdocs build` renders, in MkDocs' own order."""
    return list(files.documentation_pages())


def people_of(
    pages: Iterable[str], read: Callable[[str], bytes], settings: Settings
) -> tuple[dict[str, Person], list[Problem]]:
    """The people registry from the profile pages among `pages` (src_uris), each read with `read`."""
    profiles = [(uri, read(uri)) for uri in pages if is_profile(uri, settings.people_dir)]
    return load_registry(profiles, settings.display_path)


def site_pages(config_file: Path) -> list[str]:
    """The src_uri of every page `mkdocs build` publishes from this mkdocs.yml, in MkDocs' order:
    the very list `load_site` checks (exclude_docs, draft_docs and refused files left out)."""
    settings, config = open_site(config_file)
    _, files, _ = _site_files(settings, config_file, config)
    return [file.src_uri for file in published_pages(files)]


def _site_files(
    settings: Settings, config_file: Path, config: Any = None
) -> tuple[Any, Files, list[Problem]]:
    """MkDocs' loaded configuration (`config`, or loaded here), its files with the refused ones
    removed, and the problems."""
    if config is None:
        config = mkdocs_config(config_file)
    with _warnings_of("mkdocs.structure.files") as warnings:
        files = get_files(config)
    problems = [
        *(_listing_problem(message, settings) for message in warnings),
        *refuse_unchecked(files, settings),
    ]
    return config, files, problems


def src_uri_of(path: Path, settings: Settings) -> str | None:
    """The src_uri of a file given on the command line, or None if it is not under docs_dir. The
    file's own name is kept: a symlinked page is checked under its name, as MkDocs publishes it."""
    located = path.absolute().parent.resolve() / path.name
    try:
        return located.relative_to(settings.docs_dir).as_posix()
    except ValueError:
        return None


def load_site(
    settings: Settings,
    today: dt.date,
    only: Iterable[str] | None = None,
    config_file: Path | None = None,
    config: Any = None,
    alongside: Callable[[Site, list[str]], Any] | None = None,
    texts: bool = True,
) -> Site:
    """Check every page the build publishes (or only some src_uris), as the build checks them;
    `config` is MkDocs' configuration of `config_file` where the caller has loaded it (open_site).
    `alongside(site, src_uris)` is the caller's own work on the site (its records not yet checked)
    and the pages to be checked, done in this process while the workers check pages. With
    `texts=False` each record is its facts only (PageRecord.facts), for callers that never read a
    page's text or body again."""
    config, files, problems = _site_files(settings, config_file or settings.config_dir / CONFIG_NAME, config)
    pages = [file.src_uri for file in published_pages(files)]
    registry, people_problems = people_of(pages, lambda uri: _read(settings.docs_dir / uri), settings)
    wanted = pages if only is None else [_page(uri, files, settings) for uri in only]
    snippets = snippets_from_config(config.markdown_extensions, config.mdx_configs, settings.config_dir)
    context = Context(settings, registry, today, snippets)
    site = Site(settings, registry, [], pages, [*problems, *people_problems], config, files)

    def own_work() -> None:
        site.alongside = alongside(site, wanted) if alongside else None

    workers = cores.worker_count(len(wanted))
    if workers:
        load_checks()  # before the workers fork, so they share them
    share = _check_share if texts else _facts_share
    site.records = cores.in_shares(wanted, share, context, workers, own_work)
    return site


def _check_share(context: Context, src_uris: list[str]) -> list[PageRecord]:
    """Check each page as the build does (load_site shares the pages out among the cores)."""
    return [check_page(uri, _read(context.settings.docs_dir / uri), context) for uri in src_uris]


def _facts_share(context: Context, src_uris: list[str]) -> list[PageRecord]:
    """_check_share's records without the pages' text: a worker's results are pickled back to the
    command's process, and a page's text and body were nearly all of them (about 6 MB a 1,000
    pages, unpickled in the command's own process after the pages are checked)."""
    return [record.facts() for record in _check_share(context, src_uris)]


@contextlib.contextmanager
def _warnings_of(logger_name: str):
    """The warnings a MkDocs logger emits meanwhile: the build counts them under --strict, so the
    command line must count them too."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    handler = Collect()
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


_CONFLICT = re.compile(r"Excluding '(.+)' from the site because it conflicts with '(.+)'")


def _listing_problem(message: str, settings: Settings) -> Problem:
    conflict = _CONFLICT.search(message)
    if conflict:
        return Problem(
            settings.display_path(conflict.group(1)),
            "file",
            "MkDocs leaves it out because "
            f"it would be the same page as {settings.display_path(conflict.group(2))}",
            "keep one of the two files",
        )
    return Problem(settings.display_path(""), "file", message, "fix what MkDocs reports")


def _page(src_uri: str, files: Files, settings: Settings) -> str:
    """A page named on the command line, if the build renders it (drafts included: serve shows them)."""
    file = files.get_file_from_path(src_uri)
    if file is None or not file.is_documentation_page() or not file.inclusion.is_in_serve():
        raise AllianceError(
            f"{settings.display_path(src_uri)}: MkDocs does not publish it (a "
            "dot-folder, exclude_docs, README.md beside index.md, or a refused "
            "file), so there is nothing to check"
        )
    return src_uri


def _read(path: Path) -> bytes:
    return path.read_bytes() if os.path.isfile(path) else b""
