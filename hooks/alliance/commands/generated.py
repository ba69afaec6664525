"""Files the project generates and commits (the JSON Schema, CODEOWNERS): write them, or check that
the committed copy is what the generator would write now."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path


def write_or_check(
    target: Path, text: str, display: str, regenerate: str, check: bool, generated_from: str = ""
) -> int:
    """With check, exit status 1 and a diff when `target` differs from `text`; else write it.
    `generated_from` names what it is made from, e.g. "the reviewer profiles"."""
    if check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            source = f" with {generated_from}" if generated_from else ""
            print(f"{display}: is out of date{source}; run: {regenerate}", file=sys.stderr)
            sys.stderr.writelines(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    f"{display} (committed)",
                    f"{display} (generated now)",
                )
            )
            return 1
        print(f"{display}: up to date")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {display}")
    return 0
