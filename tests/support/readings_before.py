"""Readings as the library wrote them before a quick path replaced them: the properties and the red
team's pins hold the new code to these."""

from __future__ import annotations

import yaml

from alliance.content import frontmatter


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
