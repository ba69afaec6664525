"""content.body_markup's check of raw HTML as it was before it searched for autolinks only from the
body's first '<': the properties in test_unsafe_links_equivalence.py hold the new code to this copy.

A verbatim copy of body_markup.py's check_body and _check_tags (session 38); it imports only what
that change left alone."""

from __future__ import annotations

import bisect
import re

from alliance.content.body_markup import (
    _AUTOLINKS,
    _BLANK_LINE,
    ALLOWED_ELEMENTS,
    MAX_REPORTED,
    MarkupProblem,
    _balance,
    _blanked,
    _check_attribute_lists,
    _paragraph_end,
    _read_markup,
    _Tag,
    _tag_problems,
    _unclosed,
)


def check_body(body: str) -> list[tuple[int, str, str]]:
    """(line within the body, 1-based; message; fix) for every markup the body may not hold."""
    found = sorted([*_check_tags(body), *_check_attribute_lists(body)], key=lambda problem: problem.offset)
    if len(found) > MAX_REPORTED:  # a page of stray markup needs one message, not thousands
        rest = len(found) - MAX_REPORTED
        found = [
            *found[:MAX_REPORTED],
            MarkupProblem(
                found[MAX_REPORTED].offset,
                f"and {rest} more markup problems after this line",
                "fix the ones above, then check again",
            ),
        ]
    if not found:
        return []
    line_starts = [0] + [match.end() for match in re.finditer("\n", body)]
    return [
        (bisect.bisect_right(line_starts, problem.offset), problem.message, problem.fix) for problem in found
    ]


# ---- raw HTML ------------------------------------------------------------------------------------


def _check_tags(body: str) -> list[MarkupProblem]:
    if "<" not in body:
        return []
    text = _AUTOLINKS.sub(_blanked, body)
    position = text.find("<")
    if position == -1:
        return []  # its only '<' opened autolinks (a page's sources): no paragraph to find
    paragraph_ends = [match.start() for match in _BLANK_LINE.finditer(text)] + [len(text)]
    problems: list[MarkupProblem] = []
    open_tags: list[_Tag] = []
    refused: set[str] = set()  # elements already reported: their end tags would only repeat it
    while position != -1:
        if open_tags and _paragraph_end(paragraph_ends, open_tags[-1].start) < position:
            problems.extend(_unclosed(open_tags))  # a blank line came first: Markdown splits there
        tag, problem, resume = _read_markup(text, position)
        if problem:
            problems.append(problem)
        if tag and not (tag.closing and tag.name in refused):
            problems.extend(_tag_problems(tag))
            problems.extend(_balance(tag, open_tags))
            if tag.name not in ALLOWED_ELEMENTS:
                refused.add(tag.name)
        position = text.find("<", resume)
    problems.extend(_unclosed(open_tags))
    return problems
