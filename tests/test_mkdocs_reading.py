"""The page check asks whether MkDocs reads a page's front matter as the gate does. When the YAML
holds nothing MkDocs' loader reads otherwise, it compares only the cut instead of loading the YAML a
second time; both ways must give the same answer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.examples import examples

from alliance.content import frontmatter


def _both_ways(text: str) -> tuple[bool, bool]:
    page = frontmatter.read_text(text)
    quick = frontmatter.mkdocs_reads_differently(text, page.data, page.body, page.loaded_alike)
    full = frontmatter.mkdocs_reads_differently(text, page.data, page.body)
    return quick, full


@pytest.mark.parametrize(
    "text, differs",
    [
        ("---\ntitle: A\n---\n\nBody.\n", False),
        ("---\ntitle: A\n...\nBody.\n", False),
        ("---\ntitle: A\n# a comment\n---\nBody.\n", False),
        ("---\nreviewed: 2026-02-30\n---\nBody.\n", True),  # MkDocs' loader refuses the date
        ("---\nreviewed: 2026-02-28\n---\nBody.\n", False),
        ("---\ntitle: A\n---", True),  # no line after the closing '---': MkDocs does not cut
        ("---\ntitle: A\r\n---\r\nBody.\r\n", False),
        ("---\r\ntitle: A\r\n---\r\nBody.\r\n", False),
        ("---\n---\nBody\n---\n", True),
        ("---  \ntitle: A\n---\t\n\n\nBody.\n", False),
    ],
)
def test_a_quick_answer_is_the_full_answer(text: str, differs: bool):
    quick, full = _both_ways(text)
    assert quick == full == differs


LINES = st.sampled_from(
    [
        "title: A",
        "reviewed: 2026-02-30",
        "reviewed: 2026-02-28",
        "# note",
        "---",
        "...",
        "",
        "a: [1, 2]",
        "b: |",
        "  x",
        # Scalars over lines, where a reader could keep a "\r" of "\r\n": folded, quoted, escaped.
        "c: >",
        'd: "x',
        '  y"',
        'e: "x\\',
        "f: 'x",
        "  y'",
        "g: x",
        "  y  ",
        "h: |+",
    ]
)


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(LINES, max_size=6), st.sampled_from(["\n", "\r\n"]), st.sampled_from(["", "\n", "Body.\n"]))
def test_random_front_matter_gets_the_same_answer_either_way(lines: list[str], newline: str, tail: str):
    text = newline.join(["---", *lines, "---"]) + newline + tail
    page = frontmatter.read_text(text)
    if isinstance(page.data, dict) and page.problem is None:
        quick, full = _both_ways(text)
        assert quick == full, text


# ---- the size of front matter: a quick count for plain trees, the full measure for the rest ----

SHAPES = st.recursive(
    st.sampled_from(["a", "1", "2026-01-01", "*x", "&x b"]),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(inner, max_size=4).map(
            lambda items: "{" + ", ".join(f"k{n}: {item}" for n, item in enumerate(items)) + "}"
        ),
    ),
    max_leaves=40,
)


@settings(max_examples=examples(150), deadline=None)
@given(SHAPES, st.integers(min_value=0, max_value=25))
def test_the_quick_count_agrees_with_the_full_measure(shape: str, nesting: int):
    import yaml

    text = "v: " + "[" * nesting + shape + "]" * nesting + "\n"
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return  # not YAML: the parse reports it before any size is measured
    assert frontmatter._size_problem(root) == frontmatter._graph_size_problem(root)


@pytest.mark.parametrize(
    "text, says",
    [
        ("a: &x [1, 2]\nb: *x\n", None),
        ("v: " + "[" * 25 + "]" * 25 + "\n", "nests values more than"),
        ("v: [" + ", ".join(["1"] * 10_001) + "]\n", "expands to more than"),
        (
            "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
            "expands to more than",
        ),
    ],
)
def test_sizes_that_break_a_limit_are_refused_either_way(text: str, says: str | None):
    import yaml

    problem = frontmatter._size_problem(yaml.compose(text, Loader=yaml.SafeLoader))
    if says is None:
        assert problem is None
    else:
        assert problem is not None and says in problem.message
