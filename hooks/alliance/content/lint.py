"""Content lints run by `alliance check` and the build: readability, safe messaging, links, placeholders.

Each finding names the line in the file and suggests a fix. The phrases checked here follow the
safe-messaging guidance for suicide and self-harm (reportingonsuicide.org, Samaritans).

What each rule reads: wording rules read what readers see as prose, so fenced code, inline code,
URLs and the citations (the Sources section and footnote definitions, whose titles must be quoted
as published) are left out; the link rule reads everything but code, citations included.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from alliance.content.prose import (
    HEADING,
    MAX_ADDRESS,
    BodyLine,
    LineCounter,
    classify_lines,
    image_closings,
    image_labels,
    label_key,
    may_match_blind,
)
from alliance.content.readability import measure

# Rule names, as they appear in messages ("path:line: rule: what; fix") and in the writers' guide.
READABILITY = "readability"
SAFE_MESSAGING = "safe-messaging"
NO_CURE_PROMISES = "no-cure-promises"
LINKS = "links"
PLACEHOLDER = "placeholder"
FURTHER_READING = "further-reading"
RULES = (READABILITY, SAFE_MESSAGING, NO_CURE_PROMISES, LINKS, PLACEHOLDER, FURTHER_READING)

# A "Further reading" section sends readers on to trusted organisations' own pages: two give a
# choice, more than four is a link list nobody reads.
FURTHER_READING_LINKS = (2, 4)

# A paragraph shorter than this says too little for its own grade to point the writer anywhere.
_MIN_WORDS_FOR_HARDEST = 12


@dataclass(frozen=True)
class Finding:
    """One lint finding: the rule, the line in the file, what is wrong and how to fix it."""

    rule: str
    line: int | None
    message: str
    fix: str


@dataclass(frozen=True)
class PhraseRule:
    """A wording to avoid; `needs_context` rules apply only in a paragraph about suicide or self-harm."""

    pattern: re.Pattern[str]
    rule: str
    message: str
    fix: str
    # Lower-case ASCII words one of which every match holds: a paragraph holding none is not scanned.
    words: tuple[str, ...]
    needs_context: bool = False
    skip_negated: bool = False


def _phrase(
    pattern: str,
    rule: str,
    message: str,
    fix: str,
    *,
    words: tuple[str, ...] = ("suicide",),
    needs_context: bool = False,
    skip_negated: bool = False,
) -> PhraseRule:
    return PhraseRule(re.compile(pattern, re.I), rule, message, fix, words, needs_context, skip_negated)


_CURE_FIX = "say what the evidence shows, e.g. 'many people find it helps'"

PHRASE_RULES = (
    _phrase(
        r"\bcommit(?:s|ted|ting)?\s+suicide\b",
        SAFE_MESSAGING,
        "'{match}' suggests a crime or sin",
        "write 'died by suicide' or 'took their own life'",
    ),
    _phrase(
        r"\b(?:successful|unsuccessful|failed|completed)\s+suicide\s+attempts?\b",
        SAFE_MESSAGING,
        "'{match}' frames a suicide attempt as a success or failure",
        "write 'suicide attempt' or 'attempted suicide'",
    ),
    # "a failed attempt" is only about suicide in a paragraph about suicide, and "a failed attempt to
    # call" never is: an attempt *to* or *at* something else is left alone.
    _phrase(
        r"\b(?:successful|unsuccessful|failed|completed)\s+attempts?\b"
        r"(?!\s+(?:to|at)\s+(?!(?:kill|end|take|suicide)\b))",
        SAFE_MESSAGING,
        "'{match}' frames a suicide attempt as a success or failure",
        "write 'suicide attempt' or 'attempted suicide'",
        words=("attempt",),
        needs_context=True,
    ),
    _phrase(
        r"\b(?:successful|unsuccessful|completed)\s+suicides?\b(?!\s+attempt)",
        SAFE_MESSAGING,
        "'{match}' frames suicide as an achievement or a failure",
        "write 'died by suicide'",
    ),
    _phrase(
        r"\bsuicide\s+victims?\b",
        SAFE_MESSAGING,
        "'{match}' defines a person by how they died",
        "write 'a person who died by suicide'",
    ),
    _phrase(
        r"\bsuicide\s+(?:epidemic|crisis\s+hits)\b",
        SAFE_MESSAGING,
        "'{match}' is sensational",
        "give the facts in calm words, with where to get help",
    ),
    _phrase(
        r"\b(?:will|can|guaranteed?\s+to|promises?\s+to)\s+cure\b"
        r"|\bguaranteed\s+(?:cure|recovery|results)\b|\b(?:permanent|instant|complete)\s+cure\b"
        r"|\bcures?\s+(?:depression|anxiety|trauma|ptsd|ocd|addiction|grief)\b",
        NO_CURE_PROMISES,
        "'{match}' promises a cure",
        _CURE_FIX,
        words=("cure", "guaranteed"),
        skip_negated=True,
    ),
)

_SUICIDE_CONTEXT = re.compile(
    r"suicid|self[- ]harm|kill(?:s|ed|ing)?\s+(?:him|her|them|my|your|our)sel(?:f|ves)"
    r"|(?:take|takes|took|taking|end|ends|ended|ending)\s+(?:his|her|their|my|your|our)\s+(?:own\s+)?li(?:fe|ves)"
    r"|overdos",
    re.I,
)
NEGATION_REACH = 400  # characters: a long sentence, far longer than a readable one
_NEGATION = re.compile(r"\b(?:no|not|never|nothing|nobody|cannot|can't|won't|isn't|doesn't)\b[^.!?]*$", re.I)

_HEADING = HEADING
_FURTHER_READING_TITLE = re.compile(r"^(?:further reading|additional resources)$", re.I)
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s<>()\[\]\"'`]+", re.I)
# A Markdown link to a page of this site: "](../articles/x.md)", with no scheme.
_RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:)[^)\s]+\)", re.I)
_INSECURE_URL = re.compile(r"http://[a-z0-9\[][^\s<>()\[\]\"'`]*", re.I)
_TRAILING_PUNCTUATION = ".,;:!?*_"
_PLACEHOLDER = re.compile(r"\bTODO\b|\b10\.x{4}/")
# Every placeholder match holds one of these: a substring test rules most pages out far faster
# than the regex, which has no literal prefix to search for.
_PLACEHOLDER_WORDS = ("TODO", "10.xxxx/")
# Every phrase rule needs one of these words, the insecure-link rule "http://", and the Further
# reading rule the section's title: a substring test of the lowered text tells which rules can find
# anything on a page, so the line-by-line work (most of a check's time) runs only for those.
_PHRASE_WORDS = ("suicid", "attempt", "cure", "guarantee")
_INSECURE_WORDS = ("http://",)
_FURTHER_READING_WORDS = ("further reading", "additional resources")


def lint_body(body: str, first_line: int, max_grade: float) -> list[Finding]:
    """All findings for a clinical page's Markdown body, whose first line is `first_line` in the file."""
    grade = measure(body).grade if max_grade else 0.0
    # Each rule only where its words are: most real articles end with a Further reading section, and
    # searching all their paragraphs for the phrase rules and every line for "http://" as well was
    # a fifth of their lint. A long body is lowered once for the three tests (holds_lowered keeps it).
    too_hard = bool(max_grade) and grade > max_grade
    phrases = may_match_blind(body, _PHRASE_WORDS)
    insecure = may_match_blind(body, _INSECURE_WORDS)
    further_reading = may_match_blind(body, _FURTHER_READING_WORDS)
    if not (too_hard or phrases or insecure or further_reading):
        return []
    lines = list(classify_lines(body, first_line))
    findings = [
        *(_readability(grade, lines, max_grade) if too_hard else []),
        *(_phrases(lines) if phrases else []),
        *(_links(lines) if insecure else []),
        *(_further_reading(lines) if further_reading else []),
    ]
    return sorted(findings, key=lambda finding: (finding.line or 0, finding.rule))


def lint_front_matter(front_matter: dict, text: str) -> list[Finding]:
    """The wording rules over the title, description and summary: what readers see first."""
    findings: list[Finding] = []
    for key in ("title", "description", "summary"):
        value = front_matter.get(key)
        if not isinstance(value, str) or not may_match_blind(value, _PHRASE_WORDS):
            continue
        line = _line_of_key(text, key)
        findings.extend(
            Finding(f.rule, line, f.message, f.fix)
            for f in _phrases([BodyLine(line or 1, " ".join(value.split()), False, False)])
        )
    return findings


def _line_of_key(text: str, key: str) -> int | None:
    match = re.search(rf"^{key}[ \t]*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


def lint_placeholders(text: str) -> list[Finding]:
    """Text left from the `alliance new` scaffold (marked TODO), anywhere in the file, front matter too."""
    findings: list[Finding] = []
    if not any(word in text for word in _PLACEHOLDER_WORDS) or not _PLACEHOLDER.search(text):
        return findings
    for line in classify_lines(text, 1):
        if line.code:
            continue
        for match in _PLACEHOLDER.finditer(line.text):
            findings.append(
                Finding(
                    PLACEHOLDER,
                    line.number,
                    f"'{_excerpt(line.text, match.start())}' is scaffold text that has not been written yet",
                    "replace it with your own words (or the real source) and delete the TODO marker",
                )
            )
            break
    return findings


def _paragraphs(lines: list[BodyLine]) -> Iterator[list[BodyLine]]:
    """Runs of prose lines (not code, not citations) separated by blank lines or headings."""
    paragraph: list[BodyLine] = []
    for line in lines:
        if line.code or line.citation or not line.text.strip() or _HEADING.match(line.text):
            if paragraph:
                yield paragraph
            paragraph = []
            if line.text.strip() and _HEADING.match(line.text) and not (line.code or line.citation):
                yield [line]  # a heading is read on its own
            continue
        paragraph.append(line)
    if paragraph:
        yield paragraph


def _phrases(lines: list[BodyLine]) -> list[Finding]:
    findings = []
    for paragraph in _paragraphs(lines):
        # Joined with newlines so a phrase wrapped over two lines is still found, and its line known.
        joined = "\n".join(line.text for line in paragraph)
        # Most paragraphs hold none of the rules' words: a substring test rules them out (scanning
        # every paragraph with every rule was two thirds of a real article's lint). Blanking URLs
        # only turns characters into spaces, and no word holds a space, so the test may come first.
        if not may_match_blind(joined, _PHRASE_WORDS):
            continue
        rules = [rule for rule in PHRASE_RULES if may_match_blind(joined, rule.words)]
        text = _URL.sub(lambda match: " " * len(match.group(0)), joined)
        about_suicide = any(rule.needs_context for rule in rules) and bool(_SUICIDE_CONTEXT.search(text))
        for rule in rules:
            if rule.needs_context and not about_suicide:
                continue
            counter = LineCounter(text, 0)
            for match in rule.pattern.finditer(text):
                if rule.skip_negated and _is_negated(text, match.start()):
                    continue
                line = paragraph[counter.line(match.start())].number
                phrase = " ".join(match.group(0).split())
                findings.append(Finding(rule.rule, line, rule.message.format(match=phrase), rule.fix))
    return findings


def _is_negated(text: str, start: int) -> bool:
    """True for 'no pill can cure…' or 'therapy is not a guaranteed cure': a denial, not a promise.
    The sentence is read back at most NEGATION_REACH characters: a denial further back does not
    count (the promise is reported), and a paragraph of promises with no full stop costs no more
    than its length (read back to its start at each, it was quadratic: red team, session 29)."""
    reach = max(0, start - NEGATION_REACH)
    sentence_start = max(text.rfind(mark, reach, start) for mark in ".!?") + 1
    return bool(_NEGATION.search(text, max(reach, sentence_start), start))


def _links(lines: list[BodyLine]) -> list[Finding]:
    findings = []
    for line in lines:
        if line.code:
            continue
        for match in _INSECURE_URL.finditer(line.text):
            url = match.group(0).rstrip(_TRAILING_PUNCTUATION)
            findings.append(
                Finding(
                    LINKS,
                    line.number,
                    f"'{url}' is not https",
                    f"link to '{'https://' + url[len('http://') :]}' if the site offers it (readers' "
                    "privacy and safety); if it has no https address, leave the link out",
                )
            )
    return findings


# Where a Markdown link may send a reader: the web, an e-mail, a call or a text. Anything else
# (javascript:, vbscript:, data:, file:) runs code with the site's address or leaves the site
# unseen; a click on a `javascript:` link could register a service worker that rewrites every page.
LINK_SCHEMES = ("http", "https", "mailto", "tel", "sms")
# Not footnotes; a label may be empty: Python-Markdown defines "[]: …" for "[][]" (red team, 2 Dec).
# Where Python-Markdown reads a definition: at a line's start (a lone carriage return starts one
# too), behind the marks of the blocks that can hold it: a quote, a list item, a definition list's
# colon, a footnote's own label, an HTML tag or comment (`<div markdown>[a]: …`; round 3 of session
# 29 found `1234567890.`, `<!-- c -->` and `[^a[b]:` before one). A label holds no bracket and
# may run over lines (`[r` + line break + `]: …`). Red team, session 29: read anywhere, the rule
# flagged prose ("[and kindly]: note: …"); read only at the margin, it missed `- [r]: javascript:…`.
# No mark runs past a line break, a lone carriage return included: Python-Markdown reads one as a line
# break too, and a mark read on past it was tried from every `\r` to the next "\n" (quadratic on a
# line of `\r[^`: red team, session 30).
_CONTAINER_MARKS = (
    r"(?:>|[-*+](?=[ \t])|\d+[.)](?=[ \t])|:(?=[ \t])|\[\^[^\]\n\r]*\]:|</?[a-zA-Z][^<>\n\r]*>"
    r"|<!--[^\n\r]*?-->)"
)
# Before a mark or a definition: any white space but a line break. Python-Markdown reads an HTML
# comment or tag as a block behind any characters `str.strip` removes (a no-break space, an
# ideographic space, a form feed: red team, session 30), and the rest of its line as a new block.
_INDENT = r"[^\S\n\r]*+"
# Marks, then a definition's `[label]:` (not a footnote's), its label in group 1.
_MARKED_DEFINITION = rf"(?:{_INDENT}{_CONTAINER_MARKS})*+{_INDENT}\[(?!\^)([^\[\]]*)\]:"
_DEFINITION_START = re.compile(rf"(?:^|(?<=\r)){_MARKED_DEFINITION}", re.M)
# The same definitions after the text's start, matched from the line break before each: a pattern
# opening with `^` is tried at every position of the body (a quarter of the link check's cost on a
# page with footnotes), and this one only at the breaks before a label (_breaks_before_labels).
_DEFINITION_AFTER_BREAK = re.compile(rf"[\n\r]{_MARKED_DEFINITION}")
# Any white space may come before a destination, as Python-Markdown strips it (`](\u00a0javascript:…`,
# red team, session 29). A destination is read up to MAX_DESTINATION characters, so a run of `](a`
# on one line costs no more than its length (read to the end at each `](`, it was quadratic: red
# team, session 28); a longer one is a finding of its own, since its scheme might hide behind the cut.
MAX_DESTINATION = MAX_ADDRESS
_DESTINATION = re.compile(rf"\s*(<[^>\n]{{0,{MAX_DESTINATION}}}>|[^\s)]{{1,{MAX_DESTINATION + 1}}})")
_LINK_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unsafe_links(body: str, first_line: int) -> list[Finding]:
    """Markdown links to anything but web, e-mail, phone and text addresses, and images that are
    not files of this site (an outside image tells another host who reads the page, and can change
    after the review): on every page, since no page is reviewed for its markup."""
    findings = _unsafe_links(body, first_line)
    if _find(body, "<!--", key=1) >= 0:  # by its '!': a page's sources open autolinks with '<'
        # Python-Markdown moves a comment that follows one opening a line to the end of the page and
        # joins the text either side (`<!-- a -->[x]<!-- b -->(javascript:…)` is a link: red team,
        # session 30), so the page is read again without its comments; the findings only that reading
        # makes are added (their lines as in that reading).
        said = {finding.message for finding in findings}
        again = _unsafe_links(_without_comments(body), first_line)
        findings += [finding for finding in again if finding.message not in said]
    return findings


# An HTML comment as Python-Markdown's parser ends one (`-->` or `--!>`).
_COMMENT = re.compile(r"<!--.*?--!?>", re.S)


def _without_comments(body: str) -> str:
    """The body with its closed HTML comments taken out. Only the text up to the last closing is
    searched, so unclosed openings after it are not each read to the end (quadratic)."""
    last = max(body.rfind("-->") + 3, body.rfind("--!>") + 4)
    return _COMMENT.sub("", body[:last]) + body[last:]


# How many of a needle's key character `_find` tries before it leaves the rest to `str.find`.
_KEY_CHARACTER_TRIES = 16


def _find(text: str, needle: str, start: int = 0, key: int = 0) -> int:
    """`text.find(needle, start)`, for a needle of two or more characters and a start of 0 or more,
    found by its character at index `key` (the one rarest in a page).

    `str.find` compares a needle of two or more characters at every character of the text (in a
    page with a character past Unicode's first 256, a dash is enough, about 5 µs a page), where it
    finds one character with `memchr` in a tenth of that: the link check read a page's whole body
    so a dozen times. So the key character is found, and the needle compared around it, while those
    characters are few; past _KEY_CHARACTER_TRIES of them `str.find` reads on from there, so a body
    made of that character costs no more than before."""
    character = needle[key]
    at = text.find(character, start + key)
    for _ in range(_KEY_CHARACTER_TRIES):
        if at < 0:
            return -1
        if text.startswith(needle, at - key):
            return at - key
        at = text.find(character, at + 1)
    # Each occurrence at i holds the key character at i + key, and none before `at - key` is one.
    return text.find(needle, at - key) if at >= 0 else -1


def _unsafe_links(body: str, first_line: int) -> list[Finding]:
    findings: list[Finding] = []
    starts = _destination_starts(body)
    if not starts:
        return findings
    # image_closings reads every bracket of the body, and finds nothing in one without a `![`.
    images = image_closings(body) if _find(body, "![") >= 0 else {}
    # The line of offset `counted`, brought on to an opening only when it has a finding (counting
    # every opening's line break was a tenth of a page's check): the openings come in order.
    line, counted = first_line, 0
    too_long = False
    labels: set[str] | None = None  # the labels images use, read at the first definition
    for opening, after in starts:
        match = _DESTINATION.match(body, after)
        if not match:
            continue
        raw = match.group(1)
        if len(raw) > MAX_DESTINATION:
            if too_long:
                continue  # one such finding says it: a run of them is one mistake
            too_long = True
            line, counted = line + body.count("\n", counted, opening), opening
            findings.append(
                Finding(
                    LINKS,
                    line,
                    f"the link address '{_excerpt(raw, 0, 40)}' is longer than {MAX_DESTINATION:,} "
                    "characters",
                    "link to a shorter address",
                )
            )
            continue
        address = _as_browser_reads(raw)
        scheme = _LINK_SCHEME.match(address)
        if after - opening == 2:
            image = opening in images
        else:  # a definition: an image's address if an image names its label
            labels = image_labels(body, images) if labels is None else labels
            image = label_key(body[opening + 1 : after - 2]) in labels
        if scheme and scheme.group(1).lower() not in LINK_SCHEMES:
            line, counted = line + body.count("\n", counted, opening), opening
            findings.append(
                Finding(
                    LINKS,
                    line,
                    f"the link address '{_excerpt(address, 0, 40)}' uses "
                    f"'{scheme.group(1)}:', which can run code or leave the site "
                    "unseen",
                    "link to an https:// address, mailto:, tel: or sms:",
                )
            )
        elif image and (scheme or address.startswith("//")):
            line, counted = line + body.count("\n", counted, opening), opening
            findings.append(
                Finding(
                    LINKS,
                    line,
                    f"the image '{_excerpt(address, 0, 40)}' is not a "
                    "file of this site: readers' browsers would ask another host "
                    "for it, and it can change after the review",
                    "save the image in docs/ and link it by its path",
                )
            )
    return findings


def _destination_starts(body: str) -> list[tuple[int, int]]:
    """(start, end) of each `](` and each reference definition's `[label]:`, in order. The two kinds
    cannot overlap (a definition's only `]` is followed by `:`), so each is found on its own: `](`
    by `_find`, definitions only in a body with a `]:` that may end one (one regex for both was
    slow on every page)."""
    found = []
    at = _find(body, "](")
    while at >= 0:
        found.append((at, at + 2))
        at = _find(body, "](", at + 2)
    definitions = _definition_starts(body) if _may_define(body) else []
    return sorted(found + definitions) if definitions else found


def _may_define(body: str) -> bool:
    """Whether some `]:` may end a reference definition: whether the last bracket before it is a
    `[` not followed by `^`. Every definition `_definition_starts` finds ends with `[label]:`, its
    label free of brackets and not a footnote's `^`, so its `[` is the last bracket before its `]:`;
    where no `]:` has such a bracket (a page whose only `]:` end its sources' footnote labels) it
    finds none, and its searches are not made (two-thirds of a page's link check).

    Each look back stops at the nearest `]`, and the `]` of the last `]:` is one: linear on a line of
    many `]:`."""
    close = _find(body, "]:")
    while close >= 0:
        label = body.rfind("[", body.rfind("]", 0, close) + 1, close)
        if label >= 0 and not body.startswith("^", label + 1):
            return True
        close = _find(body, "]:", close + 2)
    return False


def _definition_starts(body: str) -> list[tuple[int, int]]:
    """(start, end) of each reference definition, in order: at a line's margin, and behind a mark
    that runs over lines."""
    found = _definitions_at_margins(body)
    behind = _definitions_behind_long_marks(body)
    return sorted(set(found).union(behind)) if behind else found


def _definitions_at_margins(body: str) -> list[tuple[int, int]]:
    """(start, end) of each reference definition, as `_DEFINITION_START.finditer` finds them."""
    first = _DEFINITION_START.match(body)
    found = [(first.start(1) - 1, first.end())] if first else []
    resume = first.end() if first else 0  # where the pattern's next search would begin
    for brk in _breaks_before_labels(body):
        if brk < resume:
            continue  # inside the last definition (its label ran over lines)
        match = _DEFINITION_AFTER_BREAK.match(body, brk)
        if match is not None:
            found.append((match.start(1) - 1, match.end()))
            resume = match.end()
    return found


def _breaks_before_labels(body: str) -> list[int]:
    """The line break before each label a definition could close with its `]:`, in order, once each.

    `_DEFINITION_AFTER_BREAK` matches only from such a break: its label is the last '[' before a
    `]:` with no bracket between, not a footnote's '[^', and no mark before it crosses a line. So it
    is tried there alone, not from every line break of the body (a quarter of a page's link check).
    Each search reads back no further than the last `]:` or label before it: linear on a line of
    many `]:`."""
    breaks: list[int] = []
    last_close, last_label, last_break = 0, 0, -1
    close = body.find("]:")
    while close >= 0:
        label = body.rfind("[", body.rfind("]", last_close, close) + 1 or last_close, close)
        last_close = close
        close = body.find("]:", close + 2)
        if label < 0 or body.startswith("^", label + 1):
            continue
        last_break = max(body.rfind("\n", last_label, label), body.rfind("\r", last_label, label), last_break)
        last_label = label
        if last_break >= 0 and (not breaks or breaks[-1] != last_break):
            breaks.append(last_break)
    return breaks


# What may follow a mark before a definition: more marks, then the definition's `[label]:`.
_BEHIND_A_MARK = re.compile(_MARKED_DEFINITION)
# A footnote's label runs to its first `]` (then `:`); a comment to its first `-->` after `<!--`.
_LONG_MARKS = (("[^", "]", 2, ":"), ("<!--", "-->", 4, ""))


def _definitions_behind_long_marks(body: str) -> list[tuple[int, int]]:
    """Definitions behind a footnote's label or an HTML comment that runs over lines: Python-Markdown
    reads a footnote's label up to its `]` and sets a comment aside whole, so `[^a` + line break +
    `]: [r]: javascript:…` and `<!-- a` + line break + `-->[r]: …` define links, where the margin
    pattern reads no mark past a line break (red team, session 30). Read wherever such a mark stands,
    a margin or not: a finding too many at worst. Only the first mark to reach a closing is read to
    it (a later one spans less of the text), so a page of marks costs no more than its length."""
    if "[^" not in body and "<!--" not in body:
        return []
    has_return = "\r" in body
    found: list[tuple[int, int]] = []
    for opening, closing, skip, then in _LONG_MARKS:
        end = -1  # the closing the last mark reached: every mark before it reaches the same one
        at = body.find(opening)
        while at >= 0:
            if at + skip > end:
                end = body.find(closing, at + skip)
                if end < 0:
                    break  # no mark from here on is closed
                over_lines = body.find("\n", at, end) >= 0 or (has_return and body.find("\r", at, end) >= 0)
                behind = end + len(closing) + len(then)
                if over_lines and body.startswith(then, end + len(closing)):
                    if match := _BEHIND_A_MARK.match(body, behind):
                        found.append((match.start(1) - 1, match.end()))
            at = body.find(opening, at + 1)
    return found


# What a browser drops from a URL wherever it stands, and strips from its start (WHATWG URL).
_TAB_OR_LINE_BREAK = re.compile(r"[\t\n\r]")
_CONTROL_OR_SPACE = "".join(map(chr, range(0x21)))


def _as_browser_reads(raw: str) -> str:
    """A link destination as the browser gets it: Markdown escapes and character references
    undone, tabs and line breaks dropped, leading control characters and spaces stripped."""
    address = raw.strip("<>")
    if "\\" in address:  # the substitution's template alone costs 2 µs, and a link has no escape
        address = _MARKDOWN_ESCAPE.sub(r"\1", address)
    address = html.unescape(address)
    return _TAB_OR_LINE_BREAK.sub("", address).lstrip(_CONTROL_OR_SPACE)


def _further_reading(lines: list[BodyLine]) -> list[Finding]:
    """Each "Further reading" section: 2–4 links, each an https address of another site."""
    findings = []
    for heading, section in _sections(lines, _FURTHER_READING_TITLE):
        urls = [
            match.group(0).rstrip(_TRAILING_PUNCTUATION)
            for line in section
            if not line.code
            for match in _URL.finditer(line.text)
        ]
        secure = [url for url in urls if url.lower().startswith("https://")]  # http: the links rule
        low, high = FURTHER_READING_LINKS
        if not low <= len(secure) <= high:
            findings.append(
                Finding(
                    FURTHER_READING,
                    heading.number,
                    f"the Further reading section has {len(secure)} https link(s), not {low}–{high}",
                    f"list {low}–{high} pages of trusted organisations (the NHS, Mind, the APA, SADAG…) "
                    "as full https:// addresses",
                )
            )
        if not urls and any(_RELATIVE_LINK.search(line.text) for line in section):
            findings.append(
                Finding(
                    FURTHER_READING,
                    heading.number,
                    "links to pages of this site, not to other organisations",
                    "link our own articles in the text; keep this section for "
                    "trusted organisations' own pages",
                )
            )
    return findings


def _sections(lines: list[BodyLine], title: re.Pattern[str]) -> Iterator[tuple[BodyLine, list[BodyLine]]]:
    """(heading line, lines under it) for each section whose heading matches `title`."""
    heading: BodyLine | None = None
    level = 0
    section: list[BodyLine] = []
    for line in lines:
        match = None if line.code else _HEADING.match(line.text)
        if match and heading is not None and len(match.group(1)) <= level:
            yield heading, section
            heading = None
        if match and heading is None and title.match(match.group(2)):
            heading, level, section = line, len(match.group(1)), []
            continue
        if heading is not None:
            section.append(line)
    if heading is not None:
        yield heading, section


def _readability(grade: float, lines: list[BodyLine], max_grade: float) -> list[Finding]:
    if not max_grade or grade <= max_grade:
        return []
    hardest = _hardest_paragraph(lines)
    where = f"; the hardest paragraph starts on this line (grade {hardest[1]:g})" if hardest else ""
    return [
        Finding(
            READABILITY,
            hardest[0] if hardest else (lines[0].number if lines else None),
            f"reading grade is {grade:g} (Flesch–Kincaid), above the site's limit of {max_grade:g}{where}",
            "use shorter sentences and everyday words; `alliance report` shows the grade of every article",
        )
    ]


def _hardest_paragraph(lines: list[BodyLine]) -> tuple[int, float] | None:
    """(first line, grade) of the prose paragraph with the highest grade, if any is long enough."""
    scored = []
    for paragraph in _paragraphs(lines):
        measured = measure("\n".join(line.text for line in paragraph))
        if measured.words >= _MIN_WORDS_FOR_HARDEST:
            scored.append((measured.grade, -paragraph[0].number))
    if not scored:
        return None
    grade, negative_line = max(scored)
    return -negative_line, grade


def _excerpt(text: str, start: int, width: int = 50) -> str:
    excerpt = text[start:].strip()
    return excerpt if len(excerpt) <= width else excerpt[: width - 1].rstrip() + "…"
