"""Red team 2, session 32: the inline elements cap (MAX_INLINE_ELEMENTS) and the attribute cap
(MAX_ATTRIBUTE_WORK).

Every body here passes the page check on this branch; each test says what it should do instead. No
test is timed: the CPU times in the comments were measured on the project's machine, as
`markdown.Markdown(<the site's extensions>).convert(body)` (support.link_reads.site_markdown).

1. Abbreviations make inline elements no mark counts. abbr's treeprocessor (priority 7, after the
   inline pass) wraps every occurrence of a defined abbreviation in an `<abbr>` element inserted in
   its parent; then pymdownx.smartsymbols' second InlineProcessor (priority 2.1) walks those
   children, and for each one with a tail does `list(currElement).index(child)`
   (markdown/treeprocessors.py InlineProcessor.run): time grows with the square of the `<abbr>`
   elements in one parent (abbr's own `el.insert(0, ...)` and `list(parent).index(el)` add to it).
   Without that second pass the 5,000 body takes 0.26 s instead of 5.2 s.
   The page has 3 lines and no inline mark, so MAX_ABBREVIATED (1,000 lines and '*_`[<' on a page
   defining an abbreviation) passes; MAX_INLINE_ELEMENTS counts no plain letter.
   Measured (one paragraph of `A A A. ` repeated):
     2,500 times (17.5 KB):  1.3 s
     5,000 times (35 KB):    4.7 s
     8,500 times (59.5 KB): 14.8 s   (`Ab Ab Ab. ` 6,000 times, 60 KB: 6.9 s)
    10,000 times (70 KB):   19.0 s
   Spread over 100 paragraphs (60 KB) it is 1.0 s: the square is per parent, so a cap on the
   abbreviation's occurrences in a block (paragraph, list item, table cell, heading) fits it.
   End to end: the 8,500 body as docs/articles/red2-abbr.md (60.2 KB with front matter, under the
   64 KB limit; readable: grade below 8) passed `alliance check` (0 errors) and
   `CI=true mkdocs build --strict` of the sample site passed in 17.6 s.
"""

from __future__ import annotations

from support.hostile import markdown_problems


def test_abbreviation_occurrences_in_one_paragraph_are_refused() -> None:
    # 25,500 <abbr> in one <p>: 14.8 s of Markdown CPU.
    assert markdown_problems("*[A]: x\n\n" + "A A A. " * 8_500)


def test_abbreviation_occurrences_of_a_longer_term_are_refused() -> None:
    # 18,000 <abbr> in one <p>: 6.9 s.
    assert markdown_problems("*[Ab]: x\n\n" + "Ab Ab Ab. " * 6_000)


def test_abbreviation_occurrences_in_table_cells_are_refused() -> None:
    # 5,000 <abbr> in each of 4 cells: 2.0 s.
    assert markdown_problems("*[A]: x\n\n| a |\n|---|\n" + ("| " + "A " * 5_000 + "|\n") * 4)


def test_an_abbreviation_used_as_writers_use_it_passes() -> None:
    # A page that explains a term once and uses it a few dozen times.
    assert markdown_problems("*[CBT]: Cognitive behavioural therapy\n\n" + "CBT can help. " * 60) == []
