"""Content lints run by `alliance check` and the build: readability, safe messaging, link safety.

Each finding names the line in the file and suggests a fix. The phrases checked here follow the
safe-messaging guidance for suicide and self-harm (reportingonsuicide.org, Samaritans).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .readability import measure


@dataclass(frozen=True)
class Finding:
    """One lint finding: the line (in the file) and the field-like name of the rule."""

    rule: str
    line: int | None
    message: str
    fix: str


@dataclass(frozen=True)
class PhraseRule:
    pattern: re.Pattern[str]
    rule: str
    message: str
    fix: str


def _phrase(pattern: str, rule: str, message: str, fix: str) -> PhraseRule:
    return PhraseRule(re.compile(pattern, re.I), rule, message, fix)


SAFE_MESSAGING = (
    _phrase(r"\bcommit(?:s|ted|ting)?\s+suicide\b", "safe-messaging",
            "'{match}' suggests a crime or sin", "write 'died by suicide' or 'took their own life'"),
    _phrase(r"\b(?:successful|unsuccessful|failed|completed)\s+(?:suicide\s+)?attempts?\b",
            "safe-messaging", "'{match}' frames a suicide attempt as a success or failure",
            "write 'suicide attempt' or 'attempted suicide'"),
    _phrase(r"\b(?:successful|completed)\s+suicides?\b", "safe-messaging",
            "'{match}' frames suicide as an achievement", "write 'died by suicide'"),
    _phrase(r"\bsuicide\s+(?:epidemic|crisis\s+hits)\b", "safe-messaging",
            "'{match}' is sensational", "give the facts in calm words, with where to get help"),
    _phrase(r"\b(?:will|can|guaranteed? to|promises? to)\s+cure\b|\bguaranteed\s+(?:cure|recovery)\b"
            r"|\bcures?\s+(?:depression|anxiety|trauma|ptsd|ocd)\b",
            "no-cure-promises", "'{match}' promises a cure",
            "say what the evidence shows, e.g. 'many people find it helps'"),
)

_INSECURE_LINK = re.compile(r"\]\(\s*<?(http://[^)\s>]+)|<(http://[^>\s]+)>|(?<![(<\"'])\b(http://\S+)")


def lint_body(body: str, first_line: int, max_grade: float) -> list[Finding]:
    """All findings for a clinical page's Markdown body, whose first line is `first_line` in the file."""
    findings = [_readability(body, max_grade)] if max_grade else []
    for offset, line in enumerate(body.splitlines()):
        number = first_line + offset
        for rule in SAFE_MESSAGING:
            for match in rule.pattern.finditer(line):
                findings.append(Finding(rule.rule, number, rule.message.format(match=match.group(0)),
                                        rule.fix))
        for match in _INSECURE_LINK.finditer(line):
            url = next(group for group in match.groups() if group)
            findings.append(Finding("links", number, f"'{url}' is not https",
                                    "link to the https:// address instead (readers' privacy and "
                                    "safety); if the site has none, leave the link out"))
    return [finding for finding in findings if finding]


def _readability(body: str, max_grade: float) -> Finding | None:
    result = measure(body)
    if result.grade <= max_grade:
        return None
    return Finding("readability", None,
                   f"reading grade is {result.grade} (Flesch–Kincaid), above the site's limit of "
                   f"{max_grade:g}", "use shorter sentences and everyday words; `alliance report` "
                   "shows the grade of every article")
