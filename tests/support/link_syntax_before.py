"""hooks/alliance/output/link_syntax.py as it was before its footnote reference search was made
linear and cheaper (session 38), kept unchanged as the reference tests/test_link_syntax_paragraphs.py
holds the faster code to. It imports nothing from the live module.

The original docstring follows.

The link targets a page writes, read from its Markdown without rendering it, when it writes them
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
_NOT_PROSE = ("`", "~~~", _FOOTNOTES_PLACE_MARKER)  # and the '<' of _not_prose_at
_AUTOLINK = re.compile(r"<https?://[^\s<>\[\]`]*>", re.I)
# In a paragraph with these, a `[^id]` may be text, not a reference: an image's alt text (on any
# of the paragraph's lines) and a key's label (pymdownx.keys, `++"…"++`) keep it as words.
_NOT_INLINE = ("![", "++")
# Inline markup never crosses a blank line (spaces only count as blank: Markdown expands tabs).
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# A paragraph with a definition: its other lines may be the definition's own text, not prose: a
# footnote's (lost if a later definition of the same id replaces it; found by hypothesis), an
# abbreviation's title or a link's title on the next line (red team, round 22).
_HOLDS_DEFINITION = re.compile(r"^[ ]{0,3}\*?\[[^\]]*\]:", re.M)


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
    return any(mark in text for mark in _DROPPED_BY_MARKDOWN)


def plain_targets(text: str, body_start: int) -> list[str] | None:
    """Every target `text` links to, or None when it writes link syntax this module does not read.
    `body_start` is where MkDocs' body starts (after the front matter): only references there count."""
    if dropped_by_markdown(text):
        return None
    if _may_link_in_html(text) and _HTML_LINK.search(text):
        return None
    targets: list[str] = []
    defined: set[str] = set()
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
        elif _FOOTNOTE.match(text, at) is None:  # "[^"
            return None
    if defined:
        body = text[body_start:]
        if _not_all_prose(body) or not defined <= _references(body):
            return None  # a definition never referenced leaves its backlink's anchor missing
    return targets


def _may_link_in_html(text: str) -> bool:
    """False only if `_HTML_LINK` cannot match `text`. Substring tests: a case-blind regex over the
    text is slow."""
    if "=" not in text and _HTML_LINK_OPENING.search(text) is None:
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
    if body.lstrip(" ").startswith("<") or any(mark in body for mark in _NOT_PROSE):
        return True
    return any(_not_prose_at(body, at) for at in _starts_of(body, "<"))


def _not_prose_at(body: str, at: int) -> bool:
    """Whether the '<' at `at` may keep a footnote reference from being one: any '<' but an
    autolink's (an HTML comment among them), and any that opens a line after up to three spaces.
    An autolink holds no '<' but its first, so `_AUTOLINK.sub("", body)` keeps exactly the '<'
    where `_AUTOLINK` does not match; each is looked at where it is instead (the substitution
    copied the whole body)."""
    if not _AUTOLINK.match(body, at):
        return True
    line_start = body.rfind("\n", 0, at) + 1
    return line_start > 0 and at - line_start <= 3 and body[line_start:at] == " " * (at - line_start)


def _starts_of(text: str, mark: str) -> Iterator[int]:
    at = text.find(mark)
    while at >= 0:
        yield at
        at = text.find(mark, at + 1)


def _references(body: str) -> set[str]:
    """The footnote ids `body` surely refers to, paragraph by paragraph."""
    referenced: set[str] = set()
    for paragraph in _BLANK_LINE.split(body):
        if "[^" not in paragraph or any(mark in paragraph for mark in _NOT_INLINE):
            continue
        if _HOLDS_DEFINITION.search(paragraph):
            continue
        for footnote in _FOOTNOTE.finditer(paragraph):
            if _counts_as_reference(paragraph, footnote.start(), footnote.end()):
                referenced.add(footnote.group(1))
    return referenced


def _counts_as_reference(text: str, at: int, end: int) -> bool:
    """Whether `[^id]` at `at` of a paragraph without definitions is surely a footnote reference: in
    a line of prose (not an indented block, quoted or not, nor an admonition's title), not escaped."""
    if text.startswith(":", end) or (at and text[at - 1] in "\\!"):
        return False
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    before = text[line_start:at]  # four spaces may open a code block anywhere: `>     code`
    if "    " in before or "\t" in before:
        return False
    return not line.lstrip(" ").startswith(("[", "*[", "!", "?", "<"))
