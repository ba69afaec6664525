"""The reading grade without textstat: the grades textstat 0.7.3 gave, from pyphen's syllable data.

The expected values in tests/data/readability/ were measured with textstat 0.7.3 (through the old
`measure`) before it was removed; the article bodies there are frozen copies, so rewriting an article in
docs/ does not move these pins.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from support import readings_before
from support.examples import examples

from alliance.content import readability
from alliance.content.readability import (
    flesch_kincaid_grade,
    measure,
    prose_of,
    sentence_count,
    syllable_count,
    word_count,
)

DATA = Path(__file__).parent / "data" / "readability"
PINNED = json.loads((DATA / "textstat-0.7.3.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(PINNED["articles"]))
def test_the_sample_articles_keep_textstats_grades(name: str):
    measured = measure((DATA / name).read_text(encoding="utf-8"))
    expected = PINNED["articles"][name]
    assert measured.grade == pytest.approx(expected["grade"], abs=0.1)
    assert measured.grade == expected["grade"]  # in fact the same steps give exactly the same grade
    assert measured.words == expected["words"]


@pytest.mark.parametrize(("text", "grade", "words"), PINNED["texts"], ids=range(len(PINNED["texts"])))
def test_awkward_texts_keep_textstats_grades(text: str, grade: float, words: int):
    assert measure(text) == (measure(text).__class__(grade=grade, words=words))


@pytest.mark.parametrize(
    ("text", "words", "sentences", "syllables"),
    [
        ("The cat sat.", 3, 1, 3),
        ("Don't stop. It's well-known.", 4, 1, 5),  # "It's well-known." has two words: not a sentence
        ("We talk about it. We agree on goals. We try.", 10, 2, 10),
        ("Therapy helps.", 2, 1, 4),  # never fewer than one sentence
        ("", 0, 1, 0),
    ],
)
def test_counts_follow_textstat(text: str, words: int, sentences: int, syllables: int):
    assert (word_count(text), sentence_count(text), syllable_count(text)) == (words, sentences, syllables)


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        # 3 words a sentence, 1 syllable a word: 0.39 * 3 + 11.8 - 15.59 = -2.62; textstat's rounding,
        # floor(x * 10 - 0.5) / 10 below zero, gives -2.7 (checked against textstat 0.7.3)
        ("The cat sat. The dog ran. The sun set.", -2.7),
        ("", -15.7),  # no words: textstat counts both averages as 0
        ("We talk about what you want from therapy. We agree on it together.", 2.3),
    ],
)
def test_the_formula_and_its_rounding(text: str, grade: float):
    assert flesch_kincaid_grade(text) == grade


def test_harder_words_give_a_higher_grade():
    plain = "We talk about what you want from therapy and how it is going."
    hard = "Psychotherapeutic collaboration necessitates continuous negotiation regarding objectives."
    assert flesch_kincaid_grade(hard) > flesch_kincaid_grade(plain) + 8


# Every ASCII character, control characters and the separators \x1c-\x1f included, weighted towards
# the ones that make words, sentences and markup.
_ASCII_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("abc XYZ don't well-known.!?;:\n-*#[]()`_"), st.characters(max_codepoint=127)
    ),
    max_size=300,
)


@hypothesis_settings(max_examples=examples(300), deadline=None)
@given(_ASCII_TEXT)
def test_the_ascii_shortcut_counts_as_the_general_path(body: str):
    # measure() deletes ASCII punctuation with bytes.translate; textstat's definition is the regex.
    _assert_measured_as_the_general_path(body)


def _assert_measured_as_the_general_path(body: str) -> None:
    prose = prose_of(body)
    general = (0.0, 0) if not prose.strip() else (flesch_kincaid_grade(prose), word_count(prose))
    measured = measure(body)
    assert (measured.grade, measured.words) == general


# Text as writers' tools make it: typographic quotes, dashes, ellipses, no-break and thin spaces, and
# letters outside ASCII (accents, the dotted capital I and the Kelvin sign, whose lower case is
# another letter or two characters, a combining accent, ligatures), beside the ASCII that makes
# words, sentences and markup, and any character at all.
_TYPOGRAPHIC_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("abc XYZ don't well-known.!?;:\n-*#[]()`_"),
        st.sampled_from(
            "\u2019\u2018\u201c\u201d\u2014\u2013\u2026\u00a0\u2009\u3000\u00e9\u0130\u212a\u00df\u03a3\u0301\ufb01\u2167\u24b6"
        ),
        st.characters(),
    ),
    max_size=300,
)


@hypothesis_settings(max_examples=examples(300), deadline=None)
@given(_TYPOGRAPHIC_TEXT)
def test_text_outside_ascii_counts_as_the_general_path(body: str):
    # measure() deletes the punctuation outside ASCII first, then the rest in one bytes pass.
    _assert_measured_as_the_general_path(body)


def test_typographic_punctuation_is_counted_without_the_general_path():
    # A curly apostrophe, a dash or an accent on a page sent every word through the general path's
    # regex passes (half the page's check); only a few letters need them.
    assert readability._for_counting("It\u2019s fine \u2014 really\u00a0so\u2026") == "Its fine  really so"
    assert readability._for_counting("A caf\u00e9 visit") == "A caf\u00e9 visit"  # a letter stays
    assert readability._for_counting("\u0130stanbul") is None  # lowers to 'i' and a combining dot
    assert readability._for_counting("\u039f\u0394\u039f\u03a3") is None  # a final sigma lowers in context
    prose = "It\u2019s okay to ask your therapist \u201cwhat happens next?\u201d \u2014 they expect it."
    assert measure(prose) == readability.Readability(flesch_kincaid_grade(prose), word_count(prose))


# The quick forms in readability against the plain definitions they replace: the old patterns are
# the oracles, so a grade cannot move through them.
_MARKUP_TEXT = st.text(alphabet=st.sampled_from("ab *_`.!?:;)\"'”’\n\t-é1\u00a0\u2028"), max_size=80)


@hypothesis_settings(max_examples=examples(300), deadline=None)
@given(_MARKUP_TEXT)
def test_the_quick_forms_agree_with_the_patterns_they_replace(text: str):
    assert readability._without_emphasis(text) == re.sub(r"(\*\*|__|\*|_|`)", "", text)


# Sentences as textstat 0.7.3 counts them: every match of its pattern, less those of two words or
# fewer once punctuation is removed. The one-pass count must agree on any text: words and marks of
# every kind, terminators inside and around tokens, all of Python's white space, letters and digits
# outside ASCII, combining marks (no word character), and any character at all.
_SENTENCE_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("ab Z9_ .!?.,;:'\"-()\n\t"),
        st.sampled_from("\u00a0\u2009\u3000\u2028\x1c\x1f\x85\u00e9\u0663\u2167\u0301\u2019\u201c"),
        st.characters(),
    ),
    max_size=120,
)


def _textstat_sentence_count(text: str) -> int:
    sentences = re.findall(r"\b[^.!?]+[.!?]*", text)
    short = sum(1 for sentence in sentences if len(re.sub(r"[^\w\s]", "", sentence).split()) <= 2)
    return max(1, len(sentences) - short)


@hypothesis_settings(max_examples=examples(500), deadline=None)
@given(_SENTENCE_TEXT)
def test_sentences_are_counted_as_textstat_counts_them(text: str):
    assert sentence_count(text) == _textstat_sentence_count(text)


# Prose as measure()'s quick path reads it: words, sentences of every length, terminators inside and
# around tokens, punctuation alone, white space bytes.split does not read, typographic characters.
_COUNTED_PROSE = st.lists(
    st.sampled_from(
        ["a", "bc", "Don't", "well-known", "_", "9", "\u0663", "caf\u00e9", " ", " ", " ", "  ", "\t", "\n"]
        + [".", "!", "?", "...", "?!", ",", " - ", "(", ")", "\u2019", "\u201c", "\u2014", "\u00a0"]
        + ["\x1c", "\x1f", "\x0b", "\u3000", "\u2028"]
    ),
    max_size=40,
).map("".join)


@hypothesis_settings(max_examples=examples(500), deadline=None)
@given(_COUNTED_PROSE)
@example("Can we talk? Yes we can! We talk about it. Ok.")
@example("A\x1cb c. Two\x1fthree words\u00a0here.")
def test_the_quick_path_counts_sentences_and_words_as_textstat_does(text: str):
    counted = text if text.isascii() else readability._for_counting(text)
    assert counted is not None  # no character here needs the general path
    words = re.sub(r"[^\w\s]", "", text.lower()).split()  # as syllable_count reads them
    assert readability._sentences_and_words(counted) == (_textstat_sentence_count(text), words)


# pyphen's own reading of its dictionaries is the oracle for the quicker one readability uses.
_DICTIONARIES = ["en_US", "en_GB", "fr", "es", "it_IT", "ru_RU", "hu_HU", "de_DE"]


@pytest.mark.parametrize("language", _DICTIONARIES)
def test_the_dictionary_is_read_as_pyphen_reads_it(language: str):
    import pyphen

    path = pyphen.LANGUAGES[language]
    patterns = readability.read_patterns(path)
    if language == "en_US":
        assert readability._dictionary_path() == Path(path)
        assert patterns is not None  # the one the grade uses is read here, not by pyphen
    assert patterns is None or patterns == pyphen.HyphDict(path).patterns


# Pattern lines as hyphenation dictionaries write them (a digit or none in each gap), with digits
# outside ASCII, zeros, letters outside ASCII (the ligatures of en_US), white space inside and
# around, and lines pyphen skips or this reading leaves to pyphen (two digits in a row, `^^`, `/`).
_GAP = st.sampled_from(["", "", "", "1", "2", "3", "4", "5", "8", "9", "0", "\u0663", "\U0001d7d8"])
_PATTERN_LETTER = st.sampled_from(list("abeoz.'") + ["é", "\ufb01", "\u2019", " ", "\u00a0"])
_PATTERN_LINE = st.builds(
    lambda pairs, last, padding: padding + "".join(gap + letter for gap, letter in pairs) + last + padding,
    st.lists(st.tuples(_GAP, _PATTERN_LETTER), min_size=1, max_size=8),
    _GAP,
    st.sampled_from(["", " ", "\t", "\u3000"]),
)
_OTHER_LINE = st.sampled_from(
    [
        "",
        "   ",
        "% a comment 12",
        "# 1a2",
        "LEFTHYPHENMIN 2",
        "COMPOUNDRIGHTHYPHENMIN 3",
        "a12b",
        "^^e9a1",
        "ss1c/s=s,1,2",
    ]
)


@hypothesis_settings(max_examples=examples(300), deadline=None)
@given(
    st.lists(st.one_of(_PATTERN_LINE, _PATTERN_LINE, _PATTERN_LINE, _OTHER_LINE), min_size=1, max_size=30),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
# Every run, whatever its number of examples: the three forms left to pyphen.
@example(["a1b", "^^e9a1"], "\n")
@example(["a1b", "ss1c/s=s,1,2"], "\n")
@example(["a1b", "a12b"], "\n")
def test_any_dictionary_is_read_as_pyphen_reads_it(lines: list[str], newline: str):
    import tempfile

    import pyphen

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hyph_test.dic"
        # pyphen reads the encoding up to the first "\n": a file of "\r" line ends it cannot read
        path.write_bytes(("UTF-8\n" + newline.join(lines)).encode("utf-8"))
        patterns = readability.read_patterns(path)
        try:
            expected = pyphen.HyphDict(path).patterns
        except ValueError:  # pyphen refuses a dictionary without patterns
            assert not patterns
            return
    if patterns is None:  # left to pyphen: only for what is not read here
        assert any(
            re.search(r"\d\d|\^|/", line)
            for line in lines
            if not line.strip().startswith(("%", "#", "L", "C"))
        )
    else:
        assert patterns == expected


@hypothesis_settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzé'-", min_size=1, max_size=20))
def test_syllable_points_are_pyphens(word: str):
    import pyphen

    assert readability._hyphenation().points(word) == len(pyphen.Pyphen(lang="en_US").positions(word))


def test_every_word_of_the_sample_site_hyphenates_as_with_pyphen():
    import pyphen

    reference = pyphen.Pyphen(lang="en_US")
    text = " ".join(
        path.read_text(encoding="utf-8") for path in (Path(__file__).parent.parent / "docs").rglob("*.md")
    )
    for word in set(re.findall(r"[a-z']+", text.lower())):
        assert readability._hyphenation().points(word) == len(reference.positions(word)), word


def test_remembered_syllables_count_as_hyphenating_each_word(monkeypatch: pytest.MonkeyPatch):
    # A page's words are looked up together; words not seen yet are hyphenated once, and a full
    # memory is emptied first: the total is always the sum of each word's own count.
    monkeypatch.setattr(readability, "_KNOWN_SYLLABLES", readability._Syllables())
    monkeypatch.setattr(readability, "_KNOWN_MAX", 3)
    hyphenation = readability._hyphenation()
    pages = [["therapy", "is", "therapy"], ["a", "conversation", "is", "helpful"], [], ["is"]]
    for words in pages:
        expected = sum(hyphenation.points(word) + 1 for word in words)
        assert readability._syllable_total(words) == expected
        assert len(readability._KNOWN_SYLLABLES) <= 3 + 4  # the limit, and one page's new words
    assert readability._syllable_total(["conversation"]) == hyphenation.points("conversation") + 1


@functools.cache
def _hyphenation_as_it_was() -> readings_before.HyphenationAsItWas:
    patterns = readability.read_patterns(readability._dictionary_path())
    assert patterns is not None
    return readings_before.HyphenationAsItWas(patterns)


# Words as pages give them (lowered, no punctuation) and as they are not: capitals, letters whose
# lower case is longer ("İ"), marks and dots the patterns hold, words longer than any pattern.
_WORD = st.one_of(
    st.text(alphabet="abcdeilmnorstuyz", min_size=1, max_size=34),
    st.text(alphabet="aeinrsty.'-ABİé\u00dfk\u212a", min_size=1, max_size=12),
    st.text(min_size=1, max_size=8),
)


@hypothesis_settings(max_examples=examples(1000), deadline=None)
@given(_WORD)
@example("conversation")
@example("psychotherapeutic" * 2)
@example("\u0130stanbul")
@example("wahrscheinlichkeitstheorie")  # the longest pattern: the word with both its dots
def test_a_word_hyphenates_as_with_every_prefix_looked_up(word: str):
    assert readability._hyphenation().points(word) == _hyphenation_as_it_was().points(word)


@hypothesis_settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["a", "is", "therapy", "talk", "x", "é", "one"]), max_size=8), max_size=5
    )
)
def test_remembered_syllables_count_each_word_once_hyphenated(pages: list[list[str]]):
    saved = readability._KNOWN_SYLLABLES, readability._KNOWN_MAX
    readability._KNOWN_SYLLABLES, readability._KNOWN_MAX = readability._Syllables({"talk": 1}), 4
    try:
        for words in pages:
            expected = sum(_hyphenation_as_it_was().points(word) + 1 for word in words)
            assert readability._syllable_total(words) == expected
    finally:
        readability._KNOWN_SYLLABLES, readability._KNOWN_MAX = saved


# Lines of inline marks: each pattern's opening, marks whose removal joins another's halves
# ("![^a][alt](x)" is an image once the footnote reference is out), and any other character.
_INLINE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "[^a]",
                "[^",
                "![",
                "](",
                "[a]",
                "(x.md)",
                "<",
                ">",
                "<b>",
                "<https://a.b>",
                "{: .c}",
                "{",
                "}",
                "*",
                "_",
                "`",
                "\n",
                " ",
                "word",
                "\u2028",
                "\u00e9",
            ]
        ),
        st.text(max_size=4),
    ),
    max_size=16,
).map("".join)


@hypothesis_settings(max_examples=examples(1000), deadline=None)
@given(_INLINE_TEXT)
@example("![^a][alt](x.png)")
@example("[<](b) <i>")
def test_inline_markup_is_cleaned_as_every_pattern_cleaned_it(text: str):
    assert readability._clean_inline(text) == readings_before.clean_inline_as_it_was(text)


# Bodies of the lines prose_of reads differently: block markers of every kind (digits outside ASCII
# too), quoted titles, blank lines of white space, and every kind of line break.
_PROSE_LINE = st.sampled_from(
    [
        "A plain line of prose",
        "and its next line.",
        "# A heading",
        "## Sources",
        "- an item",
        "-\u2003an item after an em space",
        "-an item without a space",
        "- ",
        "###### \u00a0six marks",
        "####### seven marks",
        "#no space",
        "#\t",
        "* an item",
        "1. a step",
        "\u0663. a step",
        "> a quote",
        '??? question "Can I ask?"',
        '!!! note "A note"',
        '"A quoted line"',
        '  "quoted" after spaces ',
        '"',
        '"  spaced inside  "',
        "ends with a curly quote\u2019",
        "ends with a closing one\u201d",
        "ends with a colon:",
        "   ",
        "\t- indented item",
        "\u00e9t\u00e9 starts with a letter",
        "_emphasis_ first",
        "[a link](x.md) first",
        "",
    ]
)
_PROSE_BODY = st.builds(
    lambda lines, breaks: "".join(line + brk for line, brk in zip(lines, breaks, strict=False)),
    st.lists(st.one_of(_PROSE_LINE, st.text(max_size=12)), max_size=12),
    st.lists(st.sampled_from(["\n", "\n", "\n\n", "\n \n", "\r\n", "\r", "\u2028", "\x0c"]), min_size=12),
)


def _prose_line_by_line(markdown: str) -> str:
    """prose_of as it was written before its quick paths: a call per line and unit."""
    markdown = readability.without_sources(markdown)
    if "```" in markdown or "~~~" in markdown:
        markdown = readability._without_fenced_code(markdown)
    markdown = readability._FOOTNOTE_DEFINITION.sub("", markdown)
    kept, kinds = [], []
    for block in re.split(r"\n\s*\n", markdown):
        for line in block.splitlines():
            if not line.strip():
                continue
            marker = readability._BLOCK_MARKER.match(line)
            if marker is None:
                kinds.append("joins")
                kept.append(line)
                continue
            kinds.append("alone" if line.lstrip().startswith(("#", "???", "!!!")) else "starts")
            kept.append(line[marker.end() :])
        kinds.append("end")
    cleaned = iter(readings_before.clean_inline_as_it_was("\n".join(kept)).split("\n"))
    units, paragraph = [], []
    for kind in kinds:
        if kind == "end" or (kind != "joins" and paragraph):
            if paragraph:
                units.append(" ".join(paragraph))
                paragraph = []
            if kind == "end":
                continue
        line = next(cleaned).strip()
        quoted = re.match(r'^"(.*)"\s*$', line)
        paragraph.append(quoted.group(1).strip() if quoted else line)
        if kind == "alone":
            units.append(" ".join(paragraph))
            paragraph = []
    ends = re.compile(r"[.!?:;)\"'”’]$")
    return "\n".join(unit if ends.search(unit) else unit + "." for unit in map(str.strip, units) if unit)


@hypothesis_settings(max_examples=examples(400), deadline=None)
@given(_PROSE_BODY)
def test_prose_is_read_as_the_line_by_line_reading_read_it(body: str):
    assert prose_of(body) == _prose_line_by_line(body)


# Bodies whose only line break is "\n" (prose_of's quick path): markers behind markers, every kind of
# white space inside a line, quoted lines, marks that join or split lines, and the quick path's own
# marks in the text (which send it down the line-by-line path).
_FED_LINE = st.one_of(
    _PROSE_LINE,
    st.sampled_from(
        [
            "- # a heading behind a marker",
            "# - an item behind a heading",
            "??? question - an item behind a title",
            "## ??? a title behind a heading",
            "> > a quote in a quote",
            ">",
            ">x",
            "1.x",
            "1. 2. two steps",
            "?!? mixed marks",
            "???+ note",
            "???x",
            "!!!  \t",
            '!!! warning "A warning"',
            "#\u00a0after a no-break space",
            "#\x1fafter a unit separator",
            "\u3000- after an ideographic space",
            "  \t",
            "\u00a0",
            "\x1f",
            '""',
            '" "',
            '"a" "b"',
            '- "quoted item"',
            '## "quoted heading"  ',
            "*",
            "-",
            "<b>",
            "[^a]",
            "![](x.png)",
            "{: .c}",
            "a \x10 b",
            "a \x11 b",
            "ends with a full stop.",
        ]
    ),
    st.text(alphabet=' \t\u00a0#-*+>?!1."ab', max_size=10),
    st.text(max_size=8).filter(lambda text: "\n" not in text),
)
_FED_BODY = st.builds(
    lambda lines, breaks: "".join(line + brk for line, brk in zip(lines, breaks, strict=False)),
    st.lists(_FED_LINE, max_size=14),
    st.lists(
        st.sampled_from(["\n", "\n", "\n", "\n\n", "\n \n", "\n\u00a0\n", "\n\x1f\n\n", ""]), min_size=14
    ),
)


@hypothesis_settings(max_examples=examples(1500), deadline=None)
@given(_FED_BODY)
@example('??? question "Why?"\n\n    Because.\n- a\n- b\n# T\ntext')
@example("- # x\n??? q - y\n# - z\n")
@example('x\n"  a  "\ny')  # a quoted line inside a paragraph, stripped inside its quotes
@example("?!? mixed marks\nstart a unit the next line joins")
@example("a\n\u00a0\nb")  # a blank line of white space outside ASCII ends a block
def test_prose_of_lines_cut_by_line_feeds_alone_is_read_as_line_by_line(body: str):
    assert prose_of(body) == _prose_line_by_line(body)
