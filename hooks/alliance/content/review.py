"""The review record: the digest that binds a review to content, and the review state of a page.

The digest binds everything the reviewer approved: the whole front matter with the review block
(all but the digest itself, so the reviewer and both dates are bound), the body exactly as it will
render (only line endings normalised: two trailing spaces are a line break readers see), the bytes
of every local file the page shows or includes, and the reviewer's profile as readers see it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from alliance.content.people import Person

# The prefix names the rule the digest was computed under. A reviewer told "changed" goes looking for
# an edit; under a new rule nothing was edited, so an older prefix gets its own message (see pages.py).
DIGEST_PREFIX = "sha256v2:"
OLDER_PREFIXES = ("sha256:",)

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

# The control characters json.dumps escapes besides a line break and a tab (which _json_string_content
# replaces on their own), with the escapes json.dumps itself writes for them, so they cannot differ.
_RARE_CONTROLS = bytes(code for code in range(0x20) if code not in (0x09, 0x0A))
_RARE_CONTROL = re.compile(b"[" + re.escape(_RARE_CONTROLS) + b"]")
# The cheapest search for any of them found: translate them all to 0, then one memchr (a regex over
# the bytes took ten times as long; deleting them and comparing lengths a third longer).
_ZERO_FOR_RARE_CONTROLS = bytes(0 if code in _RARE_CONTROLS else 1 for code in range(256))
_CONTROL_ESCAPES = {bytes([code]): json.dumps(chr(code)).encode("ascii")[1:-1] for code in _RARE_CONTROLS}


@dataclass(frozen=True)
class Review:
    """A page's review block, parsed."""

    reviewer: str
    reviewed: dt.date
    next_review: dt.date
    digest: str | None


def normalised_body(body: str) -> str:
    """The body as compared for review: only line endings are normalised; every other character,
    trailing spaces included, can change what readers see. A body without a carriage return (most)
    is its own normal form: str.find rules it out, where each replace searched the whole body."""
    if "\r" not in body:
        return body
    return body.replace("\r\n", "\n").replace("\r", "\n")


def reviewer_identity(person: Person | None) -> dict[str, Any] | None:
    """What readers are told about the reviewer: a change here is a change to what they approved."""
    if person is None:
        return None
    return {
        "name": person.name,
        "credentials": person.credentials,
        "registration_body": person.registration_body,
        "registration_number": person.registration_number,
        "github": person.github,
        "sample": person.sample,
        "reviewer": person.is_reviewer,
    }


def review_digest(
    front_matter: Any,
    body: str,
    *,
    reviewer: Person | None = None,
    files: Mapping[str, str] | None = None,
    body_utf8: bytes | None = None,
) -> str:
    """SHA-256 over what a reviewer approved: the front matter (review block included, its digest
    excepted), the body, the reviewer's identity and the local files (path -> SHA-256 of bytes).

    The bytes hashed are those of `json.dumps` over all four (keys sorted, so the body comes first),
    fed to SHA-256 in three parts: the body is escaped here as bytes, not by json.dumps and encoded
    again with everything else (the body is nearly all of the text, and escaping and encoding it was
    half the digest). `body_utf8` is `body`'s UTF-8 where the caller has it already (the page's own
    bytes); tests/test_bind_equivalence.py holds the digest to the one json.dumps made before."""
    others = {
        "files": sorted((files or {}).items()),
        "front_matter": _canonical(_without_digest(front_matter)),
        "reviewer": reviewer_identity(reviewer),
    }
    after_body = json.dumps(
        others, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_json_value
    )
    if body_utf8 is None or b"\r" in body_utf8:
        body_utf8 = normalised_body(body).encode("utf-8")
    digest = hashlib.sha256(b'{"body":"')
    digest.update(_json_string_content(body_utf8))
    digest.update(b'",')
    digest.update(after_body[1:].encode("utf-8"))  # after its `{`: `"files":…}`
    return DIGEST_PREFIX + digest.hexdigest()


def _json_string_content(utf8: bytes) -> bytes:
    """What `json.dumps(text, ensure_ascii=False)` writes between the quotes, as UTF-8, from the
    text's UTF-8: only ASCII characters are escaped, and no byte of a longer character is ASCII."""
    escaped = utf8.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n").replace(b"\t", b"\\t")
    if 0 not in escaped.translate(_ZERO_FOR_RARE_CONTROLS):
        return escaped  # nearly every page: a control character other than a line break or tab is rare
    return _RARE_CONTROL.sub(_escape_control, escaped)


def _escape_control(match: re.Match[bytes]) -> bytes:
    return _CONTROL_ESCAPES[match.group()]


def is_older_digest(value: Any) -> bool:
    """A digest written under an earlier rule: it cannot match, and saying "changed" would mislead."""
    return isinstance(value, str) and value.startswith(OLDER_PREFIXES)


def _without_digest(front_matter: Any) -> Any:
    if not isinstance(front_matter, dict) or not isinstance(front_matter.get("review"), dict):
        return front_matter
    review = {key: value for key, value in front_matter["review"].items() if key != "digest"}
    return {**front_matter, "review": review}


def _canonical(value: Any) -> Any:
    """Text keys for JSON, without merging distinct YAML keys: `1: x` and `"1": y` stay apart."""
    if isinstance(value, dict):
        return {
            (key if isinstance(key, str) else f"\0{type(key).__name__}:{key!r}"): _canonical(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    return value


def _json_value(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return repr(value)  # YAML-only types (sets, binary) still hash deterministically
