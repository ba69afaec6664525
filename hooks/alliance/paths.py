"""Where MkDocs writes a docs page, and the url it gets: one mapping for the build and the command."""

from __future__ import annotations

from pathlib import PurePosixPath


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The site-relative url MkDocs gives a Markdown page (mirrors mkdocs.structure.files.File)."""
    path = PurePosixPath(src_uri)
    stem = path.stem
    parent = "" if str(path.parent) == "." else str(path.parent) + "/"
    if stem in ("index", "README"):
        return parent
    return f"{parent}{stem}/" if use_directory_urls else f"{parent}{stem}.html"


def output_path(src_uri: str, use_directory_urls: bool = True) -> str:
    """The file MkDocs writes for a Markdown page, relative to site_dir."""
    url = page_url(src_uri, use_directory_urls)
    return url + "index.html" if url == "" or url.endswith("/") else url
