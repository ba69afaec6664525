"""Raw HTML and attribute lists in a page's Markdown: only harmless inline markup passes.

The byline, disclaimer and crisis help are printed around the page body. Markup typed into the body
could hide them (`hidden`, `style`, an unclosed `<style>` or `<textarea>` that swallows the rest of the
page, an overlay class), fake them (`data-alliance=...`), or run code (`on*`, `<script>`). So a page
body may hold only the elements, attributes and classes listed here, every element closed within its
paragraph, and every comment closed.

Tags are read the way a browser's tokenizer reads them (WHATWG HTML, "tag open" to "self-closing start
tag"), over the whole body, code included: where Markdown ends a code span is subtle (a comment at the
start of a line ends one early and the rest of the line becomes live HTML), and a psychoeducation page
has no reason to show markup, so nothing is skipped but Markdown's own autolinks (<https://...>).
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.inlinepatterns import AUTOLINK_RE, AUTOMAIL_RE

# Inline phrasing elements that can neither hide nor move the text around them.
ALLOWED_ELEMENTS = frozenset(
    {
        "abbr",
        "b",
        "br",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "i",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "u",
        "var",
        "wbr",
    }
)
VOID_ELEMENTS = frozenset({"br", "wbr"})
# Attributes on those elements (raw HTML) and on Markdown elements (attribute lists).
ALLOWED_ATTRIBUTES = frozenset({"title", "lang", "dir", "id", "class"})
ALLOWED_LIST_ATTRIBUTES = ALLOWED_ATTRIBUTES | {"width", "height", "loading"}
# Classes are the theme's and the site's: Material's stylesheet alone has classes that hide an
# element (md-toggle), fix it over the page (md-dialog) or restyle it; none is a writer's to set.
ALLOWED_CLASSES: frozenset[str] = frozenset()

MAX_REPORTED = 50  # markup problems listed per page

_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_RESERVED_ID = re.compile(r"^(?:alliance|md|__)")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_SIZE = re.compile(r"^[0-9]{1,4}$")
# Characters that Markdown acts on inside a tag before it passes the tag through (backticks, links,
# autolinks, escapes) or that end a tag early in Markdown but not in a browser.
_UNSAFE_VALUE = re.compile(r"[<>`\[\]\\\n\r]")
_ASCII_WHITESPACE = "\t\n\f\r "
_AUTOLINKS = re.compile(f"{AUTOLINK_RE}|{AUTOMAIL_RE}")
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")


@dataclass(frozen=True)
class MarkupProblem:
    """One piece of markup that is not allowed, at a 0-based offset in the body."""

    offset: int
    message: str
    fix: str


@dataclass(frozen=True)
class _Tag:
    name: str
    attributes: tuple[tuple[str, str | None], ...]
    start: int
    end: int  # offset just after '>'
    closing: bool
    multiline: bool


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
    first = body.find("<")
    if first == -1 or _only_autolinks(body, first):
        return []  # its only '<' open autolinks (a page's sources): no paragraph to find
    text = _AUTOLINKS.sub(_blanked, body)
    position = text.find("<")
    if position == -1:
        return []  # as _only_autolinks found: kept so the loop below is read as it always was
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


def _only_autolinks(body: str, first: int) -> bool:
    """Whether every '<' of the body, the first at `first`, stands in an autolink: whether the body
    with its autolinks blanked holds no '<'. Searched from the first '<' (an autolink opens with one,
    and its pattern looks neither back nor at the text's start) and not blanked: a page's autolinks
    are its sources, at its end, and blanking the whole body to find no '<' in it was nine-tenths of
    a page's markup check."""
    end = first
    for link in _AUTOLINKS.finditer(body, first):
        if body.find("<", end, link.start()) != -1:
            return False  # a '<' between autolinks: read as markup
        end = link.end()
    return body.find("<", end) == -1


def _blanked(match: re.Match[str]) -> str:
    """The match with every character but a line feed made a space, so offsets and lines stay (a
    pattern's substitution of each character was most of the markup check on a page with sources)."""
    return "\n".join(" " * len(line) for line in match.group(0).split("\n"))


def _paragraph_end(ends: list[int], offset: int) -> int:
    index = bisect.bisect_right(ends, offset)
    return ends[index] if index < len(ends) else ends[-1]


def _read_markup(text: str, start: int) -> tuple[_Tag | None, MarkupProblem | None, int]:
    """What starts at this '<': a tag, a comment, something refused, or plain text."""
    after = text[start + 1 : start + 2]
    if text.startswith("<!--", start):
        return None, _comment_problem(text, start), _comment_end(text, start)
    if after in ("!", "?"):
        return (
            None,
            MarkupProblem(
                start,
                f"'<{after}' starts a declaration or processing "
                "instruction, which browsers hide with everything up to the next '>'",
                "remove it; write '&lt;' for a literal '<'",
            ),
            start + 2,
        )
    closing = after == "/"
    first = text[start + 2 : start + 3] if closing else after
    if closing and not _is_ascii_letter(first):
        return (
            None,
            MarkupProblem(
                start,
                "'</' not followed by an element name hides the text up to the next '>' in browsers",
                "write '&lt;/' for a literal '</'",
            ),
            start + 2,
        )
    if not _is_ascii_letter(first):
        return None, None, start + 1  # '<' before a space, digit or symbol is text
    tag = _lex_tag(text, start, closing)
    if tag is None:
        return (
            None,
            MarkupProblem(
                start,
                "a tag is never closed with '>', so browsers drop it with the rest of the page",
                "close the tag with '>' on the same line",
            ),
            len(text),
        )
    return tag, None, tag.end


def _is_ascii_letter(char: str) -> bool:
    return len(char) == 1 and char.isascii() and char.isalpha()


def _ascii_lower(text: str) -> str:
    """Browsers lower-case ASCII letters only; str.lower() would also fold the Kelvin sign into 'k'."""
    return text.translate(_LOWER)


_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def _comment_end(text: str, start: int) -> int:
    end = text.find("-->", start + 4)
    return len(text) if end == -1 else end + 3


def _comment_problem(text: str, start: int) -> MarkupProblem | None:
    end = text.find("-->", start + 4)
    if end == -1:
        return MarkupProblem(
            start,
            "the comment '<!--' is never closed, so browsers hide the rest of the page, disclaimer included",
            "close it with '-->'",
        )
    inner = text[start + 4 : end]
    # Browsers end a comment at '--!>' and at '<!-->' forms that Markdown does not; refuse them all.
    if "--" in inner or inner.startswith((">", "->")) or inner.endswith(("<!-", "-")):
        return MarkupProblem(
            start,
            "the comment holds '--' or an odd ending, which browsers and Markdown read differently",
            "write the comment without '--' inside",
        )
    return None


def _lex_tag(text: str, start: int, closing: bool) -> _Tag | None:
    """Tokenize one tag as the HTML standard does; None at end of input (browsers drop the tag)."""
    i = start + (2 if closing else 1)
    n = len(text)
    name_start = i
    while i < n and text[i] not in _ASCII_WHITESPACE and text[i] not in "/>":
        i += 1
    name = _ascii_lower(text[name_start:i])
    attributes: list[tuple[str, str | None]] = []
    while i < n:
        char = text[i]
        if char in _ASCII_WHITESPACE or char == "/":
            i += 1
            continue
        if char == ">":
            return _Tag(name, tuple(attributes), start, i + 1, closing, "\n" in text[start:i])
        # Attribute name: a leading '=' belongs to it, as in the standard's "before attribute name".
        attr_start = i
        i += 1
        while i < n and text[i] not in _ASCII_WHITESPACE and text[i] not in "/>=":
            i += 1
        attr_name = _ascii_lower(text[attr_start:i])
        j = i
        while j < n and text[j] in _ASCII_WHITESPACE:
            j += 1
        if j >= n or text[j] != "=":
            attributes.append((attr_name, None))
            i = j
            continue
        i = j + 1
        while i < n and text[i] in _ASCII_WHITESPACE:
            i += 1
        if i >= n:
            return None
        if text[i] in "\"'":
            quote = text[i]
            close = text.find(quote, i + 1)
            if close == -1:
                return None
            value = text[i + 1 : close]
            i = close + 1
        else:
            value_start = i
            while i < n and text[i] not in _ASCII_WHITESPACE and text[i] != ">":
                i += 1
            value = text[value_start:i]
        attributes.append((attr_name, value))
    return None


def _tag_problems(tag: _Tag) -> list[MarkupProblem]:
    shown = f"</{tag.name}>" if tag.closing else f"<{tag.name}>"
    if tag.name not in ALLOWED_ELEMENTS:
        return [
            MarkupProblem(tag.start, f"{shown} is not allowed in a clinical page", _element_fix(tag.name))
        ]
    problems = []
    if tag.multiline:
        problems.append(
            MarkupProblem(tag.start, f"{shown} spans more than one line", "write the whole tag on one line")
        )
    for name, value in [] if tag.closing else tag.attributes:
        problem = _attribute_problem(name, value, ALLOWED_ATTRIBUTES)
        if problem is None and value is not None and _UNSAFE_VALUE.search(value):
            problem = (
                f"the value of '{name}' holds one of < > ` [ ] \\ or a line break, which "
                "Markdown and browsers read differently",
                "write the value without them",
            )
        if problem:
            problems.append(MarkupProblem(tag.start, f"{shown}: {problem[0]}", problem[1]))
    return problems


def _element_fix(name: str) -> str:
    if name in ("img", "picture", "figure"):
        return "show images with Markdown: ![what the image shows](file.png)"
    if name == "a":
        return "write links with Markdown: [text](address)"
    return (
        "use Markdown for structure, or only these inline elements: "
        + ", ".join(sorted(ALLOWED_ELEMENTS))
        + " (see the writers' guide)"
    )


def _attribute_problem(name: str, value: str | None, allowed: frozenset[str]) -> tuple[str, str] | None:
    """What is wrong with one attribute, or None; values are checked as a browser decodes them."""
    decoded = html.unescape(value) if value is not None else None
    if name not in allowed:
        return (
            f"the attribute '{name}' is not allowed",
            f"remove it; allowed attributes: {', '.join(sorted(allowed))} (see the writers' guide)",
        )
    if name == "class":
        refused = [token for token in (decoded or "").split() if token not in ALLOWED_CLASSES]
        if refused or not decoded:
            return (
                f"the class '{' '.join(refused)[:40]}' is not allowed",
                "remove it: the theme's and the site's classes can hide or move text",
            )
    if name == "id" and (not decoded or not _ID.match(decoded) or _RESERVED_ID.match(decoded)):
        return (
            f"the id '{(decoded or '')[:40]}' is not allowed",
            "use lower-case letters, digits and '-', not starting with 'alliance' or 'md'",
        )
    if name == "dir" and decoded not in ("ltr", "rtl", "auto"):
        return f"dir='{(decoded or '')[:20]}' is not ltr, rtl or auto", 'write dir="rtl" or dir="ltr"'
    if name == "lang" and (not decoded or not _LANG.match(decoded)):
        return f"lang='{(decoded or '')[:20]}' is not a language tag", 'write e.g. lang="cy"'
    if name in ("width", "height") and (not decoded or not _SIZE.match(decoded)):
        return f"{name}='{(decoded or '')[:20]}' is not a number of pixels", f'write e.g. {name}="300"'
    if name == "loading" and decoded not in ("lazy", "eager"):
        return f"loading='{(decoded or '')[:20]}' is not lazy or eager", 'write loading="lazy"'
    if name == "title" and value is None:
        return "the attribute 'title' has no value", 'write title="..."'
    return None


def _balance(tag: _Tag, open_tags: list[_Tag]) -> list[MarkupProblem]:
    """Keep the stack of open elements; an element must close before its parent does."""
    if tag.name not in ALLOWED_ELEMENTS:
        return []  # already refused; tracking it would only add noise
    if tag.name in VOID_ELEMENTS:
        if tag.closing:
            return [
                MarkupProblem(
                    tag.start,
                    f"</{tag.name}> closes nothing (browsers read it as <{tag.name}>)",
                    f"remove </{tag.name}>",
                )
            ]
        return []
    if not tag.closing:  # '<span/>' opens a span in HTML: the slash means nothing
        open_tags.append(tag)
        return []
    if open_tags and open_tags[-1].name == tag.name:
        open_tags.pop()
        return []
    inner = f"<{open_tags[-1].name}> is still open" if open_tags else "nothing is open"
    return [
        MarkupProblem(
            tag.start,
            f"</{tag.name}> does not close the element opened last ({inner})",
            "close elements in the reverse order you open them",
        )
    ]


def _unclosed(open_tags: list[_Tag]) -> list[MarkupProblem]:
    problems = [
        MarkupProblem(
            tag.start,
            f"<{tag.name}> is never closed in its paragraph, so it runs on into the rest of the page",
            f"close it with </{tag.name}> before the paragraph ends",
        )
        for tag in open_tags
    ]
    open_tags.clear()
    return problems


# ---- attribute lists ({: #id .class key=value }) ------------------------------------------------

_MAX_LIST = 500  # characters; no real attribute list comes near it


def _check_attribute_lists(body: str) -> list[MarkupProblem]:
    """Every '{...}' the attr_list extension could read sets attributes; check them all."""
    problems: list[MarkupProblem] = []
    brace = body.find("{")
    while brace != -1:
        if not _escaped(body, brace):  # '\{' is a literal brace in Markdown
            problems.extend(_attribute_list_problems(body, brace))
        brace = body.find("{", brace + 1)
    return problems


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes > 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _attribute_list_problems(body: str, brace: int) -> list[MarkupProblem]:
    line_end = body.find("\n", brace)
    line_end = len(body) if line_end == -1 else line_end
    last = body.rfind("}", brace, line_end)
    if last == -1:
        return []
    if last - brace > _MAX_LIST:  # attr_list reads up to the line's last '}': keep the scan whole
        return [
            MarkupProblem(
                brace,
                "a '{' is followed by a '}' far along the line, which the "
                "attr_list extension may read as attributes",
                "write '\\{' for a literal brace",
            )
        ]
    content = body[brace + 1 : last + 1]
    attributes, _ = get_attrs_and_remainder(content.removeprefix(":").lstrip(" "))
    problems = []
    for key, value in attributes:
        name, shown = _list_attribute(key, value)
        problem = _attribute_problem(name, value, ALLOWED_LIST_ATTRIBUTES)
        if problem:
            problems.append(
                MarkupProblem(
                    brace,
                    f"the attribute list {{{shown}}}: {problem[0]}",
                    problem[1] + "; write '\\{' for a literal brace",
                )
            )
    return problems


def _list_attribute(key: str, value: str | None) -> tuple[str, str]:
    if key == ".":
        return "class", f".{value}"
    if key == "id":
        return "id", f"#{value}"
    return key.lower(), key if value is None else f"{key}={value}"


def defused(body: str) -> str:
    """The body with every tag and attribute list shown as text: how a refused draft is previewed."""
    return body.replace("<", "&lt;").replace("{", "&#123;")
