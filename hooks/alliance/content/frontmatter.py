"""Find and parse the YAML front matter of a Markdown file, turning every failure into a Problem.

MkDocs silently ignores front matter that is not valid YAML and renders it as text; Alliance reads the
same delimiters (a `---` line, YAML, a `---` or `...` line) and reports what MkDocs would drop.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

import yaml

from alliance.problems import Problem

_OPENING = re.compile(r"\A---[ \t]*\r?\n")
# The closing line (group 1: `^(?:---|\.\.\.)[ \t]*\r?$` with re.M) after its line break. Searched
# from the opening's own "\n", its first match holds the first closing line after the opening, found
# by a scan for "\n" in C (the literal prefix) instead of trying `^` at every character between.
_CLOSING_AFTER_BREAK = re.compile(r"\n((?:---|\.\.\.)[ \t]*\r?)$", re.M)
# MkDocs' meta.YAML_RE, `^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n` (DOTALL), in two: its lazy
# group tried the closing after every character of the front matter; the closing with the line break
# that ends the group as its literal prefix finds the same first one by a scan for "\n" in C.
_YAML_OPENING = re.compile(r"-{3}[ \t]*\n")
_YAML_CLOSING = re.compile(r"\n(?:\.{3}|-{3})[ \t]*\n")

try:  # the C loader is several times faster; fall back where PyYAML was built without libyaml
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader


# What each plain scalar's text resolves to (see _Loader.resolve), for texts up to _RESOLVED_LONGEST
# characters, emptied when it holds _RESOLVED_MOST: a page holds few scalars, most of them the keys
# and values every page repeats ("title", "review", "reviewed", a date, "true"), and short ones are
# what repeat; the bounds keep a hostile page's thousands of distinct scalars from growing it.
_RESOLVED: dict[str, Any] = {}
_RESOLVED_LONGEST = 64
_RESOLVED_MOST = 4096


class _Loader(_BaseLoader):
    """YAML's safe loader, except that an impossible date stays text, and a value tagged `!!bool` or
    `!!timestamp` that is neither is an error at its line (PyYAML raises KeyError or AttributeError,
    which stopped the check and MkDocs' build alike with a traceback: red team, session 36)."""

    kept_as_text = False  # set on the instance when an impossible date was kept as text
    # The loader's own copy of the patterns plain scalars are resolved by, so that what _RESOLVED
    # remembers cannot go stale when another module adds a pattern to PyYAML's Resolver after this
    # import (PyYAML copies the table on a subclass's first add_implicit_resolver, as here).
    # (Both base loaders, C and Python, inherit Resolver's table.)
    yaml_implicit_resolvers = {
        first: list(pairs) for first, pairs in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        if not self.yaml_path_resolvers:
            # PyYAML's composer calls these two around every node; without path resolvers they do
            # nothing but return, a Python call each (a twelfth of reading a page's front matter).
            # Two builtins that take the same arguments, do nothing and cannot fail cost a C call.
            self.descend_resolver = slice  # (parent, index)
            self.ascend_resolver = tuple  # ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # A subclass may resolve otherwise, and would share _RESOLVED, which holds this class's answers.
        raise TypeError("frontmatter._Loader is not meant to be subclassed: its resolutions are memoised")

    @classmethod
    def add_implicit_resolver(cls, tag: Any, regexp: Any, first: Any) -> None:
        super().add_implicit_resolver(tag, regexp, first)
        _RESOLVED.clear()  # answers given by the table before this pattern

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """PyYAML's `resolve`, with a plain scalar's tag remembered by its text.

        PyYAML tries the patterns of the scalar's first character in turn (bool, int, float, null,
        timestamp...) at each of a page's scalars; which one matches depends on the text and the
        class's patterns alone, unless path resolvers are registered, which depend on where the node
        is: those, and collections, go to PyYAML unchanged. A quoted or '!'-tagged scalar
        (`implicit[0]` false) is text without a pattern tried, as PyYAML reads it."""
        if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if not implicit[0]:
            return self.DEFAULT_SCALAR_TAG
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(value) <= _RESOLVED_LONGEST:
                if len(_RESOLVED) >= _RESOLVED_MOST:
                    _RESOLVED.clear()
                _RESOLVED[value] = tag
        return tag


class _TaggedWrongly(yaml.constructor.ConstructorError):
    """A value tagged as a kind it is not, with how to mend it."""

    def __init__(self, kind: str, node: yaml.ScalarNode) -> None:
        what = _KINDS[kind]
        super().__init__(None, None, f"'{node.value}' is tagged {kind} but is not {what}", node.start_mark)
        self.fix = f"remove the {kind} tag, or write {what}"


_KINDS = {
    "!!bool": "true or false",
    "!!timestamp": "a date (YYYY-MM-DD)",
    "!!int": "a whole number",
    "!!float": "a number",
}


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    # PyYAML raises a bare ValueError for 2026-02-30, which could only be reported against the whole
    # front matter; kept as text, the schema names the field that holds it.
    value = loader.construct_scalar(node)  # a collection tagged !!timestamp: PyYAML's own error
    if not loader.timestamp_regexp.match(value):
        raise _TaggedWrongly("!!timestamp", node)
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        loader.kept_as_text = True  # type: ignore[attr-defined]  # MkDocs' loader fails here
        return value


def _bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    value = loader.construct_scalar(node)  # a collection tagged !!bool: PyYAML's own error
    if value.lower() not in loader.bool_values:
        raise _TaggedWrongly("!!bool", node)
    return loader.bool_values[value.lower()]


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    number = _number(loader, node, "!!int", loader.construct_yaml_int)
    # `1:59:59:…` (base 60), `0x…` and `0b…` make an int of any size from 64 KB; past Python's limit
    # on the digits `str()` writes, the first field check or template to show it raised ValueError,
    # a traceback (red team, session 38). Such a number is no value any field takes.
    if number.bit_length() > _LARGEST_INT_BITS:
        try:
            str(number)
        except ValueError:
            raise _TooLarge(node) from None
    return number


# An int of more bits may have more decimal digits than `sys.get_int_max_str_digits()` (at least
# 640) allows `str()` to write: only those are written to learn whether they do.
_LARGEST_INT_BITS = 2000


class _TooLarge(yaml.constructor.ConstructorError):
    """A number too large to be written out in decimal."""

    def __init__(self, node: yaml.ScalarNode) -> None:
        shown = node.value if len(node.value) <= 20 else node.value[:20] + "…"
        super().__init__(None, None, f"'{shown}' is a number too large to show", node.start_mark)
        self.fix = "write a small number, or the text in quotes"


def _float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    return _number(loader, node, "!!float", loader.construct_yaml_float)


def _number(loader: yaml.SafeLoader, node: yaml.ScalarNode, kind: str, construct: Any) -> Any:
    # PyYAML reads `value[0]` of the text without its underscores: an empty one (`a: !!int`,
    # `a: !!float '_'`) raised IndexError, a traceback in the check and MkDocs' build (red team,
    # session 38). Any other text that is no number is its ValueError, reported as before.
    value = loader.construct_scalar(node)  # a collection tagged !!int: PyYAML's own error
    if not value.replace("_", ""):
        raise _TaggedWrongly(kind, node)
    return construct(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor("tag:yaml.org,2002:float", _float)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
_Loader.add_constructor("tag:yaml.org,2002:bool", _bool)

# Front matter is a handful of short fields. These ceilings are far above any real page and far below
# what hurts: a 542-byte chain of aliases expands to a billion nodes, and 400 nested mappings overflow
# the recursion of every tool that walks the data after us (the digest, the validator, Material).
MAX_BYTES = 64 * 1024
MAX_NODES = 10_000  # values after every alias is expanded
MAX_DEPTH = 20  # mappings and lists inside one another


@dataclass(frozen=True)
class SplitSource:
    """A Markdown source cut into its front matter text and its body."""

    yaml_text: str | None  # None when the file has no front matter at all
    body: str
    body_line: int  # 1-based line number of the body's first line in the file


@dataclass(frozen=True)
class Read:
    """A Markdown file read as the gate reads it: its text, front matter and body, or the first
    problem on the way (not UTF-8, a block never closed, YAML that does not parse)."""

    text: str | None  # None when the bytes are not UTF-8
    body: str  # the whole text when the block is never closed; "" when the bytes are not UTF-8
    body_line: int
    has_front_matter: bool  # the file opens a front matter block
    data: Any = None
    problem: Problem | None = None
    # MkDocs' loader (PyYAML's safe loader, as ours) reads the same values: no impossible date kept
    # as text here, which MkDocs' loader refuses.
    loaded_alike: bool = False


def read(path: str, raw: bytes) -> Read:
    """Decode, split and parse a file's bytes: the one reading every page, profile and command uses."""
    text, problem = decode(path, raw)
    if text is None:
        return Read(None, "", 1, False, problem=problem)
    return read_text(text)


def read_text(text: str) -> Read:
    """Split and parse a decoded text (see `read`)."""
    source = split(text)
    if isinstance(source, Problem):
        return Read(text, text, 1, True, problem=source)
    if source.yaml_text is None:
        return Read(text, source.body, source.body_line, False)
    data, problem, alike = _parse(source.yaml_text)
    return Read(text, source.body, source.body_line, True, data, problem, alike)


def decode(path: str, raw: bytes) -> tuple[str | None, Problem | None]:
    """Decode a file as UTF-8, or say exactly where it is not."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, Problem(
            path,
            "file",
            f"byte 0x{raw[error.start]:02x} on line {line} is not valid UTF-8",
            "save the file with UTF-8 encoding (most editors offer it under 'Save with encoding')",
            line=line,
        )
    return text.removeprefix("\ufeff"), None


def tail_bytes(raw: bytes, text: str, tail: str) -> bytes | None:
    """The bytes of `raw` that `tail`, an end of the text `decode` read from it, was decoded from
    (a page's body, say), or None when `tail` does not end that text. UTF-8 encodes each character
    on its own, so they follow the bytes of the text before it (and of a byte order mark `decode`
    took off): only that short head is encoded again, not the whole body."""
    if not text.endswith(tail):
        return None
    head = text[: len(text) - len(tail)]
    start = len(head.encode("utf-8")) + (len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0)
    return raw[start:]


def mkdocs_yaml_end(text: str) -> int | None:
    """Where MkDocs' `meta.YAML_RE` match of `text` ends, or None where it does not match."""
    opening = _YAML_OPENING.match(text)
    closing = _YAML_CLOSING.search(text, opening.end()) if opening else None
    return closing.end() if closing else None


def split(text: str) -> SplitSource | Problem:
    """Cut front matter from body, or return the Problem with an unterminated block."""
    opening = _OPENING.match(text)
    if not opening:
        return SplitSource(None, text, 1)
    closing = _CLOSING_AFTER_BREAK.search(text, opening.end() - 1)  # the opening ends with "\n"
    if not closing:
        return Problem(
            "",
            "front matter",
            "the block that starts with '---' on line 1 is never closed",
            "add a line with just '---' after the last front matter field",
            line=1,
        )
    end = closing.end(1)
    if text[end : end + 2] == "\r\n":
        end += 2
    elif text[end : end + 1] == "\n":
        end += 1
    yaml_text = text[opening.end() : closing.start(1)]
    return SplitSource(yaml_text, text[end:], text.count("\n", 0, end) + 1)


def parse(yaml_text: str) -> tuple[Any, Problem | None]:
    """Parse front matter YAML; a syntax error or an oversized document becomes a Problem."""
    data, problem, _ = _parse(yaml_text)
    return data, problem


# How to mend YAML that does not parse, unless the error says better (_TaggedWrongly).
_YAML_FIX = (
    "check the indentation and quote any value that contains ': ' or starts with a special "
    "character such as '*', '&', '[' or '{'"
)


def _parse(yaml_text: str) -> tuple[Any, Problem | None, bool]:
    """`parse`, and whether MkDocs' loader would read the same values (see Read.loaded_alike)."""
    size = len(yaml_text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        too_big = Problem(
            "",
            "front matter",
            f"is {size // 1024} KB, more than the {MAX_BYTES // 1024} KB allowed",
            "front matter holds a few short fields; move long text into the page body",
        )
        return None, too_big, False
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        data = _built_quickly(loader, node, yaml_text)
        if data is _UNBUILT:
            data, problem = _measured_and_built(loader, node)
            if problem:
                return None, problem, False
        return data, None, not loader.kept_as_text
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else None  # +1 for 1-based, +1 for the opening '---'
        what = error.problem or "it is not valid YAML"
        invalid = Problem(
            "",
            "front matter",
            f"not valid YAML: {what}",
            getattr(error, "fix", _YAML_FIX),
            line=line,
        )
        return None, invalid, False
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
        # PyYAML raises plain ValueError for impossible dates such as 2026-02-30.
        invalid = Problem(
            "",
            "front matter",
            f"not valid YAML: {error}",
            "check the values: dates must be real calendar dates written as YYYY-MM-DD",
        )
        return None, invalid, False
    finally:
        loader.dispose()


# The tags whose values `_construct_tree` builds: mappings, sequences, text, and the scalars whose
# constructors cannot fail, so that it either builds the whole tree or leaves it all to PyYAML, and
# no error can surface in another order than PyYAML's (merge keys first, each key before its value,
# nested collections last). A date, flag or null cannot fail when YAML would read its text as one
# untagged (an impossible date stays text); one tagged explicitly (`!!bool foo`) can, and goes to
# PyYAML (red team, session 36).
_MAP, _SEQ, _STR = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"
_NEVER_FAIL = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool")
_IMPLICIT = (True, False)  # how the resolver reads a plain (unquoted, untagged) scalar


class _NotPlain(Exception):
    """A node `_construct_tree` leaves to PyYAML's own constructor, or a tree past a size limit."""


_UNBUILT = object()  # what _built_quickly returns for a document it leaves to the full measure


def _built_quickly(loader: Any, root: yaml.Node | None, yaml_text: str) -> Any:
    """The data of a document that is surely a tree, built by `_construct_tree` with the size limits
    checked on the way (a walk of its own, `_plainly_small`, was a tenth of reading a page's front
    matter); _UNBUILT for any other document, or one past a limit or holding what the quick build
    leaves to PyYAML: `_parse` then measures and builds it as before, from the start.

    PyYAML's composer makes a new node for every value but an alias (`*name`), which stands for the
    node of its anchor (`&name`): a text without one of those two marks composes a tree. (The partial
    build before a refusal calls only constructors that cannot fail; what it sets, `kept_as_text`,
    the full build sets again.)"""
    if root is None or ("&" in yaml_text and "*" in yaml_text):
        return _UNBUILT
    try:
        return _construct_tree(loader, root, 1, [MAX_NODES - 1])
    except _NotPlain:
        return _UNBUILT


def _measured_and_built(loader: Any, node: yaml.Node | None) -> tuple[Any, Problem | None]:
    """A document's data, or the problem with its size: the full measure, for any document."""
    tree = node is not None and _plainly_small(node)  # _size_problem's first test, kept
    problem = None if node is None or tree else _graph_size_problem(node)
    if problem or node is None:
        return None, problem
    return _construct(loader, node) if tree else loader.construct_document(node), None


def _construct(loader: Any, root: yaml.Node) -> Any:
    """`loader.construct_document(root)` for a graph `_plainly_small` found a tree (no alias, whose
    values PyYAML would share). Most front matter is a mapping of text, dates and short lists, built
    here directly: PyYAML's constructor defers each collection to a generator and looks every node
    up in its tables (two fifths of reading a page's front matter). Anything else (merge keys, other
    tags, a key that is no scalar) is left to PyYAML whole."""
    try:
        return _construct_tree(loader, root, 1, [MAX_NODES - 1])  # within the limits: measured
    except _NotPlain:
        return loader.construct_document(root)


def _construct_tree(loader: Any, node: yaml.Node, depth: int, left: list[int]) -> Any:
    """The value of `node`, at `depth` (the root at 1) of a tree, and `left[0]` nodes may follow the
    ones counted (the root and each collection's children, as they are reached): _NotPlain where a
    node is not plain, or where a node lies deeper than MAX_DEPTH or past MAX_NODES (the tests
    `_plainly_small` makes, here once a collection for its children)."""
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag == _STR:
            return node.value
        if tag in _NEVER_FAIL and loader.resolve(yaml.ScalarNode, node.value, _IMPLICIT) == tag:
            return loader.yaml_constructors[tag](loader, node)
    elif isinstance(node, yaml.MappingNode) and tag == _MAP:
        left[0] -= 2 * len(node.value)  # a key and a value a pair
        if left[0] < 0 or (depth >= MAX_DEPTH and node.value):
            raise _NotPlain
        mapping = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _KEY_TAGS:
                raise _NotPlain  # merge keys, `=` keys and collections as keys: PyYAML's rules
            mapping[_construct_tree(loader, key_node, depth + 1, left)] = _construct_tree(
                loader, value_node, depth + 1, left
            )
        return mapping
    elif isinstance(node, yaml.SequenceNode) and tag == _SEQ:
        left[0] -= len(node.value)
        if left[0] < 0 or (depth >= MAX_DEPTH and node.value):
            raise _NotPlain
        return [_construct_tree(loader, child, depth + 1, left) for child in node.value]
    raise _NotPlain


_KEY_TAGS = (_STR, *_NEVER_FAIL)


def _size_problem(root: yaml.Node | None) -> Problem | None:
    """Refuse a node graph that is too deep, refers to itself, or expands past MAX_NODES."""
    if root is None or _plainly_small(root):
        return None
    return _graph_size_problem(root)


def _plainly_small(root: yaml.Node) -> bool:
    """Whether the graph is a tree (no node reached twice: no alias) within MAX_NODES and MAX_DEPTH.

    Almost all front matter is: one walk that only counts says so, and only a graph that is not
    (or breaks a limit) takes the full measure below, which finds the exact problem.
    """
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH or id(node) in seen or len(seen) >= MAX_NODES:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            continue
        depth += 1
        # Most nodes are scalars: each is counted here, by the same test its turn on the stack
        # took (the order of the walk changes no answer: every node meets the test once).
        for child in children:
            if not isinstance(child, yaml.ScalarNode):
                stack.append((child, depth))
            elif depth > MAX_DEPTH or id(child) in seen or len(seen) >= MAX_NODES:
                return False
            else:
                seen.add(id(child))
    return True


def _graph_size_problem(root: yaml.Node) -> Problem | None:
    """The exact problem with a graph that may share nodes through aliases.

    PyYAML's composer shares the node of an anchor between its aliases, so the graph is small even
    when the data it stands for is huge; counting each node once with the sizes of its children
    memoised measures the expanded data in time proportional to the graph.
    """
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}  # an alias repeats its anchor's depth wherever it is used
    # An explicit stack (node, depth, children counted?) instead of recursion: depth is the attack.
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    on_path: set[int] = set()
    while stack:
        node, depth, counted = stack.pop()
        if counted:
            on_path.discard(id(node))
            children = _children(node)
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            heights[id(node)] = 1 + max((heights[id(child)] for child in children), default=0)
            if heights[id(node)] > MAX_DEPTH:
                return _too_deep()
            if sizes[id(node)] > MAX_NODES:
                return _too_big(
                    f"expands to more than {MAX_NODES:,} values (through its aliases)",
                    "write each value out instead of repeating it with '&' and '*'",
                )
            continue
        if id(node) in sizes:
            continue
        if id(node) in on_path:
            return _too_big(
                "contains a value that refers to itself through an alias",
                "remove the '*' alias that points back into its own anchor",
            )
        if depth > MAX_DEPTH:
            return _too_deep()
        on_path.add(id(node))
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node) if id(child) not in sizes)
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _too_deep() -> Problem:
    return _too_big(
        f"nests values more than {MAX_DEPTH} levels deep",
        "front matter fields go at most a few levels deep; flatten the value",
    )


def _too_big(message: str, fix: str) -> Problem:
    return Problem("", "front matter", message, fix)


def mkdocs_reads_differently(text: str, data: Any, body: str, loaded_alike: bool = False) -> bool:
    """Whether MkDocs' own reader finds other front matter or another body in this text.

    MkDocs renders front matter it cannot load (an impossible date, say, which Alliance keeps as
    text) as part of the page, YAML comments included; comments are not in the review digest, so
    they could change after approval and show up as the page's headings. `loaded_alike` (from
    `Read`) says the YAML held nothing MkDocs' loader reads otherwise: then the same cut means the
    same data, and MkDocs' loader need not run again.
    """
    from mkdocs.utils import meta

    # Most pages hold no carriage return (and the body is part of the text): nothing to replace or
    # count, and each replace and count read the whole page (a tenth of this test's cost).
    returns = "\r" in text
    normalised = text.replace("\r\n", "\n") if returns else text  # what the hook hands MkDocs
    ours = (body.replace("\r\n", "\n") if returns else body).lstrip("\n")
    if loaded_alike and isinstance(data, dict) and (not returns or text.count("\r") == text.count("\r\n")):
        # MkDocs cuts with its YAML_RE and loads the cut with the same PyYAML safe loader: the
        # same body after the cut means the same closing line, so the same YAML text, but for
        # "\r\n" where MkDocs has "\n", which YAML reads as the same line break. (A lone "\r" is a
        # line break to YAML, and not to either cut.)
        cut = mkdocs_yaml_end(normalised)
        return cut is None or normalised[cut:].lstrip("\n") != ours
    their_body, their_data = meta.get_data(normalised)
    return their_data != data or their_body != ours
