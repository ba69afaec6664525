"""Session 38: pages that made the link pre-check (link_syntax.plain_targets) take quadratic time.

Each page below is one a writer's pull request can hold. Before session 38, at 80,000 repeats (a
page of a few hundred kilobytes), the pre-check took: a line of `[^a]` with its definition 7-17 s
(each reference sliced its whole line, twice), a line of distinct references 16-35 s, `[^a[^a[^a…]`
100 s (each `[^` read the id to its one ']'), a paragraph of lines opening with '[' 27 s (the
definition pattern ran from each to the paragraph's end), a line of autolinks 0.6 s and growing
quadratically (each looked back to its line's start), and four spaces then a line of references
2.6 s. Now each takes well under a second at the full sizes here, up to five times larger, where the
old code would take minutes. No test is timed: a quadratic reading would hang here. The everyday suite
reads a tenth of each size (`hostile_size`), which the old code took seconds over; CI's second run
reads them whole.
"""

from __future__ import annotations

import pytest
from support.examples import hostile_size

from alliance.output import link_syntax

N = hostile_size(400_000)
DEFINED = "\n\n[^a]: note\n"


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        pytest.param("Prose " + "[^a]" * N + DEFINED, [], id="a line of one reference"),
        pytest.param(
            "Prose "
            + "".join(f"[^{i}]" for i in range(N // 4))
            + "\n\n"
            + "".join(f"[^{i}]: n\n" for i in range(N // 4)),
            [],
            id="a line of distinct references",
        ),
        pytest.param("Prose " + "[^a" * N + "]\n", [], id="ids inside ids"),
        pytest.param("Prose " + "[^a" * N + "]" + DEFINED, None, id="ids inside ids, defined"),
        pytest.param("Prose [^a]\n" + "[x\n" * N + DEFINED, [], id="lines opening with a bracket"),
        pytest.param("Prose [^a] " + "<http://a>" * N + DEFINED, [], id="a line of autolinks"),
        pytest.param("x" + " " * N + "[^a]" * N + DEFINED, None, id="references after four spaces"),
        pytest.param("x\t" + "[^a]" * N + DEFINED, None, id="references after a tab"),
        pytest.param("Prose [^a]\n" + "[^a]\n" * (N // 4) + DEFINED, [], id="lines of references"),
        pytest.param(
            "Prose\n\n" + "".join(f"[^{i}]: n\n\n" for i in range(N // 4)),
            None,
            id="paragraphs of definitions never referenced",
        ),
    ],
)
def test_footnote_pages_are_read_in_linear_time(text: str, targets: list[str] | None) -> None:
    assert link_syntax.plain_targets(text, 0) == targets
