"""The post-build check: read the built HTML as a browser does and prove every clinical page shows
its trust signals where a reader sees them.

It depends on the output only, not on the hooks having run, so a build that skipped them (another
generator, a broken hook list) still cannot publish a clinical page without its byline, disclaimer,
crisis help and structured data. Each page is parsed with an HTML5 parser (selectolax's lexbor, a C
core: about 0.3 ms for a 45 kB page), so markup a writer leaves open — an unclosed <style>,
<textarea> or <div hidden> — is read exactly as a browser reads it, and swallowing the disclaimer
into it is caught.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from selectolax.lexbor import LexborNode

from alliance.content.pages import PageRecord
from alliance.content.people import Person, credited
from alliance.paths import on_this_site, output_path
from alliance.problems import Problem
from alliance.render.html_extract import (
    extract_from,
    hides_by_style,
    hiding_reason,
    node_text,
    normalise,
    parse,
)
from alliance.settings import Settings

# The trust elements in the order overrides/partials/content.html renders them, each a direct child
# of Material's <article class="md-content__inner">: the review banner or sample notice first, then
# (after the title) the byline and the content warnings, the crisis help after the page's
# introduction, the disclaimer and the feedback link after its text. "In short" (summary) and the
# related articles are the page's own content, not trust elements. Keep this in step with that
# template (tests/hostile/test_output.py::test_trust_order_follows_the_template checks it).
TRUST_ORDER = (
    "review-banner",
    "sample-notice",
    "byline",
    "content-warnings",
    "crisis",
    "disclaimer",
    "feedback",
)
NAMES = {
    "review-banner": "the 'not yet reviewed' banner",
    "sample-notice": "the 'sample review record' notice",
    "byline": "the byline",
    "content-warnings": "the content warning",
    "crisis": "the crisis help notice",
    "disclaimer": "the site's disclaimer",
    "feedback": "the feedback link",
}
ARTICLE = "article.md-content__inner"
# The one-line crisis strip main.html writes above the header of every page, clinical or not.
STRIP = "crisis-strip"
# Elements whose content is raw text to the parser: a trust element written inside one is shown as
# markup or not at all.
RAW_TEXT = (
    "style",
    "script",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "template",
)
# Material's own stylesheets (base.html) and its one inline style (the font names).
_THEME_STYLESHEET = re.compile(r"^assets/stylesheets/(?:main|palette)\.[0-9a-f]+\.min\.css$")
_THEME_STYLE = re.compile(r'^:root\{--md-text-font:"[^"<>]*";--md-code-font:"[^"<>]*"\}$')
# Elements that have no business in a page's content: they run code, style or redirect the page.
_FORBIDDEN_IN_CONTENT = ("script", "link", "meta", "base")  # <style>: see _foreign_styles
# Attributes that hold an address, and of those the ones the browser fetches without a click.
_URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "srcset",
        "poster",
        "data",
        "action",
        "formaction",
        "xlink:href",
        "background",
        "cite",
        "longdesc",
        "ping",
    }
)
_EMBEDDING_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background"})
# Links whose target is a page on the site, not a file the page shows (content.page_files binds the
# others: a linked PDF, an image opened by a click).
_PAGE_SUFFIXES = (".html", ".htm")
_LINK_SCHEMES = ("http", "https", "mailto", "tel", "sms")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_URL_BREAKS = re.compile(r"[\t\n\r]")
_URL_BREAK_CHARACTERS = frozenset("\t\n\r")
_LEADING_IGNORED = "".join(map(chr, range(0x21)))
_FIX_PLACEMENT = (
    "close every HTML element the page opens and remove hiding markup (hidden, style, "
    "inert, aria-hidden, <style>, <textarea> …) from the page's Markdown"
)
_FIX_MARKUP = (
    "remove it from the page's Markdown: pages may not bring their own scripts, styles, "
    "stylesheets, event handlers or structured data"
)
_FIX_ORDER = (
    "keep overrides/partials/content.html's order of trust elements (and TRUST_ORDER in "
    "hooks/alliance/output/site_check.py in step with it)"
)
_FIX_STRIP = (
    "render the page with main.html or a template that extends it (home.html, articles.html), and "
    "keep the strip in main.html's announce block"
)
_FIX_HELP_PAGE = (
    "start the page with its '# ' title and close every element the page opens: hooks/trust.py puts "
    "the helplines right after the title"
)
_FIX_UNBOUND = (
    "write the file's path plainly in the page's Markdown (no backslash, quote, backtick, space or "
    "brackets within brackets; %20 for a space), then ask the reviewer to approve the page again"
)
_FIX_HOOKS = (
    "check that hooks/review_gate.py and hooks/trust.py are listed under 'hooks:' in "
    "mkdocs.yml and that overrides/ is the theme's custom_dir"
)


@dataclass
class Trust:
    """One trust element as a reader gets it: its visible text, dates and phone links."""

    text: str = ""
    times: set[str] = field(default_factory=set)
    tel_links: int = 0
    position: int = -1  # among the article's children; -1 when not a child of it


@dataclass
class _Found:
    markers: dict[str, Trust] = field(default_factory=dict)
    robots: str = ""
    ld_json: list[str] = field(default_factory=list)
    faqs: list[tuple[str, str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    placement: list[str] = field(default_factory=list)  # why a trust element is out of sight
    out_of_sight: set[str] = field(default_factory=set)  # the markers those problems are about
    order: list[str] = field(default_factory=list)  # trust elements out of the templates' order
    markup: list[str] = field(default_factory=list)  # stylesheets, scripts, styles that do not belong
    strip: list[str] = field(default_factory=list)  # why the crisis strip above the header is not seen
    # The addresses of local files the page's own content shows or links to (src, srcset, poster …,
    # and links to files), as written in the HTML: a reviewed page's review must bind each one.
    files_shown: list[str] = field(default_factory=list)


def read_output(html: str, where: str = "index.html", extra_css: Iterable[str] = ()) -> _Found:
    """What the check needs from a built page, read from the tree a browser builds."""
    tree = parse(html)
    found = _Found()
    head = tree.head
    robots = head.css_first('meta[name="robots"]') if head is not None else None
    found.robots = (robots.attributes.get("content") or "") if robots is not None else ""
    for script in tree.css('script[type="application/ld+json"]'):
        if _inside(script, "head"):
            found.ld_json.append(script.text(deep=True))
        else:
            found.markup.append("a JSON-LD block outside <head> (only the theme writes structured data)")
    found.markup.extend(_foreign_styles(tree, where, set(extra_css)))
    articles = tree.css(ARTICLE)
    article = articles[0] if len(articles) == 1 else None
    _read_markers(tree, article, found)
    if article is not None:
        found.markup.extend(_content_markup(article, found.files_shown))
        extracted = extract_from(article)
        found.faqs = [(faq.question, faq.answer) for faq in extracted.faqs]
        found.sources = [source.text for source in extracted.sources]
    elif articles and found.markers:
        found.placement.append(
            f'the page has {len(articles)} <article class="md-content__inner"> elements; the theme writes one'
        )
    if found.markers:
        found.order.extend(_order_problems(found.markers))
    swallowed = [name for name in TRUST_ORDER if name not in found.markers]
    if any(name in swallowed for name in ("byline", "crisis", "disclaimer")):
        _swallowed(tree, swallowed, found)
    return found


def _swallowed(tree, names: list[str], found: _Found) -> None:
    """Trust elements whose markup ended up as raw text (an unclosed <style>, <textarea> …)."""
    for name in names:
        if container := _raw_container(tree, name):
            found.out_of_sight.add(name)
            found.placement.append(
                f"{NAMES[name]} is inside a <{container}> element, whose content "
                "is raw text, so readers do not see it"
            )


def _read_markers(tree, article: LexborNode | None, found: _Found) -> None:
    seen: dict[str, int] = {}
    positions = _child_positions(article) if article is not None else {}
    for node in tree.css("[data-alliance]"):
        name = node.attributes.get("data-alliance") or ""
        seen[name] = seen.get(name, 0) + 1
        if name == STRIP:
            if seen[name] == 1 and (hidden := _hidden_by_ancestor(node)):
                found.strip.append(f"the crisis strip is inside {hidden}, so readers do not see it")
            continue
        if name not in NAMES:
            continue
        if seen[name] > 1:
            found.placement.append(
                f'data-alliance="{name}" appears more than once; only the templates mark trust elements'
            )
            continue
        trust = _read_trust(node)
        hidden = _hidden_by_ancestor(node)
        if hidden:
            found.out_of_sight.add(name)
            found.placement.append(f"{NAMES[name]} is inside {hidden}, so readers do not see it")
            continue  # out of sight counts as missing too
        parent = node.parent
        if article is not None and parent is not None and parent.mem_id == article.mem_id:
            trust.position = positions[node.mem_id]
        elif article is not None:
            found.placement.append(
                f"{NAMES[name]} is inside <{parent.tag if parent else '?'}> from the "
                "page's content, not directly in the article: an element the page "
                "opened and never closed has swallowed it"
            )
        found.markers[name] = trust
    if seen.get(STRIP, 0) != 1:
        found.strip.append(
            "the crisis strip above the header is missing"
            if not seen.get(STRIP)
            else f'data-alliance="{STRIP}" appears {seen[STRIP]} times; main.html writes it once'
        )


def _read_trust(node: LexborNode) -> Trust:
    trust = Trust()

    def seen(tag: str, attributes: dict) -> None:
        if tag == "time" and attributes.get("datetime"):
            trust.times.add(attributes["datetime"])
        elif tag == "a" and (attributes.get("href") or "").startswith("tel:"):
            trust.tel_links += 1

    trust.text = node_text(node, seen=seen, closed_hides=True)
    return trust


def _hidden_by_ancestor(node: LexborNode | None) -> str | None:
    """Why the element, or anything it sits in, keeps it out of a reader's sight, or None."""
    while node is not None and node.is_element_node:
        reason = hiding_reason(node)
        if reason is None and node.tag in ("details", "dialog") and "open" not in node.attributes:
            reason = f"a closed <{node.tag}>"
        if reason is not None:
            return (
                reason
                if reason.startswith("<") or reason.startswith("a closed")
                else f"<{node.tag}> with {reason}"
            )
        node = node.parent
    return None


def _child_positions(parent: LexborNode) -> dict[int, int]:
    """Each element child's place among its siblings, by node identity (mem_id)."""
    positions, child, index = {}, parent.child, 0
    while child is not None:
        if child.is_element_node:
            positions[child.mem_id] = index
            index += 1
        child = child.next
    return positions


def _order_problems(markers: dict[str, Trust]) -> list[str]:
    placed = [name for name in TRUST_ORDER if markers.get(name) and markers[name].position >= 0]
    by_position = sorted(placed, key=lambda name: markers[name].position)
    return [
        f"{NAMES[actual]} comes where {NAMES[expected]} belongs; the page must show them in the "
        f"order {', '.join(NAMES[name] for name in placed)}"
        for expected, actual in zip(placed, by_position, strict=True)
        if expected != actual
    ][:1]


def _raw_container(tree, name: str) -> str | None:
    """The raw-text element that swallowed a trust element's markup (only looked for when missing)."""
    needle = f'data-alliance="{name}"'
    for tag in RAW_TEXT:
        for node in tree.css(tag):
            content = node.html if tag == "template" else node.text(deep=True)
            if content and needle in content:
                return tag
    return None


def _inside(node: LexborNode, tag: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def _foreign_styles(tree, where: str, extra_css: set[str]) -> list[str]:
    """<style> and stylesheet links the theme did not write: CSS can hide any trust element."""
    problems = []
    for style in tree.css("style"):
        if not (_inside(style, "head") and _THEME_STYLE.match(style.text(deep=True).strip())):
            problems.append("a <style> element the theme did not write (CSS can hide the trust elements)")
    for link in tree.css("link"):
        rel = (link.attributes.get("rel") or "").lower().split()
        if "stylesheet" not in rel:
            continue
        href = link.attributes.get("href") or ""
        if not (_inside(link, "head") and _own_stylesheet(href, where, extra_css)):
            problems.append(
                f"a stylesheet link to '{href}' that is neither the theme's nor listed in "
                "extra_css (CSS can hide the trust elements)"
            )
    return problems


def _own_stylesheet(href: str, where: str, extra_css: set[str]) -> bool:
    """Material's stylesheets or an extra_css entry, resolved from the page's own folder (a relative
    name is compared after resolving, so a same-named file elsewhere does not pass)."""
    path = href.split("?", 1)[0].split("#", 1)[0]
    if not path or "//" in path or ":" in path.split("/", 1)[0]:
        return href in extra_css  # an absolute URL passes only when mkdocs.yml lists it exactly
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(where), path)).lstrip("/")
    if path.startswith("/"):
        resolved = path.lstrip("/")
    return bool(_THEME_STYLESHEET.match(resolved)) or resolved in extra_css


def _content_markup(article: LexborNode, files_shown: list[str]) -> list[str]:
    """Markup in the article that could run code or restyle the page, each kind reported once; and
    the addresses of the local files the page's own content shows (into `files_shown`)."""
    kinds: dict[str, None] = {}
    for node in article.traverse():
        if not node.is_element_node:
            continue
        tag = node.tag
        if tag in _FORBIDDEN_IN_CONTENT:
            kinds[f"a <{tag}> element in the article"] = None
        attributes = node.attributes
        if not attributes:
            continue
        for name, value in attributes.items():
            if name in _URL_ATTRIBUTES:  # the most common by far: every link
                if not value:
                    continue
                problems, may_show_a_file = _address_facts(name, value)
                if problems:
                    kinds.update(dict.fromkeys(problems))
                if may_show_a_file and not _in_trust_element(node, article):
                    files_shown.extend(_candidates(name, value))
            elif name.startswith("on"):
                kinds[f"an event handler attribute ({name}=) in the article"] = None
            elif name == "style" and value and hides_by_style(value):
                kinds[f'a style attribute in the article (style="{normalise(value)}")'] = None
    return list(kinds)


def _may_show_a_file(name: str, value: str) -> bool:
    """Whether an address attribute may load or link a local file (a quick test: most are links to
    pages, anchors or other sites; `_site_path` decides)."""
    if name in _EMBEDDING_ATTRIBUTES:
        return True
    # Addresses on other sites pass too: one on the site's own host is a file of the site (`_site_path`).
    if name != "href" or value.startswith(("#", "tel:", "mailto:", "sms:")):
        return False
    path = value.split("#", 1)[0].split("?", 1)[0].strip()
    return bool(path) and not path.endswith(("/", "\\")) and not path.lower().endswith(_PAGE_SUFFIXES)


def _candidates(name: str, value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.split()] if name == "srcset" else [value]


def _in_trust_element(node: LexborNode, article: LexborNode) -> bool:
    """Whether the node is part of a trust element the templates write (not the page's content)."""
    parent: LexborNode | None = node
    while parent is not None and parent.mem_id != article.mem_id:
        if "data-alliance" in parent.attributes:
            return True
        parent = parent.parent
    return False


def _site_path(where: str, address: str, site_url: str = "") -> str | None:
    """The path inside the site folder of the file a local address on the page at `where` loads, as a
    browser resolves it (tabs and line breaks dropped, backslashes read as slashes, percent-escapes
    decoded by the server), or None for an address of another site, scheme or an anchor."""
    address = _URL_BREAKS.sub("", address).lstrip(_LEADING_IGNORED).replace("\\", "/")
    if site_url and (own := on_this_site(address, site_url)) is not None:
        address = own  # the site's own host: a file of this site, as a site-absolute path
    if not address or _SCHEME.match(address) or address.startswith("//"):
        return None
    path = unquote(address.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    base = "" if path.startswith("/") else posixpath.dirname(where)
    return posixpath.normpath(posixpath.join(base, path.lstrip("/")))


def _unbound_files(record: PageRecord, where: str, found: _Found, settings: Settings) -> list[str]:
    """The local files the reviewed page shows that its review does not bind: the page check binds
    the files it reads in the Markdown, and a spelling Python-Markdown reads otherwise (an escape, a
    space, brackets within brackets) would show another file than the one approved (red team,
    session 28). Each address in the built page must be one the page check bound."""
    bound = set(record.files)
    docs = os.path.relpath(settings.docs_dir, settings.config_dir).replace(os.sep, "/")
    unbound: dict[str, None] = {}
    for address in found.files_shown:
        path = _site_path(where, address, settings.site_url)
        if path is None:
            continue
        key = posixpath.normpath(f"{docs}/{path}")
        if key in bound:
            continue
        if on_this_site(address, settings.site_url) is not None and not (settings.config_dir / key).is_file():
            continue  # its full address names a page, or a file the build or the theme makes
        real = os.path.relpath(os.path.realpath(settings.config_dir / key), settings.config_dir)
        if real.replace(os.sep, "/") not in bound:
            unbound[address] = None
    return list(unbound)


@lru_cache(maxsize=4096)
def _address_facts(name: str, value: str) -> tuple[tuple[str, ...], bool]:
    """What is wrong with one address attribute (each candidate of a srcset), and whether it may show
    a local file. Remembered: a site's pages repeat the same links (the helplines, the navigation)
    on every page a worker checks."""
    return _address_problems(name, value), _may_show_a_file(name, value)


def _address_problems(name: str, value: str) -> tuple[str, ...]:
    """What is wrong with one address attribute (each candidate of a srcset)."""
    candidates = (
        [part.split()[0] for part in value.split(",") if part.split()] if name == "srcset" else [value]
    )
    return tuple(filter(None, (_address_problem(name, each) for each in candidates)))


def _address_problem(name: str, value: str) -> str | None:
    """A link that runs code, or an embedded resource another host serves (or that is inline data
    nobody's review binds as a file): readers' browsers must ask no host but the site's own."""
    # A browser drops tabs and line breaks anywhere in a URL and C0 controls and spaces before it.
    address = _URL_BREAKS.sub("", value) if _URL_BREAK_CHARACTERS.intersection(value) else value
    address = address.lstrip(_LEADING_IGNORED)
    scheme = _SCHEME.match(address)
    if name in _EMBEDDING_ATTRIBUTES:
        if scheme or address.startswith(("//", "\\/", "/\\", "\\\\")):
            return f"an embedded resource from '{address[:60]}' in the article (only the site's own files)"
    elif scheme and scheme.group(1).lower() not in _LINK_SCHEMES:
        return f"a link to '{address[:60]}' in the article (it runs code or leaves the site unseen)"
    return None


def check_site(
    site_dir: Path,
    records: Iterable[PageRecord],
    settings: Settings,
    registry: dict[str, Person],
    extra_css: Iterable[str] = (),
) -> list[Problem]:
    """Problems with the built output of each checked page; an empty list means the gates hold.
    Clinical pages must show every trust element; every page (the help page too) must be free of
    stylesheets, styles and scripts the theme did not write. `extra_css` is mkdocs.yml's list: the
    only stylesheets besides the theme's a page may load."""
    problems: list[Problem] = []
    extra = tuple(extra_css)
    for record in records:
        problems.extend(check_built_page(site_dir, record, settings, registry, extra))
    return problems


def output_file(site_dir: Path, record: PageRecord, settings: Settings) -> tuple[Path, str]:
    """The file a page was written to, and its path inside the site folder as messages show it."""
    html_file = site_dir / output_path(record.src_uri, settings.use_directory_urls)
    return html_file, html_file.relative_to(site_dir).as_posix()


def check_built_page(
    site_dir: Path,
    record: PageRecord,
    settings: Settings,
    registry: dict[str, Person],
    extra_css: Iterable[str] = (),
) -> list[Problem]:
    """Problems with the page as written in `site_dir`."""
    html_file, where = output_file(site_dir, record, settings)
    try:
        html = html_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [Problem(record.path, "output", f"{where} cannot be read ({error})", "build the site again")]
    return check_output(record, where, html, settings, registry, extra_css)


def check_output(
    record: PageRecord,
    where: str,
    html: str,
    settings: Settings,
    registry: dict[str, Person],
    extra_css: Iterable[str] = (),
) -> list[Problem]:
    """Problems with one built page's HTML: trust elements on clinical pages, foreign markup on all."""
    if record.clinical:
        return check_page_html(record, where, html, settings, registry, extra_css)
    # no trust elements to find, but no page may restyle itself or run code either, every page
    # shows the crisis strip, and "Get help now" every helpline (red team, round 26)
    found = read_output(html, where, extra_css)
    problems = [Problem(record.path, "output", f"{where}: {what}", _FIX_MARKUP) for what in found.markup]
    problems.extend(_strip_problems(record, where, found))
    if record.src_uri == settings.help_page:
        problems.extend(_help_page_problems(record, where, found))
    return problems


def _strip_problems(record: PageRecord, where: str, found: _Found) -> list[Problem]:
    return [Problem(record.path, "output", f"{where}: {what}", _FIX_STRIP) for what in found.strip]


def _help_page_problems(record: PageRecord, where: str, found: _Found) -> list[Problem]:
    """'Get help now' must show its helplines where readers see them: in the page itself (not in a
    comment, a closed <details>, a tab or a footnote), with numbers to call."""
    helplines = found.markers.get("crisis")
    if "crisis" in found.out_of_sight:
        what = next(
            (reason for reason in found.placement if reason.startswith(NAMES["crisis"])),
            "its helplines are out of sight",
        )
    elif helplines is None or not helplines.tel_links:
        what = "lacks its helplines with tel: links"
    elif helplines.position < 0:
        what = "its helplines are inside an element of the page's content, not in the page itself"
    else:
        return []
    return [Problem(record.path, "output", f"{where}: {what}", _FIX_HELP_PAGE)]


def check_page_html(
    record: PageRecord,
    where: str,
    html: str,
    settings: Settings,
    registry: dict[str, Person],
    extra_css: Iterable[str] = (),
) -> list[Problem]:
    """Problems with one built clinical page (`where`: its path inside the site folder)."""
    found = read_output(html, where, extra_css)
    problems = [
        Problem(record.path, "output", f"{where}: {what}", fix)
        for whats, fix in (
            (found.placement, _FIX_PLACEMENT),
            (found.order, _FIX_ORDER),
            (found.markup, _FIX_MARKUP),
        )
        for what in whats
    ]
    problems.extend(_check_page(record, where, found, settings, registry))
    problems.extend(_strip_problems(record, where, found))
    return problems


def _check_page(
    record: PageRecord, where: str, found: _Found, settings: Settings, registry: dict[str, Person]
) -> list[Problem]:
    missing: list[str] = []
    graph, ld_errors = _graph(found.ld_json)
    page = next((node for node in graph if node.get("@type") == "MedicalWebPage"), None)
    markers = found.markers
    if "disclaimer" in found.out_of_sight:
        pass  # already reported with the reason it is out of sight
    elif "disclaimer" not in markers or normalise(settings.disclaimer) not in markers["disclaimer"].text:
        missing.append("the site's disclaimer")
    if "crisis" not in found.out_of_sight and ("crisis" not in markers or not markers["crisis"].tel_links):
        missing.append("the crisis help notice with tel: links")
    if page is None:
        missing.append("MedicalWebPage structured data")
    unbound: list[str] = []
    if record.reviewed and record.review:
        missing.extend(_missing_review(record, found, page, registry))
        unbound = _unbound_files(record, where, found, settings)
    else:
        if "noindex" not in found.robots:
            missing.append('<meta name="robots" content="noindex"> (the page is not reviewed)')
        if "review-banner" not in markers and "review-banner" not in found.out_of_sight:
            missing.append("the 'not yet reviewed' banner")
        if page is not None and ("lastReviewed" in page or "reviewedBy" in page):
            missing.append("nothing: it claims a review in its JSON-LD but is not reviewed")
    problems = [Problem(record.path, "output", f"{where} lacks {what}", _FIX_HOOKS) for what in missing]
    problems.extend(
        Problem(
            record.path,
            "output",
            f"{where}: shows '{address}', a file the page's review does not bind",
            _FIX_UNBOUND,
        )
        for address in unbound
    )
    problems.extend(
        Problem(
            record.path,
            "output",
            f"{where}: {error}",
            "structured data must be serialised with the tojson filter",
        )
        for error in ld_errors
    )
    problems.extend(
        Problem(
            record.path,
            "output",
            f"{where}: {claim}",
            "structured data must be read from the rendered page (html_extract)",
        )
        for claim in _unseen_claims(graph, page, found)
    )
    return problems


def _missing_review(
    record: PageRecord, found: _Found, page: dict | None, registry: dict[str, Person]
) -> list[str]:
    assert record.review is not None  # the caller checks reviewed pages only
    missing = []
    byline = found.markers.get("byline", Trust())
    reviewer = registry.get(record.review.reviewer)
    named = [person.name for person in _people(record, registry)]
    if "byline" in found.out_of_sight:
        pass  # reported with its reason; its dates are out of sight with it
    elif not reviewer or not byline.text or any(name not in byline.text for name in named):
        missing.append("the byline naming the author and the reviewer")
    for day in (record.review.reviewed, record.review.next_review):
        if day.isoformat() not in byline.times and "byline" not in found.out_of_sight:
            missing.append(f"the review date {day.isoformat()} as a <time> element")
    if page is not None and page.get("lastReviewed") != record.review.reviewed.isoformat():
        missing.append(f"lastReviewed {record.review.reviewed.isoformat()} in the JSON-LD")
    if (
        any(p.sample for p in _people(record, registry))
        and "sample-notice" not in found.markers
        and "sample-notice" not in found.out_of_sight
    ):
        missing.append("the 'sample review record' notice")
    return missing


def _unseen_claims(graph: list[dict], page: dict | None, found: _Found) -> list[str]:
    """What the JSON-LD says that a reader cannot see: FAQ text, citations, people."""
    claims = []
    faq_page = next((node for node in graph if node.get("@type") == "FAQPage"), None)
    if faq_page is not None:
        said = [
            (_text(item.get("name")), _text((item.get("acceptedAnswer") or {}).get("text")))
            for item in faq_page.get("mainEntity") or []
            if isinstance(item, dict)
        ]
        if said != found.faqs:
            claims.append("the FAQPage JSON-LD differs from the questions and answers readers see")
    if page is not None:
        cited = [_text(item.get("name")) for item in page.get("citation") or [] if isinstance(item, dict)]
        if cited and cited != found.sources:
            claims.append("the JSON-LD citations differ from the sources readers see")
        byline = found.markers.get("byline", Trust()).text
        people = [*(page.get("author") or []), page.get("reviewedBy") or {}]
        for person in people:
            name = _text(person.get("name")) if isinstance(person, dict) else ""
            if name and name not in byline:
                claims.append(f"the JSON-LD names {name}, whom the byline does not show")
    return claims


def _text(value) -> str:
    return normalise(value) if isinstance(value, str) else ""


def _graph(blocks: list[str]) -> tuple[list[dict], list[str]]:
    nodes: list[dict] = []
    errors: list[str] = []
    for number, block in enumerate(blocks, start=1):
        try:
            data = json.loads(block)
        except ValueError as error:
            errors.append(f"JSON-LD block {number} is not valid JSON ({error})")
            continue
        if isinstance(data, dict):
            nodes.extend(node for node in data.get("@graph", [data]) if isinstance(node, dict))
    return nodes, errors


def _people(record: PageRecord, registry: dict[str, Person]) -> list[Person]:
    """The profiles a page credits (people.credited's order), those that exist."""
    authors = record.front_matter.get("authors")
    ids = credited(
        authors if isinstance(authors, list) else [], record.review.reviewer if record.review else None
    )
    return [registry[pid] for pid in ids if isinstance(pid, str) and pid in registry]
