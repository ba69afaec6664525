"""Plain-language measures of an article: Flesch–Kincaid grade and word count.

The grade is textstat 0.7.3's Flesch–Kincaid grade, computed here with the same steps and roundings
from pyphen's bundled hyphenation dictionary (syllables = hyphenation points + 1). textstat itself is
not used: 0.7.3 imports `pkg_resources`, which new environments on Python 3.12+ lack, and later
releases fetch a pronouncing dictionary through nltk at run time, which fails offline.
What is measured is the prose a reader sees: the sources list, code and markup are left out, and a
heading or list item counts as a sentence of its own (the formula would otherwise glue it to the next).
"""

from __future__ import annotations

import bisect
import importlib.util
import math
import re
from dataclasses import dataclass
from functools import cache
from itertools import chain, repeat
from pathlib import Path
from typing import Any

from alliance.content.prose import MAX_ADDRESS, without_sources

# A fence opens a line; the block ends at the next line of the same fence alone (spaces allowed).
_FENCE_OPENING = re.compile(r"^(```|~~~)", re.M)
_FENCE_CLOSING = re.compile(r"^(```|~~~)[ \t]*$", re.M)
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]\n]+\]:.*?(?=^\S|\Z)", re.M | re.S)
# The inline patterns never cross a line break: prose_of cleans all lines in one pass over their join,
# which must give what cleaning each line alone gave. Nor do they read past their own opening mark
# ('[', '<', '{') or an address past MAX_ADDRESS characters: a line of `[` or `{` was read to its end
# from each one, quadratic (red team, session 29).
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\[\]\n]+\]")
_IMAGE = re.compile(rf"!\[([^\[\]\n]*)\]\([^)\n]{{0,{MAX_ADDRESS}}}\)")
_LINK = re.compile(rf"\[([^\[\]\n]+)\]\([^)\n]{{0,{MAX_ADDRESS}}}\)")
_AUTOLINK = re.compile(r"<https?://[^<>\n]+>")
_HTML_TAG = re.compile(r"<[^<>\n]+>")
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
_BLOCK_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+\.\s+|>\s?|[?!]{3}\+?\s+\w+\s*)")
# Emphasis and code markers: every '*', '_' and '`' goes (the old pattern's `**` and `__` removed
# both characters of a pair, as removing each does). Deleted with `str.replace`, which stays in C
# whatever the text holds: `str.translate` is quick only on ASCII text, and one curly apostrophe on a
# page made it cost a third of the page's check.
_EMPHASIS = ("*", "_", "`")
_SENTENCE_ENDS = (".", "!", "?", ":", ";", ")", '"', "'", "”", "’")

# textstat 0.7.3's definitions: punctuation is any non-word, non-space character (apostrophes and
# hyphens included, so "don't" is one word and "well-known" one word); a sentence is a run of
# non-terminators with its terminators, and runs of two words or fewer do not count.
_PUNCTUATION = re.compile(r"[^\w\s]")
# The ASCII characters _PUNCTUATION matches, for deleting them from ASCII text in one C pass (the
# regex substitution was a fifth of the grade's cost); derived from the pattern so the two agree.
_ASCII_PUNCTUATION = bytes(code for code in range(128) if _PUNCTUATION.match(chr(code)))
# textstat's sentences (the matches of `\b[^.!?]+[.!?]*`), each with its first character captured when
# the sentence counts: when its run of non-terminators holds three tokens with a word character (the
# terminators after it add none).
# The lookahead skips to a word character, then past the rest of its token, three times; its
# possessive runs never give back and never leave the run, so each sentence is read once, to its third
# word at most. One pass in C instead of a Python call per sentence (a tenth of the page's check).
_COUNTED_SENTENCE = re.compile(r"\b(?:(?=(?:[^\w.!?]*+\w[^\s.!?]*+){3})([^.!?])|[^.!?])[^.!?]*[.!?]*")
_WORD_CHARACTERS = re.compile(r"\w+")
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Readability:
    """What the readability lint reports for one article."""

    grade: float
    words: int


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
    # What goes before each kept line once it is cleaned: "\n" where a unit starts, else " " (the
    # unit's lines are joined by spaces). The first line starts one.
    breaks: list[str] = []
    keep, cut = kept.append, breaks.append
    before = _STARTS_UNIT
    for line in _lines_and_blanks(markdown):
        if line[:1].isalpha():  # most lines: a letter opens no block marker (nor white space)
            keep(line)
            cut(before)
            before = _JOINS_UNIT
            continue
        if not line.strip():  # a blank line ends the block, and the unit with it
            before = _STARTS_UNIT
            continue
        # A list item's "- " and a heading's "## " (most lines with a marker), read as
        # _BLOCK_MARKER reads them: its first alternative that can match takes the mark and the
        # white space after it (`\s` is `str.isspace`); any other line takes the pattern.
        # A heading or an FAQ's title stands alone (a unit ends before and after it); any
        # other marker starts a unit.
        if line[0] == "-":
            if line[1:2].isspace():
                keep(line[1:].lstrip())
                cut(_STARTS_UNIT)
                before = _JOINS_UNIT
                continue
        elif line[0] == "#":
            rest = line.lstrip("#")
            if len(line) - len(rest) <= 6 and rest[:1].isspace():
                keep(rest.lstrip())
                cut(_STARTS_UNIT)
                before = _STARTS_UNIT
                continue
        elif not _may_open_block(line):  # an indented line of prose: the pattern cannot match
            keep(line)
            cut(before)
            before = _JOINS_UNIT
            continue
        marker = _BLOCK_MARKER.match(line)
        if marker is None:
            keep(line)
            cut(before)
            before = _JOINS_UNIT
            continue
        keep(line[marker.end() :])
        cut(_STARTS_UNIT)
        before = _STARTS_UNIT if line.lstrip().startswith(("#", "???", "!!!")) else _JOINS_UNIT
    return "\n".join(_units(kept, breaks))


_STARTS_UNIT, _JOINS_UNIT = "\n", " "
# The characters _BLOCK_MARKER's alternatives open with, after its `^\s*`; a digit (`\d`, which
# is `str.isdecimal`, digits outside ASCII too) opens one as well.
_MARKER_OPENINGS = frozenset("#-*+>?!")
# The line breaks str.splitlines reads besides "\n" and "\r\n" (a lone "\r" is checked apart).
_OTHER_LINE_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _may_open_block(line: str) -> bool:
    r"""False only for a line _BLOCK_MARKER cannot match: its first character that is not white space
    (`\s`, what str.lstrip strips) opens none of the pattern's alternatives. A wrong True costs only
    the pattern's call; `isdigit` holds for every `\d` and more."""
    first = line.lstrip()[:1]
    return first in _MARKER_OPENINGS or first.isdigit()


def _lines_and_blanks(markdown: str) -> list[str]:
    r"""The lines prose_of reads, where a line of white space (or none) ends a block: the blocks the
    pattern `\n\s*\n` cuts, each line by line, and an empty line after each.

    Where "\n" and "\r\n" are the only line breaks (nearly every page), the page's own lines are
    that already: the white space between two lines that are not blank holds two "\n" (a place the
    pattern cuts) exactly when a blank line lies between them, and the pattern cuts only white space,
    so no line is changed. One str.splitlines instead of the pattern's pass and a splitlines per
    block (a third of the walk). Any other break ("\r" alone ends a line but is no "\n") takes
    the blocks."""
    if _only_line_feeds(markdown):
        return markdown.splitlines()
    lines: list[str] = []
    for block in _BLANK_LINES.split(markdown):
        lines += filter(str.strip, block.splitlines())  # a blank line inside a block ends nothing
        lines.append("")
    return lines


def _only_line_feeds(text: str) -> bool:
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return False
    return not any(brk in text for brk in _OTHER_LINE_BREAKS)


def _units(kept: list[str], breaks: list[str]) -> list[str]:
    """Units from the kept lines and what goes before each: the lines of a unit cleaned and
    stripped, joined by spaces, and a quoted title (an FAQ's) without its quotes. Cleaned,
    stripped and unquoted in C over all lines at once (a Python call per line and unit was a fifth
    of the grade's cost), and the units joined in C by putting each line's break before it (a
    slice and a join per unit was a fifth of what was left)."""
    cleaned = "\n".join(map(str.strip, _clean_inline("\n".join(kept)).split("\n")))
    if '"' in cleaned:
        cleaned = _without_title_quotes(f"\n{cleaned}\n")[1:-1]
    joined = "".join(chain.from_iterable(zip(breaks, cleaned.split("\n"), strict=False)))
    # Stripped and terminated here, not in a call per line and unit (a tenth of the grade's cost).
    units = map(str.strip, joined.split("\n"))
    return [unit if unit.endswith(_SENTENCE_ENDS) else unit + "." for unit in units if unit]


def _without_title_quotes(text: str) -> str:
    r"""`text` (stripped lines, each between line breaks) with each quoted line, read as
    `^"(.*)"\s*$` reads a stripped line, replaced by what its quotes hold, stripped.

    Found with str.find from each quote that opens a line (a page's FAQ titles): a one-character
    search is a C scan of memory, where a pattern, or str.find of '\n"', read every character of
    the page (a tenth of the units' cost). A line is quoted when it holds two characters or more
    and its last is the closing quote."""
    pieces: list[str] = []
    kept_from = 0
    quote = text.find('"')
    while quote >= 0:
        closing = text.find("\n", quote)  # the line's end: every line has its break
        # The text opens with a line break: a quote inside a line sends the search to the next line.
        if text[quote - 1] == "\n" and closing - quote >= 2 and text[closing - 1] == '"':
            pieces += text[kept_from:quote], text[quote + 1 : closing - 1].strip()
            kept_from = closing
        quote = text.find('"', closing)
    pieces.append(text[kept_from:])
    return "".join(pieces)


def _without_fenced_code(text: str) -> str:
    """The text without its fenced code blocks: each from a line opening with a fence to the next line
    of that fence alone, an opening never closed left as it is. The closing lines are found in one
    pass and each opening's by bisection (a pattern reading from every opening to the end, for a
    closing, was quadratic on a page of unclosed fences: red team, session 29)."""
    closings: dict[str, tuple[list[int], list[int]]] = {"```": ([], []), "~~~": ([], [])}
    for closing in _FENCE_CLOSING.finditer(text):
        starts, ends = closings[closing.group(1)]
        starts.append(closing.start())
        ends.append(closing.end())
    pieces, kept_from = [], 0
    for opening in _FENCE_OPENING.finditer(text):
        at = opening.start()
        if at < kept_from:
            continue  # inside a block already taken out
        starts, ends = closings[opening.group(1)]
        index = bisect.bisect_right(starts, at)
        if index < len(starts):
            pieces.append(text[kept_from:at])
            kept_from = ends[index]
    pieces.append(text[kept_from:])
    return "".join(pieces)


def _clean_inline(text: str) -> str:
    # Each pattern only on a text holding its literal opening (each pass of a pattern cost about as
    # much as a line-by-line walk; most prose holds no '<', '{' or image). Tested on the text as
    # the passes before left it: removing one mark can join the two halves of another.
    if "[^" in text:
        text = _FOOTNOTE_REFERENCE.sub("", text)
    if "![" in text:
        text = _IMAGE.sub(r"\1", text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub("", text)
        text = _HTML_TAG.sub("", text)
    if "{" in text:
        text = _ATTR_LIST.sub("", text)
    return _without_emphasis(text)


def _without_emphasis(text: str) -> str:
    for mark in _EMPHASIS:
        if mark in text:
            text = text.replace(mark, "")
    return text


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
    """`sentence_count` of the prose and its words, lowered and without punctuation, from the prose
    as `_for_counting` gives it (its only punctuation ASCII, a byte of its own in UTF-8).

    Lowering turns no word character here into punctuation or back, so one pass that removes the
    punctuation serves the words and the syllables (the general path lowers first); it keeps each
    sentence's terminators as '.', and each white space as one str.split and bytes.split both read.
    A sentence (a run of non-terminators, from its first word character) counts when it holds three
    words, tokens with a word character: the tokens of its run left once the punctuation is out.
    Split and counted in C (the sentence pattern was a tenth of the page's check)."""
    marked = counted.encode("utf-8", "surrogatepass").translate(_TERMINATORS_AS_DOTS, _NOT_TERMINATORS)
    runs = map(bytes.split, marked.split(b"."), repeat(None), repeat(2))  # two tokens and the rest
    sentences = max(1, sum(map((2).__lt__, map(len, runs))))
    return sentences, marked.replace(b".", b"").decode("utf-8", "surrogatepass").lower().split()


# Every terminator made '.', and the white space bytes.split does not read made a space; the rest of
# the ASCII punctuation deleted.
_TERMINATORS_AS_DOTS = bytes.maketrans(b"!?\x1c\x1d\x1e\x1f", b"..    ")
_NOT_TERMINATORS = bytes(code for code in _ASCII_PUNCTUATION if code not in b".!?")


# What each character outside ASCII is to the counts: punctuation they delete (a curly quote, a
# dash), white space that only separates words (a no-break space), a letter whose lower case is
# letters ("é"), or one the general path must read. Writers' tools put typographic punctuation in
# most real text, and the general path's two passes of _PUNCTUATION cost half a page's check.
_DELETED, _SPACE, _LETTER, _GENERAL = range(4)
_OUTSIDE_ASCII = re.compile(r"[^\x00-\x7f]")
# The one character str.lower reads in context (a final sigma): deleting punctuation beside it
# could change its lower case.
_LOWERED_IN_CONTEXT = "\u03a3"
_KINDS: dict[str, int] = {}


def _kind(char: str) -> int:
    kind = _KINDS.get(char)
    if kind is None:
        lowered = char.lower()
        # Lowering turns no punctuation into a word character and changes no space in Python's
        # Unicode data (every code point checked); asked anyway, so a later Unicode cannot move a count.
        if _PUNCTUATION.match(char):
            kind = _DELETED if all(_PUNCTUATION.match(part) for part in lowered) else _GENERAL
        elif char.isspace():  # what the pattern's \s and str.split both read as white space
            kind = _SPACE if lowered == char else _GENERAL
        elif char in _LOWERED_IN_CONTEXT or not _WORD_CHARACTERS.fullmatch(lowered):
            kind = _GENERAL  # "İ" lowers to "i" and a combining dot, which is punctuation
        else:
            kind = _LETTER
        _KINDS[char] = kind
    return kind


def _for_counting(prose: str) -> str | None:
    """`prose` with the same words once punctuation is removed, lowered or not, and no punctuation
    outside ASCII: each such character deleted and each white space made a space. None when a
    character needs the general path."""
    for char in set(_OUTSIDE_ASCII.findall(prose)):
        kind = _kind(char)
        if kind == _GENERAL:
            return None
        if kind != _LETTER:
            prose = prose.replace(char, "" if kind == _DELETED else " ")
    return prose


def flesch_kincaid_grade(text: str) -> float:
    """0.39 × words per sentence + 11.8 × syllables per word − 15.59, rounded as textstat 0.7.3 does."""
    return _grade(word_count(text), text)


def _grade(words: int, text: str, syllables: int | None = None, sentences: int | None = None) -> float:
    if not words:  # textstat treats both averages as 0 when there are no words
        return _legacy_round(-15.59, 1)
    if sentences is None:
        sentences = sentence_count(text)
    words_per_sentence = _legacy_round(words / sentences, 1)
    if syllables is None:
        syllables = syllable_count(text)
    syllables_per_word = _legacy_round(syllables / words, 1)
    return _legacy_round(0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59, 1)


def word_count(text: str) -> int:
    """Words once punctuation is removed, as textstat's `lexicon_count`."""
    return len(_PUNCTUATION.sub("", text).split())


def sentence_count(text: str) -> int:
    """Sentences of three words or more, at least one, as textstat's `sentence_count`."""
    firsts = _COUNTED_SENTENCE.findall(text)  # "" for each sentence of two words or fewer
    return max(1, len(firsts) - firsts.count(""))


def syllable_count(text: str) -> int:
    """Syllables of every word, as textstat's `syllable_count`."""
    return _syllable_total(_PUNCTUATION.sub("", text.lower()).split())


# Words recur across a site, so each word's syllables are remembered: a new word costs one
# hyphenation, a known one a dictionary lookup. A dict looked up in C for a whole page (a call per
# word through a cache was a tenth of the grade's cost), emptied when full.
class _Syllables(dict[str, int]):
    """Each word's syllables: a word not remembered yet is hyphenated where it is first looked up.

    Nearly every page of a check holds a word the process has not seen (a name, a rare word): asking
    for the total, then listing the new words and asking again read such a page's words two and a
    half times; dict's own lookup calls this for a missing word, so each page's words are read once."""

    def __missing__(self, word: str) -> int:
        syllables = self[word] = _hyphenation().points(word) + 1
        return syllables


_KNOWN_SYLLABLES = _Syllables()
_KNOWN_MAX = 1 << 16


def _syllable_total(words: list[str]) -> int:
    """The syllables of all `words` (lowered, without punctuation)."""
    known = _KNOWN_SYLLABLES
    if len(known) > _KNOWN_MAX:
        known.clear()
    return sum(map(known.__getitem__, words))


# Pyphen's default margins: no point closer than two letters to either end (pyphen ignores the
# dictionary's own LEFTHYPHENMIN/RIGHTHYPHENMIN lines, and so does this reading).
_LEFT = _RIGHT = 2
_DICTIONARY = ("dictionaries", "hyph_en_US.dic")
# Lines pyphen skips: comments and the hyphen-minimum settings.
_IGNORED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")

Patterns = dict[str, tuple[int, tuple[int, ...]]]


class _Hyphenation:
    """pyphen's `Pyphen(lang="en_US").positions`, counted instead of listed, with the same result.

    pyphen tries every substring of up to 28 letters against its patterns; a substring that does not
    begin any pattern cannot grow into one, so the search stops there (most of a new word's cost).
    The patterns are kept as a tree of their letters: each step from a start reads one letter and
    one dictionary, where a slice of the word and its hash, looked up in a set of every prefix and
    then in the patterns, made a new word cost as much as a page's hundreds of known words.
    """

    def __init__(self, patterns: Patterns) -> None:
        self.left, self.right = _LEFT, _RIGHT
        self.maxlen = max(map(len, patterns))
        self.tree = _pattern_tree(patterns)

    def points(self, word: str) -> int:
        """len(Pyphen.positions(word)): hyphenation points at least `left` and `right` from the ends."""
        right = len(word) - self.right
        pointed = f".{word.lower()}."
        size = len(pointed)
        references = [0] * (size + 1)
        tree, maxlen = self.tree, self.maxlen
        for start in range(size - 1):
            node: Any = tree  # a _Node, or None past the last letter a pattern begins with
            for letter in pointed[start : start + maxlen]:
                node = node.get(letter)
                if node is None:
                    break  # no pattern begins with the letters read so far
                pattern = node.get(_PATTERN)
                if pattern is None:
                    continue
                offset, values = pattern
                # Each value raises its place's to it (a slice assigned from `map(max, …)` cost
                # three times this loop); a pattern never reaches past the word's closing dot.
                for index, value in enumerate(values, start + offset):
                    if value > references[index]:
                        references[index] = value
        # pyphen's position of reference i is i - 1: the odd references from `left` to `right`
        return sum(map((1).__and__, references[self.left + 1 : right + 2]))


# A node of the pattern tree: its letters' children, and under this key (no letter is empty) the
# pattern that ends there, if one does.
_PATTERN = ""
_Node = dict[str, Any]  # a child node under each letter, the pattern (Patterns) under _PATTERN


def _pattern_tree(patterns: Patterns) -> _Node:
    """The patterns as a tree of nested dicts, one level a letter."""
    tree: _Node = {}
    for key, pattern in patterns.items():
        node = tree
        for letter in key:
            node = node.setdefault(letter, {})
        node[_PATTERN] = pattern
    return tree


def prepare() -> None:
    """Load the hyphenation dictionary now, before workers fork: they then share this copy instead
    of each parsing the dictionary again."""
    _hyphenation()


@cache
def _hyphenation() -> _Hyphenation:
    # Only commands that grade text pay for reading the dictionary, once per process.
    path = _dictionary_path()
    patterns = read_patterns(path)
    if patterns is None:  # a dictionary in a form not read here: pyphen's own reading
        from pyphen import HyphDict

        patterns = HyphDict(path).patterns
    return _Hyphenation(patterns)


def _dictionary_path() -> Path:
    """pyphen's bundled en_US dictionary, found without importing pyphen (whose import lists every
    dictionary it ships through importlib.resources: tens of milliseconds of a command's start)."""
    spec = importlib.util.find_spec("pyphen")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        candidate = Path(folder).joinpath(*_DICTIONARY)
        if candidate.is_file():
            return candidate
    import pyphen  # an unusual installation: ask pyphen where its dictionary is

    return Path(pyphen.LANGUAGES["en_US"])


def read_patterns(path: Path) -> Patterns | None:
    """The patterns of a UTF-8 `hyph_*.dic` as pyphen's `HyphDict(path).patterns` reads them; None
    for a dictionary using what is not read here (another encoding, `^^` escapes, nonstandard
    hyphenation, two digits in a row), which pyphen then reads itself.

    pyphen reads each pattern a character at a time; here the whole dictionary is read in a few
    passes of C string methods, and only each distinct run of digits is read in Python (a loop per
    character was a tenth of the serial start of `alliance check`)."""
    with path.open("rb") as file:  # the first line names the encoding, as pyphen reads it
        if file.readline().strip().upper() != b"UTF-8":
            return None
    lines = path.read_text(encoding="utf-8").split("\n")[1:]  # universal newlines, as pyphen reads it
    text = "\n".join(line for line in map(str.strip, lines) if line and not line.startswith(_IGNORED))
    if "^" in text or "/" in text:
        return None
    for char in set(text):  # a digit `\d` reads outside ASCII, as the ASCII digit of its value
        if char.isdecimal() and not char.isascii():
            text = text.replace(char, str(int(char)))
    # One byte a character ("?" for each outside ASCII, all of them letters now), each letter as "a".
    shape = text.encode("ascii", "replace").translate(_SHAPE)
    if b"99" in shape.translate(_DIGITS_AS_NINE):
        return None  # two digits in a row, which pyphen reads its own way
    letters = text
    for digit in _ASCII_DIGITS:
        letters = letters.replace(digit, "")
    gaps = _gap_digits(shape).split(b"\n")
    values = {digits: _pattern_values(digits) for digits in set(gaps)}
    # pyphen skips a pattern of zeros (so it never replaces an earlier one) and keeps the last of
    # two patterns of the same letters.
    return {
        pattern: found
        for pattern, digits in zip(letters.split("\n"), gaps, strict=True)
        if (found := values[digits]) is not None
    }


_ASCII_DIGITS = "0123456789"
_LETTER = ord("a")
_SHAPE = bytes(code if chr(code) in _ASCII_DIGITS + "\n" else _LETTER for code in range(256))
_DIGITS_AS_NINE = bytes(ord("9") if chr(code) in _ASCII_DIGITS else code for code in range(256))
_DIGIT_VALUES = bytes.maketrans(_ASCII_DIGITS.encode(), bytes(range(10)))


def _gap_digits(shape: bytes) -> bytes:
    """Each line of `shape` (one digit at most in a row) as the digit of each gap between its
    letters, both ends included: the digit written there, else 0. Each letter stands for the gap
    before it, and an extra one at each line's end for the last gap; a digit takes its gap's place."""
    gaps = shape.replace(b"\n", b"a\n") + b"a"
    for digit in _ASCII_DIGITS.encode():
        gaps = gaps.replace(bytes((digit, _LETTER)), bytes((digit,)))
    return gaps.replace(b"a", b"0")


def _pattern_values(digits: bytes) -> tuple[int, tuple[int, ...]] | None:
    """A pattern's entry from the digit of each gap: where its first digit that is not 0 is and the
    digits from there to the last one that is not 0, as pyphen keeps them; None if all are 0."""
    kept = digits.lstrip(b"0")
    if not kept:
        return None
    return len(digits) - len(kept), tuple(kept.rstrip(b"0").translate(_DIGIT_VALUES))


def _legacy_round(number: float, points: int) -> float:
    # textstat's rounding, kept so grades do not move: floor(x + 0.5) above zero (half up, not Python's
    # half to even), floor(x - 0.5) below it; applied to the averages too, not just the grade.
    scale = 10**points
    return float(math.floor(number * scale + math.copysign(0.5, number))) / scale
