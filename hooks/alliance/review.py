"""The review record: the digest that binds a review to content, and the review state of a page."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

DIGEST_PREFIX = "sha256:"

# The states `alliance status` reports, most urgent first.
INVALID = "invalid"
MISSING = "missing"
CHANGED = "changed since review"
OVERDUE = "overdue"
SAMPLE = "sample"
DUE_SOON = "due soon"
OK = "ok"
OPTED_OUT = "opted out"
STATES = (INVALID, MISSING, CHANGED, OVERDUE, SAMPLE, DUE_SOON, OK, OPTED_OUT)


@dataclass(frozen=True)
class Review:
    """A page's review block, parsed."""

    reviewer: str
    reviewed: dt.date
    next_review: dt.date
    digest: str | None


def normalised_body(body: str) -> str:
    """The body as compared for review: line endings and trailing whitespace do not count."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def review_digest(front_matter: dict[str, Any], body: str) -> str:
    """SHA-256 over what a reviewer approved: every front matter field but `review`, and the body."""
    approved = _text_keys({key: value for key, value in front_matter.items() if key != "review"})
    canonical = json.dumps(approved, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                           default=_json_value)
    material = canonical + "\n---\n" + normalised_body(body)
    return DIGEST_PREFIX + hashlib.sha256(material.encode("utf-8")).hexdigest()


def _text_keys(value: Any) -> Any:
    """Mappings with text keys only: YAML allows `1: x` next to `a: y` (say in Material's opaque
    `search:`), which JSON cannot sort; text keys leave every ordinary page's digest unchanged."""
    if isinstance(value, dict):
        return {str(key): _text_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_text_keys(item) for item in value]
    return value


def _json_value(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return repr(value)  # YAML-only types (sets, binary) still hash deterministically
