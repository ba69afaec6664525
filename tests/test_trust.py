"""What readers see on every clinical page of the built site: byline, dates, disclaimer, crisis help,
sources, FAQs, feedback and structured data; content warnings; and text that tries to break out of
the JSON-LD script element."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ROOT, alliance, copy_project, mkdocs_build
from support.examples import examples

from alliance import settings as site_settings
from alliance.content import frontmatter
from alliance.render.html_extract import extract, normalise, visible_text

SITE_URL = "https://alliance.example.org/"
TODAY = "2026-11-25"
ARTICLES = [
    "building-trust",
    "communication-and-boundaries",
    "ending-therapy",
    "finding-a-therapist",
    "first-sessions",
    "goals-and-collaboration",
    "ruptures-and-repair",
]
SETTINGS = site_settings.load(ROOT / "mkdocs.yml")


@dataclass
class Marked:
    """One element marked with data-alliance: its text, links and <time datetime> values."""

    text: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, link text)
    times: list[str] = field(default_factory=list)


class MarkerParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marked: dict[str, Marked] = {}
        self.order: list[str] = []  # markers in document order
        self._open: list[tuple[str, str, list[str]]] = []  # (tag, marker, text parts)
        self._link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        marker = attributes.get("data-alliance")
        if marker:
            self.marked[marker] = Marked()
            self.order.append(marker)
            self._open.append((tag, marker, []))
        if tag == "a" and self._open:
            self._link = (attributes.get("href") or "", [])
        if tag == "time" and attributes.get("datetime"):
            for _, open_marker, _ in self._open:
                self.marked[open_marker].times.append(attributes["datetime"])

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            href, parts = self._link
            for _, open_marker, _ in self._open:
                self.marked[open_marker].links.append((href, normalise("".join(parts))))
            self._link = None
        if self._open and self._open[-1][0] == tag:
            _, marker, parts = self._open.pop()
            self.marked[marker].text = normalise("".join(parts))
            if self._open:
                self._open[-1][2].extend(parts)

    def handle_data(self, data):
        if self._open:
            self._open[-1][2].append(data)
        if self._link is not None:
            self._link[1].append(data)


def markers(html: str) -> MarkerParser:
    parser = MarkerParser()
    parser.feed(html)
    parser.close()
    return parser


LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def graph_of(html: str) -> dict[str, dict]:
    """The JSON-LD nodes of a page by @type; every block must parse."""
    blocks = LD_JSON.findall(html)
    assert blocks, "no JSON-LD"
    nodes: dict[str, dict] = {}
    for block in blocks:
        data = json.loads(block)
        for node in data.get("@graph", [data]):
            nodes[node["@type"]] = node
    return nodes


def nodes_by_id(html: str) -> dict[str, dict]:
    """The JSON-LD nodes of a page by @id, to follow the references between them."""
    return {
        node["@id"]: node
        for block in LD_JSON.findall(html)
        for node in json.loads(block)["@graph"]
        if "@id" in node
    }


def front_matter(name: str, root: Path = ROOT) -> dict:
    text, _ = frontmatter.decode("", (root / f"docs/articles/{name}.md").read_bytes())
    data, problem = frontmatter.parse(frontmatter.split(text).yaml_text)
    assert problem is None
    return data


def absolute(page_url: str, href: str) -> str:
    return urljoin(SITE_URL + page_url, href)


# ---- every clinical page of the sample site -------------------------------------------------------


@pytest.mark.parametrize("name", ARTICLES)
def test_byline_names_and_links_the_people(built_site, name):
    html = built_site.page(f"articles/{name}/")
    byline = markers(html).marked["byline"]
    assert "Written by Jordan Example" in byline.text
    assert "Medically reviewed by Dr Morgan Sample, DClinPsy (sample)" in byline.text
    links = {text: absolute(f"articles/{name}/", href) for href, text in byline.links}
    assert links["Jordan Example"] == SITE_URL + "people/jordan-example/"
    assert links["Dr Morgan Sample"] == SITE_URL + "people/morgan-sample/"
    assert links["How we review content"] == SITE_URL + "about/how-we-review/"
    for linked in ("people/jordan-example/", "people/morgan-sample/", "about/how-we-review/"):
        assert (built_site.site_dir / linked / "index.html").is_file()


@pytest.mark.parametrize("name", ARTICLES)
def test_review_dates_are_time_elements_from_the_front_matter(built_site, name):
    review = front_matter(name)["review"]
    byline = markers(built_site.page(f"articles/{name}/")).marked["byline"]
    assert byline.times == [review["reviewed"].isoformat(), review["next_review"].isoformat()]
    reviewed, next_review = review["reviewed"], review["next_review"]
    assert f"Last reviewed: {reviewed.day} {reviewed:%B %Y}" in byline.text
    assert f"Next review due: {next_review.day} {next_review:%B %Y}" in byline.text


@pytest.mark.parametrize("name", ARTICLES)
def test_disclaimer_crisis_help_and_feedback(built_site, name):
    found = markers(built_site.page(f"articles/{name}/"))
    assert normalise(SETTINGS.disclaimer) in found.marked["disclaimer"].text
    crisis = found.marked["crisis"]
    tel_links = [href for href, _ in crisis.links if href.startswith("tel:")]
    assert {"tel:999", "tel:116123", "tel:111"} <= set(tel_links)
    assert all(re.fullmatch(r"tel:\+?\d+", href) for href in tel_links)
    assert "Number last checked 25 November 2026" in crisis.text
    assert "2026-11-25" in crisis.times
    assert (
        absolute(f"articles/{name}/", {t: h for h, t in crisis.links}["Helplines in other countries"])
        == SITE_URL + "get-help/"
    )
    feedback = found.marked["feedback"]
    assert "Was this page helpful?" in feedback.text
    ((href, text),) = feedback.links
    assert text == "Tell us" and href.startswith("mailto:feedback@alliance.example.org?subject=")
    # What the reader meets first: review notices and byline, crisis help, the text, the disclaimer.
    order = [marker for marker in found.order if marker in ("byline", "crisis", "disclaimer")]
    assert order == ["byline", "crisis", "disclaimer"]
    assert found.order.index("sample-notice") < found.order.index("byline")


@pytest.mark.parametrize("name", ARTICLES)
def test_sources_are_a_numbered_list_with_doi_links(built_site, name):
    """Every published study (its journal in italics, APA style) links its DOI; a public body's own
    page (the regulator, the NHS) has no DOI and links to that page over https."""
    html = built_site.page(f"articles/{name}/")
    sources = re.search(r'<div class="footnote">\s*<hr />\s*<ol>(.*?)</ol>', html, re.S)
    assert sources, "sources are not an ordered list"
    items = re.findall(r"<li id=\"fn:[^\"]+\">(.*?)</li>", sources.group(1), re.S)
    assert len(items) >= 3
    studies = [item for item in items if "<em>" in item]
    assert len(studies) >= 3, "most sources are published studies"
    for item in studies:
        assert re.search(r'<a href="https://doi\.org/10\.\d{4,9}/[^"]+">', item), item
    for item in items:
        assert re.search(r'<a href="https://[^"]+">', item), item


@pytest.mark.parametrize("name", ARTICLES)
def test_medical_web_page_structured_data(built_site, name):
    html = built_site.page(f"articles/{name}/")
    data = front_matter(name)
    url = SITE_URL + f"articles/{name}/"
    page = graph_of(html)["MedicalWebPage"]
    assert page["name"] == data["title"]
    assert page["description"] == data["description"]
    assert page["url"] == url
    assert page["inLanguage"] == "en"
    assert page["lastReviewed"] == data["review"]["reviewed"].isoformat()
    assert page["headline"] == data["title"]
    reviewed = data["review"]["reviewed"].isoformat()
    assert page["dateModified"] == reviewed
    assert page["datePublished"] == (data["published"].isoformat() if data.get("published") else reviewed)
    nodes = nodes_by_id(html)
    reviewer = nodes[page["reviewedBy"]["@id"]]
    assert page["reviewedBy"]["@id"] == SITE_URL + "people/morgan-sample/#person"
    assert reviewer["@type"] == "Person" and reviewer["name"] == "Dr Morgan Sample"
    assert reviewer["url"] == SITE_URL + "people/morgan-sample/"
    credentials = {credential.get("name") for credential in reviewer["hasCredential"]}
    assert "DClinPsy (sample)" in credentials
    assert any(c.get("identifier") == "SAMPLE-000000" for c in reviewer["hasCredential"])
    authors = [nodes[author["@id"]] for author in page["author"]]
    assert [author["name"] for author in authors] == ["Jordan Example"]
    assert authors[0]["url"] == SITE_URL + "people/jordan-example/"
    publisher = nodes[page["publisher"]["@id"]]
    assert publisher["@type"] == "Organization" and publisher["name"] == SETTINGS.publisher_name
    assert publisher["url"] == SETTINGS.publisher_url
    assert (built_site.site_dir / publisher["logo"]["url"].removeprefix(SITE_URL)).is_file()
    website = nodes[page["isPartOf"]["@id"]]
    assert website["@type"] == "WebSite" and website["url"] == SITE_URL
    assert website["publisher"] == page["publisher"]
    assert page["medicalAudience"]["audienceType"] == "Patient"
    assert [thing["name"] for thing in page["about"]] == data["tags"]
    assert [citation["url"] for citation in page["citation"]] == [
        source.url for source in extract(html).sources
    ]


@pytest.mark.parametrize("name", ARTICLES)
def test_breadcrumbs_lead_home(built_site, name):
    crumbs = graph_of(built_site.page(f"articles/{name}/"))["BreadcrumbList"]["itemListElement"]
    assert [crumb["position"] for crumb in crumbs] == list(range(1, len(crumbs) + 1))
    assert crumbs[0]["item"] == SITE_URL
    assert crumbs[-1]["item"] == SITE_URL + f"articles/{name}/"
    assert crumbs[-1]["name"] == front_matter(name)["title"]


@pytest.mark.parametrize("name", ARTICLES)
def test_faq_structured_data_is_what_the_reader_sees(built_site, name):
    html = built_site.page(f"articles/{name}/")
    faq = graph_of(html)["FAQPage"]
    seen = visible_text(html)
    questions = faq["mainEntity"]
    assert len(questions) >= 4
    for question in questions:
        answer = question["acceptedAnswer"]
        assert isinstance(answer, dict), "one answer per question"
        assert question["@type"] == "Question" and answer["@type"] == "Answer"
        assert question["name"] and question["name"] in seen
        assert answer["text"] and answer["text"] in seen
    assert [q["name"] for q in questions] == [faq.question for faq in extract(html).faqs]
    assert len(re.findall(r'<details class="question"', html)) == len(questions)


@pytest.mark.parametrize("url", ["", "get-help/", "about/how-we-review/", "people/morgan-sample/"])
def test_opted_out_pages_make_no_review_claims(built_site, url):
    html = built_site.page(url)
    assert "lastReviewed" not in html and 'data-alliance="byline"' not in html
    assert '<meta name="robots"' not in html


def test_get_help_lists_every_region(built_site):
    found = markers(built_site.page("get-help/"))
    crisis = found.marked["crisis"]
    for tel in ("tel:999", "tel:116123", "tel:988", "tel:112", "tel:0800567567"):
        assert tel in {href for href, _ in crisis.links}, tel
    assert "Not yet verified by us" in crisis.text  # SADAG stays marked unverified


def test_profile_pages_are_profile_pages_of_the_person_bylines_name(built_site):
    nodes = nodes_by_id(built_site.page("people/morgan-sample/"))
    page = nodes[SITE_URL + "people/morgan-sample/#page"]
    assert page["@type"] == "ProfilePage"
    person = nodes[page["mainEntity"]["@id"]]
    article = nodes_by_id(built_site.page("articles/building-trust/"))
    reviewed_by = article[SITE_URL + "articles/building-trust/#page"]["reviewedBy"]["@id"]
    assert person["@type"] == "Person" and person["@id"] == reviewed_by
    assert person["name"] == "Dr Morgan Sample"


def test_profile_pages_put_the_title_first(built_site):
    html = built_site.page("people/morgan-sample/")
    article = html[html.index("<article") :]
    assert (
        article.index("<h1")
        < article.index('data-alliance="sample-person"')
        < article.index('data-alliance="person"')
    )


@pytest.mark.parametrize(
    "url,kind",
    [
        ("articles/building-trust/", "article"),
        ("", "website"),
        ("people/morgan-sample/", "profile"),
        ("tags/", "website"),
    ],
)
def test_pages_share_with_open_graph_and_twitter_tags(built_site, url, kind):
    html = built_site.page(url)
    meta = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"', html))
    assert meta["og:type"] == kind and meta["og:url"] == SITE_URL + url
    assert meta["og:title"] and meta["og:description"] and meta["twitter:title"]
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"] == meta["twitter:image"]
    assert (built_site.site_dir / meta["og:image"].removeprefix(SITE_URL)).is_file()


def test_meta_author_names_the_authors(built_site):
    assert '<meta name="author" content="Jordan Example">' in built_site.page("articles/building-trust/")


def test_robots_txt_points_to_the_sitemap(built_site):
    robots = (built_site.site_dir / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and f"Sitemap: {SITE_URL}sitemap.xml" in robots
    assert (built_site.site_dir / "sitemap.xml").is_file()


def test_no_toggle_checkbox_carries_autocomplete(built_site):
    for url in ("", "articles/building-trust/", "get-help/", "404.html"):
        html = built_site.page(url)
        assert 'id="__drawer">' in html and 'id="__search">' in html
        assert not re.search(r'type="checkbox"[^>]*autocomplete', html), url


def test_header_has_get_help_now_and_real_buttons(built_site):
    for url in ("", "articles/building-trust/", "404.html"):
        html = built_site.page(url)
        header = html[html.index("<header") : html.index("</header>")]
        assert 'data-alliance="header-help"' in header and ">Get help now</a>" in header
        assert 'role="button"' not in html
        assert len(re.findall(r'<button type="button" class="md-header__button', header)) == 2
        assert re.search(r'class="md-search"[^>]*role="dialog"[^>]*aria-label="[^"]+"', html)


def test_every_page_has_the_crisis_strip(built_site):
    """The strip names the helpline mkdocs.yml marks for it (Samaritans), not the crisis box's first
    (NHS 111's mental health option, too long for one line on a phone)."""
    for url in ("", "articles/building-trust/", "people/morgan-sample/", "404.html"):
        strip = markers(built_site.page(url)).marked["crisis-strip"]
        assert strip.text.startswith("Need help now? Samaritans 116 123")
        assert ("tel:116123", "116 123") in strip.links
        assert "More helplines" in strip.text
        # Rendered once per link (trust.py's alliance_crisis_strip): the same link as the header's,
        # which each page renders itself (relative, so the site works under any path).
        header_help = re.search(r'class="alliance-header-help" href="([^"]+)"', built_site.page(url))
        more = {text: href for href, text in strip.links}["More helplines"]
        assert header_help and more == header_help.group(1), url
        assert absolute(url, more) == SITE_URL + "get-help/", url


@pytest.mark.parametrize("name", ARTICLES)
def test_every_article_lists_related_articles(built_site, name):
    related = markers(built_site.page(f"articles/{name}/")).marked["related"]
    targets = {absolute(f"articles/{name}/", href) for href, _ in related.links}
    assert len(targets) >= 2 and SITE_URL + f"articles/{name}/" not in targets
    for target in targets:
        assert (built_site.site_dir / target.removeprefix(SITE_URL) / "index.html").is_file()


@pytest.mark.parametrize("url", ["", "articles/"])
def test_home_and_articles_list_every_article_with_its_review_date(built_site, url):
    listed = markers(built_site.page(url)).marked["article-list"]
    targets = {absolute(url, href) for href, _ in listed.links}
    assert targets == {SITE_URL + f"articles/{name}/" for name in ARTICLES}
    for name in ARTICLES:
        data = front_matter(name)
        assert data["description"] in listed.text
        assert data["review"]["reviewed"].isoformat() in listed.times


def test_tags_link_to_the_topics_page(built_site):
    html = built_site.page("articles/building-trust/")
    tags = re.search(r'<nav class="md-tags"[^>]*>(.*?)</nav>', html, re.S)
    assert tags, "the article shows no tags"
    hrefs = re.findall(r'<a href="([^"]+)" class="md-tag', tags.group(1))
    assert len(hrefs) == len(front_matter("building-trust")["tags"])
    assert all(absolute("articles/building-trust/", href).startswith(SITE_URL + "tags/#") for href in hrefs)
    assert "Therapeutic alliance" in built_site.page("tags/")


def test_readers_see_every_emergency_number_and_where_to_go(built_site):
    """mkdocs.yml's emergency_numbers and emergency_department reach the page, not only the settings."""
    get_help = built_site.page("get-help/")
    south_africa = re.search(r'<div class="alliance-helplines" data-region="ZA">(.*?)</ul>', get_help, re.S)
    for dialled, label in (
        ("10111", "Police 10111"),
        ("10177", "Ambulance and fire 10177"),
        ("112", "From a mobile phone 112"),
    ):
        assert f'<a href="tel:{dialled}">{label}</a>' in south_africa.group(1), label
    assert "If a life is at risk, you can also go to the nearest hospital emergency unit." in normalise(
        south_africa.group(1)
    )
    article = built_site.page("articles/building-trust/")
    england = re.search(r'data-region="GB-ENG">(.*?)</ul>', article, re.S).group(1)
    assert "If a life is at risk, you can also go to A&amp;E." in normalise(england)


def test_get_help_holds_the_helplines_in_its_searchable_content(built_site):
    index = json.loads((built_site.site_dir / "search/search_index.json").read_text("utf-8"))
    get_help = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("get-help/"))
    for words in ("Samaritans", "116 123", "988", "crisis", "suicide", "self-harm", "emergency"):
        assert words.lower() in get_help.lower(), words
    assert any(doc.get("boost", 1) > 1 for doc in index["docs"] if doc["location"].startswith("get-help/"))


# ---- content warnings and injected text, in one changed copy --------------------------------------

TITLE = "Goals </script><img src=x onerror=alert(1)> <!-- and\u2028more"
DESCRIPTION = (
    "How you and your therapist agree on goals </script><img src=x onerror=alert(1)>, "
    "<!-- comments and\u2028line separators."
)
# Markdown passes raw HTML through by design (writers may use it, and review catches misuse), so the
# FAQ carries the same characters as text, written as entities, which is what a reader would see.
QUESTION = "Can a question hold </script><img src=x onerror=alert(1)> <!-- and\u2028this?"
ANSWER = "Yes: </script><img src=x onerror=alert(1)> and <!-- and\u2028this stay text."
WARNINGS = ["mentions of self-harm", "<b>bold</b> & more"]


def as_markdown_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def yaml_double_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\u2028", "\\L") + '"'


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory: pytest.TempPathFactory):
    project = copy_project(tmp_path_factory.mktemp("trust") / "project")

    goals = project / "docs/articles/goals-and-collaboration.md"
    text = goals.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", lambda _: f"title: {yaml_double_quoted(TITLE)}", text, count=1, flags=re.M)
    text = re.sub(
        r"^description: .*$",
        lambda _: f"description: {yaml_double_quoted(DESCRIPTION)}",
        text,
        count=1,
        flags=re.M,
    )
    faq = re.search(r'^\?\?\? question "Do I have to do homework\?"\n(?:    .*\n|\n)+', text, re.M)
    assert faq, "the FAQ this test changes is gone"
    text = text.replace(
        faq.group(0), f'??? question "{as_markdown_text(QUESTION)}"\n\n    {as_markdown_text(ANSWER)}\n\n'
    )
    goals.write_text(text, encoding="utf-8")

    ending = project / "docs/articles/ending-therapy.md"
    text = ending.read_text(encoding="utf-8")
    warnings = ", ".join(yaml_double_quoted(warning) for warning in WARNINGS)
    ending.write_text(
        text.replace("\ntags:", f"\ncontent_warnings: [{warnings}]\ntags:", 1), encoding="utf-8"
    )

    for path in (goals, ending):
        done = alliance(
            project,
            "approve",
            str(path.relative_to(project)),
            "--reviewer",
            "morgan-sample",
            ALLIANCE_TODAY=TODAY,
        )
        assert done.returncode == 0, done.stderr
    built = mkdocs_build(project, project / "site", ALLIANCE_TODAY=TODAY)
    assert built.returncode == 0, built.output
    return project, built


def test_the_injected_strings_reach_the_front_matter(changed_site):
    project, _ = changed_site
    data = front_matter("goals-and-collaboration", project)
    assert data["title"] == TITLE and data["description"] == DESCRIPTION
    assert 50 <= len(DESCRIPTION) <= 160


def test_content_warnings_show_before_the_content(changed_site):
    _, built = changed_site
    html = built.page("articles/ending-therapy/")
    found = markers(html)
    shown = found.marked["content-warnings"].text
    assert "This page includes: mentions of self-harm, <b>bold</b> & more." in shown
    assert "<b>bold</b>" not in html, "a warning's markup must show as text"
    assert found.order.index("content-warnings") < found.order.index("crisis")
    first_section = re.search(r"<h2 id=", html).start()
    assert html.index('data-alliance="content-warnings"') < first_section
    for name in ARTICLES:
        if name != "ending-therapy":
            assert 'data-alliance="content-warnings"' not in built.page(f"articles/{name}/")


def test_json_ld_keeps_injected_text_exactly(changed_site):
    _, built = changed_site
    html = built.page("articles/goals-and-collaboration/")
    nodes = graph_of(html)
    assert nodes["MedicalWebPage"]["name"] == TITLE
    assert nodes["MedicalWebPage"]["description"] == DESCRIPTION
    assert nodes["BreadcrumbList"]["itemListElement"][-1]["name"] == TITLE
    faqs = {q["name"]: q["acceptedAnswer"]["text"] for q in nodes["FAQPage"]["mainEntity"]}
    assert faqs[QUESTION] == ANSWER
    seen = visible_text(html)
    assert QUESTION in seen and ANSWER in seen


def test_nothing_breaks_out_of_the_script_element(changed_site):
    _, built = changed_site
    html = built.page("articles/goals-and-collaboration/")
    blocks = LD_JSON.findall(html)
    assert len(blocks) == 1
    for block in blocks:
        assert "</script" not in block.lower() and "<!--" not in block and "\u2028" not in block
        assert "<" not in block, "every '<' in JSON-LD must be escaped"
        json.loads(block)
    assert len(re.findall(r"<script\b", html)) == len(re.findall(r"</script>", html))


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[dict] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_comment(self, data):
        self.comments.append(data)


def test_injected_markup_stays_text(changed_site):
    _, built = changed_site
    html = built.page("articles/goals-and-collaboration/")
    assert "<img src=x onerror" not in html.lower()
    elements = _Elements()
    elements.feed(html)
    assert not [image for image in elements.images if "onerror" in image]
    assert not [comment for comment in elements.comments if "and" in comment and "more" in comment]
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html  # shown, as text


def test_the_page_around_the_injection_is_intact(changed_site):
    project, built = changed_site
    html = built.page("articles/goals-and-collaboration/")
    found = markers(html)
    for marker in ("sample-notice", "byline", "crisis", "disclaimer", "feedback"):
        assert marker in found.marked, marker
    script_end = html.index("</script>", html.index("application/ld+json"))
    for marker in ("byline", "crisis", "disclaimer", "feedback"):
        assert html.index(f'data-alliance="{marker}"') > script_end
    assert normalise(SETTINGS.disclaimer) in found.marked["disclaimer"].text
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "&lt;/script&gt;" in title and "<" not in title
    done = alliance(project, "verify-site", str(built.site_dir), ALLIANCE_TODAY=TODAY)
    assert done.returncode == 0, done.stderr


# ---- the site's own words in the site's language ----------------------------------------------------


def test_every_language_has_every_string():
    from alliance.render.strings import STRINGS

    english = set(STRINGS["en"])
    for language, words in STRINGS.items():
        assert set(words) == english, f"{language}: missing {english - set(words)}"
        assert all(isinstance(text, str) and text.strip() for text in words.values()), language
        assert len(words["months"].split()) == 12, language


@pytest.mark.parametrize(
    "language,expected",
    [
        ("es", "25 de noviembre de 2026"),
        ("es-MX", "25 de noviembre de 2026"),
        ("en", "25 November 2026"),
        ("xx", "25 November 2026"),
    ],
)
def test_dates_read_as_in_the_language(language, expected):
    import datetime as dt

    from alliance.render.strings import human_date

    assert human_date(dt.date(2026, 11, 25), language) == expected


@pytest.fixture(scope="module")
def spanish_site(tmp_path_factory: pytest.TempPathFactory):
    project = copy_project(tmp_path_factory.mktemp("es") / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  language: en\n", "  language: es\n", 1),
        encoding="utf-8",
    )
    # Strict: the output check reads the byline's structure (names, <time> elements), not its words,
    # so a Spanish site passes it as an English one does.
    return mkdocs_build(project, tmp_path_factory.mktemp("es-site") / "site", ALLIANCE_TODAY=TODAY)


@pytest.mark.parametrize(
    "url,words",
    [
        (
            "articles/building-trust/",
            [
                "Escrito por",
                "Revisión médica de",
                "Última revisión",
                "25 de noviembre de 2026",
                "¿Necesitas ayuda ahora?",
                "Ayuda urgente",
                "Artículos relacionados",
                "Importante:",
                "¿Te ha sido útil esta página?",
                "Cómo revisamos el contenido",
                "Registro de revisión de ejemplo",
                'aria-label="Buscar en este sitio"',
            ],
        ),
        ("", ["Artículos por tema", "Revisado el", "Más líneas de ayuda"]),
        ("people/morgan-sample/", ["Datos de ejemplo", "Colegiación", "Revisor"]),
        ("get-help/", ["Si estás en peligro ahora", "Servicios de emergencia (England): llama al"]),
        ("404.html", ["No encontramos esa página"]),
    ],
)
def test_a_spanish_site_shows_alliances_words_in_spanish(spanish_site, url, words):
    assert spanish_site.returncode == 0, spanish_site.output
    html = spanish_site.page(url)
    for text in words:
        assert text in html, f"{url}: {text!r} is missing"
    for english in (
        "Written by",
        "Need help now?",
        "Was this page helpful?",
        "Related articles",
        'data-alliance="header-help">Get help now',
        "Articles by topic",
        "We cannot find that page",
    ):
        assert english not in html, f"{url}: {english!r} is still English"


# ---- "In short" and related articles, in process -----------------------------------------------------


@pytest.mark.parametrize(
    "summary,shown",
    [
        (
            "Trust grows step by step. You can say when something feels off.",
            "Trust grows step by step. You can say when something feels off.",
        ),
        (None, ""),
        ("   ", ""),
        (["not", "text"], ""),
    ],
)
def test_in_short_comes_from_the_summary_field_or_is_left_out(summary, shown):
    import datetime as dt

    from alliance.content.pages import Context, check_page
    from alliance.content.site import load_site
    from alliance.render.html_extract import extract
    from alliance.render.page_view import crisis_view, page_view

    today = dt.date.fromisoformat(TODAY)
    context = Context(SETTINGS, load_site(SETTINGS, today, only=[]).registry, today)
    meta = {
        "title": "A page",
        "description": "A page about something, long enough to pass the description length check.",
        "authors": ["jordan-example"],
    }
    if summary is not None:
        meta["summary"] = summary
    record = check_page(
        "articles/x.md", ("---\n" + json.dumps(meta) + "\n---\n# A page\n\nText.\n").encode(), context
    )
    view = page_view(
        record,
        extracted=extract("<h1>A page</h1><p>Text.</p>"),
        title="A page",
        page_url="articles/x/",
        ancestors=[],
        settings=SETTINGS,
        registry=context.registry,
        site_url_of=lambda uri: uri,
        crisis=crisis_view(SETTINGS, lambda uri: uri),
    )
    assert view["summary"] == shown


def test_related_articles_prefer_shared_tags_and_never_the_page_itself():
    from alliance.render.listing import Article, ArticleIndex, related

    def article(name, *tags):
        return Article(f"{name}.md", f"{name}/", name, "", tags, None)

    articles = [
        article("a", "x", "y"),
        article("b", "y"),
        article("c", "x", "y"),
        article("d", "z"),
        article("e"),
    ]
    by_tag: dict = {}
    for item in articles:
        for tag in item.tags:
            by_tag.setdefault(tag, []).append(item)
    index = ArticleIndex(articles, by_tag)
    assert [item.title for item in related(index, "a.md")] == ["c", "b", "d"]
    assert [item.title for item in related(index, "e.md")] == ["a", "b", "c"]  # no tags: still links
    assert related(index, "missing.md") == []


@given(
    st.lists(st.frozensets(st.sampled_from("pqrstu"), max_size=4), min_size=1, max_size=60),
    st.integers(min_value=1, max_value=5),
    st.data(),
)
@settings(max_examples=examples(200), deadline=None)
def test_related_articles_are_the_most_shared_then_by_title(tag_sets, count, data):
    """Against the rule written out plainly: candidates are each shared tag's first
    RELATED_SCAN_PER_TAG articles (rarest tag first), ranked by tags shared, most first, then by
    title; too few fill up with the first articles by title."""
    from alliance.render import listing

    articles = [
        listing.Article(
            f"{number:02}.md", f"{number:02}/", f"title {number:02}", "", tuple(sorted(tags)), None
        )
        for number, tags in enumerate(tag_sets)
    ]
    by_tag: dict = {}
    for item in articles:
        for tag in item.tags:
            by_tag.setdefault(tag, []).append(item)
    index = listing.ArticleIndex(articles, by_tag)
    page = data.draw(st.sampled_from(articles))

    shared: dict[str, int] = {}
    for tag in sorted(page.tags, key=lambda name: len(by_tag[name])):
        for other in by_tag[tag][: listing.RELATED_SCAN_PER_TAG]:
            if other.src_uri != page.src_uri:
                shared[other.src_uri] = shared.get(other.src_uri, 0) + 1
    expected = sorted(shared, key=lambda uri: (-shared[uri], index.position[uri]))[:count]
    for other in articles[: count + 1]:
        if len(expected) < count and other.src_uri not in expected and other.src_uri != page.src_uri:
            expected.append(other.src_uri)
    assert [item.src_uri for item in listing.related(index, page.src_uri, count)] == expected
