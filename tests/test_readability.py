"""The reading grade without textstat: the grades textstat 0.7.3 gave, from pyphen's syllable data.

The expected values in tests/data/readability/ were measured with textstat 0.7.3 (through the old
`measure`) before it was removed; the article bodies there are frozen copies, so rewriting an article in
docs/ does not move these pins.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliance.content.readability import (
    flesch_kincaid_grade,
    measure,
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
