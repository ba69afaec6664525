"""The local files a page shows, as the review digest binds them: footnotes and link definitions."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from alliance.content.page_files import Sources, local_files
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
