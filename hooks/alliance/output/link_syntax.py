"""The link targets a page writes, read from its Markdown without rendering it, when it writes them
only in forms whose target is plain to see.

`alliance check` asks MkDocs about every link of every page, and rendering a page with
Python-Markdown to find its links is most of the check's time (about 5 ms a page). Most pages link
only as `[text](target)`, `[label]: target` and footnotes (`[^id]` with a `[^id]: …` definition).
For such a page, every link its render can hold has one of the targets read here (a target in code
or escaped is read too: too many, never too few), so MkDocs' own resolver, asked about each one,
says what the render would. `plain_targets` gives None whenever a page writes link syntax in any
other way (raw `href=`/`src=`, `<a>`/`<img>`, titles, angle brackets, spaces, nested brackets) or a
footnote definition that Markdown might not see referenced; `links` then renders that page as before.
Being unsure can only cost a render, never hide a warning. A reference is not seen surely wherever
Markdown may keep it as text or HTML (code, raw HTML, alt text, a key's label, a definition's own
lines): red team round 22 found each of these, and tests/test_link_precheck.py keeps them.

Only the Markdown extensions in UNDERSTOOD are reasoned about here; a site with any other renders
every page that has link syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from alliance.content.prose import holds_lowered

# Extensions whose output holds no link but those written in the forms below, plus the heading
# permalinks of `toc` and the footnote links of `footnotes` (whose anchors exist by construction,
# except a definition never referenced: checked below).
UNDERSTOOD = frozenset(
    {
        "toc",
        "tables",
        "fenced_code",
        "abbr",
        "admonition",
        "attr_list",
        "def_list",
        "footnotes",
        "md_in_html",
        "sane_lists",
        "smarty",
        "pymdownx.details",
        "pymdownx.superfences",
        "pymdownx.tabbed",
        "pymdownx.smartsymbols",
        "pymdownx.highlight",
        "pymdownx.inlinehilite",
        "pymdownx.betterem",
        "pymdownx.caret",
        "pymdownx.mark",
        "pymdownx.tilde",
        "pymdownx.keys",
        "pymdownx.tasklist",
    }
)
# Options that let an extension write markup of the site's own choosing (a fence or inline code
# formatter may write any link), which nothing here can read.
_FORMATTER_OPTIONS = ("custom_fences", "custom_inline")
# The footnote options that change only words, numbers and order: the others move the footnotes
# (PLACE_MARKER), write the site's own Markdown into each reference (SUPERSCRIPT_TEXT) or change
# the ids (SEPARATOR) (red team, round 22).
_FOOTNOTE_OPTIONS = frozenset({"BACKLINK_TEXT", "BACKLINK_TITLE", "UNIQUE_IDS", "USE_DEFINITION_ORDER"})
# The default place marker of `footnotes`: the footnotes replace the block that holds it.
_FOOTNOTES_PLACE_MARKER = "///Footnotes Go Here///"
# Markdown drops STX and ETX (the marks of its own placeholders) before it reads a page, so a page
# holding them is not read as written (red team, round 22).
_DROPPED_BY_MARKDOWN = ("\x02", "\x03")

# Where link syntax starts: an inline link or image, a reference or footnote definition, a footnote.
_SYNTAX = ("](", "]:", "[^")
# Links written as HTML (raw, md_in_html or attr_list): their targets are not read here.
_HTML_LINK = re.compile(r"\b(?:href|src)\s*=|<(?:a|img)\b", re.I)
_HTML_LINK_WORDS = ("href", "src", "<a", "<img")
# Every match of _HTML_LINK holds '=' or opens with '<' and a character re.IGNORECASE takes for 'a'
# or 'i': an ASCII one of "aAiI" or one outside ASCII ('ı' and 'İ' are taken for 'i'). A page with
# neither (most: their only '<' open autolinks) is ruled out by two scans in C, before the lowered
# copy `holds_lowered` makes of the whole page (a seventh of the link pre-check's time).
_HTML_LINK_OPENING = re.compile("<[aAiI\x80-\U0010ffff]")
# A target with nothing Markdown reads specially: no space, quote, bracket, angle bracket, backslash
# or backtick, so the URL in the rendered element is exactly these characters.
_TARGET = r"[^\s()<>\[\]\"'\\`]+"
_INLINE = re.compile(rf"\]\(({_TARGET})\)")
# pymdownx.keys reads `++key++` before links, so in an inline link's target it becomes HTML.
_KEYS = "++"
_DEFINITION = re.compile(rf"[ ]{{0,3}}\[[^\[\]\n^][^\[\]\n]*\]:[ \t]*({_TARGET})[ \t]*")
# A footnote id holds no backslash: Markdown reads an escape in a reference, not in a definition,
# so `[^a\_b]` never refers to `[^a\_b]: …` (red team, round 22).
_FOOTNOTE_DEFINITION = re.compile(r"[ ]{0,3}\[\^([^\]\s\\]+)\]:")
_ABBREVIATION = re.compile(r"\*\[[^\]\n]*\]:")
_FOOTNOTE = re.compile(r"\[\^([^\]\s\\]+)\]")
# Anything in a body that can keep `[^id]` from being read as a footnote reference: code spans and
# fences, HTML comments, raw HTML blocks (a line that opens with '<' after up to three spaces) and
# the footnotes' place marker. Besides these, any '<' but an autolink's: raw inline HTML takes a
# reference written inside a tag into Markdown's stash, where MkDocs sees no anchor.
_NOT_PROSE = ("`", "~~~", _FOOTNOTES_PLACE_MARKER)  # and the '<' of _not_prose_angle
# A '<' that opens no autolink (`<https?://[^\s<>\[\]`]*>`, case-blind).
_NOT_AUTOLINK = re.compile(r"<(?!https?://[^\s<>\[\]`]*>)", re.I)
# A '<' that opens a line after up to three spaces: raw HTML, though it opens an autolink.
_LINE_OPENING_ANGLE = re.compile(r"\n[ ]{0,3}<")
# In a paragraph with these, a `[^id]` may be text, not a reference: an image's alt text (on any
# of the paragraph's lines) and a key's label (pymdownx.keys, `++"…"++`) keep it as words.
_NOT_INLINE = ("![", "++")
# Inline markup never crosses a blank line (spaces only count as blank: Markdown expands tabs).
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# A paragraph with a definition (`^[ ]{0,3}\*?\[[^\]]*\]:` of its lines, see `_holds_definition`):
# its other lines may be the definition's own text, not prose: a footnote's (lost if a later
# definition of the same id replaces it; found by hypothesis), an abbreviation's title or a link's
# title on the next line (red team, round 22). What opens one at a line's start:
_LINE_OPENING_BRACKET = re.compile(r"[ ]{0,3}\*?\[")
_NEXT_LINE_OPENING_BRACKET = re.compile(r"\n[ ]{0,3}\*?\[")
# The last `_BLANK_LINE` in a piece of the body: `.*` backtracks from the piece's end.
_LAST_BLANK_LINE = re.compile(r".*\n[ \t]*\n", re.S)
# How a line opens where a `[^id]` on it may not be a reference (`_references_in`): a label or a
# definition, an abbreviation, an image, a collapsible block's title, HTML.
_NOT_PROSE_LINE = ("[", "*[", "!", "?", "<")


def understood(markdown_extensions: list[Any], mdx_configs: Mapping[str, Any]) -> bool:
    """Whether every Markdown extension of the site is one reasoned about here, without formatters."""
    if not all(isinstance(name, str) and name in UNDERSTOOD for name in markdown_extensions):
        return False
    return not any(
        not isinstance(options := mdx_configs.get(name) or {}, Mapping)
        or any(options.get(option) for option in _FORMATTER_OPTIONS)
        or (name == "footnotes" and not set(options) <= _FOOTNOTE_OPTIONS)
        for name in markdown_extensions
    )


def dropped_by_markdown(text: str) -> bool:
    """Whether `text` holds characters Markdown removes before reading it (so it reads other text)."""
    return _DROPPED_BY_MARKDOWN[0] in text or _DROPPED_BY_MARKDOWN[1] in text  # no generator


def plain_targets(text: str, body_start: int) -> list[str] | None:
    """Every target `text` links to, or None when it writes link syntax this module does not read.
    `body_start` is where MkDocs' body starts (after the front matter): only references there count."""
    if dropped_by_markdown(text):
        return None
    if _may_link_in_html(text) and _HTML_LINK.search(text):
        return None
    targets: list[str] = []
    defined: set[str] = set()
    footnote_end = 0  # where the last `[^id]` read ends
    for at, syntax in _syntax_in(text):
        if syntax == "](":
            inline = _INLINE.match(text, at)
            if inline is None or _KEYS in inline.group(1):
                return None
            targets.append(inline.group(1))
        elif syntax == "]:":
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at)
            line = text[line_start : len(text) if line_end < 0 else line_end]
            if line.find("]:") != at - line_start:
                return None  # a second `]:` on one line is not a form read here
            if footnote := _FOOTNOTE_DEFINITION.match(line):
                defined.add(footnote.group(1))
            elif definition := _DEFINITION.fullmatch(line):
                targets.append(definition.group(1))
            elif not _ABBREVIATION.match(line):
                return None
        elif at + 4 > footnote_end:  # "[^" not inside the id of the last `[^id]` read
            footnote = _FOOTNOTE.match(text, at)
            if footnote is None:
                return None
            footnote_end = footnote.end()
        # else a `[^` inside an id ending at least one character later (`[^a[^b]`): a `[^id]` too, as
        # the rest of that id ends at the same ']'. Reading it again would cost quadratic time.
    if defined:
        body = text[body_start:]
        if (
            _not_all_prose(body)
            or _numbered_without_anchor(body, defined)
            or not _all_referenced(body, defined)
        ):
            return None  # a definition never referenced leaves its backlink's anchor missing
    return targets


def _numbered_without_anchor(body: str, defined: set[str]) -> bool:
    """Whether a defined footnote's `[^id]` sits in a paragraph with an image or a key (`_NOT_INLINE`),
    where Markdown may read it as a reference, so give it the id's first number, `fnref:id`, the
    anchor the definition's backlink points to, and then keep only its text (an image's alt). Another
    reference to the id anywhere then does not help: it is numbered `fnref2:id`, and Markdown numbers
    nested blocks (lists, tabs, the footnotes themselves) after the paragraphs around them, not in
    the order they are written (hypothesis: alt text, then a tab's title). Read paragraph by paragraph,
    definitions' included, only where the body holds an image or a key at all."""
    if _NOT_INLINE[0] not in body and _NOT_INLINE[1] not in body:
        return False
    return any(
        (_NOT_INLINE[0] in paragraph or _NOT_INLINE[1] in paragraph)
        and any(footnote.group(1) in defined for footnote in _FOOTNOTE.finditer(paragraph))
        for paragraph in _BLANK_LINE.split(body)
    )


def _may_link_in_html(text: str) -> bool:
    """False only if `_HTML_LINK` cannot match `text`. Substring tests: a case-blind regex over the
    text is slow."""
    if "=" not in text:
        first = text.find("<")  # memchr: a faster scan than the pattern's own for its '<'
        if first < 0 or _HTML_LINK_OPENING.search(text, first) is None:
            return False
    return holds_lowered(text, _HTML_LINK_WORDS)


def _syntax_in(text: str) -> Iterator[tuple[int, str]]:
    """Where each of _SYNTAX starts in `text`, in order. No two can overlap (none ends with the
    character another starts with), so these are the matches of one pattern of the three; found by
    `str.find`, as a pattern of alternatives tried every position of the page (a third of the time
    `plain_targets` took)."""
    closing, footnote = text.find("]"), text.find("[^")
    while closing >= 0 or footnote >= 0:
        if footnote < 0 or 0 <= closing < footnote:
            mark = text[closing : closing + 2]
            if mark in _SYNTAX:
                yield closing, mark
            closing = text.find("]", closing + 1)
        else:
            yield footnote, "[^"
            footnote = text.find("[^", footnote + 2)


def _not_all_prose(body: str) -> bool:
    """Whether `body` holds anything that can keep a `[^id]` in it from being a reference."""
    if body.lstrip(" ").startswith("<"):
        return True
    for mark in _NOT_PROSE:
        if _holds(body, mark):
            return True
    return _not_prose_angle(body)


def _holds(text: str, mark: str) -> bool:
    """`mark in text`, faster: `str.find` looks for one character with memchr, for several with a
    slower scan (a tenth of `_not_all_prose`'s time), here only from the first character's first
    place (a page's first '/' is mostly in its sources, at its end)."""
    first = text.find(mark[0])
    return first >= 0 and text.find(mark, first) >= 0


def _not_prose_angle(body: str) -> bool:
    """Whether a '<' in `body` may keep a footnote reference from being one: any '<' but an
    autolink's (an HTML comment among them), and any that opens a line after up to three spaces
    (the body's first line is `_not_all_prose`'s own test). An autolink holds no '<' but its
    first. Two scans in C from the first '<' (a page's first is mostly in its sources, at its
    end): one '<' at a time, in Python, cost a tenth of the link pre-check's time."""
    first = body.find("<")
    if first < 0:
        return False
    if _NOT_AUTOLINK.search(body, first):
        return True
    return _LINE_OPENING_ANGLE.search(body, max(first - 4, 0)) is not None


def _all_referenced(body: str, defined: set[str]) -> bool:
    """Whether `body` surely refers to every footnote id in `defined`: read paragraph by paragraph
    (see `_references_in`), only those that hold a `[^`, and no further than the last one needed."""
    unseen = set(defined)
    for paragraph in _paragraphs_holding_footnotes(body):
        unseen.difference_update(_references_in(paragraph))
        if not unseen:
            return True
    return False


def _paragraphs_holding_footnotes(body: str) -> Iterator[str]:
    """The paragraphs of `body` (its pieces between `_BLANK_LINE`s) that hold a `[^`, in order, but
    for some that hold a footnote definition (in which `_references_in` reads none). A paragraph
    may come with blank lines before it: they change nothing `_references_in` reads.

    Found from each `[^` rather than by splitting the whole body: a page's references are mostly
    read long before its end, where its definitions are."""
    floor = 0  # where the paragraph after the last one found starts at the earliest
    at = body.find("[^")
    while at >= 0:
        blank_after = _BLANK_LINE.search(body, at)
        if not _opens_definition(body, at):
            blank_before = _LAST_BLANK_LINE.match(body, floor, at)
            end = len(body) if blank_after is None else blank_after.start()
            yield body[floor if blank_before is None else blank_before.end() : end]
        if blank_after is None:
            return
        floor = blank_after.end()
        at = body.find("[^", floor)


def _opens_definition(body: str, at: int) -> bool:
    """Whether the `[^` at `at` opens its line and a footnote definition: then its paragraph holds
    a definition. Saves reading each paragraph of a page of definitions."""
    return (at == 0 or body[at - 1] == "\n") and _FOOTNOTE_DEFINITION.match(body, at) is not None


def _references_in(paragraph: str) -> set[str]:
    """The footnote ids `paragraph` surely refers to: each `[^id]` in a line of prose (not an
    indented block, quoted or not, nor an admonition's title), not escaped nor defined, in a
    paragraph with no image, key or definition that may keep it as text."""
    referenced: set[str] = set()
    if _NOT_INLINE[0] in paragraph or _NOT_INLINE[1] in paragraph or _holds_definition(paragraph):
        return referenced
    line_end = -1
    prose = False
    code_from = 0  # where, on the line, four spaces or a tab before a reference may open code
    for footnote in _FOOTNOTE.finditer(paragraph):
        at, end = footnote.span()
        if at > line_end:  # the first reference on its line: read the line once, not per reference
            line_start = paragraph.rfind("\n", 0, at) + 1
            line_end = paragraph.find("\n", at)
            if line_end < 0:
                line_end = len(paragraph)
            line = paragraph[line_start:line_end]
            prose = not line.lstrip(" ").startswith(_NOT_PROSE_LINE)
            code_from = line_start + _code_from(line)
        if (
            prose
            and at < code_from
            and not paragraph.startswith(":", end)
            and not (at and paragraph[at - 1] in "\\!")
        ):
            referenced.add(footnote.group(1))
    return referenced


def _code_from(line: str) -> int:
    """The first place on `line` with four spaces or a tab before it (four spaces may open a code
    block anywhere: `>     code`), or past its end."""
    spaces, tab = line.find("    "), line.find("\t")
    return min(
        len(line) + 1 if spaces < 0 else spaces + 4,
        len(line) + 1 if tab < 0 else tab + 1,
    )


def _holds_definition(paragraph: str) -> bool:
    """Whether `re.search(r"^[ ]{0,3}\\*?\\[[^\\]]*\\]:", paragraph, re.M)` matches, in linear time:
    its `[^\\]]*` runs to the first ']' after a line's opening '[', so a line opening with '[' holds
    a definition exactly when that ']' is followed by ':'. The pattern itself scanned to that ']'
    from every such line: quadratic time on a paragraph of lines opening with '['."""
    if "]:" not in paragraph:  # most paragraphs: a scan in C
        return False
    closing = -1
    for opened in _bracket_line_openings(paragraph):
        if closing < opened:  # else the ']' found for an earlier line is this one's too
            closing = paragraph.find("]", opened)
            if closing < 0:
                return False
        if paragraph.startswith(":", closing + 1):
            return True
    return False


def _bracket_line_openings(paragraph: str) -> Iterator[int]:
    """Where the lines of `paragraph` that open with `_LINE_OPENING_BRACKET` go on after it, in
    order. A pattern opening with '\\n' is looked for by a fast scan; one opening with '^' is tried at
    every place."""
    if first := _LINE_OPENING_BRACKET.match(paragraph):
        yield first.end()
    for opening in _NEXT_LINE_OPENING_BRACKET.finditer(paragraph):
        yield opening.end()
