"""Plain-language measures of an article: Flesch–Kincaid grade and word count.

The grade is computed by textstat 0.7.3, whose syllable counts come from pyphen's bundled dictionaries.
Later textstat releases fetch a pronouncing dictionary through nltk at run time, which fails offline.
What is measured is the prose a reader sees: the sources list, code and markup are left out, and a
heading or list item counts as a sentence of its own (the formula would otherwise glue it to the next).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import textstat
from textstat.textstat import textstat as _shared_textstat  # the instance textstat's functions use

_FENCED_CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]]+\]:.*?(?=^\S|\Z)", re.M | re.S)
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]]+\]")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<https?://[^>]+>")
_HTML_TAG = re.compile(r"<[^>]+>")
_ATTR_LIST = re.compile(r"\{:?[^}]*\}")
_BLOCK_MARKER = re.compile(r'^\s*(?:#{1,6}\s+|[-*+]\s+|\d+\.\s+|>\s?|[?!]{3}\+?\s+\w+\s*)')
_QUOTED_TITLE = re.compile(r'^"(.*)"\s*$')
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")
_SENTENCE_END = re.compile(r"[.!?:;)\"'”’]$")
_SOURCES_HEADING = re.compile(r"^#{2,6}\s+(Sources|References)\s*$", re.M | re.I)


class _RememberedHyphenation:
    """textstat's pyphen dictionary, with each word's hyphenation points remembered.

    textstat asks pyphen about every word of every article, and pyphen's lookup is half of the
    grade's cost; words recur across a site, so remembering them makes the grade nearly twice as
    fast. The answer for a word never changes, so the grade is exactly textstat's.
    """

    def __init__(self, dictionary: Any) -> None:
        self._dictionary = dictionary
        self.positions = lru_cache(maxsize=1 << 16)(dictionary.positions)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._dictionary, name)


_shared_textstat.pyphen = _RememberedHyphenation(_shared_textstat.pyphen)


@dataclass(frozen=True)
class Readability:
    """What the readability lint reports for one article."""

    grade: float
    words: int


def prose_of(markdown: str) -> str:
    """The reader-visible prose of a Markdown body, one sentence-like unit per line."""
    sources = _SOURCES_HEADING.search(markdown)
    if sources:
        markdown = markdown[: sources.start()]
    markdown = _FENCED_CODE.sub("", markdown)
    markdown = _FOOTNOTE_DEFINITION.sub("", markdown)
    units: list[str] = []
    for block in re.split(r"\n\s*\n", markdown):
        units.extend(_units_of_block(block))
    return "\n".join(units)


def _units_of_block(block: str) -> list[str]:
    """Split a block into units: every heading, list item or FAQ title stands alone."""
    units: list[str] = []
    paragraph: list[str] = []
    for line in block.splitlines():
        if not line.strip():
            continue
        starts_unit = bool(_BLOCK_MARKER.match(line))
        if starts_unit and paragraph:
            units.append(" ".join(paragraph))
            paragraph = []
        paragraph.append(_clean_inline(_BLOCK_MARKER.sub("", line)))
        if starts_unit and line.lstrip().startswith(("#", "???", "!!!")):
            units.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        units.append(" ".join(paragraph))
    return [_terminated(unit) for unit in units if unit.strip()]


def _clean_inline(text: str) -> str:
    text = _FOOTNOTE_REFERENCE.sub("", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub("", text)
    text = _HTML_TAG.sub("", text)
    text = _ATTR_LIST.sub("", text)
    text = _EMPHASIS.sub("", text)
    quoted = _QUOTED_TITLE.match(text.strip())
    return (quoted.group(1) if quoted else text).strip()


def _terminated(unit: str) -> str:
    unit = unit.strip()
    return unit if _SENTENCE_END.search(unit) else unit + "."


def measure(markdown_body: str) -> Readability:
    """Flesch–Kincaid grade and word count of a Markdown body (front matter already removed)."""
    prose = prose_of(markdown_body)
    if not prose.strip():
        return Readability(grade=0.0, words=0)
    return Readability(
        grade=round(float(textstat.flesch_kincaid_grade(prose)), 1),
        words=int(textstat.lexicon_count(prose)),
    )
