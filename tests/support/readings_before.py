"""Readings as the library wrote them before a quick path replaced them: the properties and the red
team's pins hold the new code to these."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from alliance.content import frontmatter, readability
from alliance.content.prose import (
    FENCE,
    FOOTNOTE_DEFINITION,
    SOURCES_TITLE,
    BodyLine,
    _blank_inline_code,
    heading_of,
)
from alliance.problems import Problem


def plainly_small_as_it_was(root: yaml.Node) -> bool:
    """frontmatter._plainly_small before scalars were counted without a turn on the stack."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > frontmatter.MAX_DEPTH or id(node) in seen or len(seen) >= frontmatter.MAX_NODES:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend((part, depth + 1) for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
    return True


def classify_lines_as_it_was(body: str, first_line: int) -> Iterator[BodyLine]:
    """prose.classify_lines before each pattern was tried only on lines it could match."""
    fence: str | None = None
    sources_level: int | None = None
    in_footnote = False
    for offset, raw in enumerate(body.splitlines()):
        opening = FENCE.match(raw)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            yield BodyLine(first_line + offset, raw, True, False, sources_level is not None)
            continue
        if opening:
            fence = opening.group(1)
            yield BodyLine(first_line + offset, raw, True, False, sources_level is not None)
            continue
        heading = heading_of(raw)
        if heading:
            level, title = heading
            if sources_level is not None and level <= sources_level:
                sources_level = None
            if SOURCES_TITLE.match(title):
                sources_level = level
        if FOOTNOTE_DEFINITION.match(raw):
            in_footnote = True
        elif raw.strip() and not raw[:1].isspace():
            in_footnote = False
        in_sources = sources_level is not None
        yield BodyLine(
            first_line + offset, _blank_inline_code(raw), False, in_sources or in_footnote, in_sources
        )


def clean_inline_as_it_was(text: str) -> str:
    """readability._clean_inline before each pattern ran only on a text holding its opening."""
    text = readability._FOOTNOTE_REFERENCE.sub("", text)
    text = readability._IMAGE.sub(r"\1", text)
    text = readability._LINK.sub(r"\1", text)
    text = readability._AUTOLINK.sub("", text)
    text = readability._HTML_TAG.sub("", text)
    text = readability._ATTR_LIST.sub("", text)
    return readability._without_emphasis(text)


class HyphenationAsItWas:
    """readability._Hyphenation before the patterns were kept as a tree of their letters."""

    def __init__(self, patterns: dict[str, tuple[int, tuple[int, ...]]]) -> None:
        self.left, self.right = 2, 2
        self.patterns = patterns
        self.maxlen = max(map(len, patterns))
        self.prefixes = {key[:end] for key in self.patterns for end in range(1, len(key) + 1)}

    def points(self, word: str) -> int:
        right = len(word) - self.right
        pointed = f".{word.lower()}."
        size = len(pointed)
        references = [0] * (size + 1)
        patterns, prefixes = self.patterns, self.prefixes
        for start in range(size - 1):
            for stop in range(start + 1, min(start + self.maxlen, size) + 1):
                part = pointed[start:stop]
                if part not in prefixes:
                    break
                pattern = patterns.get(part)
                if not pattern:
                    continue
                offset, values = pattern
                first = start + offset
                references[first : first + len(values)] = map(
                    max, values, references[first : first + len(values)]
                )
        return sum(
            1
            for index, reference in enumerate(references)
            if reference % 2 and self.left <= index - 1 <= right
        )


def parse_as_it_was(yaml_text: str) -> tuple[Any, Problem | None, bool]:
    """frontmatter._parse before a tree of plain nodes was constructed without PyYAML's constructor."""
    size = len(yaml_text.encode("utf-8", "surrogatepass"))
    if size > frontmatter.MAX_BYTES:
        return frontmatter._parse(yaml_text)  # unchanged: refused before any node is read
    loader = frontmatter._Loader(yaml_text)
    try:
        node = loader.get_single_node()
        problem = frontmatter._size_problem(node)
        if problem:
            return None, problem, False
        data = loader.construct_document(node) if node is not None else None
        return data, None, not loader.kept_as_text
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else None
        what = error.problem or "it is not valid YAML"
        invalid = Problem(
            "",
            "front matter",
            f"not valid YAML: {what}",
            # A value tagged as what it is not carries its own fix (session 36, in the loader both share).
            getattr(
                error,
                "fix",
                "check the indentation and quote any value that contains ': ' or starts with a special "
                "character such as '*', '&', '[' or '{'",
            ),
            line=line,
        )
        return None, invalid, False
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
        invalid = Problem(
            "",
            "front matter",
            f"not valid YAML: {error}",
            "check the values: dates must be real calendar dates written as YYYY-MM-DD",
        )
        return None, invalid, False
    finally:
        loader.dispose()
