"""The local files a page shows or includes, found in its source, so the review digest binds their bytes.

A reviewer approves what readers see: an image, an embedded frame, a linked PDF or a snippet that
changes after the review changes the page. Paths resolve as MkDocs resolves them: relative to the
page's own folder in docs_dir, or to docs_dir when they start with `/`; snippets resolve against
pymdownx.snippets' base paths. A reference that is missing or leaves docs_dir is an error, never
skipped. The scan errs towards binding too much (a path in a code sample is bound too): binding an
extra file can only void an approval, never let an unapproved change through.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from mkdocs.utils import is_markdown_file

from alliance.content.prose import MAX_ADDRESS, LineCounter, image_closings
from alliance.paths import on_this_site, output_path
from alliance.problems import Problem

# A target is read up to MAX_TARGET characters: no file's path is longer, and a run of definitions
# one inside the next (`[a]:[a]:[a]:…`, each found) would otherwise be read to the line's end at each.
MAX_TARGET = MAX_ADDRESS
# `](target)` of inline links and images; one level of balanced parentheses, as in `a(1).png`.
# Read up to MAX_TARGET characters: a longer target is not read alike (below), so it is refused.
_INLINE = re.compile(rf"\]\(\s*(<[^>\n]{{0,{MAX_TARGET}}}>|(?:[^\s()]|\([^\s()]*\)){{1,{MAX_TARGET}}})")
# What may follow a target read by _INLINE for Python-Markdown to read the very same target: the
# closing parenthesis, after a quoted title if there is one. Anything else (a space or an unusual
# space inside the address, brackets within brackets, an unfinished title) and Markdown's reading
# runs on past it (its `LinkInlineProcessor.getLink`), so it may show another file than the one read
# here (red team, session 28).
_TARGET_END = re.compile(r"""[ \t]*(?:\r?\n[ \t]*)?(?:("[^"\n]*"|'[^'\n]*')[ \t]*)?\)""")
# Characters in a target that Python-Markdown reads otherwise than as written: a backslash escapes
# the next character (`pic\_a.png` shows `pic_a.png`), a backtick opens code, a quote a title; and an
# angle bracket, which the scan would take off an address Markdown shows with it (`<pic.png`); and
# in angle brackets a tab or carriage return, which Markdown turns into spaces or a line break before
# it reads the page (`<pic\tpic>` shows `pic   pic`: session 29, found by the property test below).
_REREAD = frozenset("\\`\"'<>\t\r")
_REREAD_IN_ANGLES = frozenset("\\`<>\t\r")
_FIX_PLAIN = (
    "write the file's path plainly: no backslash, quote, backtick, space or unusual space, and "
    "brackets only one level deep (a space as %20, a bracket as %28 and %29)"
)
# `[label]: target` reference definitions, wherever they stand: Python-Markdown reads them inside a
# blockquote (`> [a]: x`), a list item, an admonition, a definition list, `<div markdown>`, a
# footnote's text (`[^n]: [a]: x`) and after a lone carriage return, with the target on the next
# line if need be (red team, session 27). No label holds a bracket, as in Python-Markdown.
_LABEL_END_AND_TARGET = (
    r"[^\[\]]*\]:[ \t]*(?:(?:\r\n?|\n)(?:[ \t]*>)*[ \t]*)?"
    rf"(<[^>\r\n]{{0,{MAX_TARGET}}}>|\S{{1,{MAX_TARGET}}})"
)
_DEFINITION = re.compile(r"\[" + _LABEL_END_AND_TARGET)
# The same, but not `[^label]:`, which the footnotes extension reads as a footnote (its block
# processor runs before the one for references); a cited source's first word is no file to look up.
_DEFINITION_NOT_FOOTNOTE = re.compile(r"\[(?!\^)" + _LABEL_END_AND_TARGET)
# Raw HTML tags and attr_list blocks: the only places an attribute can load or link a resource
# (an attribute written as text, `&lt;img src=x&gt;`, shows as text and loads nothing).
_RAW_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_ATTR_LIST = re.compile(r"\{[:\s][^{}\n]*\}")
_ATTRIBUTE = re.compile(
    r"""(?<![\w-])(src|srcset|poster|data|background|href|xlink:href|cite|longdesc|action|formaction)"""
    r"""\s*=\s*("[^"]*"|'[^']*'|[^\s>}]+)""",
    re.I,
)
_EMBEDDING = {"src", "srcset", "poster", "data", "background"}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Suffixes of links that are pages, not files: MkDocs turns them into page URLs.
_PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".html", ".htm")
# pymdownx.snippets: `--8<-- "file"` on one line, or a block of paths between two `--8<--` lines.
_SNIPPET_LINE = re.compile(r"^[ \t]*(;*)-{1,}8<-{1,}[ \t]+(['\"])(.+?)\2[ \t]*$", re.M)
_SNIPPET_FENCE = re.compile(r"^[ \t]*(;*)-{1,}8<-{1,}[ \t]*$")
_MAX_SNIPPET_DEPTH = 8


@dataclass(frozen=True)
class Snippets:
    """pymdownx.snippets as the site configures it: where included files are looked up."""

    base_paths: tuple[Path, ...]
    auto_append: tuple[str, ...] = ()
    url_download: bool = False


@dataclass(frozen=True)
class Sources:
    """Where a page's local files live: the docs folder, the project folder and the snippet setup."""

    docs_dir: Path
    config_dir: Path
    snippets: Snippets | None = None
    use_directory_urls: bool = True
    footnotes: bool = False  # the footnotes extension is on: `[^label]:` starts no link definition
    site_url: str = ""  # an address on this host and path is a file of the site
    # The real path of every folder looked up so far, by its path: resolved once per build, not once
    # per reference (a page's references mostly share a handful of folders).
    real_folders: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


@dataclass
class LocalFiles:
    """Every local file a page shows, by path from the project folder, with the SHA-256 of its bytes."""

    digests: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def snippets_from_config(
    markdown_extensions: list[Any], mdx_configs: Mapping[str, Any], config_dir: Path
) -> Snippets | None:
    """The snippets setup of a loaded MkDocs config, or None when the extension is not used."""
    if "pymdownx.snippets" not in markdown_extensions:
        return None
    options = mdx_configs.get("pymdownx.snippets") or {}
    bases = options.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else list(bases)
    return Snippets(
        base_paths=tuple((config_dir / str(base)).resolve() for base in bases),
        auto_append=tuple(str(item) for item in options.get("auto_append") or ()),
        url_download=bool(options.get("url_download", False)),
    )


def local_files(path: str, src_uri: str, body: str, body_line: int, sources: Sources) -> LocalFiles:
    """The files the page at `src_uri` shows or includes, hashed; problems name the line."""
    found = LocalFiles()
    scanner = _Scanner(path, src_uri, sources, found)
    scanner.scan(body, body_line, depth=0)
    if sources.snippets:
        for name in sources.snippets.auto_append:
            scanner.include(name, body_line, depth=1)
    return found


class _Scanner:
    """One page's scan: references in the body (and in what it includes) become hashed files."""

    def __init__(self, path: str, src_uri: str, sources: Sources, found: LocalFiles) -> None:
        self.path, self.src_uri, self.sources, self.found = path, src_uri, sources, found
        # Real paths as text: most targets are pages or not files at all, and building Path objects
        # for each was most of a page's scan.
        self.docs_dir = self.real_folder(str(sources.docs_dir))
        self.docs_name = os.path.basename(self.docs_dir)
        self.config_dir = self.real_folder(str(sources.config_dir))
        self.src_folder = str(PurePosixPath(src_uri).parent)

    @cached_property
    def url_folder(self) -> str:
        """The page's folder on the site, as a path (a browser decodes the url before the server
        looks). Asked only for a raw tag's address: MkDocs' `File`, which maps the name, was a
        fiftieth of a page's check, and few pages have such a tag."""
        return str(PurePosixPath(output_path(self.src_uri, self.sources.use_directory_urls)).parent)

    def scan(self, text: str, first_line: int, depth: int) -> None:
        lines = LineCounter(text, first_line)
        self.scan_inline(text, lines)
        for definition in _definitions(text, self.sources.footnotes):
            target = definition.group(1)
            # `<div markdown>[a]: x.png</div>`: md_in_html hands the definition over without the
            # closing tag, which the pattern reads on; both readings are looked up.
            cut = target.split("<", 1)[0] if not target.startswith("<") else target
            for candidate in dict.fromkeys((target, cut)):
                if candidate:
                    self.reference(
                        candidate,
                        _never,
                        partial(lines.line, definition.start()),
                        self.src_folder,
                    )
        # MkDocs rewrites attr_list paths like Markdown ones; raw HTML reaches the browser as typed,
        # which resolves it against the page's URL: bind the file the browser will actually load.
        # Every attribute is written with `=`: a text without one (most pages) has none to look for.
        if "=" in text:
            for pattern in (_ATTR_LIST, _RAW_TAG):
                for container in pattern.finditer(text):
                    self.attributes(container, pattern is _ATTR_LIST, lines)
        if self.sources.snippets:
            for name, offset in _snippet_names(text):
                self.include(name, lines.line(offset), depth + 1)

    def scan_inline(self, text: str, lines: LineCounter) -> None:
        """Every `](target)` of an inline link or image. Which `](` close an image's alt text is
        asked only of a target that needs it (a missing one): most pages link only to pages."""
        images: dict[int, int] | None = None

        def is_image(at: int) -> bool:
            nonlocal images
            if images is None:
                images = image_closings(text)
            return at in images

        at = text.find("](")
        while at >= 0:
            match = _INLINE.match(text, at)
            line = partial(lines.line, at)
            if match is None or not _read_alike(text, match):
                if _may_be_local(text, at, match):
                    excerpt = text[at + 1 : at + 61].split("\n", 1)[0]
                    self.problem(
                        line(),
                        f"the address '{excerpt}' is written so that Markdown may show another file "
                        "than the one the review binds",
                        _FIX_PLAIN,
                    )
                if match is None:
                    at = text.find("](", at + 2)
                    continue
            self.reference(match.group(1), partial(is_image, at), line, self.src_folder)
            at = text.find("](", at + 2)

    def attributes(self, container: re.Match[str], in_attr_list: bool, lines: LineCounter) -> None:
        """The addresses in the attributes of an attr_list block or a raw HTML tag."""
        written = container.group(0)
        if "=" not in written:
            return  # no attribute (an autolink `<https://…>`, say): the attribute search is costly
        line = partial(lines.line, container.start())
        folder = self.src_folder if in_attr_list else self.url_folder
        for match in _ATTRIBUTE.finditer(written):
            name, value = match.group(1).lower(), match.group(2).strip("\"'")
            targets = (
                [part.split()[0] for part in value.split(",") if part.split()]
                if name == "srcset"
                else [value]
            )
            embedded = _always if name in _EMBEDDING else _never
            for target in targets:
                self.reference(target, embedded, line, folder)

    def reference(self, raw: str, embedded: Callable[[], bool], line: Callable[[], int], folder: str) -> None:
        """Bind a link or embed target if it is a local file; a page link is that page's own review.
        `folder` is what a relative path is relative to, within docs_dir; `line()` counts the line
        and `embedded()` says whether the page shows the target in place (an image), both asked only
        when something needs them: most references raise no problem."""
        target = unquote(html.unescape(raw.strip().strip("<>")).split("#")[0].split("?")[0])
        if self.sources.site_url and (own := on_this_site(target, self.sources.site_url)) is not None:
            target = own
            path = os.path.normpath(os.path.join(self.docs_dir, target.lstrip("/")))
            mode = self.lookup(path)[1] if _inside(path, self.docs_dir) else None
            if mode is None or not stat.S_ISREG(mode):
                return  # a page, or a file the build makes: no file of docs/ that a writer can change
        if not target or _SCHEME.match(target) or target.startswith("//"):
            return
        docs = self.docs_dir
        base = docs if target.startswith("/") else os.path.join(docs, folder)
        candidate = os.path.normpath(os.path.join(base, target.lstrip("/")))
        real, mode = self.lookup(candidate) if _inside(candidate, docs) else (candidate, None)
        if not _inside(real, docs):
            self.problem(
                line(),
                f"'{raw}' points outside {self.docs_name}/",
                f"a page may show only files kept in {self.docs_name}/; copy it there",
            )
            return
        if mode is not None and stat.S_ISREG(mode):
            if not is_markdown_file(os.path.basename(candidate)):
                self.bind(Path(candidate), line())
        elif mode is None and (_looks_like_file(target) or embedded()):
            self.problem(
                line(),
                f"'{raw}' is not a file in {self.docs_name}/",
                "add the file or correct the path (relative to this page's folder, or "
                f"starting with / for {self.docs_name}/)",
            )

    def include(self, name: str, line: int, depth: int) -> None:
        """Bind a snippet (found as pymdownx.snippets finds it) and whatever it includes in turn."""
        snippets = self.sources.snippets
        assert snippets is not None
        if _SCHEME.match(name):
            if snippets.url_download:
                self.problem(
                    line,
                    f"the snippet '{name}' is fetched from the network, so no review can bind it",
                    "keep the text in the repository and include that file",
                )
            return  # without url_download the extension shows nothing for it
        if depth > _MAX_SNIPPET_DEPTH:
            self.problem(
                line,
                f"snippets nest deeper than {_MAX_SNIPPET_DEPTH} at '{name}'",
                "include the files directly instead of through a chain",
            )
            return
        found = _find_snippet(name, snippets.base_paths)
        if found is None:
            self.problem(
                line,
                f"the snippet '{name}' is not a file under the snippets base_path",
                "add the file or correct the path",
            )
        elif not _inside(self.lookup(str(found))[0], self.config_dir):
            self.problem(
                line,
                f"the snippet '{name}' is outside the project folder",
                "keep included files inside the repository",
            )
        else:
            self.bind(found, line)
            try:
                included = found.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return  # the bytes are bound; the extension reports what it cannot read
            self.scan(included, line, depth)

    def bind(self, file: Path, line: int) -> None:
        key = os.path.relpath(self.lookup(str(file))[0], self.config_dir).replace(os.sep, "/")
        if key in self.found.digests:
            return
        try:
            self.found.digests[key] = hashlib.sha256(file.read_bytes()).hexdigest()
        except OSError as error:
            self.problem(line, f"'{key}' cannot be read ({error.strerror})", "check the file's permissions")

    def real_folder(self, folder: str) -> str:
        """`os.path.realpath(folder)`, looked up once per build."""
        real = self.sources.real_folders.get(folder)
        if real is None:
            real = self.sources.real_folders[folder] = os.path.realpath(folder)
        return real

    def lookup(self, path: str) -> tuple[str, int | None]:
        """The real path of a normalised absolute path, and the mode of the file it names (None when
        there is none), with its folder's real path memoised.

        Resolving the folder first and then the last component is what realpath does component by
        component; only a last component that is itself a symlink needs the full lookup. When it is
        not one, its `lstat` is the `stat` of the path: one system call instead of two.
        """
        if "\0" in path:
            return path, None  # no file has such a name (`%00` in a link): nothing to resolve, or find
        folder, name = os.path.split(path)
        if not name or name in (".", "..") or not os.path.isabs(folder):
            return os.path.realpath(path), _mode(path)
        joined = os.path.join(self.real_folder(folder), name)
        try:
            status = os.lstat(joined)
        except (FileNotFoundError, NotADirectoryError):
            # realpath keeps a name it cannot look up as it is; and with the folder's real path
            # found, the name is missing from the folder either way (a footnote's words, mostly).
            return joined, None
        except OSError:
            return joined, _mode(path)
        if stat.S_ISLNK(status.st_mode):
            return os.path.realpath(path), _mode(path)
        return joined, status.st_mode

    def problem(self, line: int, message: str, fix: str) -> None:
        self.found.problems.append(Problem(self.path, "body", message, fix, line=line))


def _always() -> bool:
    return True


def _never() -> bool:
    return False


def _mode(path: str) -> int | None:
    """`os.stat(path).st_mode`, or None for a missing file, an unreadable folder or a symlink loop."""
    try:
        return os.stat(path).st_mode
    except (OSError, ValueError):
        return None


def _definitions(text: str, footnotes: bool) -> Iterator[re.Match[str]]:
    """Every `[label]: target` in the text, overlapping ones included: in `[^n]: [a]: x` without the
    footnotes extension, `[^n]` defines `[a]:` and `[a]` defines `x`, and both are looked up.

    No label holds a bracket, so a definition can start only at the last `[` before a `]:` (and
    only with no `]` between): the pattern is tried there alone, not at every `[` of the page in turn. The
    look back from each `]:` stops at the one before (itself a bracket), so a page of many costs no
    more than its length."""
    pattern = _DEFINITION_NOT_FOOTNOTE if footnotes else _DEFINITION
    after_last = 0  # just past the previous `]:`'s `]`, so no look back goes over it again
    closing = text.find("]:")
    while closing >= 0:
        opening = text.rfind("[", after_last, closing)
        # A `]` between them ends the label before this `]:`, and the pattern fails there at once.
        if opening >= 0 and (found := pattern.match(text, opening)) is not None:
            yield found
        after_last = closing + 1
        closing = text.find("]:", after_last)


def _read_alike(text: str, match: re.Match[str]) -> bool:
    """Whether Python-Markdown reads the target `_INLINE` matched exactly as it stands: nothing in it
    that Markdown reads otherwise, and nothing after it but an optional title and the closing `)`
    (tests/test_page_files.py holds this against Markdown's own reading)."""
    target = match.group(1)
    angles = len(target) > 1 and target[0] == "<" and target[-1] == ">"
    reread = _REREAD_IN_ANGLES if angles else _REREAD
    if not reread.isdisjoint(target[angles : len(target) - angles]):
        return False
    return _TARGET_END.match(text, match.end()) is not None


def _may_be_local(text: str, at: int, match: re.Match[str] | None) -> bool:
    """Whether the target of the `](` at `at`, which Markdown may read otherwise, may load a file of
    the site: any but an address with a scheme or another host. Where `_INLINE` read nothing, the
    target is empty (`[a]()`) or there is none, unless it opens with a bracket (`](( a).png)`)."""
    if match is None:
        return text[at + 2 :].lstrip().startswith("(")
    target = match.group(1)
    return target.startswith("<") or not (_SCHEME.match(target) or target.startswith("//"))


def _snippet_names(text: str) -> list[tuple[str, int]]:
    """(path, offset) of every snippet the text includes; `;--8<--` is an escaped, shown marker."""
    names = [(match.group(3), match.start()) for match in _SNIPPET_LINE.finditer(text) if not match.group(1)]
    in_block, offset = False, 0
    for line in text.splitlines(keepends=True):
        fence = _SNIPPET_FENCE.match(line)
        if fence and not fence.group(1):
            in_block = not in_block
        elif in_block and line.strip() and not line.lstrip().startswith(";"):
            names.append((line.strip(), offset))
        offset += len(line)
    return names


def _find_snippet(name: str, bases: tuple[Path, ...]) -> Path | None:
    """The first base path holding `name`, trying it without a `:lines` or `:section` suffix too."""
    stripped = re.sub(r"(:[^/\\:]*){1,2}$", "", name)
    for candidate_name in dict.fromkeys((name, stripped)):
        for base in bases:
            candidate = base / candidate_name
            if candidate.is_file():
                return candidate
    return None


def _looks_like_file(target: str) -> bool:
    """A link to something with a file suffix that is not a page: a missing PDF, say."""
    suffix = PurePosixPath(target.rstrip("/")).suffix.lower()
    return bool(suffix) and not target.endswith("/") and suffix not in _PAGE_SUFFIXES


def _inside(path: str, folder: str) -> bool:
    # The same test as `path == folder or folder in path.parents` for absolute, normalised paths,
    # on strings: comparing Path objects part by part was a tenth of a page's check.
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
