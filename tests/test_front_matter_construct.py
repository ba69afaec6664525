"""Front matter built without PyYAML's constructor where it is a tree of plain nodes
(content.frontmatter._construct): held to PyYAML's own construction, values, types, order and
errors alike."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from support.examples import examples
from support.readings_before import parse_as_it_was

from alliance.content import frontmatter

# Scalars of every kind YAML resolves (text, dates real and impossible, times, numbers, booleans,
# nulls), quoted or not, and tags and marks that leave a node to PyYAML (merge and `=` keys, sets,
# binary, anchors and aliases, a number that cannot be read, text that is not valid YAML).
_SCALAR = st.sampled_from(
    [
        "text",
        '"quoted: text"',
        "'single'",
        "2026-12-03",
        "2026-02-30",
        "2026-12-03 10:20:30",
        "2026-12-03t10:20:30.5+01:00",
        "12",
        "0x1f",
        "0b_",
        "1_000",
        "1:30",
        "3.5",
        ".inf",
        "yes",
        "No",
        "true",
        "~",
        "null",
        "",
        "!!str 12",
        "!!int 7",
        "!!float 2",
        "!!binary aGk=",
        "!!timestamp 2026-01-01",
        "!!timestamp x",  # tagged as what they are not: errors, in PyYAML's order (session 36)
        "!!bool foo",
        "!!bool yes",
        "!!timestamp 2026-02-30",
        "&a anchored",
        "*a",
        "[a, 2026-01-01, 3]",
        "{a: b, 1: c}",
        "[]",
        "{}",
        "@bad",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "é\u2028x",
    ]
)
# Most front matter: text, dates and flags, so that most examples are built on the quick path.
_PLAIN = st.sampled_from(
    ["text", '" padded "', '"a: b"', "2026-12-03", "2026-02-30", "yes", "~", "", "[a, b]", "é"]
)
_KEY = st.sampled_from(
    ["title", "review", "a", "1", "2026-01-01", "true", "~", "<<", "=", '"q k"', "? [a]", "[k]", "title"]
)


def _mapping(entries: list[tuple[str, object]], indent: str) -> str:
    lines = []
    for key, value in entries:
        if isinstance(value, list):  # a nested block: a mapping or a sequence
            kind, items = value[0], value[1:]
            if kind == "map":
                lines.append(f"{indent}{key}:\n" + _mapping(items, indent + "  "))
            else:
                lines.append(f"{indent}{key}:\n" + "".join(f"{indent}  - {item}\n" for _, item in items))
        else:
            lines.append(f"{indent}{key}: {value}\n")
    return "".join(lines)


_ENTRY = st.recursive(
    st.tuples(_KEY, _PLAIN | _SCALAR),
    lambda inner: st.tuples(
        _KEY,
        st.builds(
            lambda kind, items: [kind, *items],
            st.sampled_from(["map", "seq"]),
            st.lists(inner, min_size=1, max_size=4),
        ),
    ),
    max_leaves=12,
)


@settings(max_examples=examples(1500), deadline=None)
@given(st.lists(_ENTRY, max_size=8), st.sampled_from(["", "  ", "- "]))
@example([("title", "text"), ("review", ["map", ("reviewed", "2026-12-03"), ("digest", "sha256v2:x")])], "")
@example([("a", "0b_"), ("review", ["map", ("b", "0x_")])], "")
@example([("<<", "{a: 1}"), ("a", "2")], "")
@example([("review", ["map", ("b", "0x_")]), ("a", "0b_")], "")  # PyYAML builds nested mappings last
@example([("title", "a"), ("title", "b")], "")  # the last of two same keys
@example([("title", '" padded "')], "")  # text kept as written, spaces and all
@example([("a", "!!set {a, b}")], "")  # a mapping node that is a set
@example([("a", "!!omap [a: b]")], "")  # a sequence node that is an ordered mapping
def test_front_matter_is_constructed_as_pyyaml_constructs_it(entries: list, lead: str):
    text = lead + _mapping(entries, "")
    new = frontmatter._parse(text)
    old = parse_as_it_was(text)
    assert repr(new) == repr(old)
    assert new[0] == old[0] or old[0] != old[0]  # equal values where they equal themselves (nan)
