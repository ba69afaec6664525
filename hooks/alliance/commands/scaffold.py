"""`alliance new`: a new article with every required field and the standard sections.

It previews at once in `mkdocs serve` (as an unreviewed draft: banner and noindex) and fails the
strict gate until its TODO placeholders are written and a reviewer approves it. Its URL is added to
the published-URL record straight away, so the pull request that publishes it carries the record.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from alliance.content.lint import PLACEHOLDER
from alliance.content.pages import Context, check_page
from alliance.content.people import Person
from alliance.output import published_urls
from alliance.problems import AllianceError
from alliance.settings import Settings, load_mkdocs_yml

TEMPLATES = Path(__file__).parent / "templates"


def slugify(title: str) -> str:
    """The file name for a title: lower case ASCII words joined by hyphens ('Café & you' -> 'cafe-you')."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug or "article"


def render_article(title: str, tags: list[str], author: str) -> str:
    # Markdown, not HTML: the template's values are written into YAML with `tojson`, which quotes them.
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    return env.get_template("article.md.j2").render(title=title, tags=tags, author=author)


def register(commands) -> None:
    new = commands.add_parser("new", help="scaffold a new article")
    new.add_argument("title", help="the article's title, in quotes")
    new.add_argument("--tags", nargs="*", default=[], help="topics, e.g. --tags Trust Anxiety")
    new.add_argument("--author", default=None, help="your profile id (default: the only author)")
    new.add_argument("--folder", default="articles", help="folder under docs/ (default: articles)")
    new.set_defaults(run=run_new)


def run_new(args: argparse.Namespace) -> int:
    from alliance.clock import today
    from alliance.content.site import load_site, open_site

    settings, config = open_site(args.config_file)
    title = " ".join(args.title.split())
    if not title:
        raise AllianceError(
            'title: is empty; give the article\'s title in quotes, e.g. alliance new "Your first session"'
        )
    uri = _new_uri(settings, args.folder, title)
    site = load_site(settings, today(), [], args.config_file, config)
    author = args.author or _only_author(site.registry)
    _check_author(settings, site.registry, author)
    text = render_article(title, [" ".join(tag.split()) for tag in args.tags], author)
    _check_scaffold(settings, Context(settings, site.registry, today()), uri, text)
    target = settings.docs_dir / uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    _record_url(settings, uri)
    _print_next_steps(settings, uri, args.config_file)
    return 0


def _new_uri(settings: Settings, folder: str, title: str) -> str:
    folder = folder.strip().strip("/")
    parts = folder.split("/") if folder else []
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        raise AllianceError(
            f"--folder: '{folder}' is not a folder inside {settings.display_path('')}; "
            "give a plain path such as 'articles' or 'articles/anxiety'"
        )
    uri = "/".join([*parts, slugify(title) + ".md"])
    if (settings.docs_dir / uri).exists():
        raise AllianceError(
            f"{settings.display_path(uri)}: already exists; choose another title, or edit that page"
        )
    return uri


def _only_author(registry: dict[str, Person]) -> str:
    authors = sorted(pid for pid, person in registry.items() if person.is_author)
    if len(authors) != 1:
        listed = ", ".join(authors) or "none yet: add your profile to the people folder first"
        raise AllianceError(
            f"--author: there are {len(authors)} author profiles ({listed}); pass --author <your id>"
        )
    return authors[0]


def _check_author(settings: Settings, registry: dict[str, Person], author: str) -> None:
    person = registry.get(author)
    if person is None or not person.is_author:
        known = ", ".join(sorted(pid for pid, p in registry.items() if p.is_author)) or "none yet"
        raise AllianceError(
            f"--author: '{author}' is not an author profile in "
            f"{settings.display_path(settings.people_dir)}/ (authors: {known}); pass "
            "--author with your id, or add your profile first"
        )


def _check_scaffold(settings: Settings, context: Context, uri: str, text: str) -> None:
    """Refuse to write a scaffold whose front matter is already wrong (a title too long, an odd tag).

    Its only expected problems are the missing review and the TODO placeholders it is made of.
    """
    record = check_page(uri, text.encode("utf-8"), context)
    wrong = [
        problem
        for problem in record.errors
        if not problem.field.startswith("review") and problem.field != PLACEHOLDER
    ]
    if wrong:
        raise AllianceError(
            "the new page would not be valid:\n"
            + "\n".join(f"  {problem.field}: {problem.message}; {problem.fix}" for problem in wrong)
        )


def _record_url(settings: Settings, uri: str) -> None:
    record = published_urls.read_record(settings.docs_dir)
    url = published_urls.published_url(uri, settings.use_directory_urls)
    if url not in record:
        published_urls.write_record(settings.docs_dir, [*record, url])


def _print_next_steps(settings: Settings, uri: str, config_file: Path) -> None:
    path = settings.display_path(uri)
    print(f"created {path} (and recorded its URL in {settings.display_path(published_urls.RECORD_NAME)})")
    print("next:")
    if _lists_pages_in_nav(config_file):
        print(f"  - add {uri} to 'nav' in mkdocs.yml, where readers should find it")
    print("  - replace every TODO with your own words; see CONTRIBUTING.md")
    print("  - preview it as you write: mkdocs serve")
    print(f"  - check it: alliance check {path}")
    print(f"  - open a pull request; a reviewer approves it with: alliance approve {path} --reviewer <id>")


def _lists_pages_in_nav(config_file: Path) -> bool:
    try:
        return bool(load_mkdocs_yml(config_file).get("nav"))
    except AllianceError as error:  # the settings loaded a moment ago; say so rather than guess
        print(f"note: {error}", file=sys.stderr)
        return False
