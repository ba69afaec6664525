"""Pages Python-Markdown reads in time growing faster than the page, each refused by the page check's
time budget (content.renderable): the bodies SECURITY.md named, and what the red teams of session 31
found past the first caps. Shared by tests/hostile's time-budget tests, which also try each saved
with Windows line endings (test_round32)."""

from __future__ import annotations

NESTING = "opens a line with many quote marks"
ELEMENTS = "list markers stacked on a line"
SENTENCE = "We go to it. "  # easy words, so the page passes the reading grade
TEXT = (SENTENCE * 8 + "\n") * 4_000  # 420 KB of lazy lines after the first
TAIL = "We talk with you here. " * 6_500  # 150 KB of readable text, in the block of what precedes it

# The bodies SECURITY.md named (Known limits, before session 31), and the definition list that stopped
# the build: each is refused by the page check, so `approve` refuses it and the build previews its
# problems instead of rendering it.
SLOW_BODIES = [
    ("'[a](' 8,000 times", "Text " + "[a](" * 8000),
    ("6,000 references to one footnote", "[^1]: x\n\nText " + "[^1] " * 6000),
    ("'[a ' 8,000 times", "Text " + "[a " * 8000),
    ("'<a ' 4,000 times", "Text " + "<a " * 4000),
    ("'=== \"a\"' 4,000 times", '=== "a"\n    a\n' * 4000),
    ("'# a' 4,000 times", "# a\n" * 4000),
    ("an abbreviation and 40,000 blocks", "*[x]: y\n\n" + "a\n\n" * 40000),
    ("a tight definition list of 500 entries", "a\n: b\n" * 500),
    # Python-Markdown's HTML reader reads each unclosed marked section to the end of the page, some
    # 400 times slower than an unclosed tag: 40 of them on a 60 KB page, under the '<' cap, took 1.8 s
    # (500 before 40 KB: 21 s).
    ("'<![CDATA[ >' 40 times before 60 KB", "Text " + "<![CDATA[ > " * 40 + "word " * 12000),
    (
        "'[a ' in an element read as one line",
        '<p markdown="1">' + "[a " * 500 + "\n\n" + "a " * 20000 + "</p>",
    ),
]

# Blocks cut again and again: headings, underlines, rules inside long blocks (red team 1).
SPLIT = [
    ("setext headings in one block (`a` then `-`)", "We talk.\n-\n" * 2_400),
    ("setext headings with '='", "We talk.\n=\n" * 2_400),
    ("rules in one block", "---\n" * 2_400),
    ("rules of '_' with spaces", "_ _ _\n" * 1_500),
    ("headings before 150 KB in their block", "# A part\n" * 100 + TAIL),
    ("collapsible blocks before 150 KB in their block", "??? note\n" * 100 + TAIL),
    ("content tabs before 150 KB in their block", '=== "A"\n' * 100 + TAIL),
    ("definitions before 150 KB in their block", "Term\n: Its meaning.\n" * 50 + TAIL),
]

# Inline matches in one long paragraph (red team 2).
INLINE_SLOW = [
    ("ordinals in one paragraph (8.6 s in the build)", "We met on the 1st. " * 30_000),
    ("escapes in one paragraph (9.2 s)", "\\." * 60_000),
    ("entities in one paragraph", "We &amp; you " * 30_000),
    ("mail links whose '<' opens no tag", "<1@a>" * 30_000),
    ("arrows", "-->" * 30_000),
    ("left arrows ('<' before '-')", "<--" * 30_000),
    ("copyright signs", "(c)" * 30_000),
    ("fractions", "1/2 " * 30_000),
]

# Deep nesting before a long block, and list markers stacked (red team 3): (why, body, message).
NESTING_SLOW = [
    ("127 list markers before 420 KB (16 s)", "- " * 127 + SENTENCE + "\n" + TEXT, NESTING),
    ("1,000 quote marks before 420 KB (17 s)", ">" * 1_000 + " " + SENTENCE + "\n" + TEXT, NESTING),
    ("100 quote marks before 420 KB (4.7 s)", "> " * 100 + SENTENCE + "\n" + TEXT, NESTING),
    ("100,000 quote marks before a word (3.6 s)", ">" * 100_000 + " " + SENTENCE, NESTING),
    ("4,000 quote marks before a word", ">" * 4_000 + " " + SENTENCE, NESTING),
    ("quotes and lists interleaved", "- > " * 60 + SENTENCE + "\n" + TEXT, NESTING),
    (
        "60 items nested by indentation before 420 KB (5.1 s)",
        "".join("    " * level + "- " + SENTENCE + "\n" for level in range(60)) + TEXT,
        NESTING,
    ),
    ("20 list markers on 4,900 lines (12 s)", ("- " * 20 + "We go to it.\n") * 4_900, ELEMENTS),
    ("2 list markers on 4,900 lines (1.7 s)", ("- - We go to it.\n") * 4_900, ELEMENTS),
    ("ordered markers stacked", ("1. 1) We go to it.\n") * 4_900, ELEMENTS),
]
