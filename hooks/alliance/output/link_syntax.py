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
Being unsure can only cost a render, never hide a warning.

Only the Markdown extensions in UNDERSTOOD are reasoned about here; a site with any other renders
every page that has link syntax.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

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

# Where link syntax starts: an inline link or image, a reference or footnote definition, a footnote.
_SYNTAX = re.compile(r"\]\(|\]:|\[\^")
# Links written as HTML (raw, md_in_html or attr_list): their targets are not read here.
_HTML_LINK = re.compile(r"\b(?:href|src)\s*=|<(?:a|img)\b", re.I)
_HTML_LINK_WORDS = ("href", "src", "<a", "<img")
# A target with nothing Markdown reads specially: no space, quote, bracket, angle bracket, backslash
# or backtick, so the URL in the rendered element is exactly these characters.
_TARGET = r"[^\s()<>\[\]\"'\\`]+"
_INLINE = re.compile(rf"\]\(({_TARGET})\)")
_DEFINITION = re.compile(rf"[ ]{{0,3}}\[[^\[\]\n^][^\[\]\n]*\]:[ \t]*({_TARGET})[ \t]*")
_DEFINITION_START = re.compile(r"[ ]{0,3}\[[^\[\]\n]+\]:")
_FOOTNOTE_DEFINITION = re.compile(r"[ ]{0,3}\[\^([^\]\s]+)\]:")
_ABBREVIATION = re.compile(r"\*\[[^\]\n]*\]:")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
# Anything in a body that can keep `[^id]` from being read as a footnote reference: code spans and
# fences, HTML comments and raw HTML blocks (a line that opens with '<' after up to three spaces).
_NOT_PROSE = ("`", "~~~", "<!--", "\n<", "\n <", "\n  <", "\n   <")


def understood(markdown_extensions: list[Any], mdx_configs: Mapping[str, Any]) -> bool:
    """Whether every Markdown extension of the site is one reasoned about here, without formatters."""
    if not all(isinstance(name, str) and name in UNDERSTOOD for name in markdown_extensions):
        return False
    return not any(
        not isinstance(options := mdx_configs.get(name) or {}, Mapping)
        or any(options.get(option) for option in _FORMATTER_OPTIONS)
        for name in markdown_extensions
    )


def plain_targets(text: str, body_start: int) -> list[str] | None:
    """Every target `text` links to, or None when it writes link syntax this module does not read.
    `body_start` is where MkDocs' body starts (after the front matter): only references there count."""
    lowered = text.lower()  # substring tests first: a case-blind regex over the text is slow
    if any(word in lowered for word in _HTML_LINK_WORDS) and _HTML_LINK.search(text):
        return None
    targets: list[str] = []
    defined: set[str] = set()
    referenced: set[str] = set()
    for found in _SYNTAX.finditer(text):
        at, syntax = found.start(), found.group()
        if syntax == "](":
            inline = _INLINE.match(text, at)
            if inline is None:
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
        else:  # "[^"
            footnote = _FOOTNOTE.match(text, at)
            if footnote is None:
                return None
            if at >= body_start and _counts_as_reference(text, at, footnote.end()):
                referenced.add(footnote.group(1))
    if defined and (not defined <= referenced or _not_all_prose(text[body_start:])):
        return None  # a definition never referenced leaves its backlink's anchor missing
    return targets


def _not_all_prose(body: str) -> bool:
    return body.lstrip(" ").startswith("<") or any(mark in body for mark in _NOT_PROSE)


def _counts_as_reference(text: str, at: int, end: int) -> bool:
    """Whether `[^id]` at `at` is surely a footnote reference: in a line of prose (not a definition,
    an indented block, an image's alt text, a definition's title on the next line or an admonition's
    title), not escaped."""
    if text.startswith(":", end) or (at and text[at - 1] in "\\!"):
        return False
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    opening = line.lstrip(" ")
    if len(line) - len(opening) >= 4 or opening.startswith(("\t", "[", "*[", "!", "?", "<")):
        return False
    if opening.startswith(('"', "'", "(")):  # a title under `[label]: target` is not prose
        previous = text[text.rfind("\n", 0, max(line_start - 1, 0)) + 1 : max(line_start - 1, 0)]
        if _DEFINITION_START.match(previous):
            return False
    return "![" not in line
