"""Front matter read with PyYAML's resolution of plain scalars memoised (content.frontmatter._Loader.
resolve), its resolver calls around each node made builtins, and a tree's size limits checked while
it is built (_built_quickly): held to the module as it was (support/frontmatter_before.py, a frozen
copy), in values, their types, problems and messages, on generated and hostile YAML and on every
page of the project's docs and of a generated site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from support import frontmatter_before
from support.examples import examples
from support.project import ROOT

from alliance.content import frontmatter

# Texts YAML 1.1 resolves to every implicit tag, and near misses of each: booleans in their cases,
# integers in every base and sexagesimal, floats, infinities and not-a-numbers, nulls, dates and
# times real and impossible, the merge and value keys, and text with spaces, tabs and characters
# outside ASCII around them.
_RESOLVED_TEXTS = [
    *("yes Yes YES yEs no No NO nO true True TRUE tRue false False FALSE on On ON oN off Off OFF".split()),
    *("y Y n N ~ null Null NULL nULL".split()),
    *("0 00 07 08 0o17 0x1F 0x_1f 0X1F 0b101 0b_ 0b2 1_000 -1_000 +12 -0 012 019".split()),
    *("1:20 1:20:30 -1:20 1:60 190:20:30 1:20.5 0:20".split()),
    *("3.5 -3.5 +.5 .5 1. 1e3 1.0e+3 1.0e3 6.8523015e+5 685.230_15e+03 1_0.5 190:20:30.15".split()),
    *(".inf -.inf +.Inf .INF .NaN .nan .NAN .Nan inf nan".split()),
    *("2026-12-03 2026-02-30 2026-2-3 0000-01-01 2026-12-03T10:20:30 2026-12-03t10:20:30.5+01:00".split()),
    "2026-12-03 10:20:30",
    "2026-12-03   10:20:30.123456789 -5",
    "2026-12-03\t10:20:30Z",
    "2026-12-03T10:20:30+99:00",
    "2001-12-14 21:59:43.10 -05:00",
    *("<< = ! & * - + . ... --- : ? | >".split()),
    "",
    " ",
    " yes",
    "yes ",
    "12 ",
    "\t~",
    "null\n",
    "2026-12-03\n",
    "1_000\n",
    "é",
    "yés",
    "١٢",  # Arabic-Indic digits: not YAML's
    "１２",  # full-width digits
    "\u2028",
    "a\u0085b",
    "x" * 64,
    "1" * 65,
    "2" * 400,
]
_TEXT = st.sampled_from(_RESOLVED_TEXTS) | st.text(
    st.sampled_from(list("0123456789+-._:xXobeEyYnNtTfFoO~<=!&* \tZé\u2028")), max_size=24
)


def _read_alike(text: str) -> None:
    """The parse of `text` as it was and as it is: same values of the same types, same problems."""
    new = frontmatter._parse(text)
    old = frontmatter_before._parse(text)
    assert repr(new) == repr(old)
    assert _types(new[0]) == _types(old[0])
    assert _shared(new[0]) == _shared(old[0])
    assert new[0] == old[0] or old[0] != old[0]  # equal values where they equal themselves (nan)


def _shared(data: Any) -> list[int]:
    """Which collections of `data` are one object reached twice (PyYAML shares an anchor's value
    between its aliases): each collection met, in order, as the index of its first meeting."""
    first: dict[int, int] = {}
    order: list[int] = []
    stack = [data]
    while stack and len(order) < 100_000:
        item = stack.pop()
        if isinstance(item, dict | list):
            order.append(first.setdefault(id(item), len(order)))
            if first[id(item)] == len(order) - 1:  # its contents once
                stack.extend(item.values() if isinstance(item, dict) else item)
    return order


def _types(data: Any) -> Any:
    """The structure of `data` with each value's type in its place (repr alone tells 1 from 1.0 and
    True from 1, but say it outright)."""
    if isinstance(data, dict):
        return [(_types(key), _types(value)) for key, value in data.items()]
    if isinstance(data, list):
        return [_types(item) for item in data]
    return type(data)


def _scalar_forms(text: str) -> list[str]:
    """`text` written as YAML can hold it: plain, quoted twice over, tagged, in a flow sequence."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return [
        text,
        f'"{escaped}"',
        "'" + text.replace("'", "''") + "'",
        f"!!str {text}",
        f"! {text}",
        f"!!bool {text}",
        f"!!timestamp {text}",
        f"[{text}, {text}]",
    ]


@settings(max_examples=examples(1500), deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=6), st.data())
@example(["yes", "No", "ON", "0x1F", "0o17", "1_000", "0b101", "1:20", ".inf", "~"], None)
@example(["2026-12-03", "2026-02-30", "<<", "="], None)
@example(["yes", "yes "], None)  # one text remembered does not answer for another
def test_scalars_read_as_they_were(texts: list[str], data: Any):
    lines = []
    for index, text in enumerate(texts):
        forms = _scalar_forms(text)
        form = forms[index % len(forms)] if data is None else data.draw(st.sampled_from(forms))
        lines.append(f"k{index}: {form}\n")
        lines.append(f"{form}: key\n")  # the text as a key too
    document = "".join(lines)
    # Twice: the second reading answers from the memo what the first asked PyYAML.
    _read_alike(document)
    _read_alike(document)


@settings(max_examples=examples(1000), deadline=None)
@given(_TEXT, st.sampled_from([(True, False), (False, True), (False, False), (True, True), (1, 0), (0, 1)]))
def test_resolve_answers_as_pyyaml_does(text: str, implicit: tuple[Any, Any]):
    loader, theirs = frontmatter._Loader(""), yaml.SafeLoader("")
    try:
        for _ in range(2):  # asked, then remembered
            assert loader.resolve(yaml.ScalarNode, text, implicit) == theirs.resolve(
                yaml.ScalarNode, text, implicit
            )
        for kind in (yaml.SequenceNode, yaml.MappingNode):
            assert loader.resolve(kind, None, implicit[0]) == theirs.resolve(kind, None, implicit[0])
    finally:
        loader.dispose()


# Documents past or at the size limits, and shapes the quick build leaves to the full measure:
# aliases, merge keys, tags, collections as keys.
_PIECES = st.sampled_from(
    [
        "a: 1\n",
        "a: t\n",
        "b: [x, y]\n",
        "c: {d: [e, {f: g}]}\n",
        "- h\n",
        "[",
        "]",
        "{",
        "}",
        ", ",
        "&x ",
        "*x",
    ]
    + ["*x", "k: ", "<<: {m: 1}\n", "? [k]\n", ": v\n", "2026-12-03", "!!set {s}", "yes", "~", " ", "\n"]
    + ["  ", "- ", "-", "é", "'q'", '"r"']
)


@settings(max_examples=examples(1500), deadline=None)
@given(st.lists(_PIECES, max_size=24).map("".join), st.integers(1, 5), st.integers(1, 12))
@example("a: &x [1, 2]\nb: *x\n", 20, 10_000)  # an alias: shared nodes
@example("a: &x 1\nb: x*\n", 20, 10_000)  # '&' and '*' but no alias
@example("a: &x 1\n", 20, 10_000)  # an anchor alone
@example("a: &x [y, z]\nb: *x\n", 20, 10_000)  # text shared through an alias
@example("a: &x [y]\nb: &y [*x, *x]\nc: [*y, *y]\n", 20, 9)  # expanded past the limit
@example("a: &x [*x]\n", 20, 10_000)  # a value holding itself
@example("[[[a]]]", 3, 12)  # text one level too deep
@example("[[[a]]]", 4, 12)
@example("[a, b, c]", 4, 3)  # one node too many
@example("[a, b]", 4, 3)  # as many as allowed
@example("{a: b, c: d}", 4, 4)  # a mapping's key and value both count
@example("{a: b, c: d}", 4, 5)
@example("{a: [b, c]}", 2, 12)
@example("{a: {b: c}}", 2, 12)  # a mapping in a mapping one level too deep
@example("{a: {b: c}}", 3, 12)
@example("{a: [b, c]}", 3, 4)
@example("{a: [b, c]}", 3, 5)
@example("[[[1]]]", 3, 12)  # a scalar one level too deep
@example("[[[]]]", 3, 12)  # an empty collection at the deepest level
@example("[1, 2, 3]", 4, 3)  # one node too many
@example("[1, 2]", 4, 3)  # as many as allowed
@example("{a: 1, b: 2}", 4, 4)  # a mapping's key and value both count
@example("{a: 1, b: 2}", 4, 5)
@example("<<: {a: 1}\nb: [[[[[1]]]]]\n", 4, 12)  # a merge key before a tree too deep
def test_size_limits_are_checked_as_they_were(text: str, depth: int, nodes: int):
    with (
        mock.patch.object(frontmatter, "MAX_DEPTH", depth),
        mock.patch.object(frontmatter, "MAX_NODES", nodes),
        mock.patch.object(frontmatter_before, "MAX_DEPTH", depth),
        mock.patch.object(frontmatter_before, "MAX_NODES", nodes),
    ):
        _read_alike(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "---\n",
        "a: 1\n---\nb: 2\n",  # two documents
        "a: [1, 2\n",  # unclosed
        "a:\tb\n",
        "a: b\r\nc: 2026-12-03\r\n",
        "a: 'unclosed\n",
        "a: *undefined\n",
        "a: &x 1\nb: &x 2\n",  # an anchor twice
        "a: !!int 12x\n",
        "a: !!float x\n",
        "a: !!binary '!!'\n",
        "a: !!timestamp [1]\n",
        "a: !!bool [1]\n",
        "? - a\n: 1\n",
        "a: 0x_\n",
        "a: 0b_\n",
        "a: 1:\n",
        "é: \u2028\n",
        "title: " + "x" * 70_000 + "\n",  # past MAX_BYTES
        "a: [" + "1, " * 9_998 + "1]\n",  # 10,000 values with the root: the most allowed
        "a: [" + "1, " * 10_000 + "1]\n",  # past MAX_NODES
        "[" * 19 + "1" + "]" * 19,  # 20 levels, the scalar on the 20th
        "[" * 20 + "1" + "]" * 20,  # one level too deep
        "[" * 20 + "]" * 20,  # 20 levels, the last empty
        "[" * 5_000 + "]" * 5_000,  # far too deep
        "- " * 30 + "x\n",
        "a: &a [*a]\n",  # a value that holds itself
        "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n",
        "".join(f"k{index}: v{index}\n" for index in range(6_000)),  # more texts than the memo keeps
    ],
)
def test_hostile_front_matter_reads_as_it_did(text: str):
    _read_alike(text)


def test_a_hostile_tree_is_built_in_time_growing_with_its_size():
    # 64 KB of one-character values in one flow sequence: some 32,000 nodes, refused at MAX_NODES
    # after one pass (a walk quadratic in the nodes would not finish).
    text = "[" + "1," * 32_000 + "1]"
    _read_alike(text)
    assert frontmatter._parse(text)[1] is not None


def test_the_memo_is_bounded_and_keeps_short_texts_only():
    frontmatter._parse("".join(f"k{index}: v{index}\n" for index in range(10_000)))
    assert 0 < len(frontmatter._RESOLVED) <= frontmatter._RESOLVED_MOST
    frontmatter._parse("a: " + "1" * (frontmatter._RESOLVED_LONGEST + 1) + "\n")
    assert "1" * (frontmatter._RESOLVED_LONGEST + 1) not in frontmatter._RESOLVED
    assert frontmatter._parse("a: " + "1" * 200 + "\n")[0] == {"a": int("1" * 200)}


def test_path_resolvers_still_decide_where_they_apply(monkeypatch: pytest.MonkeyPatch):
    """A path resolver makes a scalar's tag depend on where it is: neither remembered nor answered
    by the memo, and the composer's descent is PyYAML's own."""
    text = "title: hello\nother: hello\nyes: 12\nlist: [hello]\n"
    frontmatter._parse(text)  # "hello" remembered as text
    for module in (frontmatter, frontmatter_before):
        monkeypatch.setattr(module._Loader, "yaml_path_resolvers", {})
        module._Loader.add_path_resolver("tag:yaml.org,2002:int", ["title"], str)
    loader = frontmatter._Loader(text)
    assert loader.descend_resolver.__func__ is yaml.resolver.BaseResolver.descend_resolver
    loader.dispose()
    new, old = frontmatter._parse(text), frontmatter_before._parse(text)
    assert repr(new) == repr(old)
    assert new[1] is not None and "invalid literal for int()" in new[1].message  # the path's tag
    monkeypatch.undo()
    _read_alike(text)


def test_the_loader_cannot_be_subclassed_to_share_its_memo():
    with pytest.raises(TypeError):
        type("Other", (frontmatter._Loader,), {})


def test_a_pattern_added_later_is_not_answered_from_the_memo(monkeypatch: pytest.MonkeyPatch):
    frontmatter._parse("a: hello\n")
    monkeypatch.setattr(
        frontmatter._Loader,
        "yaml_implicit_resolvers",
        {first: list(pairs) for first, pairs in frontmatter._Loader.yaml_implicit_resolvers.items()},
    )
    import re

    frontmatter._Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^hello$"), ["h"])
    assert frontmatter._parse("a: hello\n")[0] == {"a": None}
    monkeypatch.undo()
    frontmatter._RESOLVED.clear()
    assert frontmatter._parse("a: hello\n")[0] == {"a": "hello"}


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.md"))


def _read_pages_alike(pages: list[Path]) -> None:
    assert pages
    for path in pages:
        raw = path.read_bytes()
        for _ in range(2):  # the second reading from the memo
            new, old = frontmatter.read(str(path), raw), frontmatter_before.read(str(path), raw)
            assert repr(new) == repr(old), path
            assert _types(new.data) == _types(old.data), path


def test_every_page_of_the_docs_reads_as_it_did():
    _read_pages_alike(_pages(ROOT / "docs"))


def test_every_page_of_a_generated_site_reads_as_it_did(tmp_path: Path):
    from benchmarks.synthetic_site import write_drafts

    write_drafts(tmp_path, 60)
    _read_pages_alike(_pages(tmp_path))


def test_dates_are_dates_and_impossible_ones_text():
    data, problem, alike = frontmatter._parse("a: 2026-12-03\nb: 2026-02-30\nc: 2026-12-03 10:20:30\n")
    assert problem is None and not alike
    assert data == {"a": dt.date(2026, 12, 3), "b": "2026-02-30", "c": dt.datetime(2026, 12, 3, 10, 20, 30)}
