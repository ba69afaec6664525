"""Red team 2, session 34: the seven per-page speed-ups (ab9603f..328d8ee) read hostile pages as before.

Differential fuzzing of old (b00faa6) against new (600,000 texts through split, MkDocs' cut and the
raw-HTML link test each; 400,000 holds_lowered calls in sequences of long texts and their copies;
about 29,000 generated front matters, link pre-check texts, pages and mutated articles through the
old and new library; 1,500 random YAML node graphs and every size at the depth and node limits)
found no input read differently, and no shape slower than linear. These tests pin the edges each
commit could have moved: each passes on the code before and after. The references written out here
are the code before the commits.
"""

from __future__ import annotations

import re

import pytest
import yaml
from mkdocs.utils import meta
from support.readings_before import plainly_small_as_it_was

from alliance.content import frontmatter, prose, readability
from alliance.output import link_syntax

# ---- frontmatter.split: the closing line after its "\n" (07b4f3e) -----------------------------------

_OLD_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)


def _old_split(text: str) -> tuple | None:
    opening = re.compile(r"\A---[ \t]*\r?\n").match(text)
    if not opening:
        return (None, text, 1)
    closing = _OLD_CLOSING.search(text, opening.end())
    if not closing:
        return None
    end = closing.end()
    if text[end : end + 2] == "\r\n":
        end += 2
    elif text[end : end + 1] == "\n":
        end += 1
    return (text[opening.end() : closing.start()], text[end:], text.count("\n", 0, end) + 1)


FRONT_MATTER_EDGES = [
    "---\n---\n",
    "---\n---",
    "---\n...",
    "---\n---\nbody",
    "---\r\n---\r\nbody",
    "--- \t\n---\t \r\nbody",
    "---\na: 1\n----\nb: 2\n---\nbody",
    "---\na: 1\n--- x\n---\n",
    "---\na: 1\n---\r\r\n---\nbody",
    "---\na: 1\r---\nbody",
    "---\na: 1\x0b---\n---\n",
    "---\na: 1\x0c---\n---\n",
    "---\na: 1\u2028---\n---\n",
    "---\na: 1\x85---\n---\n",
    "---\na: 1\n\ufeff---\n---\n",
    "---\na: 1\n ---\n---\n",
    "---\na: 1\n..\n...",
    "---\na: 1\n....\n...\nbody",
    "---\r\n\r\n---",
    "----\n---\n",
    "\ufeff---\n---\n",
    "---\n",
    "---\ra: 1\r---\r",
    "--- \n\n...\n\n",
]


@pytest.mark.parametrize("text", FRONT_MATTER_EDGES)
def test_split_cuts_where_the_line_pattern_did(text: str) -> None:
    new = frontmatter.split(text)
    got = (new.yaml_text, new.body, new.body_line) if isinstance(new, frontmatter.SplitSource) else None
    assert got == _old_split(text)


# ---- MkDocs' own cut (38a6acc, dc4facf) ----------------------------------------------------------


def _mkdocs_end(text: str) -> int | None:
    if hasattr(frontmatter, "mkdocs_yaml_end"):
        return frontmatter.mkdocs_yaml_end(text)
    match = meta.YAML_RE.match(text)  # before the commits the pattern itself was asked
    return match.end() if match else None


@pytest.mark.parametrize(
    "text",
    FRONT_MATTER_EDGES
    + [
        "---\n\n---\n",
        "---\nx\n---\n",
        "---\n---\n---\n",
        "---\n---\n...\n",
        "---\n\n...\t \n",
        "---\nx\n---x\n---\n",
        "---\nx\n--- \r\n---\n",
        "---\nx\r\n---\r\n---\n",
        "-- -\nx\n---\n",
        "\n---\nx\n---\n",
    ],
)
def test_mkdocs_cut_is_yaml_re(text: str) -> None:
    match = meta.YAML_RE.match(text)
    assert _mkdocs_end(text) == (match.end() if match else None)


# ---- the raw-HTML link quick test (ab9603f) -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '<a href="https://e.com">x</a>',
        "<A HREF=x>",
        "<img src=x>",
        "<IMG>",
        "<a>",
        "<İmg src=x>",  # 'İ' is 'i' to re.IGNORECASE, and lowers to "i̇"
        "<ımg>",
        "<ımg src=x>",
        "<\u0130MG\u212a>",
        "ſrc=x href=y",
        "hre\u212a=x",
        "src ＝ x",
        "src\u3000=x",
        "src\n=x",
        "xsrc=x",
        "<abbr>",
        "<i>",
        "<aside>",
        "= <https://e.com>",
        "<https://e.com/?q=1>",
    ],
)
def test_raw_html_link_test_answers_as_before(text: str) -> None:
    pattern = re.compile(r"\b(?:href|src)\s*=|<(?:a|img)\b", re.I)
    before = prose.holds_lowered(text, ("href", "src", "<a", "<img")) and pattern.search(text)
    assert (link_syntax.plain_targets(text, 0) is None) == bool(before)


# ---- holds_lowered's kept text (0aa2688) ---------------------------------------------------------


def _old_holds(text: str, words: tuple[str, ...]) -> bool:
    if "\u0130" in text or "\u212a" in text:
        return any(word in text.lower() for word in words)
    lowered = text.encode("utf-8", "surrogatepass").lower()
    return any(word.encode("ascii") in lowered for word in words)


def test_holds_lowered_across_long_texts_and_their_copies() -> None:
    long_plain = "x" * 1023 + "MARKDOWN"
    long_kelvin = "\u212a" + "y" * 1030
    long_dotted = "\u0130" + "z" * 1024
    asks = [
        ("", ("",)),
        (long_plain, ("markdown",)),
        (long_plain, ("k",)),
        ("".join(list(long_plain)), ("markdown",)),
        ("x" * 1024, ("markdown",)),
        (long_kelvin, ("k",)),
        (long_kelvin.replace("\u212a", "K"), ("k",)),
        (long_kelvin, ("markdown",)),
        (long_dotted, ("i",)),
        ("".join(list(long_dotted)), ("i",)),
        (long_plain, ("markdown",)),
        ("\ud800" + "a" * 1100, ("a",)),
        ("A" * 1023, ("a",)),
        ("", ("a",)),
    ]
    assert [prose.holds_lowered(text, words) for text, words in asks] == [
        _old_holds(text, words) for text, words in asks
    ]


# ---- prose_of's "- " and "#" markers (6984531) ---------------------------------------------------


_MARKER_LINES = [
    "- a b c.",
    "-\ta",
    "-\u00a0a",
    "-\u3000a",
    "-a",
    "--",
    "- ",
    "-",
    "-  - x",
    "# a",
    "###### a",
    "####### a",
    "#a",
    "#\ta",
    "#\u00a0a",
    "#\u3000a",
    "#",
    "## ",
    "#- a",
]
# prose_of and measure of the body below before the commit (b00faa6).
_MARKER_PROSE = (
    "Some words here.\na b c. more words follow.\nSome words here.\na more words follow.\n"
    "Some words here.\na more words follow.\nSome words here.\na more words follow.\n"
    "Some words here -a more words follow.\nSome words here -- more words follow.\n"
    "Some words here.\nmore words follow.\nSome words here - more words follow.\n"
    "Some words here.\n- x more words follow.\nSome words here.\na.\nmore words follow.\n"
    "Some words here.\na.\nmore words follow.\nSome words here ####### a more words follow.\n"
    "Some words here #a more words follow.\nSome words here.\na.\nmore words follow.\n"
    "Some words here.\na.\nmore words follow.\nSome words here.\na.\nmore words follow.\n"
    "Some words here # more words follow.\nSome words here.\nmore words follow.\n"
    "Some words here #- a more words follow."
)


def test_prose_of_reads_list_and_heading_marks_as_before() -> None:
    body = "\n".join(f"Some words here\n{line}\nmore words follow.\n" for line in _MARKER_LINES)
    assert readability.prose_of(body) == _MARKER_PROSE
    assert readability.measure(body) == readability.Readability(grade=-1.1, words=130)


# ---- _plainly_small (328d8ee) --------------------------------------------------------------------


def _scalar() -> yaml.ScalarNode:
    return yaml.ScalarNode("tag:yaml.org,2002:str", "x")


def _graphs() -> list[yaml.Node]:
    graphs: list[yaml.Node] = []
    for depth in (frontmatter.MAX_DEPTH - 1, frontmatter.MAX_DEPTH, frontmatter.MAX_DEPTH + 1):
        for leaf in (_scalar(), yaml.SequenceNode("", []), yaml.MappingNode("", [])):
            node = leaf
            for _ in range(depth - 1):
                node = yaml.SequenceNode("", [node])
            graphs.append(node)
    for count in (frontmatter.MAX_NODES - 1, frontmatter.MAX_NODES, frontmatter.MAX_NODES + 1):
        graphs.append(yaml.SequenceNode("", [_scalar() for _ in range(count - 1)]))
        graphs.append(yaml.SequenceNode("", [yaml.SequenceNode("", [_scalar() for _ in range(count - 2)])]))
    shared = _scalar()
    graphs.append(yaml.SequenceNode("", [shared, shared]))
    graphs.append(yaml.MappingNode("", [(shared, shared)]))
    inner = yaml.MappingNode("", [(_scalar(), _scalar())])
    graphs.append(yaml.SequenceNode("", [inner, yaml.MappingNode("", [(_scalar(), inner)])]))
    loop = yaml.SequenceNode("", [])
    loop.value.append(loop)
    graphs.append(loop)
    for text in ("a: &x {k: v}\nb:\n  <<: *x\n", "a: &s x\nb: *s\n", "{}", "[]", "x", "a: [[[]]]\n"):
        graphs.append(yaml.compose(text, Loader=yaml.SafeLoader))
    return graphs


def test_plainly_small_answers_as_the_walk_before() -> None:
    graphs = _graphs()
    assert [frontmatter._plainly_small(g) for g in graphs] == [plainly_small_as_it_was(g) for g in graphs]
