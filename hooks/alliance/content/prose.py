"""One reading of a page's Markdown body: which lines are code, which are citations (the Sources
section and footnote definitions), and which open an FAQ block.

Readability, the lints and `alliance report` all read the body through here, so they cannot disagree
on where the Sources section ends: at the next heading of its level or higher, never inside code.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
SOURCES_TITLE = re.compile(r"^(?:sources|references)$", re.I)
FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]]+\]:")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
# `without_sources`' quick path: a body with no fence line (a match anywhere means some line opens
# one) and no line break but "\n" or "\r\n" (where `str.splitlines` and `^` with re.M agree on the
# lines, once a line's "\r" is cut off).
_FENCE_ANYWHERE = re.compile(r"^\s*(?:`{3,}|~{3,})", re.M)
_OTHER_LINE_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
# The only characters a case-blind pattern matches to an ASCII letter besides its two cases (İ ı ſ K).
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
# The characters outside ASCII whose `str.lower` holds an ASCII letter ('i̇' and 'k'): checked over
# every code point.
_LOWERS_TO_ASCII = ("\u0130", "\u212a")
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
    # Each pattern is tried only on lines it can match (its literal start), and the fence only in a
    # body that holds one, instead of a regex call per line and pattern (4 % of a real article's lint).
    may_fence = "```" in body or "~~~" in body
    for offset, raw in enumerate(body.splitlines()):
        opening = FENCE.match(raw) if may_fence else None
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            yield BodyLine(first_line + offset, raw, True, False, sources_level is not None)
            continue
        if opening:
            fence = opening.group(1)
            yield BodyLine(first_line + offset, raw, True, False, sources_level is not None)
            continue
        heading = heading_of(raw) if raw[:1] == "#" else None
        if heading:
            level, title = heading
            if sources_level is not None and level <= sources_level:
                sources_level = None
            if SOURCES_TITLE.match(title):
                sources_level = level
        if raw[:2] == "[^" and FOOTNOTE_DEFINITION.match(raw):
            in_footnote = True
        elif raw.strip() and not raw[:1].isspace():
            in_footnote = False  # a footnote goes on while its lines are indented (or blank)
        in_sources = sources_level is not None
        yield BodyLine(
            first_line + offset, _blank_inline_code(raw), False, in_sources or in_footnote, in_sources
        )


def heading_of(line: str) -> tuple[int, str] | None:
    """The level and title of a heading line (a line with no line feed), as the two groups of
    `HEADING.match` give them, or None. Read with string methods: the pattern's lazy title tries its
    closing (white space, marks, white space, the end) after every character, which made each
    heading cost as much as a paragraph of prose.

    The pattern's white space after the marks takes all there is (its title then always finds a
    closing, at the end if nowhere sooner), and the title is the shortest rest that leaves white
    space, marks and white space: the rest stripped from the right in that order."""
    level = len(line) - len(line.lstrip("#"))
    if not 0 < level <= 6 or not line[level : level + 1].isspace():
        return None
    return level, line[level:].strip().rstrip("#").rstrip()


def _blank_inline_code(text: str) -> str:
    if "`" not in text:  # every match holds one; most lines have none
        return text
    return _INLINE_CODE.sub(lambda match: " " * len(match.group(0)), text)


def without_sources(body: str) -> str:
    """The body with its Sources section left out, every other character kept as it was."""
    if not _may_have_sources(body):
        return body
    if _unfenced(body) and _only_newlines(body):
        return _without_sources_unfenced(body)
    return _without_sources_walked(body)


def _may_have_sources(body: str) -> bool:
    """False only for a body that names no Sources section (a quick way out, so a wrong True costs
    only time). ASCII text lowers to exactly what the case-blind search compares; other text goes on
    to the paths below, which cost less than that search."""
    if body.isascii():
        lowered = body.lower()
        return "sources" in lowered or "references" in lowered
    return True


def _unfenced(body: str) -> bool:
    return ("```" not in body and "~~~" not in body) or not _FENCE_ANYWHERE.search(body)


def _only_newlines(body: str) -> bool:
    """No line break but "\n" and "\r\n": a writer on Windows saves every line with "\r\n", and
    walking each line instead made such a page's check a fifth dearer."""
    if "\r" in body and body.count("\r") != body.count("\r\n"):
        return False  # a lone "\r" ends a line for str.splitlines only
    return not any(brk in body for brk in _OTHER_LINE_BREAKS)


def _without_sources_walked(body: str) -> str:
    """`without_sources` by walking every line as the lints do."""
    raw_lines = body.splitlines(keepends=True)
    kept = [raw for raw, line in zip(raw_lines, classify_lines(body, 1), strict=True) if not line.sources]
    return body if len(kept) == len(raw_lines) else "".join(kept)


def _without_sources_unfenced(body: str) -> str:
    """`without_sources` for a body with no code fence and only "\\n" line breaks (or "\\r\\n"): then
    no heading is hidden in code and the lines `classify_lines` walks are the "\\n" lines without
    their "\\r", so only the lines that start with '#' can open or close the section, and they are
    found without walking every line."""
    kept: list[str] = []
    level: int | None = None  # the level of the Sources heading while its section is skipped
    end = 0  # where copying the body resumes
    for start, line in _lines_opening_with_hash(body):
        heading = heading_of(line.removesuffix("\r"))  # "#\r" is no heading, as "#" is none
        if heading is None:
            continue
        depth, title = heading
        if level is not None and depth <= level:  # the section ends at this heading
            end, level = start, None
        if SOURCES_TITLE.match(title):
            if level is None:
                kept.append(body[end:start])
            level = depth
    if not kept:
        return body
    if level is None:
        kept.append(body[end:])
    return "".join(kept)


def _lines_opening_with_hash(body: str) -> Iterator[tuple[int, str]]:
    """Where each "\n" line that starts with '#' starts, and the line without its "\n"."""
    start = 0 if body.startswith("#") else _next_hash_line(body, 0)
    while start >= 0:
        stop = body.find("\n", start)
        if stop < 0:
            yield start, body[start:]
            return
        yield start, body[start:stop]
        start = _next_hash_line(body, stop)


def _next_hash_line(body: str, after: int) -> int:
    found = body.find("\n#", after)
    return found + 1 if found >= 0 else -1


def holds_lowered(text: str, words: tuple[str, ...]) -> bool:
    """`any(word in text.lower() for word in words)` for lower-case ASCII words, faster outside ASCII.

    `str.lower` is slow on text with any character outside ASCII; `bytes.lower` lowers only ASCII
    letters. Both give the same ASCII runs, where alone an ASCII word can match, except around the
    only two characters outside ASCII that lower to ASCII (İ and the Kelvin sign): text with either
    takes `str.lower`.
    """
    global _last_lowered
    last, lowered = _last_lowered
    if text is not last:
        lowered = _lowered(text)
        if len(text) >= _KEPT_LOWERED_FROM:
            _last_lowered = (text, lowered)
    if isinstance(lowered, str):
        return any(word in lowered for word in words)
    return any(word.encode("ascii") in lowered for word in words)


# The last long text `holds_lowered` lowered, with its lowered form: the render checks and the lints
# ask about the same body (one object), and each lowered a copy of the whole page. Found by identity:
# the entry keeps its text alive, so no other text can have its id. Shorter texts (front matter
# fields, paragraphs) are not kept, so they do not push the body out between the two.
_KEPT_LOWERED_FROM = 1024
_last_lowered: tuple[str, str | bytes] = ("", "")


def _lowered(text: str) -> str | bytes:
    """`text.lower()`, or its UTF-8 bytes lowered where the two hold the same ASCII runs."""
    if any(char in text for char in _LOWERS_TO_ASCII):
        return text.lower()
    return text.encode("utf-8", "surrogatepass").lower()


def may_match_blind(text: str, words: tuple[str, ...]) -> bool:
    """False only if no case-blind pattern whose every match holds one of the lower-case ASCII
    `words` can match `text`: a substring test that rules a regex out before it scans the text.

    Text holding one of the characters that fold to an ASCII letter under re.IGNORECASE always may
    (the lints then walk it line by line, which a regex over the whole text would not mirror: a
    heading after a lone "\r" or "\u2028"; red team, 2 December 2026)."""
    if any(char in text for char in _FOLDS_TO_ASCII):
        return True
    return holds_lowered(text, words)


def lines_holding(text: str, marker: str) -> list[int]:
    """Where each line that holds `marker` (one line's text) starts, in order: lines as re.M's `^`
    sees them, after each "\n". A pattern anchored at `^` that needs the marker on its line is then
    matched at these starts only (searching from every position was a tenth of a page's check)."""
    starts: list[int] = []
    at = text.find(marker)
    while at >= 0:
        starts.append(text.rfind("\n", 0, at) + 1)
        end = text.find("\n", at)
        if end < 0:
            break
        at = text.find(marker, end)
    return starts


# The longest address the scans read (a link's target, a definition's, an image's path): no real
# address is longer, and reading each up to a bound keeps a page of many `](` linear. Past it a page
# is refused, never let through unread.
MAX_ADDRESS = 4096
_BRACKET = re.compile(r"[\[\]]")
# What may follow an image's alt text to name its reference: one optional space, then `[label]`.
_REFERENCE_AFTER = re.compile(r"\s?\[([^\[\]]*)\]")
_LINE_BREAK = re.compile(r"\n")


def image_closings(text: str) -> dict[int, int]:
    """Where each `]` that ends an image's alt text (`![alt]`) stands, with the `[` it closes: the
    brackets between balanced, the `[` after a `!`, a bracket after an odd number of backslashes
    escaped (not a bracket, as Markdown reads it). One pass with a stack of open brackets, so a page
    of many `](` costs no more than its length (a look back from each `]` was quadratic, red team,
    session 28); a `]` with no open bracket closes nothing. Brackets in code spans are read as
    brackets (`![a`]`b](…)` is missed here: the output check fails such an outside image)."""
    closings: dict[int, int] = {}
    if "![" not in text:
        return closings
    opened: list[int] = []
    for bracket in _BRACKET.finditer(text):
        at = bracket.start()
        if _escaped(text, at):
            continue
        if text[at] == "[":
            opened.append(at)
        elif (
            opened
            and (start := opened.pop()) > 0
            and text[start - 1] == "!"
            and not _escaped(text, start - 1)
        ):
            closings[at] = start
    return closings


def image_labels(text: str, closings: dict[int, int]) -> set[str]:
    """The reference labels images use (`![alt][label]`, `![alt][]`, `![label]`), as `label_key`
    gives them: a definition with one of these labels is an image's address."""
    labels = set()
    for end, start in closings.items():
        if text.startswith("(", end + 1):
            continue  # an inline image: its address is read where it stands
        after = _REFERENCE_AFTER.match(text, end + 1)
        if after is not None and after.group(1).strip():
            labels.add(label_key(after.group(1)))
        elif text.find("[", start + 1, end) < 0 and text.find("]", start + 1, end) < 0:
            # No definition's label holds a bracket, so an alt text that does (an image inside an
            # image) names none: not cut out and compared, which for images nested in images was
            # quadratic (red team, session 30).
            labels.add(label_key(text[start + 1 : end]))
    return labels


def label_key(label: str) -> str:
    """A reference label as Python-Markdown compares them: case and runs of white space ignored."""
    return " ".join(label.split()).casefold()


def _escaped(text: str, at: int) -> bool:
    """Whether the character at `at` follows an odd number of backslashes."""
    run = 0
    while at - run > 0 and text[at - run - 1] == "\\":
        run += 1
    return run % 2 == 1


class LineCounter:
    """The line of any offset in a text, from one list of its line breaks made when first asked
    (counting from the top for each of many findings was quadratic, red team, session 29)."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text, self.first_line = text, first_line
        self.breaks: list[int] | None = None

    def line(self, offset: int) -> int:
        if self.breaks is None:
            self.breaks = [match.start() for match in _LINE_BREAK.finditer(self.text)]
        return self.first_line + bisect.bisect_left(self.breaks, offset)


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
