"""Rows of a command's report as an aligned text table, a Markdown table or JSON."""

from __future__ import annotations

import json
from typing import Any


def render(table: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(table, indent=2) + "\n"
    if not table:
        return "no pages\n"
    headers = list(table[0])
    if fmt == "markdown":
        lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
        lines += ["| " + " | ".join(cell(row[h]) for h in headers) + " |" for row in table]
        counts: dict[str, int] = {}
        for row in table:
            counts[row.get("state", "")] = counts.get(row.get("state", ""), 0) + 1
        summary = ", ".join(f"{count} {state}" for state, count in counts.items())
        return "### Alliance review status\n\n" + summary + "\n\n" + "\n".join(lines) + "\n"
    widths = [max(len(h), *(len(str(row[h])) for row in table)) for h in headers]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(str(row[h]).ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
        for row in table
    ]
    return "\n".join(lines) + "\n"


def cell(value: Any) -> str:
    """A Markdown table cell: a `|` in the value must not end the cell."""
    return str(value).replace("|", "\\|")
