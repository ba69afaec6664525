"""Plain-language measures of an article: Flesch–Kincaid grade and word count.

The grade is textstat 0.7.3's Flesch–Kincaid grade, computed here with the same steps and roundings
from pyphen's bundled hyphenation dictionary (syllables = hyphenation points + 1). textstat itself is
not used: 0.7.3 imports `pkg_resources`, which new environments on Python 3.12+ lack, and later
releases fetch a pronouncing dictionary through nltk at run time, which fails offline.
What is measured is the prose a reader sees: the sources list, code and markup are left out, and a
heading or list item counts as a sentence of its own (the formula would otherwise glue it to the next).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pyphen import Pyphen

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

# textstat 0.7.3's definitions: punctuation is any non-word, non-space character (apostrophes and
# hyphens included, so "don't" is one word and "well-known" one word); a sentence is a run of
# non-terminators with its terminators, and runs of two words or fewer do not count.
_PUNCTUATION = re.compile(r"[^\w\s]")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)


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
    return Readability(grade=flesch_kincaid_grade(prose), words=word_count(prose))


def flesch_kincaid_grade(text: str) -> float:
    """0.39 × words per sentence + 11.8 × syllables per word − 15.59, rounded as textstat 0.7.3 does."""
    words = word_count(text)
    if not words:  # textstat treats both averages as 0 when there are no words
        return _legacy_round(-15.59, 1)
    words_per_sentence = _legacy_round(words / sentence_count(text), 1)
    syllables_per_word = _legacy_round(syllable_count(text) / words, 1)
    return _legacy_round(0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59, 1)


def word_count(text: str) -> int:
    """Words once punctuation is removed, as textstat's `lexicon_count`."""
    return len(_PUNCTUATION.sub("", text).split())


def sentence_count(text: str) -> int:
    """Sentences of three words or more, at least one, as textstat's `sentence_count`."""
    sentences = _SENTENCE.findall(text)
    short = sum(1 for sentence in sentences if word_count(sentence) <= 2)
    return max(1, len(sentences) - short)


def syllable_count(text: str) -> int:
    """Syllables of every word, as textstat's `syllable_count`."""
    return sum(_syllables(word) for word in _PUNCTUATION.sub("", text.lower()).split())


@lru_cache(maxsize=1 << 16)
def _syllables(word: str) -> int:
    # Words recur across a site and pyphen's lookup is most of the grade's cost, so each is remembered.
    return len(_hyphenation().positions(word)) + 1


@cache
def _hyphenation() -> Pyphen:
    # Parsing the dictionary takes a few tenths of a second: only commands that grade text pay for it.
    return Pyphen(lang="en_US")


def _legacy_round(number: float, points: int) -> float:
    # textstat's rounding, kept so grades do not move: floor(x + 0.5) above zero (half up, not Python's
    # half to even), floor(x - 0.5) below it; applied to the averages too, not just the grade.
    scale = 10**points
    return float(math.floor(number * scale + math.copysign(0.5, number))) / scale
