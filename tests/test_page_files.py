"""The local files a page shows, as the review digest binds them: footnotes and link definitions."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.examples import examples

from alliance.content.page_files import _INLINE, Sources, _read_alike, local_files
from alliance.settings import _lists_footnotes

BODY = "A plan, cited.[^plan]\n\n[^plan]: plan.pdf is the trust's own leaflet (2024).\n"


def _scan(tmp_path: Path, body: str, footnotes: bool):
    docs = tmp_path / "docs"
    (docs / "articles").mkdir(parents=True, exist_ok=True)
    return local_files(
        "docs/articles/a.md", "articles/a.md", body, 1, Sources(docs, tmp_path, footnotes=footnotes)
    )


def test_a_footnote_is_no_link_definition_where_the_extension_reads_it() -> None:
    """The reason the scan may skip `[^label]:` lines: Python-Markdown's footnotes extension reads
    them as footnotes before its reference processor sees them, so nothing can show them as a link
    or an image."""
    html = markdown.markdown(
        "![a picture][^x] and [a file][^x]\n\n[^x]: picture.png\n", extensions=["footnotes"]
    )
    assert "<img" not in html and 'href="picture.png"' not in html


@pytest.mark.parametrize(
    ("footnotes", "problems"),
    [(True, []), (False, ["'plan.pdf' is not a file in docs/"])],
)
def test_footnote_lines_are_link_definitions_only_without_the_extension(
    tmp_path: Path, footnotes: bool, problems: list[str]
) -> None:
    found = _scan(tmp_path, BODY, footnotes)
    assert [problem.message for problem in found.problems] == problems
    assert found.digests == {}


def test_a_link_definition_still_binds_its_file_with_footnotes_on(tmp_path: Path) -> None:
    body = BODY + "\nSee [the plan][plan].\n\n[plan]: plan.pdf\n"
    (tmp_path / "docs" / "articles").mkdir(parents=True)
    (tmp_path / "docs" / "articles" / "plan.pdf").write_bytes(b"%PDF-1.7")
    assert list(_scan(tmp_path, body, True).digests) == ["docs/articles/plan.pdf"]
    (tmp_path / "docs" / "articles" / "plan.pdf").unlink()
    assert [p.message for p in _scan(tmp_path, body, True).problems] == ["'plan.pdf' is not a file in docs/"]


@pytest.mark.parametrize(
    ("extensions", "listed"),
    [
        (["abbr", "footnotes"], True),
        (["abbr", {"footnotes": {"BACKLINK_TEXT": "^"}}], True),
        (["markdown.extensions.footnotes"], True),
        (["extra"], False),  # footnotes inside a bundle: the scan stays on the safe side
        (["abbr"], False),
        (None, False),
        ("footnotes", False),  # not a list: MkDocs refuses it before Alliance reads it
    ],
)
def test_the_settings_know_when_the_footnotes_extension_is_listed(extensions: object, listed: bool) -> None:
    assert _lists_footnotes({"markdown_extensions": extensions}) is listed


# Red team, session 28: an inline address Python-Markdown reads otherwise than the scan. The scan
# bound the first file, Markdown showed the second, and swapping the second after the approval kept
# every gate green.
DIVERGING = [
    ("a backslash escape", "![a](pic\\_a.png)", "pic\\_a.png", "pic_a.png"),
    ("a non-breaking space", "![a](room.png\u00a0v2.png)", "room.png", "room.png\u00a0v2.png"),
    ("brackets within brackets", "![a](photo((1)).png)", "photo", "photo((1)).png"),
    ("a plain space", "![a](my pic.png)", "my", "my pic.png"),
    ("a bracketed start", "![a](( a).png)", None, "( a).png"),
    ("an unfinished title", '![a](pic.png "x)', "pic.png", 'pic.png "x'),
    ("text after angle brackets", "![a](<pic.png> x.png)", "pic.png", "<pic.png> x.png"),
    ("an angle bracket", "![a](<pic.png)", "pic.png", "<pic.png"),
    ("a tab in angle brackets", "![a](<pic\tpic.png>)", "pic\tpic.png", "pic   pic.png"),
    ("a line break before the bracket", '![a](pic.png\n  "A title"\n)', "pic.png", 'pic.png\n  "A title"'),
]


@pytest.mark.parametrize(("why", "body", "scanned", "shown"), DIVERGING, ids=[row[0] for row in DIVERGING])
def test_an_address_markdown_reads_otherwise_is_refused_not_bound_wrongly(
    tmp_path: Path, why: str, body: str, scanned: str | None, shown: str
) -> None:
    """Both files exist, as the attacker arranges; the page check refuses the address, naming it."""
    docs = tmp_path / "docs" / "articles"
    docs.mkdir(parents=True)
    for name in {scanned, shown} - {None}:
        if "<" not in name and "\n" not in name:
            (docs / name).write_bytes(b"picture")
    assert markdown_src(body) == shown  # what readers would see differs from what the scan reads
    found = _scan(tmp_path, body + "\n", footnotes=False)
    excerpt = body[body.index("](") + 1 :].split("\n", 1)[0]
    assert [problem.message for problem in found.problems] == [
        f"the address '{excerpt}' is written so that Markdown may show another file than the one "
        "the review binds"
    ]


def markdown_src(body: str) -> str:
    """The `src` Python-Markdown writes for the image in `body`, as a browser reads the attribute."""
    html = markdown.markdown(body)
    return unescape(html.split('src="', 1)[1].split('"', 1)[0])


@pytest.mark.parametrize(
    "body",
    [
        "![a](pic.png)",
        '![a](pic.png "A title")',
        "![a](pic.png 'A title')",
        "![a](a(1).png)",
        "![a](<my pic.png>)",
        '![a](\n  pic.png\n  "A title")',
        "[a]()",
        "[site](https://example.org/a b)",
        "See (this) [a] (not a link).",
    ],
)
def test_plain_addresses_and_other_sites_raise_nothing(tmp_path: Path, body: str) -> None:
    docs = tmp_path / "docs" / "articles"
    docs.mkdir(parents=True)
    for name in ("pic.png", "a(1).png", "my pic.png"):
        (docs / name).write_bytes(b"picture")
    assert _scan(tmp_path, body + "\n", footnotes=False).problems == []


ADDRESS_PIECES = st.sampled_from(
    [
        "pic",
        ".png",
        "a",
        "(",
        ")",
        " ",
        "\u00a0",
        "\t",
        "\n",
        "\\",
        "_",
        "`",
        '"',
        "'",
        "<",
        ">",
        "&amp;",
        "%20",
        "#x",
    ]
)


TITLES = st.sampled_from(["", ' "t"', " 't'", '\n"t"', ' "a)b"', ' "t" '])


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(ADDRESS_PIECES, min_size=1, max_size=8).map("".join), TITLES)
def test_what_the_scan_reads_as_markdown_does_is_what_markdown_shows(address: str, title: str) -> None:
    """Wherever the scan takes an inline address as read alike (and binds it), Python-Markdown's own
    reading (`LinkInlineProcessor.getLink`) shows that very address (30,000 examples held when this
    was written; each found fault is a row of DIVERGING above)."""
    body = f"![a]({address}{title})"
    match = _INLINE.match(body, body.index("]("))
    if match is None or not _read_alike(body, match):
        return
    if "<img" not in markdown.markdown(body):
        return  # block markup took the line apart (`#x)` is a heading): no image, nothing shown
    assert markdown_src(body) == unescape(match.group(1).strip().strip("<>").strip())


def test_a_definitions_target_is_read_up_to_the_longest_path_only(tmp_path: Path) -> None:
    """A run of definitions one inside the next (`[a]:[a]:…`, each found) read each target to the
    line's end: 40 KB took 5 s, growing with the square (red team, session 28). Each target is now
    read up to MAX_TARGET characters, longer than any file's path."""
    from alliance.content.page_files import _DEFINITION, MAX_TARGET

    assert len(_DEFINITION.match("[a]: " + "x" * 10 * MAX_TARGET).group(1)) == MAX_TARGET
    assert len(_DEFINITION.match("[a]: <" + "x" * 10 * MAX_TARGET + ">").group(1)) == MAX_TARGET
    run = "[a]:" * 3 * MAX_TARGET
    assert max(len(match.group(1)) for match in _definitions_of(run)) == MAX_TARGET


def _definitions_of(text: str):
    from alliance.content.page_files import _definitions

    return list(_definitions(text, footnotes=False))


OWN_SITE = "https://alliance.example.org/guide/"


@pytest.mark.parametrize(
    ("address", "bound"),
    [
        ("https://alliance.example.org/guide/assets/sheet.pdf", True),
        ("http://Alliance.Example.org/guide/assets/sheet.pdf", True),
        ("//alliance.example.org/guide/assets/sheet.pdf", True),
        ("https://alliance.example.org/guide/assets/sheet.pdf?v=2#p1", True),
        ("https://alliance.example.org/other/assets/sheet.pdf", False),  # not under the site's path
        ("https://elsewhere.example.org/guide/assets/sheet.pdf", False),
        ("https://alliance.example.org/guide/articles/ending-therapy/", False),  # a page
        ("https://alliance.example.org/guide/sitemap.xml", False),  # the build makes it
    ],
)
def test_a_file_linked_by_the_sites_own_full_address_is_bound(
    tmp_path: Path, address: str, bound: bool
) -> None:
    """Red team, session 29, round 3: `[sheet](https://<site>/assets/sheet.pdf)` loads a file of the
    site, which could change after the review without voiding it."""
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "articles").mkdir()
    (docs / "assets" / "sheet.pdf").write_bytes(b"%PDF-1.4")
    sources = Sources(docs, tmp_path, footnotes=True, site_url=OWN_SITE)
    found = local_files("docs/articles/a.md", "articles/a.md", f"Print [the sheet]({address}).\n", 1, sources)
    assert found.problems == []
    assert list(found.digests) == (["docs/assets/sheet.pdf"] if bound else [])
