"""The cheaper bind step holds to the one it replaced (tests/support/page_files_before.py and
review_before.py, frozen): the same local files, problems and lines for any page source, and above
all the same review digest, byte for byte, since approvals already on record were signed with it."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import page_files_before, review_before
from support.examples import examples, hostile_size
from support.project import ROOT

from alliance.content import frontmatter, review
from alliance.content.page_files import Sources, _definitions, local_files
from alliance.content.people import Person
from alliance.content.site import load_site
from alliance.settings import load

# ---- the review digest ---------------------------------------------------------------------------

REVIEWER = Person("morgan", 'Dr "M" \\ Morgan\n', "reviewer", ("reviewer",), "PhD\t", sample=True)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(),
    st.binary(max_size=5),
)
keys = st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.dates())
front_matters = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)
# Every character json.dumps escapes, the line endings the digest normalises and text beyond ASCII.
_SPECIAL = ['"', "\\", "\n", "\r", "\r\n", "\t", "\x00", "\x1f", "\x7f", "\u2028", "é", "–", "😀", "a", " "]
bodies = st.one_of(
    st.text(),
    st.lists(st.sampled_from(_SPECIAL), max_size=60).map("".join),
    st.text(alphabet=st.characters(max_codepoint=0x7F)),
)
file_maps = st.dictionaries(st.text(max_size=10), st.text(max_size=64), max_size=3)


def _both(front_matter, body, reviewer, files) -> None:
    before = review_before.review_digest(front_matter, body, reviewer=reviewer, files=files)
    assert review.review_digest(front_matter, body, reviewer=reviewer, files=files) == before
    # The page's own bytes, as the check hands them over (with or without a carriage return).
    utf8 = body.encode("utf-8")
    assert review.review_digest(front_matter, body, reviewer=reviewer, files=files, body_utf8=utf8) == before


@settings(max_examples=examples(500))
@given(front_matters, bodies, st.sampled_from([None, REVIEWER]), st.none() | file_maps)
def test_the_digest_is_the_one_before(front_matter, body, reviewer, files) -> None:
    _both(front_matter, body, reviewer, files)


@settings(max_examples=examples(300))
@given(st.dictionaries(st.text(max_size=5), front_matters, max_size=4), bodies)
def test_the_digest_is_the_one_before_with_a_review_block(front_matter, body) -> None:
    _both({**front_matter, "review": {"reviewer": "m", "digest": "sha256v2:x", 1: body}}, body, None, {})


@pytest.mark.parametrize(
    "body",
    [
        "",
        '"',
        "\\",
        "\\n",
        "\r\n" * 1000,
        "\r",
        "".join(map(chr, range(0x80))) * 50,
        "\x00" * 10_000,
        "a\tb\x0bc\x0cd\x1be",
        "–" * 100_000,
        '\\"' * 50_000,
        "😀\r\n" * 1000,
        "x" * 1_000_000,
    ],
)
def test_the_digest_is_the_one_before_on_hostile_bodies(body) -> None:
    _both({"title": body[:50], "date": dt.date(2026, 1, 2)}, body, REVIEWER, {"docs/a.png": "0" * 64})


def test_a_body_that_is_no_utf8_fails_as_before() -> None:
    for digest in (review_before.review_digest, review.review_digest):
        with pytest.raises(UnicodeEncodeError):
            digest({}, "a\ud800b")


@settings(max_examples=examples(300))
@given(st.booleans(), st.text(max_size=40), st.text(max_size=80), st.sampled_from(["\n", "\r\n"]))
def test_the_body_bytes_are_those_of_the_file(bom, front, body, newline) -> None:
    raw = (codecs.BOM_UTF8 if bom else b"") + f"---{newline}{front}{newline}---{newline}{body}".encode()
    page = frontmatter.read("a.md", raw)
    assert page.text is not None
    assert frontmatter.tail_bytes(raw, page.text, page.body) == page.body.encode("utf-8")
    assert frontmatter.tail_bytes(raw, page.text, page.body + "x") is None


# ---- the local files -----------------------------------------------------------------------------

_FILES = ["articles/a.png", "articles/b c.pdf", "articles/é.jpg", "assets/d.svg", "e.pdf", "articles/p.md"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose docs/ holds a few files (names with a space and beyond ASCII), a folder named
    like an image, and a file outside docs/: made once for the module, in pytest's temporary folder
    (which pytest clears), and only read by the tests."""
    made = tmp_path_factory.mktemp("bind-equivalence")
    for name in _FILES:
        (made / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (made / "docs" / name).write_bytes(name.encode())
    (made / "docs" / "articles" / "folder.png").mkdir()
    (made / "outside.png").write_bytes(b"outside")
    return made


_PIECES = [
    "](", "[", "]", "]:", "![", "(", ")", "<", ">", "=", "{: ", "{", "}", "<img ", "<a ", "src=",
    "srcset=", "href=", 'src="', "'", '"', "`", "\\", "^", "#x", "?q", "%20", "%28", " ", "\t", "\n",
    "\r\n", "\r", "> ", "a.png", "b c.pdf", "b%20c.pdf", "é.jpg", "../assets/d.svg", "/e.pdf",
    "../../outside.png",
    "missing.pdf", "p.md", "folder.png", "http://x/y.png", "//x/y.png", "https://alliance.example.org/e.pdf",
    "a", "1", ",", " 2x",
]  # fmt: skip
page_sources = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def _compare(
    project: Path, body: str, footnotes: bool = True, site_url: str = "", src_uri: str = "articles/x.md"
) -> None:
    path, line = f"docs/{src_uri}", 3
    sources = Sources(project / "docs", project, footnotes=footnotes, site_url=site_url)
    before = page_files_before.local_files(path, src_uri, body, line, sources)
    after = local_files(path, src_uri, body, line, sources)
    assert after.digests == before.digests
    assert after.problems == before.problems


@settings(max_examples=examples(1000))
@given(page_sources, st.booleans(), st.sampled_from(["", "https://alliance.example.org/"]))
def test_the_local_files_are_those_before(project, body, footnotes, site_url) -> None:
    _compare(project, body, footnotes, site_url)


@settings(max_examples=examples(300))
@given(st.text(alphabet=st.sampled_from("[]:!()<>=^ \n\ta{}"), max_size=60), st.booleans())
def test_the_local_files_are_those_before_in_bracket_soup(project, body, footnotes) -> None:
    _compare(project, body, footnotes, src_uri="index.md")


HOSTILE = [
    "",
    "`[a](a.png)` and ``![b](missing.png)``",
    "[a [b [c](a.png)]](missing.pdf)",
    "![a ![b](a.png)](missing.png)",
    "](" * hostile_size(100_000),
    "](missing.pdf)" * hostile_size(20_000),
    "]:" * hostile_size(100_000),
    "[" * hostile_size(50_000) + "]: missing.pdf",
    "[a]:" * hostile_size(25_000) + " missing.pdf",  # everyday 10 KB, past every window read in
    "[^n]: [a]: missing.pdf\n[b]:\n> missing.png\n[c]: <missing.pdf>\n",
    "<div markdown>[a]: missing.png</div>\n",
    '<img src="a.png" srcset="a.png 1x, missing.png 2x" ' + "=" * 10_000 + ">",
    "<a " + "href=missing.pdf " * 5_000 + ">",
    "{: src=a.png " + "= " * hostile_size(20_000) + "}",
    "[x](é.jpg) ![y](%C3%A9.jpg) [z](b%20c.pdf) [w](<b c.pdf>)",
    "[x](../assets/d.svg) [y](../../outside.png) [z](/e.pdf) [v](../../../etc/passwd)",
    "line\r\n[x](missing.pdf)\r\n[y]: missing.png\r\n",
    "a" * hostile_size(100_000) + "](missing.pdf)",
    '[a](a.png "t") [b](a.png \'t\') [c](a.png "t) [d](a\\.png) [e](a.png\t)',
    "\t](missing.png)\n" * 1000,
    "![x](missing) [y](missing) ![z](folder) ![[w](a.png)](nofile) [v]: nofile\n",
]


@pytest.mark.parametrize("body", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("footnotes", [True, False])
def test_the_local_files_are_those_before_on_hostile_pages(project, body, footnotes) -> None:
    _compare(project, body, footnotes, "https://alliance.example.org/")


def test_definitions_are_found_in_linear_time() -> None:
    """A look back from each `]:` to the start of the page would be quadratic: a million brackets
    before a hundred thousand `]:` would not finish."""
    text = "[" * 1_000_000 + "]: x" + "]:" * 100_000
    assert [found.start() for found in _definitions(text, footnotes=False)] == [999_999]


# ---- every page of the project ------------------------------------------------------------------


def _pages() -> list[Path]:
    return sorted((ROOT / "docs").rglob("*.md"))


@pytest.mark.parametrize("source", _pages(), ids=lambda path: path.name)
def test_every_page_binds_as_before(source: Path) -> None:
    site_settings = load(ROOT / "mkdocs.yml")
    raw = source.read_bytes()
    page = frontmatter.read("page", raw)
    assert page.text is not None
    src_uri = source.relative_to(site_settings.docs_dir).as_posix()
    sources = Sources(
        site_settings.docs_dir, site_settings.config_dir, footnotes=True, site_url=site_settings.site_url
    )
    before = page_files_before.local_files("p", src_uri, page.body, page.body_line, sources)
    after = local_files("p", src_uri, page.body, page.body_line, sources)
    assert (after.digests, after.problems) == (before.digests, before.problems)
    utf8 = frontmatter.tail_bytes(raw, page.text, page.body)
    registry = _registry()
    reviewer = registry.get(str((page.data or {}).get("review", {}).get("reviewer", "")))
    expected = review_before.review_digest(page.data, page.body, reviewer=reviewer, files=before.digests)
    assert review.review_digest(page.data, page.body, reviewer=reviewer, files=after.digests) == expected
    assert (
        review.review_digest(page.data, page.body, reviewer=reviewer, files=after.digests, body_utf8=utf8)
        == expected
    )


_REGISTRY: dict = {}


def _registry() -> dict:
    if not _REGISTRY:
        _REGISTRY.update(load_site(load(ROOT / "mkdocs.yml"), dt.date(2026, 1, 1), only=[]).registry)
    return _REGISTRY
