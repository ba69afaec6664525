"""How pages travel beyond the site: Open Graph and Twitter card values, and robots.txt."""

from __future__ import annotations

from alliance.settings import Settings

# Ships with the project (docs/assets), so shared links get a preview without any other host.
CARD_IMAGE = "assets/alliance-card.png"
LOGO_IMAGE = "assets/alliance-logo.png"


def share_view(
    settings: Settings, *, title: str, description: str, page_url: str, kind: str
) -> dict[str, str]:
    """Open Graph and Twitter card values: what a shared link shows."""
    return {
        "type": kind,
        "title": title,
        "description": description,
        "url": settings.page_url(page_url),
        "image": settings.page_url(CARD_IMAGE),
        "site_name": settings.site_name,
        "locale": settings.language.replace("-", "_"),
    }


def robots_txt(settings: Settings) -> str:
    """Every crawler may read every page (unreviewed ones say noindex themselves); the sitemap is
    where MkDocs writes it."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {settings.page_url('sitemap.xml')}\n"
