"""One reading of a page's Markdown body: which lines are code, which are citations (the Sources
section and footnote definitions), and which open an FAQ block.

Readability, the lints and `alliance report` all read the body through here, so they cannot disagree
on where the Sources section ends: at the next heading of its level or higher, never inside code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
SOURCES_TITLE = re.compile(r"^(?:sources|references)$", re.I)
FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]]+\]:")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
# Only a body that names a Sources section anywhere is walked line by line to find where it ends.
_MAY_HAVE_SOURCES = re.compile(r"sources|references", re.I)
_FAQ = re.compile(r"^\?\?\?\+?\s+question\b")
_DOI = re.compile(r"https://doi\.org/\S+")


@dataclass(frozen=True)
class BodyLine:
    """One line of the body as the lints see it: its number in the file and what kind of text it is."""

    number: int
    text: str  # inline code blanked out (same length, so positions still match)
    code: bool  # inside a fenced code block
    citation: bool  # in the Sources section or a footnote definition
    sources: bool = False  # in the Sources section, its heading included


def classify_lines(body: str, first_line: int) -> Iterator[BodyLine]:
    """Each line (as `str.splitlines` cuts them) with its number in the file, marked as code or
    citation."""
    fence: str | None = None
    sources_level: int | None = None
    in_footnote = False
    for offset, raw in enumerate(body.splitlines()):
        opening = FENCE.match(raw)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            yield BodyLine(first_line + offset, raw, True, False, sources_level is not None)
            continue
        if opening:
            fence = opening.group(1)
            yield BodyLine(first_line + offset, raw, True, False, sources_level is not None)
            continue
        heading = HEADING.match(raw)
        if heading:
            level = len(heading.group(1))
            if sources_level is not None and level <= sources_level:
                sources_level = None
            if SOURCES_TITLE.match(heading.group(2)):
                sources_level = level
        if FOOTNOTE_DEFINITION.match(raw):
            in_footnote = True
        elif raw.strip() and not raw[:1].isspace():
            in_footnote = False  # a footnote goes on while its lines are indented (or blank)
        in_sources = sources_level is not None
        yield BodyLine(
            first_line + offset, _blank_inline_code(raw), False, in_sources or in_footnote, in_sources
        )


def _blank_inline_code(text: str) -> str:
    return _INLINE_CODE.sub(lambda match: " " * len(match.group(0)), text)


def without_sources(body: str) -> str:
    """The body with its Sources section left out, every other character kept as it was."""
    if not _MAY_HAVE_SOURCES.search(body):
        return body
    raw_lines = body.splitlines(keepends=True)
    kept = [raw for raw, line in zip(raw_lines, classify_lines(body, 1), strict=True) if not line.sources]
    return body if len(kept) == len(raw_lines) else "".join(kept)


def faq_count(body: str) -> int:
    """The FAQ blocks (Material's `??? question`) the body opens, outside code."""
    return sum(1 for raw, line in _lines(body) if not line.code and _FAQ.match(raw))


def doi_source_count(body: str) -> int:
    """The footnote definitions that cite a DOI on their first line, outside code."""
    return sum(
        1
        for raw, line in _lines(body)
        if not line.code and FOOTNOTE_DEFINITION.match(raw) and _DOI.search(raw)
    )


def _lines(body: str) -> Iterator[tuple[str, BodyLine]]:
    return zip(body.splitlines(), classify_lines(body, 1), strict=True)
