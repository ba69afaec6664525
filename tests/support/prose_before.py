"""readability's prose and counts as they were before session 38 read the lines in one walk, the
units through their breaks and the quoted titles by one-character search: a frozen copy (prose_of,
_units, _QUOTED_LINE, _unquoted, _sentences_and_words, _syllable_total and measure, verbatim), which the
properties hold the new code to. Only helpers that session left unchanged come from the live module."""

from __future__ import annotations

import re
from itertools import filterfalse, repeat

from alliance.content.prose import without_sources
from alliance.content.readability import (
    _BLANK_LINES,
    _BLOCK_MARKER,
    _FOOTNOTE_DEFINITION,
    _NOT_TERMINATORS,
    _SENTENCE_ENDS,
    _TERMINATORS_AS_DOTS,
    Readability,
    _clean_inline,
    _for_counting,
    _grade,
    _hyphenation,
    _without_fenced_code,
    word_count,
)


def prose_of(markdown: str) -> str:
    """The reader-visible prose of a Markdown body, one sentence-like unit per line."""
    markdown = without_sources(markdown)  # the section ends where the lints say it does
    # Each pattern only where it can match (a regex with no literal prefix tries every position).
    if "```" in markdown or "~~~" in markdown:
        markdown = _without_fenced_code(markdown)
    if markdown.startswith("[^") or "\n[^" in markdown:  # re.M's ^ is the start or after a "\n"
        markdown = _FOOTNOTE_DEFINITION.sub("", markdown)
    # One pass over the lines finds the markers; the inline markup of all lines is then removed in
    # one pass over their join (a regex call per line and pattern was most of the grade's cost).
    kept: list[str] = []  # each non-blank line without its block marker
    ends: list[int] = [0]  # where each unit ends in `kept` (a unit's end is the next one's start)
    keep, end = kept.append, ends.append
    for block in _BLANK_LINES.split(markdown):
        for line in block.splitlines():
            if line[:1].isalpha():  # most lines: a letter opens no block marker (nor white space)
                keep(line)
                continue
            if not line.strip():
                continue
            # A list item's "- " and a heading's "## " (most lines with a marker), read as
            # _BLOCK_MARKER reads them: its first alternative that can match takes the mark and the
            # white space after it (`\s` is `str.isspace`); any other line takes the pattern.
            # A heading or an FAQ's title stands alone (a unit ends before and after it); any
            # other marker starts a unit.
            if line[0] == "-":
                if line[1:2].isspace():
                    end(len(kept))
                    keep(line[1:].lstrip())
                    continue
            elif line[0] == "#":
                rest = line.lstrip("#")
                if len(line) - len(rest) <= 6 and rest[:1].isspace():
                    end(len(kept))
                    keep(rest.lstrip())
                    end(len(kept))
                    continue
            marker = _BLOCK_MARKER.match(line)
            if marker is None:
                keep(line)
                continue
            end(len(kept))
            keep(line[marker.end() :])
            if line.lstrip().startswith(("#", "???", "!!!")):
                end(len(kept))
        end(len(kept))
    return "\n".join(_units(kept, ends))


def _units(kept: list[str], ends: list[int]) -> list[str]:
    """Units from the kept lines and where each unit ends: the lines of a unit cleaned and stripped,
    joined by spaces, and a quoted title (an FAQ's) without its quotes. Cleaned, stripped and
    unquoted in C over all lines at once (a Python call per line and unit was a fifth of the
    grade's cost); only the units are joined in Python."""
    cleaned = "\n".join(map(str.strip, _clean_inline("\n".join(kept)).split("\n")))
    if '"' in cleaned:
        cleaned = _QUOTED_LINE.sub(_unquoted, f"\n{cleaned}\n")[1:-1]
    lines = cleaned.split("\n")
    units = [" ".join(lines[start:stop]) for start, stop in zip(ends, ends[1:], strict=False) if stop > start]
    # Stripped and terminated here, not in a call per line and unit (a tenth of the grade's cost).
    return [unit if unit.endswith(_SENTENCE_ENDS) else unit + "." for unit in map(str.strip, units) if unit]


# A line that is a quoted title, read as `^"(.*)"\s*$` reads a stripped line (from the line break
# before it, a literal prefix): its last character is the closing quote.
_QUOTED_LINE = re.compile(r'\n"([^\n]*)"(?=\n)')


def _unquoted(quoted: re.Match[str]) -> str:
    return "\n" + quoted.group(1).strip()


def measure(markdown_body: str) -> Readability:
    """Flesch–Kincaid grade and word count of a Markdown body (front matter already removed)."""
    prose = prose_of(markdown_body)
    if not prose.strip():
        return Readability(grade=0.0, words=0)
    counted = prose if prose.isascii() else _for_counting(prose)
    if counted is None:
        count = word_count(prose)
        return Readability(grade=_grade(count, prose), words=count)
    sentences, words = _sentences_and_words(counted)
    grade = _grade(len(words), prose, _syllable_total(words), sentences)
    return Readability(grade=grade, words=len(words))


def _sentences_and_words(counted: str) -> tuple[int, list[str]]:
    """`sentence_count` of the prose and its words, lowered and without punctuation (see the live
    module's history for the reasoning)."""
    marked = counted.encode("utf-8", "surrogatepass").translate(_TERMINATORS_AS_DOTS, _NOT_TERMINATORS)
    runs = map(bytes.split, marked.split(b"."), repeat(None), repeat(2))  # two tokens and the rest
    sentences = max(1, sum(map((2).__lt__, map(len, runs))))
    return sentences, marked.replace(b".", b"").decode("utf-8", "surrogatepass").lower().split()


# The frozen copy's own memory of each word's syllables, apart from the live module's.
_KNOWN_SYLLABLES: dict[str, int] = {}
_KNOWN_MAX = 1 << 16


def _syllable_total(words: list[str]) -> int:
    """The syllables of all `words` (lowered, without punctuation)."""
    known = _KNOWN_SYLLABLES
    try:
        return sum(map(known.__getitem__, words))
    except KeyError:  # a word this process has not seen yet
        pass
    if len(known) > _KNOWN_MAX:
        known.clear()
    hyphenation = _hyphenation()
    for word in dict.fromkeys(filterfalse(known.__contains__, words)):
        known[word] = hyphenation.points(word) + 1
    return sum(map(known.__getitem__, words))
