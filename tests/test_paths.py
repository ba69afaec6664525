"""page_url and output_path agree with MkDocs' own File and Page for every kind of page name."""

from __future__ import annotations

import pytest
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from alliance.output.published_urls import check_urls, parse_record, published_url, source_for
from alliance.paths import output_path, page_url

NAMES = [
    "index.md",
    "README.md",
    "about.md",
    "articles/index.md",
    "articles/README.md",
    "articles/deep/nested-page.md",
    "a b.md",
    "folder with space/page.md",
    "100%.md",
    "café/thé.md",
    "übung.md",
    "a#b.md",
    "q?.md",
]


def _real(src_uri: str, use_directory_urls: bool) -> tuple[str, str]:
    file = File(src_uri, src_dir=None, dest_dir="", use_directory_urls=use_directory_urls)
    return Page(None, file, {}).url, file.dest_uri  # type: ignore[arg-type]


@pytest.mark.parametrize("use_directory_urls", [True, False], ids=["directory-urls", "html-urls"])
@pytest.mark.parametrize("src_uri", NAMES)
def test_urls_and_outputs_are_mkdocs_own(src_uri: str, use_directory_urls: bool):
    url, dest = _real(src_uri, use_directory_urls)
    assert page_url(src_uri, use_directory_urls) == url
    assert output_path(src_uri, use_directory_urls) == dest


@pytest.mark.parametrize(
    ("src_uri", "use_directory_urls", "url", "output"),
    [
        ("index.md", True, "", "index.html"),
        ("index.md", False, "index.html", "index.html"),
        ("README.md", True, "", "index.html"),
        ("a b.md", True, "a%20b/", "a b/index.html"),
        ("100%.md", True, "100%25/", "100%/index.html"),
        ("100%.md", False, "100%25.html", "100%.html"),
        ("café/thé.md", True, "caf%C3%A9/th%C3%A9/", "café/thé/index.html"),
        ("guide/index.md", False, "guide/index.html", "guide/index.html"),
    ],
)
def test_what_the_reviewers_found(src_uri: str, use_directory_urls: bool, url: str, output: str):
    assert (page_url(src_uri, use_directory_urls), output_path(src_uri, use_directory_urls)) == (url, output)


@pytest.mark.parametrize(
    ("src_uri", "use_directory_urls", "recorded"),
    [
        ("index.md", True, ""),
        ("index.md", False, ""),
        ("guide/index.md", False, "guide/"),
        ("guide/README.md", False, "guide/"),
        ("a b.md", True, "a%20b/"),
        ("a b.md", False, "a%20b.html"),
        ("100%.md", True, "100%25/"),
        ("articles/x.md", False, "articles/x.html"),
    ],
)
def test_the_record_keeps_the_folder_address_of_an_index_page(
    src_uri: str, use_directory_urls: bool, recorded: str
):
    assert published_url(src_uri, use_directory_urls) == recorded


@pytest.mark.parametrize(
    ("line", "url"),
    [
        ("/a b/", "a%20b/"),
        ("/a%20b/", "a%20b/"),
        ("/100%/", "100%25/"),
        ("/100%25/", "100%25/"),
        ("/café/", "caf%C3%A9/"),
        ("/articles/x/", "articles/x/"),
        ("/", ""),
    ],
)
def test_a_record_line_typed_decoded_or_encoded_is_the_same_address(line: str, url: str):
    assert parse_record(f"# header\n{line}\n") == [url]


@pytest.mark.parametrize(
    ("src_uri", "use_directory_urls"),
    [
        ("a b.md", True),
        ("100%.md", True),
        ("café/thé.md", False),
        ("index.md", True),
        ("guide/index.md", False),
    ],
)
def test_a_recorded_page_is_found_again_and_its_redirect_key_is_its_path(
    src_uri: str, use_directory_urls: bool
):
    url = published_url(src_uri, use_directory_urls)
    assert check_urls([url], [src_uri], {}, use_directory_urls, "record").problems == []
    assert source_for(url, use_directory_urls) == src_uri
