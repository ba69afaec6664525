"""content.renderable's page checks as they were before the two nesting checks shared one search for
a line of two stacked list markers: the properties hold the new code to these."""

from __future__ import annotations

import re

from alliance.content.renderable import (
    _DEEP_INDENT,
    _ELEMENT_MARKS,
    _FEWEST_LINE_MARKS,
    _FIX_NESTING,
    _HARD_BREAK,
    _LEVEL_COST,
    _LINE_MARK,
    _LONE_RETURN,
    _MARKDOWN_WORD,
    _SPLIT_PAGE,
    _STACKED_LISTS,
    _TAG_OPENING,
    _TWO_STACKED,
    FIELD,
    MAX_ABBREVIATED,
    MAX_ATTRIBUTE_WORK,
    MAX_BLOCK_OPENERS,
    MAX_BRACKET_WORK,
    MAX_DEFINITIONS,
    MAX_ELEMENTS,
    MAX_EMPHASIS_MARKERS,
    MAX_FOOTNOTE_REFERENCES,
    MAX_HEADINGS,
    MAX_INDENT,
    MAX_INLINE_ELEMENTS,
    MAX_INLINE_WORK,
    MAX_LIST_MARKERS,
    MAX_MARKDOWN_BLOCKS,
    MAX_MARKED_SECTION_WORK,
    MAX_NESTING_WORK,
    MAX_SPLIT_WORK,
    MAX_TAG_WORK,
    LineCounter,
    Problem,
    _abbreviated_words,
    _attribute_work_passed,
    _bracket_work_passed,
    _count,
    _definitions_passed,
    _dropped,
    _emphasis_runs,
    _inline_work_passed,
    _link_reads_at_most,
    _markdown_blocks,
    _nested_footnotes,
    _nesting_work_passed,
    _nth,
    _split_work_passed,
    _stacked_markers,
    _unsplittable,
    holds_lowered,
)

# renderable._AT_LEAST_LEVELS as it was before its lookaheads, frozen here (the live one is under test).
_AT_LEAST_LEVELS = [
    re.compile(rf"\n[ \t]*(?:(?:>|(?:[-*+]|\d{{1,9}}[.)])[ \t])[ \t]*){{{2**k}}}") for k in range(12)
]


def two_levels_as_it_was(body: str) -> bool:
    """renderable._two_levels with the frozen patterns."""
    return _AT_LEAST_LEVELS[1].search("\n" + body) is not None


def problems_as_it_was(path: str, body: str, first_line: int) -> list[Problem]:
    """What in `body` (starting on line `first_line` of the file) MkDocs could not render, or would
    render as another text than the one written."""
    lines = LineCounter(body, first_line)
    if "\r" in body:
        body = _LONE_RETURN.sub("\n", body)
    return [
        Problem(path, FIELD, message, fix, line=None if offset is None else lines.line(offset))
        for offset, message, fix in (
            *_dropped(body),
            *_unsplittable(body),
            *too_deep_as_it_was(body),
            *_nested_footnotes(body),
            *slow_as_it_was(body),
        )
    ]


def too_deep_as_it_was(body: str) -> list[tuple[int, str, str]]:
    found = []
    lines = "\n" + body  # so the first line opens with "\n" too
    for match in _DEEP_INDENT.finditer(lines):
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
    stacked = _STACKED_LISTS.search(body) if _TWO_STACKED.search(lines) else None
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


def slow_as_it_was(body: str) -> list[tuple[int | None, str, str]]:
    """Marks past the time budget: each counted (str.count, or one pattern opening with a line break,
    found in C) against its cap, and looked at closer only when the count passes it."""
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
        if at_least.search("\n" + body) and (at := _nesting_work_passed(body)) >= 0:
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
