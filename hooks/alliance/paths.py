"""Where MkDocs writes a docs page, and the url it gets: MkDocs' own `File` decides, for the build and
the command line alike, so spaces, '%' and non-ASCII names come out exactly as the build writes them."""

from __future__ import annotations

import re

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


_WEB_ADDRESS = re.compile(r"^(?:https?:)?//([^/?#]*)(.*)$", re.I | re.S)


def on_this_site(address: str, site_url: str) -> str | None:
    """For an address on the site's own host and under its path (`https://site/assets/a.pdf`,
    `//site/assets/a.pdf`), the same file as a site-absolute path (`/assets/a.pdf`); None for any
    other address. A reader's browser loads such an address from the site itself, so it shows a
    file of the site as a relative one does (red team, session 29: a PDF linked by its full address
    was never bound by the review)."""
    own = _WEB_ADDRESS.match(site_url.strip())
    found = _WEB_ADDRESS.match(address.strip())
    if own is None or found is None or found.group(1).lower() != own.group(1).lower():
        return None
    prefix = own.group(2).rstrip("/")
    rest = found.group(2)
    if prefix and not (rest == prefix or rest.startswith(prefix + "/")):
        return None
    return "/" + rest[len(prefix) :].lstrip("/")
