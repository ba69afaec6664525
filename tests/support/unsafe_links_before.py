"""content.lint's unsafe-link check as it was before it skipped the search for reference definitions
on a page whose every `]:` closes a footnote's label, found two-character marks by their first
character, and counted lines only for a finding: the properties in test_unsafe_links_equivalence.py
hold the new code to this copy, finding for finding.

A verbatim copy of lint.py's LINK_SCHEMES .. _as_browser_reads (session 38); it imports only what
that change left alone (the finding, its excerpt, and prose's image and label readers)."""

from __future__ import annotations

import html
import re

from alliance.content.lint import LINKS, Finding, _excerpt
from alliance.content.prose import MAX_ADDRESS, image_closings, image_labels, label_key

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
    if "<!--" in body:
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


def _unsafe_links(body: str, first_line: int) -> list[Finding]:
    findings: list[Finding] = []
    if "](" not in body and "]:" not in body:
        return findings
    images = image_closings(body)
    line, counted = first_line, 0  # the line of offset `counted`: the openings come in order
    too_long = False
    labels: set[str] | None = None  # the labels images use, read at the first definition
    for opening, after in _destination_starts(body):
        match = _DESTINATION.match(body, after)
        if not match:
            continue
        line, counted = line + body.count("\n", counted, opening), opening
        raw = match.group(1)
        if len(raw) > MAX_DESTINATION:
            if too_long:
                continue  # one such finding says it: a run of them is one mistake
            too_long = True
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
    by `str.find`, definitions only in a body that holds a `]:` (one regex for both was slow on
    every page)."""
    found = []
    at = body.find("](")
    while at >= 0:
        found.append((at, at + 2))
        at = body.find("](", at + 2)
    definitions = _definition_starts(body) if "]:" in body else []
    return sorted(found + definitions) if definitions else found


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


def _as_browser_reads(raw: str) -> str:
    """A link destination as the browser gets it: Markdown escapes and character references
    undone, tabs and line breaks dropped, leading control characters and spaces stripped."""
    address = _MARKDOWN_ESCAPE.sub(r"\1", raw.strip("<>"))
    address = html.unescape(address)
    return re.sub(r"[\t\n\r]", "", address).lstrip("".join(map(chr, range(0x21))))
