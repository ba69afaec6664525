"""hooks/alliance/render/html_extract.py as it was before its readers were made faster (session 34),
kept unchanged as the reference tests/test_extract_equivalence.py holds the faster code to.

Read what the reader will see from rendered HTML: FAQ entries, sources, and visible text.

Structured data is built from this, not from the Markdown, so the JSON-LD cannot say anything the
page does not show. The HTML is parsed as a browser parses it (selectolax's lexbor, an HTML5 parser
with a C core), and only text a reader can see counts: nothing inside <script>, <style>, <template>,
hidden or aria-hidden elements, or elements an inline style hides. The output check
(site_check.py) uses the same rules to decide whether a trust element is visible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

# HTML's own whitespace only: a reader still sees U+2028 or a no-break space, so the text taken from
# the page (and put in the JSON-LD) keeps them.
_SPACE = re.compile(r"[ \t\n\r\f]+")

# Elements whose content a browser never renders as part of the page (raw text, inert templates,
# fallback content, form option lists): text inside them is not something a reader sees.
NOT_RENDERED = frozenset(
    {
        "head",
        "title",
        "style",
        "script",
        "template",
        "textarea",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "noscript",
        "plaintext",
        "select",
        "option",
        "optgroup",
        "datalist",
        "object",
        "embed",
        "canvas",
        "video",
        "audio",
        "map",
        "svg",
        "math",
        "frameset",
    }
)
# Elements whose end starts a new line on screen: their text must not run into the next word.
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
# The one inline style Markdown itself writes (aligned table columns); any other declaration may
# take text out of sight (display, visibility, opacity, font-size, clip, position, transform, colour…),
# so it counts as hiding: fail closed rather than enumerate CSS.
_HARMLESS_DECLARATION = re.compile(r"\s*text-align\s*:\s*(?:left|right|center|justify|start|end)\s*", re.I)


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


def parse(html: str, *, fragment: bool = False) -> LexborHTMLParser:
    """The tree a browser with scripting on builds (so <noscript> is raw text, as readers get it)."""
    return LexborHTMLParser(html, is_fragment=fragment, scripting=True)


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def hiding_reason(node: LexborNode) -> str | None:
    """Why this element hides itself and everything inside it from a reader, or None."""
    return _hiding(node.tag, node.attributes)


def _hiding(tag: str | None, attributes: dict) -> str | None:
    if tag in NOT_RENDERED:
        return f"<{tag}> (its content is not shown as page text)"
    if not attributes:
        return None
    if "hidden" in attributes:
        return "the hidden attribute"
    if "inert" in attributes:
        return "the inert attribute"
    if "popover" in attributes:
        return "the popover attribute (hidden until opened)"
    if (attributes.get("aria-hidden") or "").strip().lower() == "true":
        return 'aria-hidden="true"'
    style = attributes.get("style")
    if style and hides_by_style(style):
        return f'an inline style that hides it ("{normalise(style)}")'
    return None


def hides_by_style(style: str) -> bool:
    """True if an inline style may take the element out of sight (fail closed: any doubt hides)."""
    return any(
        not _HARMLESS_DECLARATION.fullmatch(declaration)
        for declaration in style.split(";")
        if declaration.strip()
    )


def is_footnote_reference(node: LexborNode) -> bool:
    """A footnote marker (Python-Markdown's <sup id="fnref:…">): a number, not one of the words."""
    return _is_reference(node.tag, node.attributes)


def _is_reference(tag: str | None, attributes: dict) -> bool:
    if tag == "sup":
        return (attributes.get("id") or "").startswith("fnref")
    return tag == "a" and "footnote-ref" in (attributes.get("class") or "").split()


def visible_text(fragment: str) -> str:
    """Whitespace-normalised words of HTML as they read on screen (footnote markers left out)."""
    tree = parse(fragment)
    return node_text(tree.body) if tree.body is not None else ""


def node_text(node: LexborNode, skip=None, seen=None, closed_hides: bool = False) -> str:
    """The visible words inside `node`. `skip(child)` may leave out more (e.g. a backlink);
    `seen(tag, attributes)` is called for every visible element, so callers need no second walk;
    `closed_hides` counts a closed <details> or <dialog> as hidden (trust elements must show at once,
    while an FAQ answer is a closed <details> a reader opens)."""
    parts: list[str] = []
    _collect(node, parts, skip, seen, closed_hides)
    return normalise("".join(parts))


def _collect(node: LexborNode, parts: list[str], skip, seen, closed_hides: bool) -> None:
    child = node.child
    while child is not None:
        if child.is_text_node:
            parts.append(child.text_content or "")
        elif child.is_element_node:
            tag, attributes = child.tag, child.attributes  # one dict per element: the costly call
            if not (
                _hiding(tag, attributes)
                or _is_reference(tag, attributes)
                or (skip and skip(child))
                or (closed_hides and tag in ("details", "dialog") and "open" not in attributes)
            ):
                if seen:
                    seen(tag, attributes)
                block = tag in _BLOCKS
                if block:
                    parts.append(" ")
                _collect(child, parts, skip, seen, closed_hides)
                if block:
                    parts.append(" ")
        child = child.next


def extract(html: str) -> PageExtract:
    """FAQ questions and answers (Material `??? question` blocks) and footnote sources of a page."""
    if "<details" not in html and "footnote" not in html:
        return PageExtract()  # most of a site's pages: no parse needed
    return extract_from(parse(html, fragment=True))


def extract_from(scope: LexborHTMLParser | LexborNode) -> PageExtract:
    """FAQs and sources in a parsed fragment, or under one node of a page (the output check passes
    the <article>, whose own placement it checks itself)."""
    top = getattr(scope, "mem_id", None)  # a fragment has no common parent: look up to the top
    return PageExtract(_faqs(scope, top), _sources(scope, top))


def _faqs(scope, top: int | None) -> list[Faq]:
    faqs = []
    for details in scope.css("details.question"):
        if _outer_question(details, top) and not _hidden_within(details, top):
            summary = next((child for child in _children(details) if child.tag == "summary"), None)
            question = node_text(summary) if summary is not None else ""
            details_id = details.mem_id
            answer = node_text(
                details,
                skip=lambda node: node.tag == "summary" and node.parent.mem_id == details_id,  # noqa: B023 (called now)
            )
            if question and answer:  # a block with nothing visible to ask or answer is no FAQ
                faqs.append(Faq(question, answer))
    return faqs


def _ancestors(node: LexborNode, top: int | None):
    """The node's ancestors, nearest first, stopping below `top` (a mem_id: node identity, since
    `==` on lexbor nodes compares their serialised HTML)."""
    parent = node.parent
    while parent is not None and parent.is_element_node and parent.mem_id != top:
        yield parent
        parent = parent.parent


def _outer_question(details: LexborNode, top: int | None) -> bool:
    """Only outermost FAQ blocks count: a question nested in an answer is part of that answer."""
    return not any(
        parent.tag == "details" and "question" in (parent.attributes.get("class") or "").split()
        for parent in _ancestors(details, top)
    )


def _hidden_within(node: LexborNode, top: int | None) -> bool:
    """Whether the node or an ancestor below `top` hides it (a closed <details> does not: a reader
    opens it; FAQ blocks are closed <details> themselves)."""
    return any(
        hiding_reason(each) is not None or is_footnote_reference(each)
        for each in (node, *_ancestors(node, top))
    )


def _children(node: LexborNode):
    child = node.child
    while child is not None:
        if child.is_element_node:
            yield child
        child = child.next


def _sources(scope, top: int | None) -> list[Source]:
    sources = []
    for footnotes in scope.css("div.footnote"):
        if _hidden_within(footnotes, top):
            continue
        for item in footnotes.css("li"):
            list_parent = item.parent.parent if item.parent is not None else None
            if list_parent is None or list_parent.mem_id != footnotes.mem_id or _hidden_within(item, top):
                continue
            links = [
                link.attributes.get("href") or ""
                for link in item.css("a[href]")
                if not _is_backref(link) and not _hidden_within(link, item.mem_id)
            ]
            doi = next((link for link in links if "doi.org/" in link), links[0] if links else "")
            sources.append(Source(node_text(item, skip=_is_backref), doi))
    return sources


def _is_backref(node: LexborNode) -> bool:
    return node.tag == "a" and "footnote-backref" in (node.attributes.get("class") or "").split()
