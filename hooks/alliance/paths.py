"""Where MkDocs writes a docs page, and the url it gets: MkDocs' own `File` decides, for the build and
the command line alike, so spaces, '%' and non-ASCII names come out exactly as the build writes them."""

from __future__ import annotations

from mkdocs.structure.files import File


def _file(src_uri: str, use_directory_urls: bool) -> File:
    # A file that is never read: only its name is mapped, as MkDocs maps it for every page.
    return File(src_uri, src_dir=None, dest_dir="", use_directory_urls=use_directory_urls)


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The site-relative, percent-encoded url MkDocs gives a Markdown page (`Page.url`: '' for the
    home page, where `File.url` says './')."""
    url = _file(src_uri, use_directory_urls).url
    return "" if url in (".", "./") else url


def output_path(src_uri: str, use_directory_urls: bool = True) -> str:
    """The file MkDocs writes for a Markdown page, relative to site_dir (not encoded)."""
    return _file(src_uri, use_directory_urls).dest_uri
