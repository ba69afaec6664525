"""Read what the reader will see from rendered HTML: FAQ entries and sources.

Structured data is built from this, not from the Markdown, so the JSON-LD cannot say anything the
page does not show. Only the standard library's HTML parser is used: pages are small and regular.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# HTML's own whitespace only: a reader still sees U+2028 or a no-break space, so the text taken from
# the page (and put in the JSON-LD) keeps them.
_SPACE = re.compile(r"[ \t\n\r\f]+")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
         "wbr"}


@dataclass(frozen=True)
class Faq:
    question: str
    answer: str


@dataclass(frozen=True)
class Source:
    text: str
    url: str  # the DOI link, or the first link if there is no DOI


@dataclass
class PageExtract:
    faqs: list[Faq] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


def visible_text(fragment: str) -> str:
    """Whitespace-normalised text of an HTML fragment, as it reads on screen."""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    return normalise("".join(parser.parts))


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# Where the first FAQ block or the footnotes can start: the text before it holds neither, and skipping
# it makes the parse a fraction of the page (the parser keeps depths relative, so it can start here).
_FIRST_EXTRACTABLE = re.compile(r'<details\b|<div\b[^>]*\bclass="[^"]*\bfootnote\b')


def extract(html: str) -> PageExtract:
    """FAQ questions and answers (Material `??? question` blocks) and footnote sources of a page."""
    start = _FIRST_EXTRACTABLE.search(html)
    if start is None:
        return PageExtract()
    parser = _ExtractParser()
    parser.feed(html[start.start():])
    parser.close()
    return PageExtract(parser.faqs, parser.sources)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        elif tag in ("br", "p", "li", "div", "summary", "h1", "h2", "h3", "h4", "td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1
        elif tag in ("p", "li", "div", "summary", "h1", "h2", "h3", "h4", "td", "th"):
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


class _ExtractParser(HTMLParser):
    """A single pass that tracks <details class="question"> and <div class="footnote"> items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.faqs: list[Faq] = []
        self.sources: list[Source] = []
        self._stack: list[str] = []
        self._faq_depth: int | None = None
        self._in_summary = False
        self._question: list[str] = []
        self._answer: list[str] = []
        self._in_footnotes_at: int | None = None
        self._source_depth: int | None = None
        self._source_text: list[str] = []
        self._source_links: list[str] = []
        self._in_backref = False

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            self._break_text(tag)
            return
        classes = (dict(attrs).get("class") or "").split()
        self._stack.append(tag)
        depth = len(self._stack)
        if tag == "details" and "question" in classes and self._faq_depth is None:
            self._faq_depth, self._question, self._answer = depth, [], []
        elif tag == "summary" and self._faq_depth is not None and depth == self._faq_depth + 1:
            self._in_summary = True
        elif tag == "div" and "footnote" in classes:
            self._in_footnotes_at = depth
        elif tag == "li" and self._in_footnotes_at is not None and self._source_depth is None:
            self._source_depth, self._source_text, self._source_links = depth, [], []
        elif tag == "a" and self._source_depth is not None:
            if "footnote-backref" in classes:
                self._in_backref = True
            elif dict(attrs).get("href"):
                self._source_links.append(dict(attrs)["href"])
        self._break_text(tag)

    def _break_text(self, tag: str) -> None:
        if tag in ("p", "br", "li", "div"):
            self._data(" ")

    def handle_endtag(self, tag):
        if tag in _VOID or tag not in self._stack:
            return
        while self._stack:  # tolerate unclosed inner tags, as browsers do
            depth = len(self._stack)
            closed = self._stack.pop()
            self._close(closed, depth)
            if closed == tag:
                break

    def _close(self, tag: str, depth: int) -> None:
        if tag == "summary" and self._in_summary:
            self._in_summary = False
        elif tag == "details" and depth == self._faq_depth:
            self.faqs.append(Faq(normalise("".join(self._question)), normalise("".join(self._answer))))
            self._faq_depth = None
        elif tag == "a" and self._in_backref:
            self._in_backref = False
        elif tag == "li" and depth == self._source_depth:
            links = self._source_links
            doi = next((link for link in links if "doi.org/" in link), links[0] if links else "")
            self.sources.append(Source(normalise("".join(self._source_text)), doi))
            self._source_depth = None
        elif tag == "div" and depth == self._in_footnotes_at:
            self._in_footnotes_at = None
        if tag in ("p", "li", "div"):
            self._data(" ")

    def handle_data(self, data):
        self._data(data)

    def _data(self, data: str) -> None:
        if self._faq_depth is not None:
            (self._question if self._in_summary else self._answer).append(data)
        if self._source_depth is not None and not self._in_backref:
            self._source_text.append(data)
