"""Property tests: no front matter, data or bytes can make the checks raise; every problem they report
is a Problem that names the file and a field."""

from __future__ import annotations

import datetime as dt
import json
import re
from unittest import mock

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import ROOT
from support.examples import examples
from support.readings_before import plainly_small_as_it_was

from alliance.commands import approve
from alliance.content import body_markup, frontmatter, renderable, schema
from alliance.content.pages import Context, PageRecord, check_page
from alliance.content.review import STATES, review_digest
from alliance.content.site import load_site
from alliance.problems import Problem
from alliance.render.html_extract import extract
from alliance.render.page_view import crisis_view, page_view
from alliance.settings import load

# The drawn mappings go through YAML and back with libyaml's safe dumper and loader, as the page check
# reads front matter with libyaml's: PyYAML's pure-Python ones were a fifth of these properties' time.
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SETTINGS = load(ROOT / "mkdocs.yml")
TODAY = dt.date(2026, 11, 25)
SUMMARY = "It can help to tell your therapist how you feel. You can say it in your own words."
CONTEXT = Context(SETTINGS, load_site(SETTINGS, TODAY, only=[]).registry, TODAY)
SRC_URI = "articles/property.md"
PATH = "docs/articles/property.md"

FIELD_NAMES = [spec.name for spec in schema.FIELDS] + [
    child.name for spec in schema.FIELDS for child in spec.children
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=200),
    st.dates(),
    st.datetimes(),
    st.sampled_from(
        ["jordan-example", "morgan-sample", "sha256:" + "a" * 64, "2026-02-30", "2026-11-20", "", " "]
    ),
)
data = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(
            st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12), st.integers()), children, max_size=6
        ),
    ),
    max_leaves=30,
)
front_matter_dicts = st.dictionaries(st.sampled_from(FIELD_NAMES), data, max_size=10)

YAML_PIECES = st.sampled_from(
    [
        "title: ",
        "description: ",
        "authors: ",
        "review:\n  ",
        "reviewer: ",
        "reviewed: ",
        "digest: ",
        "next_review: ",
        "clinical: ",
        "tags: ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ": ",
        "\n",
        "  ",
        "\t",
        "'",
        '"',
        "&anchor ",
        "*anchor",
        "!!python/object ",
        "!!binary ",
        "? ",
        "|\n",
        ">-\n",
        "---\n",
        "...\n",
        "2026-02-30",
        "2026-11-20",
        "12:30:00",
        "~",
        "null",
        "yes",
        "no",
        "sha256:",
        "#",
        "%YAML 1.2\n",
        "\u2028",
        "\ufeff",
        "\x00",
        "<<: ",
        "=",
        ".inf",
        "0x1F",
    ]
)
yaml_ish = st.lists(st.one_of(YAML_PIECES, st.text(max_size=10)), max_size=40).map("".join)

COMMON = settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_well_formed(record: PageRecord) -> None:
    assert isinstance(record, PageRecord)
    assert record.state in STATES
    for problem in record.problems:
        assert isinstance(problem, Problem)
        assert problem.path == PATH
        assert isinstance(problem.field, str) and problem.field
        assert problem.message and problem.fix
        assert problem.severity in ("error", "notice")
        assert str(problem).startswith(PATH)
    if record.state == "invalid" or record.state in ("missing", "changed since review"):
        assert record.errors, "a page that is not publishable must say why"


@COMMON
@given(data)
def test_validate_never_raises(value):
    errors = schema.validate(value)
    assert isinstance(errors, list)
    for error in errors:
        assert isinstance(error, schema.FieldError)
        assert isinstance(error.field, str) and error.field
        assert error.message and error.fix


@COMMON
@given(yaml_ish, st.text(max_size=300))
def test_check_page_never_raises_on_yaml_ish_text(front, body):
    raw = f"---\n{front}\n---\n{body}".encode("utf-8", errors="surrogatepass")
    assert_well_formed(check_page(SRC_URI, raw, CONTEXT))


@COMMON
@given(front_matter_dicts, st.text(max_size=200))
# Every run: a YAML boolean for text, an empty list for the authors, a number for the reviewer's id.
@example({"title": True, "authors": [], "review": {"reviewer": 5}}, "")
def test_validate_and_check_page_never_raise_on_mappings_of_known_fields(value, body):
    """One drawn mapping (the costly part: up to ten fields of nested data) serves both properties:
    the contract's errors name a field of the mapping, and the page check of it never raises."""
    for error in schema.validate(value):
        assert error.field.split(".")[0] in FIELD_NAMES or error.field.split(".")[0] in map(str, value)
    try:
        front = yaml.dump(value, Dumper=SAFE_DUMPER, allow_unicode=True)
    except yaml.YAMLError:  # e.g. keys YAML cannot represent; nothing to check then
        return
    record = check_page(SRC_URI, f"---\n{front}---\n{body}".encode("utf-8", "surrogatepass"), CONTEXT)
    assert_well_formed(record)
    # The page check reports everything the contract finds, under the same field names.
    schema_fields = {error.field for error in schema.validate(yaml.load(front, Loader=SAFE_LOADER))}
    assert schema_fields <= {problem.field for problem in record.problems}


@COMMON
@given(st.binary(max_size=400))
def test_check_page_never_raises_on_any_bytes(raw):
    assert_well_formed(check_page(SRC_URI, raw, CONTEXT))


@COMMON
@given(st.binary(max_size=200))
def test_check_page_never_raises_on_bytes_after_front_matter_opening(raw):
    assert_well_formed(check_page(SRC_URI, b"---\n" + raw, CONTEXT))


line_texts = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=["Cs", "Zl", "Zp", "Cc"]), max_size=30), max_size=8
)


@COMMON
@given(
    line_texts,
    st.lists(st.sampled_from([" ", "\t", "  "]), min_size=8, max_size=8),
    st.sampled_from(["\n", "\r\n"]),
)
def test_digest_ignores_line_endings_only(lines, trailing, newline):
    """Line endings never change what readers see; trailing spaces can (two make a <br>)."""
    front = {"title": "A title"}
    plain = "\n".join(lines)
    assert review_digest(front, plain) == review_digest(front, newline.join(lines))
    padded = "\n".join(line + pad for line, pad in zip(lines, trailing, strict=False))
    assert (review_digest(front, plain) == review_digest(front, padded)) is (padded == plain)


@COMMON
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=100
    ).filter(lambda text: text.strip())
)
def test_approving_any_title_gives_a_page_that_passes(title):
    """Whatever the writer's title (quoted as YAML needs), approve's block keeps the page valid."""
    front = yaml.safe_dump(
        {"title": title, "description": "x" * 60, "summary": SUMMARY, "authors": ["jordan-example"]},
        allow_unicode=True,
        width=1000,
        sort_keys=False,
    )
    raw = f"---\n{front}---\n\n# Heading\n\nA short and plain line.\n".encode()
    record = check_page(SRC_URI, raw, CONTEXT)
    if any(not p.field.startswith("review") for p in record.errors):
        return  # e.g. a title over 120 characters: the contract said so, nothing to approve
    new_text = approve.approve(
        record, CONTEXT.registry["morgan-sample"], "morgan-sample", TODAY, TODAY, SETTINGS
    )
    approved = check_page(SRC_URI, new_text.encode("utf-8"), CONTEXT)
    assert approved.errors == [], approved.errors
    assert approved.state == "sample"
    assert approved.front_matter["title"] == title


# Nearly valid pages reach the deeper checks (people, review dates, digest, what readers see), which
# wholly random data rarely does: start from a valid page and bend a few fields.
BODY = "\n# Heading\n\nA short and plain line.\n"
VALID = {
    "title": "Talking with your therapist",
    "description": "d" * 60,
    "summary": SUMMARY,
    "authors": ["jordan-example"],
    "tags": ["Trust"],
}
VALID_REVIEW = {"reviewer": "morgan-sample", "reviewed": dt.date(2026, 11, 20)}
REVIEW_KEYS = [child.name for child in schema.REVIEW.children]


def site_url_of(src_uri: str) -> str:
    return src_uri.removesuffix(".md") + "/"


@COMMON
@given(
    st.dictionaries(st.sampled_from(FIELD_NAMES), data, max_size=3),
    st.dictionaries(st.one_of(st.sampled_from(REVIEW_KEYS), st.text(max_size=8)), data, max_size=2),
    st.booleans(),
    st.sampled_from(["articles/property.md", "people/property.md"]),
)
def test_nearly_valid_pages_never_raise_and_render(changes, review_changes, redigest, src_uri):
    front = {**VALID, **changes}
    review = {**VALID_REVIEW, **review_changes}
    if redigest:
        review["digest"] = review_digest(front, BODY)
    front["review"] = review
    try:
        text = yaml.dump(front, Dumper=SAFE_DUMPER, allow_unicode=True)
    except yaml.YAMLError:
        return
    record = check_page(src_uri, f"---\n{text}---\n{BODY}".encode("utf-8", "surrogatepass"), CONTEXT)
    for problem in record.problems:
        assert isinstance(problem, Problem) and problem.field
        assert problem.path == f"docs/{src_uri}"
    if not record.clinical:
        return
    view = page_view(
        record,
        extracted=extract("<h1>Heading</h1><p>A short and plain line.</p>"),
        title=record.front_matter.get("title")
        if isinstance(record.front_matter.get("title"), str)
        else "Untitled",
        page_url=site_url_of(src_uri),
        ancestors=[],
        settings=SETTINGS,
        registry=CONTEXT.registry,
        site_url_of=site_url_of,
        crisis=crisis_view(SETTINGS, site_url_of),
    )
    assert view["reviewed"] == record.reviewed
    assert view["noindex"] is (not record.reviewed)
    graph = json.loads(view["jsonld"])  # what the page's script holds
    page = graph["@graph"][0]
    assert page["@type"] == "MedicalWebPage"
    assert ("lastReviewed" in page) is record.reviewed  # no review claim unless reviewed


# The markup check blanks each autolink out before it reads tags: every character but a line feed a
# space, as the substitution per character it replaces did (line breaks of every kind drawn).
@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from("<a:/@ \n\r\t\u2028\x85>"), st.characters()), max_size=60))
def test_an_autolink_is_blanked_as_the_substitution_per_character_blanked_it(text: str):
    match = re.fullmatch(r"(?s).*", text)
    assert match is not None
    assert body_markup._blanked(match) == re.sub(r"[^\n]", " ", text)


@settings(max_examples=examples(200), deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from("*_`|\t<>[ \n\u2013\u3c00"), st.characters()), max_size=40))
def test_the_render_checks_count_a_mark_as_str_count_does(text: str):
    # `_count` finds an absent mark first (memchr); U+3C00 shares its low byte with '<'.
    for mark in "*_`|\t<>[ \n":
        assert renderable._count(text, mark) == text.count(mark)


def _split_by_the_line_pattern(text: str) -> frontmatter.SplitSource | None:
    """frontmatter.split as it was: the closing line found by a `^` pattern tried at every character."""
    opening = re.match(r"\A---[ \t]*\r?\n", text)
    if not opening:
        return frontmatter.SplitSource(None, text, 1)
    closing = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M).search(text, opening.end())
    if not closing:
        return None
    end = closing.end()
    end += 2 if text[end : end + 2] == "\r\n" else 1 if text[end : end + 1] == "\n" else 0
    yaml_text = text[opening.end() : closing.start()]
    return frontmatter.SplitSource(yaml_text, text[end:], text.count("\n", 0, end) + 1)


@settings(max_examples=examples(200), deadline=None)
@given(
    st.tuples(
        st.sampled_from(["---\n", "---\r\n", "--- \t\n", ""]),
        st.lists(
            st.sampled_from(["---", "...", "--", "..", "\n", "\r", "\r\n", " ", "\t", "a", "x: 1", "\u2028"]),
            max_size=14,
        ),
    ).map(lambda drawn: drawn[0] + "".join(drawn[1]))
)
@example("---\n---\n")  # closed on the line right after the opening
@example("---\nx: 1\n... \t\r")  # the last line, no line break after it
@example("---\nx: 1\n---x\n...\n")
def test_the_front_matter_closes_where_the_line_pattern_closed_it(text: str):
    split = frontmatter.split(text)
    assert (None if isinstance(split, Problem) else split) == _split_by_the_line_pattern(text)


_YAML_PIECES = ["a: ", "- ", "[", "]", "{", "}", ", ", "&x ", "*x", "&y ", "*y", "1", "b", "\n", "  ", ": "]


@settings(max_examples=examples(150), deadline=None)
@given(
    st.lists(st.sampled_from(_YAML_PIECES), max_size=16).map("".join), st.integers(1, 4), st.integers(1, 8)
)
@example("a: &x 1\nb: *x\n", 4, 8)  # a scalar reached twice
@example("[[[1]]]", 3, 8)  # a scalar one level too deep
@example("[1, 2, 3]", 4, 3)  # one node too many
def test_the_plain_walk_says_what_it_said_before_scalars_skipped_the_stack(text: str, depth: int, nodes: int):
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    if root is None:
        return
    with (
        mock.patch.object(frontmatter, "MAX_DEPTH", depth),
        mock.patch.object(frontmatter, "MAX_NODES", nodes),
    ):
        assert frontmatter._plainly_small(root) == plainly_small_as_it_was(root)
