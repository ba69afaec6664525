"""What MkDocs cannot render at all: the build would stop on it with a traceback, so the page check
names it first, and the build shows that message in the page's place (red team, round 22).

- An address Python's `urlsplit` refuses: a host holding characters that become '/', '?', '#', '@'
  or ':' once normalised (a full-width solidus, say), or an unbalanced '[' or ']'. MkDocs splits every
  link and image address it renders.
- Nesting deeper than Python-Markdown's recursion follows (Python 3.11, measured): about 250 levels
  of list indentation (1,000 columns), 490 list markers opening one line, 330 of admonitions or
  `markdown` HTML blocks, 990 emphasis markers in a paragraph.
  The limits here are a quarter to a half of those, far above any real page.
- A footnote definition stored inside another footnote's text, which stops Python-Markdown's
  footnotes extension as it lists the footnotes (sessions 27 and 28).
- The control characters STX and ETX, which Python-Markdown removes before reading (session 28).
- A tight definition list (no blank line between entries) of about 490 definitions, which
  Python-Markdown nests one inside the other (session 31).
- Bodies past the time budget (session 31): marks Python-Markdown reads in time growing with the
  square of their number, or with their number times the text after them. Each '[' is read to the
  end of its block (blank line to blank line; an element with a `markdown` attribute makes the page
  one block) and each '<' to the end of the page: their number times that length is capped. Footnote
  references, headings, and lines opening admonitions, collapsible blocks and content tabs are
  counted; with an abbreviation defined, so are lines and inline marks. At every cap at once
  Python-Markdown takes under a second and a half here (SECURITY.md, session 31); the sample
  articles are a tenth of each cap or less. The counts are str.count and one pattern opening with a
  line break; what each cap names is looked for only on a page past its count.
"""

from __future__ import annotations

import bisect
import html
import re
from urllib.parse import urlsplit

from alliance.content.prose import MAX_ADDRESS, LineCounter, classify_lines, holds_lowered, lines_holding
from alliance.problems import MARKDOWN_FIELD, Problem

FIELD = MARKDOWN_FIELD
MAX_INDENT = 256  # columns of leading space on a line (tabs count four)
MAX_EMPHASIS_MARKERS = 512  # unescaped '*' and '_' in one paragraph, outside code
MAX_LIST_MARKERS = 128  # list markers opening one line ("- - - x"): about 490 stopped the build
MAX_MARKDOWN_BLOCKS = 64  # HTML elements with a `markdown` attribute
# The attribute's name in any case, looked for before the tags are read: `str.lower` of a page with a
# character outside ASCII costs twice what prose.holds_lowered does (it lowers the page's bytes).
_MARKDOWN_WORD = ("markdown",)
MAX_DEFINITIONS = 128  # definition-list definitions in one block (no blank line): about 490 stopped the build
# Marks Python-Markdown reads in time growing with the square of their number, or with their number
# times the text around them (session 31, measured in CPU seconds on the project's machine):
# Characters Python-Markdown's link readers read from each '[' and '](' (see _link_reads), summed over
# the page's blocks.
MAX_BRACKET_WORK = 6_000_000
MAX_TAG_WORK = 3_000_000  # '<' opening a tag on the page times the page's characters
# '<![' (a marked section, as CDATA) on the page times its characters: Python-Markdown's HTML reader
# reads each to the end of the page some 400 times slower than an unclosed tag (500 `<![CDATA[ >`
# before 40 KB of text: 21 s). At the cap: about 0.3 s.
MAX_MARKED_SECTION_WORK = 300_000
MAX_FOOTNOTE_REFERENCES = 400  # '[^' on the page
MAX_BLOCK_OPENERS = 300  # '!!!', '???' and '===' (admonitions, details, content tabs) on the page
MAX_HEADINGS = 500  # lines opening with '#'
MAX_ABBREVIATED = 1_000  # lines and inline marks of a page that defines an abbreviation
MAX_SPLIT_WORK = 3_000_000  # lines cutting a block (headings, underlines, openers) times its characters
MAX_ELEMENTS = (
    5_000  # lines, stacked list markers, '`' and '|': the elements one parent may hold side by side
)
# Nesting marks opening a line ('>' and list markers) times its block's characters, the deepest line
# of each block, summed over blocks: Python-Markdown reads a block's text again at each level of a
# quote or list (lazy lines after the deep one belong to it). Red team 3, session 31: 127 '- ' on a
# line then 4,000 lines of text (420 KB) took 16 s; 1,000 '>' before the same text 17 s. At the cap:
# 0.1 to 0.4 s with long lines, 0.9 s at worst (20 levels before 4,800 lines of 10 characters).
MAX_NESTING_WORK = 1_000_000
# Each level costs as much as some 300 characters read again, however short its block: 20,000 '>'
# before a word took 0.93 s, 100,000 3.6 s (red team 3).
_LEVEL_COST = 300
# Inline marks in a block times its characters, summed over blocks (see _INLINE_MARK): each match
# rebuilds the text of its paragraph (red team 2, session 31: 30,000 '1st' in one 360 KB paragraph,
# 5.6 s; 60,000 '\.', 120 KB, 9.2 s). At the cap: 0.23 to 0.38 s (escapes, entities, symbols, `<1@a>`).
MAX_INLINE_WORK = 300_000_000
# Marks that may open an inline element (a link, image, footnote reference, code span, emphasis, an
# autolink, a hard line break), counted over the whole page: Python-Markdown keeps the page's inline
# elements in one list it takes from the front, in time growing with the square of their number
# (red team, session 32: 294,000 links `[]()` in 2,450 short paragraphs, 1.2 MB, 21.5 s; each
# paragraph was under every cap). At the cap: 0.4-0.9 s, most of it growing with the page (80-100 KB).
MAX_INLINE_ELEMENTS = 20_000
_ELEMENT_MARKS = "[<`*_~^+="
# Blank runs in a line, by their columns squared, plus each '{' times its line's length, summed over
# the page: attr_list looks for `{: …}` at the end of each heading, definition term and table cell with
# a pattern whose time grows with the square of a run of spaces (a tab counts four) and with each
# ' {' times the rest of the line (red team, session 32: a heading with 25,000 tabs took 10.4 s; one
# with ' {a}' 20,000 times, 11.1 s). At the cap: 0.2 s.
MAX_ATTRIBUTE_WORK = 30_000_000
_BLANKS = re.compile(r"[ \t]*")

# Where an address can be written: an inline link or image, a reference definition, an HTML or
# attr_list attribute (href, src). Read generously: a string that only looks like an address is
# tried too, and the worst it can do is fail a page whose text holds one (with this message).
_ADDRESSES = re.compile(
    r"""<([a-z][a-z0-9+.-]*://[^<>]*)>"""  # an autolink (Python-Markdown's own pattern)
    r"""|\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>}]+))""",
    re.M | re.I,
)
# A reference definition's target, anywhere on a line (Python-Markdown reads them in quotes, list
# items and definition lists: `- [r]: //[x` stopped the build, red team, session 29). No label holds
# a bracket, and a label may run over lines (`[r` + line break + `]: //[x` did too). Found at every
# '[' (a lookahead: overlapping ones too), so a definition read as another's target is read as well
# (`[^a[b]: [r]: //[x`, round 3).
_DEFINITION_TARGET = re.compile(rf"(?=\[[^\[\]]*\]:\s*<?([^\s>]{{1,{MAX_ADDRESS}}}))")
# An inline link's destination is read by hand (_InlineLinks): it may hold spaces and
# balanced parentheses, which Python-Markdown keeps in the address.
_INLINE_LINK = re.compile(r"\]\(")
# Where an inline link may end: its ')' or a line break followed by a space or another break (the
# link does not cross a blank line). An address is read up to MAX_ADDRESS characters, and after a
# quote up to MAX_QUOTED_ENDS of the ')' on its line: a longer or more ambiguous one is refused.
_PARENTHESIS_OR_BREAK = re.compile(r"[()]|\n(?=\s|\Z)")
_QUOTE = re.compile(r"[\"']")
_NEWLINE = re.compile(r"\n")
MAX_QUOTED_ENDS = 32
# Characters of possible addresses read on one page: a real page reads a few thousand; `](` and ')'
# in their thousands, each possible address up to 4,096 characters, read and split, took seconds a
# kilobyte (red team, session 29).
MAX_READ = 1_000_000
_TITLE = re.compile(r"""\s+["'(]""")
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# A line can be indented past MAX_INDENT columns only if it opens with this many spaces or tabs.
_DEEP_INDENT = re.compile(rf"\n[ \t]{{{MAX_INDENT // 4}}}")
_DEEP_SPACES = "\n" + " " * (MAX_INDENT // 4)  # what _DEEP_INDENT matches in a text without a tab
# After '//', the host part of an address as urlsplit cuts it (and where the address ends in Markdown).
_HOST = re.compile(r"[^/?#]*")  # a superset: the real address may end sooner
_SPLIT_SLASHES = re.compile(r"/[\t\r\n]+/")
# Two list markers opening a line ("- - x"), found fast (a literal "\n" first) before the full count.
_TWO_STACKED = re.compile(r"\n[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:[-*+]|\d{1,9}[.)])[ \t]")
_STACKED_LISTS = re.compile(rf"^[ \t>]*(?:(?:[-*+]|\d{{1,9}}[.)])[ \t]+){{{MAX_LIST_MARKERS + 1}}}", re.M)
# An HTML start tag's opening, its end, and a `markdown` attribute: a tag holds the attribute when one
# follows its opening before a '>'. One pass over these marks counts them (a pattern reading from
# each '<' to the next '>' was quadratic on `<b ` repeated, red team, session 28).
_TAG_MARKS = re.compile(r"<(?=[a-zA-Z])|>|\smarkdown\b", re.I)
_FIX_ADDRESS = (
    "write the address with plain characters (a web address's host in ASCII or its xn-- form), "
    "or remove the link"
)
_FIX_NESTING = "write the page with fewer levels inside one another"
# A footnote definition anywhere but at the left margin of its line (after at most three spaces): one
# after another definition's `]:`, indented under it, or behind a list marker, a quote or a
# definition list's colon inside a footnote's text. Python-Markdown's footnotes extension stores such
# a definition inside the other footnote's text, defines it while it walks its footnotes, and the
# build stops with "OrderedDict mutated during iteration" (red team, sessions 27 and 28). Read
# generously: one in a quote or a list of its own, which would render, is refused too.
FOOTNOTE_DEFINITION = re.compile(r"\[\^[^\]\n]*\]:")


# Python-Markdown removes these before it reads a page (they mark its own placeholders), so the page
# it renders is not the page as written: `![a]\x02(pic.png)` shows a picture that no scan of the text
# sees (red team, session 28).
_DROPPED = ("\x02", "\x03")


# Python-Markdown reads a lone "\r" as a line break (it turns every "\r" left into "\n", and MkDocs
# reads files with universal newlines); every reading here finds lines by "\n". A page whose lines
# ended in lone "\r" passed every cap on lines and 300 list levels past the indentation cap, and the
# build stopped with a RecursionError (red team, session 31): each is made a "\n" first (one
# character for one, so offsets and line numbers stay).
_LONE_RETURN = re.compile(r"\r(?!\n)")


def problems(path: str, body: str, first_line: int) -> list[Problem]:
    """What in `body` (starting on line `first_line` of the file) MkDocs could not render, or would
    render as another text than the one written."""
    lines = LineCounter(body, first_line)
    if "\r" in body:
        body = _LONE_RETURN.sub("\n", body)
    # Both nesting checks ask first whether a line opens with two levels of nesting: one search from
    # every line break answers both (two searches for deeper lines were a sixth of this check).
    two_levels = _two_levels(body)
    return [
        Problem(path, FIELD, message, fix, line=None if offset is None else lines.line(offset))
        for offset, message, fix in (
            *_dropped(body),
            *_unsplittable(body),
            *_too_deep(body, two_levels),
            *_nested_footnotes(body),
            *_slow(body, two_levels),
        )
    ]


def _count(text: str, mark: str) -> int:
    """`text.count(mark)` for one character, 0 at once when `str.find` (memchr) finds none: a page
    with any character outside Latin-1 is counted a character at a time, and most pages hold no '_',
    '`', '|' or tab, whose counts were a twentieth of a page's check."""
    return text.count(mark) if mark in text else 0


def _dropped(body: str) -> list[tuple[int, str, str]]:
    offsets = [offset for offset in (body.find(mark) for mark in _DROPPED) if offset >= 0]
    if not offsets:
        return []
    return [
        (
            min(offsets),
            "holds the control character U+0002 or U+0003, which Markdown removes before it reads the "
            "page, so readers would get another text than the one written and reviewed",
            "delete the character (most editors show it as a box, or not at all)",
        )
    ]


def _nested_footnotes(body: str) -> list[tuple[int, str, str]]:
    if "[^" not in body:
        return []
    at = _first_nested_footnote(body)
    if at < 0:
        return []
    return [
        (
            at,
            "holds a footnote definition away from the left margin (inside another footnote's text, "
            "a quote or a list), which can stop MkDocs' footnotes with a traceback",
            "start each footnote definition at the left margin of its own line; to show footnote "
            "syntax as an example, put it in a fenced code block",
        )
    ]


def _first_nested_footnote(body: str) -> int:
    """Where the first footnote definition not at its line's margin starts, or -1. A definition ends
    at the first ']' after its '[^', so each `]:` closes the definitions that open after the ']' before
    it: walking the `]:` of the lines holding one looks at each character a few times at most (a
    pattern tried at every position was quadratic on a line of '[^')."""
    for start in lines_holding(body, "]:"):
        end = body.find("\n", start)
        end = len(body) if end < 0 else end
        line = body[start:end]
        indent = len(line) - len(line.lstrip(" "))
        margin = start + indent if indent <= 3 else -1
        close = body.find("]:", start, end)
        while close >= 0:
            opening = body.find("[^", body.rfind("]", start, close) + 1 or start, close)
            if opening >= 0 and opening != margin:
                return opening
            if opening >= 0 and (second := body.find("[^", opening + 2, close)) >= 0:
                return second
            close = body.find("]:", close + 2, end)
    return -1


def _unsplittable(body: str) -> list[tuple[int, str, str]]:
    if not _odd_host(body):
        return []
    found = []
    unreadable = False
    for offset, raw, markup in _addresses(body):
        if raw is None:
            if unreadable:
                continue  # one such problem says it: a run of them is one mistake
            unreadable = True
            found.append(
                (
                    offset,
                    "holds a link whose address the check cannot read as Markdown does: longer than "
                    f"{MAX_ADDRESS:,} characters, or with a quote followed by more than {MAX_QUOTED_ENDS} "
                    f"')' on its line, or past {MAX_READ:,} characters of possible addresses on the page",
                    "write the link's address plainly and shorter (a quote as %22 or %27, a ')' as %29)",
                )
            )
            continue
        # What reaches urlsplit: Markdown undoes backslash escapes in its link destinations; an HTML
        # attribute's character references are decoded by the HTML parser.
        read = raw if markup else html.unescape(raw)
        for address in dict.fromkeys((raw, _MARKDOWN_ESCAPE.sub(r"\1", read))):
            try:
                urlsplit(address)
            except ValueError as error:
                found.append(
                    (
                        offset,
                        f"the address '{raw[:60]}' cannot be read as an address ({error}): MkDocs "
                        "stops the build on such a link",
                        _FIX_ADDRESS,
                    )
                )
                break
    return found


def _addresses(body: str) -> list[tuple[int, str | None, bool]]:
    """Every string that may reach urlsplit as an address: (offset, address, written in Markdown);
    None for an inline link's address too long or too ambiguous to read within the bounds."""
    found: list[tuple[int, str | None, bool]] = []
    for match in _ADDRESSES.finditer(body):
        group = next(index for index, value in enumerate(match.groups()) if value is not None)
        found.append((match.start(), match.group(group + 1), group < 1))
    if "]:" in body:
        found.extend((match.start(), match.group(1), True) for match in _DEFINITION_TARGET.finditer(body))
    if "](" in body:
        links = _InlineLinks(body)
        for match in _INLINE_LINK.finditer(body):
            destinations = links.destinations(match.end())
            if destinations is None:
                found.append((match.start(), None, True))
            else:
                found.extend((match.start(), address, True) for address in destinations)
    return found


class _InlineLinks:
    """What Python-Markdown may take as the address of each inline link: the text from its '(' to the
    balancing ')' without a title; with a quote in it, up to any ')' on the line (fail closed). The
    balancing ')' of every '(' and where the quotes and line breaks are come from one pass, so a
    page of many `](` costs no more than its length (a scan from each was quadratic, red team,
    session 28)."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.closing: dict[int, int] = {}  # '(' -> its balancing ')'
        self.ends: list[int] = []  # every ')'
        self.breaks: list[int] = []  # every line break a link cannot cross
        self.read = 0  # characters of possible addresses read so far, up to MAX_READ
        opened: list[int] = []
        for mark in _PARENTHESIS_OR_BREAK.finditer(body):
            char, at = mark.group(), mark.start()
            if char == "(":
                opened.append(at)
            elif char == ")":
                self.ends.append(at)
                if opened:
                    self.closing[opened.pop()] = at
            else:
                self.breaks.append(at)
                opened.clear()
        self.quotes = [mark.start() for mark in _QUOTE.finditer(body)]
        self.newlines = [mark.start() for mark in _NEWLINE.finditer(body)] if self.quotes else []

    def destinations(self, start: int) -> list[str] | None:
        """The addresses of the link whose '(' ends at `start`: none, one, or after a quote up to
        MAX_QUOTED_ENDS; None if they cannot be read within the bounds."""
        end = self.closing.get(start - 1)
        quote = _first_at_or_after(self.quotes, start)
        if quote is None or (end is not None and end < quote):
            if end is None:
                return []
            address, _ = self._address(start, end)
            return None if address is None else [address]
        line_break = _first_at_or_after(self.breaks, start)
        if line_break is not None and line_break < quote:
            return []  # the link ended at a blank line before the quote
        line_end = _first_at_or_after(self.newlines, quote)
        found: list[str] = []
        for index in range(bisect.bisect_left(self.ends, quote), len(self.ends)):
            end = self.ends[index]
            if line_end is not None and line_end < end:
                break
            if len(found) == MAX_QUOTED_ENDS:
                return None
            address, complete = self._address(start, end)
            if address is None:
                return None
            found.append(address)
            if complete:
                break  # every later ')' gives this same address
        return list(dict.fromkeys(found))

    def _address(self, start: int, end: int) -> tuple[str | None, bool]:
        """The address in the text from `start` to `end`, None if it runs past MAX_ADDRESS
        characters; and whether it is complete (its '>' or its title seen) so that no later end
        changes it."""
        self.read += min(end - start, MAX_ADDRESS + 1)
        if self.read > MAX_READ:
            return None, True
        text = self.body[start : min(end, start + MAX_ADDRESS + 1)].strip()
        complete = False
        if text.startswith("<") and ">" in text:
            text, complete = text[1 : text.index(">")], True
        parts = _TITLE.split(text, 1)
        complete = complete or len(parts) > 1
        if len(parts[0]) > MAX_ADDRESS or (end - start > MAX_ADDRESS and not complete):
            return None, complete
        return parts[0], complete


def _first_at_or_after(positions: list[int], start: int) -> int | None:
    index = bisect.bisect_left(positions, start)
    return positions[index] if index < len(positions) else None


def _odd_host(body: str) -> bool:
    """Whether any '//' is followed by a host urlsplit might refuse: only a host with a character
    outside ASCII or a bracket can be refused, and an escape or character reference may stand for one.
    urlsplit first deletes tabs and line breaks from an address (`//x\n[y` is read as `//x[y`, and
    `/\n/` as `//`: red team, session 29), so a host is read across them, and slashes they split
    count as odd (deleting them from every page first was a sixth of the page check)."""
    if _SPLIT_SLASHES.search(body):
        return True
    at = body.find("//")
    while at >= 0:
        host = _HOST.match(body, at + 2).group()  # type: ignore[union-attr]  # matches even ""
        if not host.isascii() or any(mark in host for mark in "[]&\\"):
            return True
        at = body.find("//", at + 2)
    return False


def _two_levels(body: str) -> bool:
    """Whether a line of `body` opens with two levels of nesting ("- - x", "> - x", "> > x"): every
    line that opens with more, or with two list markers (_TWO_STACKED), opens with two."""
    return _AT_LEAST_LEVELS[1].search("\n" + body) is not None


def _too_deep(body: str, two_levels: bool | None = None) -> list[tuple[int, str, str]]:
    """What nests deeper than MkDocs renders; `two_levels` is `_two_levels(body)`, if known."""
    found = []
    lines = "\n" + body  # so the first line opens with "\n" too
    # Without a tab, a deep indent is a run of spaces alone: one substring test (most pages) instead
    # of the pattern tried at every line break.
    deep = "\t" in body or _DEEP_SPACES in lines
    for match in _DEEP_INDENT.finditer(lines) if deep else ():
        start = match.start()  # in `body`: the "\n" is one character before the line
        line_end = body.find("\n", start)
        line = body[start : len(body) if line_end < 0 else line_end]
        indent = len(line) - len(line.lstrip(" \t"))
        if len(line[:indent].expandtabs(4)) > MAX_INDENT:
            found.append(
                (
                    match.start(),
                    f"is indented more than {MAX_INDENT} columns, deeper than MkDocs renders",
                    _FIX_NESTING,
                )
            )
            break
    if two_levels is None:
        two_levels = _two_levels(body)
    stacked = _STACKED_LISTS.search(body) if two_levels else None
    if stacked:
        found.append(
            (
                stacked.start(),
                f"opens a line with more than {MAX_LIST_MARKERS} list markers, deeper than MkDocs renders",
                _FIX_NESTING,
            )
        )
    if _count(body, "*") + _count(body, "_") > MAX_EMPHASIS_MARKERS:  # only then look closer
        found.extend(_emphasis_runs(body))
    blocks = _markdown_blocks(body) if holds_lowered(body, _MARKDOWN_WORD) else []
    if len(blocks) > MAX_MARKDOWN_BLOCKS:
        found.append(
            (
                blocks[MAX_MARKDOWN_BLOCKS],
                f"has more than {MAX_MARKDOWN_BLOCKS} HTML elements with a markdown attribute, "
                "which MkDocs may not render nested",
                _FIX_NESTING,
            )
        )
    return found


def _markdown_blocks(body: str) -> list[int]:
    """Where each HTML start tag with a `markdown` attribute opens (counted once per '<')."""
    found: list[int] = []
    tag = -1  # the '<' of the tag being read, or -1 outside a tag (or once its attribute is counted)
    for mark in _TAG_MARKS.finditer(body):
        char = mark.group()
        if char == "<":
            tag = mark.start()
        elif char == ">":
            tag = -1
        elif tag >= 0:
            found.append(tag)
            tag = -1
    return found


def _emphasis_runs(body: str) -> list[tuple[int, str, str]]:
    """A paragraph whose emphasis markers could nest past the recursion Python-Markdown follows."""
    raws = body.split("\n")
    code = [line.code for line in classify_lines(body, 1)]
    if len(code) == len(raws) - 1 and not raws[-1]:
        code.append(False)  # split gives the empty text after a final "\n" as a line; splitlines does not
    if len(code) != len(raws):  # other line breaks than "\n": count code as prose (more, never less)
        code = [False] * len(raws)
    count, paragraph_start, offset = 0, 0, 0
    for raw, in_code in zip(raws, code, strict=True):
        if not raw.strip() or in_code:
            count, paragraph_start = 0, offset + len(raw) + 1
        else:
            count += sum(raw.count(marker) - raw.count("\\" + marker) for marker in "*_")
            if count > MAX_EMPHASIS_MARKERS:
                return [
                    (
                        paragraph_start,
                        f"has more than {MAX_EMPHASIS_MARKERS} '*' and '_' in one paragraph, more "
                        "emphasis than MkDocs renders",
                        "split the paragraph, or write the characters as \\* and \\_",
                    )
                ]
        offset += len(raw) + 1
    return []


# ---- the time budget: marks Python-Markdown reads in time growing faster than the page -----------

# A block: text between blank lines. Python-Markdown reads no inline text across one but in an
# element with a `markdown` attribute (md_in_html: `<p markdown="1">` reads its content as one line).
# The line break is matched whole (atomic): "\r\n?" gave back its "\n" to the lookahead, so every
# line of a page saved with "\r\n" was a block of its own, and a paragraph of 2,000 lines with an
# unclosed '[' on each passed every cap (43 s of Markdown).
_BLANK_LINE = re.compile(r"(?>\r\n|\r|\n)[ \t]*(?=\r|\n)")
# What opens a line (behind indentation, a quote's '>' or a list's marker: Python-Markdown reads a
# block there too), found in one pass that starts at each line break: a heading, a definition, an
# abbreviation's definition, an admonition, a collapsible block or a content tab; or a line of only
# '-', '=', '_' or '*' (a setext heading's underline or a rule): its last '-' or '*' (which the line's
# opening takes) followed by nothing but spaces, or its run from the first '=' or '_'. The opening is
# tried at each of its lengths, so a mark reads no further than the spaces after it: a lookahead over
# the rest of the run at each length was quadratic (red team 2: a line of 16,000 '-' then 'x', 5.3 s
# in this count alone, 600 short lines before it).
_LINE_MARK = re.compile(
    r"\n[ \t>*+\-.)\d]*(#|:[ \t]|\*\[|!!!|\?\?\?|===|[-*](?=[ \t]*(?:\r?\n|\Z))|[=_][-=_* \t]*+(?=\r?\n|\Z))"
)
# Each of those marks cuts its block where it stands: Python-Markdown reads the block's text before
# it, and puts the rest back to be tried again by every block reader, each reading it to its end.
# Their number in a block times its length is capped (MAX_SPLIT_WORK): 8,000 lines `a` and `-` in one
# block (32 KB) took 20 s, 499 headings before 150 KB of text in their block 5.3 s.
_SPLIT_PAGE = "split the page into shorter pages"
# A '<' the HTML reader may take for a tag, a comment or a declaration: it reads any other as text,
# at once ("x < y", "<3").
_TAG_OPENING = re.compile(r"<[A-Za-z/!?]")
# What may start an inline match, each replaced in its element's text by a placeholder, which rebuilds
# the text (Python-Markdown's inline pass, run again by smartsymbols): an escape, an entity, any '<'
# (`<1@a>` is a mail link, `<--` an arrow), '(' of `(c)`, '/' of `1/2`, `c/o`, `+/-` and `=/=`, '--'
# of an arrow, emphasis and code marks, a hard line break, an ordinal's digit (`1st`), and '[' of a
# link, an image or a footnote reference: the link cap counts how far their readers read, not these
# rebuilds (100,000 reference links `[a][r]` in one paragraph would rebuild it 100,000 times).
_INLINE_MARK = re.compile(r"[\\&<(/*_`[]|--| {2}\n|\d(?=st|nd|rd|th)")
# One level of nesting opening a line: a quote's '>' or a list's marker (as _STACKED_LISTS reads it).
_NESTING_LEVEL = r"(?:>|(?:[-*+]|\d{1,9}[.)])[ \t])[ \t]*"
_NESTED_LINE = re.compile(rf"\n[ \t]*(?:{_NESTING_LEVEL})+")
_ONE_LEVEL = re.compile(_NESTING_LEVEL)
_ONE_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]")
# A line opening with at least 2**k levels, for k up to 11: compiled once, so a page's search for a
# line deep enough to pass MAX_NESTING_WORK uses the deepest of these it needs (a pattern for the
# exact depth would be compiled for each page's length).
# The lookaheads say what the levels need first (a line break, then a blank or a mark; after the
# blanks, a mark), so the search gives up at once on most lines (prose, headings, blank lines): the
# repeat of levels entered at every line break was a fifth of a page's render check.
_AT_LEAST_LEVELS = [
    re.compile(rf"\n(?=[ \t>*+\-\d])[ \t]*(?=[>*+\-\d])(?:{_NESTING_LEVEL}){{{2**k}}}") for k in range(12)
]
# The fewest line marks a cap allows, so a page of fewer lines (and no abbreviation) passes none.
_FEWEST_LINE_MARKS = min(MAX_BLOCK_OPENERS, MAX_HEADINGS, MAX_DEFINITIONS)


def _slow(body: str, two_levels: bool | None = None) -> list[tuple[int | None, str, str]]:
    """Marks past the time budget: each counted (str.count, or one pattern opening with a line break,
    found in C) against its cap, and looked at closer only when the count passes it. `two_levels`
    is `_two_levels(body)`, if known."""
    found: list[tuple[int | None, str, str]] = []
    brackets = _count(body, "[")
    # A page past the inline elements cap (below) is refused without this closer look, which would
    # take seconds on it.
    if (
        0 < brackets <= MAX_INLINE_ELEMENTS
        and _link_reads_at_most(body) > MAX_BRACKET_WORK
        and (at := _bracket_work_passed(body)) >= 0
    ):
        found.append(
            (
                at,
                f"holds '[' (links, images, footnote references) that MkDocs reads far: it reads from "
                "each '[' to the ']' that closes it, and from each '](' to the ')' that closes it, or "
                "to the end of the block when there is none (or one behind code, an escape, a quote or "
                f"HTML), and those reads add up past {MAX_BRACKET_WORK:,} characters, which slows the "
                "build for every page",
                "close every '[' with ']' and every '](' with ')', put blank lines between long "
                "paragraphs and list items that hold links, or " + _SPLIT_PAGE,
            )
        )
    if _count(body, "<") * len(body) > MAX_TAG_WORK:  # only then find which open a tag
        tags = [opening.start() for opening in _TAG_OPENING.finditer(body)]
        if len(tags) * len(body) > MAX_TAG_WORK:
            found.append(
                (
                    tags[MAX_TAG_WORK // len(body)],
                    f"holds {len(tags):,} '<' that open a tag on a page of {len(body):,} characters: "
                    "MkDocs reads each up to the end of the page, and their number times its length "
                    f"passes {MAX_TAG_WORK:,}, which slows the build for every page",
                    "write '<' as &lt; where it is not HTML, or " + _SPLIT_PAGE,
                )
            )
    sections = body.count("<![")
    if sections * len(body) > MAX_MARKED_SECTION_WORK:
        found.append(
            (
                _nth(body, "<![", MAX_MARKED_SECTION_WORK // len(body)),
                f"holds {sections:,} '<![' (marked sections, as CDATA) on a page of {len(body):,} "
                "characters: MkDocs reads each up to the end of the page, and their number times its "
                f"length passes {MAX_MARKED_SECTION_WORK:,}, which slows the build for every page",
                "write '<![' as &lt;![ (pages have no use for marked sections), or " + _SPLIT_PAGE,
            )
        )
    if brackets > MAX_FOOTNOTE_REFERENCES and (references := body.count("[^")) > MAX_FOOTNOTE_REFERENCES:
        found.append(
            (
                _nth(body, "[^", MAX_FOOTNOTE_REFERENCES),
                f"holds {references:,} footnote references ('[^'), more than {MAX_FOOTNOTE_REFERENCES} "
                "(MkDocs takes time growing with the square of their number)",
                "refer to fewer footnotes, or " + _SPLIT_PAGE,
            )
        )
    # Each mark is a character at least, so a page shorter than the cap's square root cannot pass it.
    if len(body) * len(body) > MAX_INLINE_WORK and (at := _inline_work_passed(body)) >= 0:
        found.append(
            (
                at,
                "holds many escapes ('\\'), entities ('&'), symbols ('(c)', '1/2', '-->', '1st'), code or "
                "emphasis marks or line breaks inside long blocks of text: MkDocs rebuilds a block's text "
                f"after each, and their number times those blocks' length passes {MAX_INLINE_WORK:,}, "
                "which slows the build for every page",
                "put blank lines between long paragraphs, or " + _SPLIT_PAGE,
            )
        )
    # Each mark is a character at least, so only a page longer than the cap can pass it.
    if len(body) > MAX_INLINE_ELEMENTS:
        element_marks = sum(body.count(mark) for mark in _ELEMENT_MARKS) + body.count(_HARD_BREAK)
        if element_marks > MAX_INLINE_ELEMENTS:
            found.append(
                (
                    None,
                    f"holds {element_marks:,} marks that may open an inline element ('[', '<', '`', '*', "
                    f"'_', '~', '^', '+', '=', a hard line break), more than {MAX_INLINE_ELEMENTS:,}: MkDocs "
                    "takes time growing with the square of the inline elements on a page",
                    _SPLIT_PAGE,
                )
            )
    if (at := _attribute_work_passed(body)) >= 0:
        found.append(
            (
                at,
                "holds long runs of spaces or tabs, or many '{', on lines MkDocs searches for "
                "attributes (headings, definition terms, table cells): their columns squared and "
                f"each '{{' times its line's length pass {MAX_ATTRIBUTE_WORK:,}, which slows the "
                "build for every page",
                "remove the runs of spaces and tabs, write fewer '{' on one line, or " + _SPLIT_PAGE,
            )
        )
    lines = _count(body, "\n") + 1
    elements = lines + _count(body, "`") + _count(body, "|")
    # A line opening with list markers stacked ("- - x") is a list and an item for each marker past
    # the first: elements too (red team 3: "- " 20 times then text, on 4,900 lines, took 12 s; "- - x"
    # on 4,900 lines 1.7 s). Each marker takes two characters at least, so only a page long enough
    # to pass the cap with them is searched (_TWO_STACKED finds a line of two fast).
    if elements <= MAX_ELEMENTS < elements + len(body) // 2 and _TWO_STACKED.search("\n" + body):
        elements += _stacked_markers(body)
    if elements > MAX_ELEMENTS:
        found.append(
            (
                None,
                f"holds more than {MAX_ELEMENTS:,} lines, list markers stacked on a line, '`' and '|' "
                "(each may be an element: a paragraph, list item, line break, code span or table "
                "cell), and MkDocs takes time growing with the square of the elements side by side",
                _SPLIT_PAGE,
            )
        )
    # A line nested deeper than the cap over the page's length is needed to pass it (the deepest line
    # times the page bounds the sum over blocks). A line opens with at most MAX_LIST_MARKERS list
    # markers before its first '>' (_STACKED_LISTS) and as many after each: only a page whose '>'
    # allow such a line is searched, in one pass from each line break.
    # Indentation nests too, a level per 4 columns up to MAX_INDENT (red team 3: 60 items each
    # indented 4 columns more than the last, then 4,000 lines of text, took 5.1 s).
    indented = MAX_INDENT // 4
    levels = (MAX_LIST_MARKERS + 1) * (_count(body, ">") + 1) + indented
    if levels * (len(body) + _LEVEL_COST) > MAX_NESTING_WORK:
        markers = max(
            MAX_NESTING_WORK // (len(body) + _LEVEL_COST) + 1 - indented, 1
        )  # the fewest a line needs
        at_least = _AT_LEAST_LEVELS[min(markers.bit_length(), len(_AT_LEAST_LEVELS)) - 1]  # 2**k <= markers
        # A line of two levels or more opens with two: on a page with none (most), no deeper line
        # is searched for.
        if markers >= 2 and two_levels is None:
            two_levels = _two_levels(body)
        may_nest = markers < 2 or two_levels
        if may_nest and at_least.search("\n" + body) and (at := _nesting_work_passed(body)) >= 0:
            found.append(
                (
                    at,
                    "opens a line with many quote marks ('>'), list markers or indents before a long "
                    "block of text: MkDocs reads the block again at each level, and those levels times the "
                    f"block's length pass {MAX_NESTING_WORK:,}, which slows the build for every page",
                    "quote or nest less deeply, or put a blank line after the deeply nested line",
                )
            )
    if lines <= _FEWEST_LINE_MARKS and lines * len(body) <= MAX_SPLIT_WORK and "*[" not in body:
        return found  # each line opens with one mark at most: too few lines to pass a cap on them
    marks = [(match.start(1) - 1, match.group(1)) for match in _LINE_MARK.finditer("\n" + body)]
    if not marks:
        return found
    if len(marks) * len(body) > MAX_SPLIT_WORK and (at := _split_work_passed(body, marks)) >= 0:
        found.append(
            (
                at,
                "holds headings, underlines ('---', '==='), rules or admonitions inside long blocks of "
                "text: MkDocs reads the rest of the block again after each, and their number times "
                f"those blocks' length passes {MAX_SPLIT_WORK:,}, which slows the build for every page",
                "put a blank line before and after each heading, rule and admonition, or " + _SPLIT_PAGE,
            )
        )
    openers = [at for at, mark in marks if mark in ("!!!", "???", "===")]
    if len(openers) > MAX_BLOCK_OPENERS:
        found.append(
            (
                openers[MAX_BLOCK_OPENERS],
                f"opens more than {MAX_BLOCK_OPENERS} admonitions, collapsible blocks and content tabs "
                "('!!!', '???', '===') (MkDocs takes time growing with the square of their number)",
                _SPLIT_PAGE,
            )
        )
    headings = [at for at, mark in marks if mark == "#"]
    if len(headings) > MAX_HEADINGS:
        found.append(
            (
                headings[MAX_HEADINGS],
                f"has more than {MAX_HEADINGS} headings (MkDocs takes time growing with the square of "
                "their number)",
                _SPLIT_PAGE,
            )
        )
    if abbreviations := [at for at, mark in marks if mark == "*["]:
        elements = body.count("\n") + sum(body.count(mark) for mark in "*_`[<")
        if elements <= MAX_ABBREVIATED:
            elements += _abbreviated_words(body, abbreviations)
        if elements > MAX_ABBREVIATED:
            found.append(
                (
                    abbreviations[0],
                    f"defines an abbreviation ('*[…]: …') and holds {elements:,} lines, inline marks "
                    f"('*', '_', '`', '[', '<') and uses of its abbreviations, more than "
                    f"{MAX_ABBREVIATED:,} (with an abbreviation, MkDocs takes time growing with the "
                    "square of their number)",
                    "write the abbreviation out in the text, or " + _SPLIT_PAGE,
                )
            )
    definitions = [at for at, mark in marks if mark.startswith(":")]
    if len(definitions) > MAX_DEFINITIONS and (at := _definitions_passed(body, definitions)) >= 0:
        found.append(
            (
                at,
                f"holds more than {MAX_DEFINITIONS} definitions (lines opening with ':') without a blank "
                "line between them, deeper than MkDocs renders",
                "put a blank line between the entries of the definition list",
            )
        )
    return found


# An abbreviation's definition as Python-Markdown's abbr reads it: the word is up to the first ']'
# before an optional space and ':' (it holds no backslash).
_ABBREVIATION_DEFINITION = re.compile(r"\*\[([^\\]*?)\][ ]?:")


def _abbreviated_words(body: str, definitions: list[int]) -> int:
    """How often the words the page defines as abbreviations occur in it (each `*[` at `definitions`):
    abbr wraps each in an element of its own, and each is then found among its siblings by a list
    copy, twice (red team, session 32: one abbreviation and 'A A A. ' 8,500 times in one paragraph,
    60 KB, passed and took 14.8 s). Counted as substrings: at least the whole words abbr matches."""
    words = set()
    for at in definitions:
        if (definition := _ABBREVIATION_DEFINITION.match(body, at)) and (word := definition.group(1).strip()):
            words.add(word)
    return sum(body.count(word) for word in words)


def _nth(body: str, mark: str, index: int) -> int:
    """Where the `index`-th (from 0) `mark` of the body starts (the last one if there are fewer)."""
    at = -1
    for _ in range(index + 1):
        found = body.find(mark, at + 1)
        if found < 0:
            break
        at = found
    return at


def _bracket_work_passed(body: str) -> int:
    """Where the sum over blocks (see _blocks) of their link reads (_link_reads) passes
    MAX_BRACKET_WORK (the block's first '['), or -1."""
    work = 0
    for start, end in _blocks(body):
        first = body.find("[", start, end)
        if first < 0:
            continue
        work += _link_reads(body, start, end)
        if work > MAX_BRACKET_WORK:
            return first
    return -1


# Python-Markdown reads each '[' (or '![') with three processors (a reference, a link, a short
# reference; or the image's three), each from the '[' to the ']' closing it, nested brackets counted;
# and after a '](' the link's one reads from the '(' to the ')' closing it, nested parentheses
# counted. Each reads to the end of its text when nothing closes, so a page of unclosed '[' (or of
# '[a](') took time growing with the square of their number (red team, session 31).
_TEXT_READERS = 3
# And Python-Markdown reads some text twice: in a list item that also holds a block (a quote on its
# next line), the text after each link is read again as the link's tail (found by comparing with
# what it reads).
_READ_AGAIN = 2
_BRACKETS = re.compile(r"[\[\]]")
_PARENTHESES = re.compile(r"[()]")
# Marks that can make the text the link-text readers see differ from the page's between a '[' and
# the ']' that closes it on the page: code spans, escapes, maths, keys, footnote references, critic
# marks ('{++') and progress bars ('[=') become placeholders first, taking their brackets with them,
# and raw HTML may be stashed. Behind one, a read is counted to the end of the block.
_HIDING = r"[`\\$+^{<]|(?<=\[)="
_UNSURE_TEXT = re.compile(_HIDING)
# Between a '(' and its ')' a quote too: it opens a link's title, inside which ')' does not count.
_UNSURE_LINK = re.compile(_HIDING + r"|['\"]")
# Marks that may lengthen the text read after them: what an earlier processor matched is read as its
# placeholder, longer than what it stands for (`[]()` is read as `\x02klzzwxh:0012\x03`), a tab as up
# to four spaces, and a footnote's text gets its backlink's (22 characters); and a text read a second
# time (_READ_AGAIN) holds the placeholders of every inline match of the first (entities, emphasis,
# hard line breaks too; red team, session 32). Each by _LONGER_BY at most (found by comparing with
# what Python-Markdown reads).
_LENGTHENING = "`\\$+^{<~\t[&*_"
_LENGTHENING_BYTES = _LENGTHENING.encode()
_HARD_BREAK = "  \n"
_LONGER = re.compile("[" + re.escape(_LENGTHENING) + "]|" + _HARD_BREAK)
_LONGER_BY = 24


def _link_reads_at_most(body: str) -> int:
    """A bound on _link_reads summed over the page's blocks: each '[' read, by its three readers and
    a '(' reader, to the end of the page, lengthened by each mark after it. Each character after a '['
    may be such a mark; only where that bound could pass the cap are the marks counted, in one pass
    over the page's UTF-8 bytes (no other character holds their bytes)."""
    after, brackets = 0, 0  # characters after each '[', summed; the '['
    at = body.find("[")
    while at >= 0:
        after, brackets = after + len(body) - at, brackets + 1
        at = body.find("[", at + 1)
    most = _READ_AGAIN * (_TEXT_READERS + 1) * after
    if most * (_LONGER_BY + 1) <= MAX_BRACKET_WORK:
        return most * (_LONGER_BY + 1)
    encoded = body.encode("utf-8", "surrogatepass")
    marks = len(encoded) - len(encoded.translate(None, _LENGTHENING_BYTES)) + body.count(_HARD_BREAK)
    return most + _READ_AGAIN * (_TEXT_READERS + 1) * _LONGER_BY * marks * brackets


def _link_reads(body: str, start: int, end: int) -> int:
    """Characters Python-Markdown's link readers read in the block body[start:end] (see _TEXT_READERS),
    read surely only up to a closing with no _UNSURE_TEXT (or, for a '(', _UNSURE_LINK) mark before
    it, else up to the block's end; plus what each _LONGER mark on the way may add. Text a block
    processor cuts the block into (list items, table cells, headings) is read no further."""
    closing = _closings(body, start, end, _BRACKETS)
    unsure_text = [mark.start() for mark in _UNSURE_TEXT.finditer(body, start, end)]
    links: tuple[dict[int, int], list[int]] | None = (
        None  # parentheses and _UNSURE_LINK, once a '](' needs them
    )
    longer = [mark.start() for mark in _LONGER.finditer(body, start, end)]  # '[' among them

    def read(at: int, to: int) -> int:
        return to - at + _LONGER_BY * (bisect.bisect_left(longer, to) - bisect.bisect_right(longer, at))

    reads = 0
    for opening, closed in closing.items():
        if closed < 0 or not _clear(unsure_text, opening, closed):
            # Read to the end by all three. A ']' and '(' they find on the way (behind a '[' hidden
            # from them) are read no further than the end: three reads to it bound those too.
            reads += _TEXT_READERS * read(opening, end)
            continue
        reads += _TEXT_READERS * read(opening, closed)
        if body.startswith("(", closed + 1):
            if links is None:
                links = (
                    _closings(body, start, end, _PARENTHESES),
                    [mark.start() for mark in _UNSURE_LINK.finditer(body, start, end)],
                )
            parentheses, unsure_link = links
            paren = closed + 1
            shut = parentheses[paren]
            reads += read(paren, shut if shut >= 0 and _clear(unsure_link, paren, shut) else end)
    return _READ_AGAIN * reads


def _attribute_work_passed(body: str) -> int:
    """Where the sum over the page of its blank runs' columns squared and of each '{' times the length
    of its line (see MAX_ATTRIBUTE_WORK) passes the cap (the line that passes it), or -1. Runs of
    fewer than four characters are left out (they add at most 12 columns squared a character), and
    so are runs opening a line: an indent is no part of a heading's, term's or cell's text (and has
    a cap of its own, MAX_INDENT)."""
    work = 0
    blanks = _count(body, " ") + 4 * _count(body, "\t")  # the runs' columns squared sum to no more than
    for start, end in _blank_runs(body) if blanks * blanks > MAX_ATTRIBUTE_WORK else ():
        if start == 0 or body[start - 1] == "\n":
            continue
        columns = len(body[start:end].expandtabs(4))
        work += columns * columns
        if work > MAX_ATTRIBUTE_WORK:
            return body.rfind("\n", 0, start) + 1
    at = body.find("{")
    while at >= 0:
        line_start, line_end = body.rfind("\n", 0, at) + 1, body.find("\n", at)
        line_end = len(body) if line_end < 0 else line_end
        braces = body.count("{", at, line_end)
        work += braces * (line_end - line_start + 3 * body.count("\t", line_start, line_end))
        if work > MAX_ATTRIBUTE_WORK:
            return line_start
        at = body.find("{", line_end)
    return -1


def _blank_runs(body: str) -> list[tuple[int, int]]:
    """Each run of spaces and tabs holding four spaces or a tab: (start, end). Found from `str.find` of
    those (a pattern for the runs tried each of prose's single spaces: 0.8 ms a page)."""
    runs = []
    spaces, tab = body.find("    "), body.find("\t")
    while spaces >= 0 or tab >= 0:
        start = spaces if tab < 0 or 0 <= spaces < tab else tab
        while start > 0 and body[start - 1] in " \t":  # at most three spaces before: found first else
            start -= 1
        end = _BLANKS.match(body, start).end()  # type: ignore[union-attr]  # `*` always matches
        runs.append((start, end))
        spaces = body.find("    ", end) if spaces >= 0 else -1
        tab = body.find("\t", end) if tab >= 0 else -1
    return runs


def _closings(body: str, start: int, end: int, marks: re.Pattern[str]) -> dict[int, int]:
    """Each opening mark's position in body[start:end] (the first character `marks` finds), with the
    position of the closing mark that closes it, nested pairs counted, or -1 if none does."""
    closing: dict[int, int] = {}
    open_at: list[int] = []
    for mark in marks.finditer(body, start, end):
        at = mark.start()
        if body[at] in "[(":
            open_at.append(at)
            closing[at] = -1
        elif open_at:
            closing[open_at.pop()] = at
    return closing


def _clear(unsure: list[int], opening: int, closing: int) -> bool:
    """Whether no mark in `unsure` lies strictly between `opening` and `closing`."""
    index = bisect.bisect_right(unsure, opening)
    return index == len(unsure) or unsure[index] >= closing


def _split_work_passed(body: str, marks: list[tuple[int, str]]) -> int:
    """Where the sum over blocks of their line marks times their length passes MAX_SPLIT_WORK (the
    block's first mark), or -1. A page with an element with a `markdown` attribute is one block."""
    bounds = _blocks(body)
    work, block, first = 0, -1, 0
    for at, _ in marks:
        here = bisect.bisect_right(bounds, (at, len(body))) - 1  # the block starting at or before `at`
        if here != block:
            block, first = here, at
        start, end = bounds[here]
        work += end - start  # the n-th mark adds one more length: the sum is marks times length
        if work > MAX_SPLIT_WORK:
            return first
    return -1


def _blocks(body: str) -> list[tuple[int, int]]:
    """Each block's (start, end): text between blank lines, or the whole page if it holds an element
    with a `markdown` attribute (see _BLANK_LINE)."""
    if _markdown_blocks(body) if holds_lowered(body, _MARKDOWN_WORD) else False:
        return [(0, len(body))]
    blanks = list(_BLANK_LINE.finditer(body))
    starts = [0, *(blank.end() for blank in blanks)]
    ends = [*(blank.start() for blank in blanks), len(body)]
    return list(zip(starts, ends, strict=True))


def _inline_work_passed(body: str) -> int:
    """Where the sum over blocks of their inline marks (_INLINE_MARK) times their length passes
    MAX_INLINE_WORK (the block's first mark), or -1."""
    work = 0
    for start, end in _blocks(body):
        marks = len(_INLINE_MARK.findall(body, start, end))
        work += marks * (end - start)
        if work > MAX_INLINE_WORK:
            return _INLINE_MARK.search(body, start, end).start()  # type: ignore[union-attr]  # marks > 0
    return -1


def _stacked_markers(body: str) -> int:
    """List markers opening a line past its first one, summed over the lines."""
    return sum(
        max(len(_ONE_LIST_MARKER.findall(line.group())) - 1, 0) for line in _NESTED_LINE.finditer("\n" + body)
    )


def _nesting_work_passed(body: str) -> int:
    """Where the sum over blocks of their deepest line's nesting levels times their length (less that
    line's marks, which each level strips in one pass, plus _LEVEL_COST) passes
    MAX_NESTING_WORK (the block's deepest line), or -1. A page with an element with a `markdown`
    attribute is one block."""
    bounds = _blocks(body)
    deepest: dict[int, tuple[int, int, int]] = {}  # block index: (levels, where that line opens, its marks)
    for line in _NESTED_LINE.finditer("\n" + body):
        at = line.start()  # in `body`: the line opens one character after the "\n" read first
        here = bisect.bisect_right(bounds, (at, len(body))) - 1
        run = line.group()[1:]
        indent = len(run) - len(run.lstrip(" \t"))
        # Each 4 columns of indentation before the markers is a level too (the items above it).
        levels = len(_ONE_LEVEL.findall(run)) + len(run[:indent].expandtabs(4)) // 4
        if levels > deepest.get(here, (0, 0, 0))[0]:
            deepest[here] = (levels, at, len(run))
    work = 0
    for here, (levels, at, marks) in sorted(deepest.items()):
        start, end = bounds[here]
        work += levels * (end - start - marks + _LEVEL_COST)
        if work > MAX_NESTING_WORK:
            return at
    return -1


def _definitions_passed(body: str, definitions: list[int]) -> int:
    """Where a block (see _BLANK_LINE) holds its MAX_DEFINITIONS + 1st definition, or -1."""
    blanks = [blank.start() for blank in _BLANK_LINE.finditer(body)]
    block, count = -1, 0
    for at in definitions:
        here = bisect.bisect_left(blanks, at)
        block, count = here, (count + 1 if here == block else 1)
        if count > MAX_DEFINITIONS:
            return at
    return -1
