"""The faster readers of visible text hold to the plain ones they replaced: the same words, the same
FAQs and sources, the same problems, for any markup a writer can put in a page (hypothesis draws
tag soup from the elements, attributes and whitespace the rules single out)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.render import html_extract

# The plain rule: every run of HTML whitespace becomes one space (what normalise did before).
_PLAIN_SPACE = re.compile(r"[ \t\n\r\f]+")


def plain_normalise(text: str) -> str:
    return _PLAIN_SPACE.sub(" ", text).strip()


# Whitespace of every kind the rules tell apart (HTML's own, and what a reader still sees), with words:
# ASCII text and other text take different roads.
_ASCII = [" ", "\t", "\n", "\r", "\f", "\v", "\x1c", "a", "-"]
spaced_text = st.one_of(
    st.text(alphabet=st.sampled_from(_ASCII), max_size=40),
    st.text(alphabet=st.sampled_from([*_ASCII, "\xa0", "\u2028", "é"]), max_size=40),
)


@given(spaced_text)
def test_normalise_is_the_plain_rule(text):
    assert html_extract.normalise(text) == plain_normalise(text)


@settings(max_examples=300)
@given(st.text(max_size=80))
def test_normalise_is_the_plain_rule_on_any_text(text):
    assert html_extract.normalise(text) == plain_normalise(text)
