"""`alliance new`: a new article with every required field and the standard sections.

It previews at once in `mkdocs serve` (as an unreviewed draft) and fails the strict gate until a
reviewer approves it. Its URL is added to the published-URL record straight away.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import published_urls
from .paths import page_url
from .problems import AllianceError

TEMPLATES = Path(__file__).parent / "templates"


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug or "article"


def render_article(title: str, tags: list[str], author: str) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False)
    return env.get_template("article.md.j2").render(title=title, tags=tags, author=author)


def register(commands) -> None:
    new = commands.add_parser("new", help="scaffold a new article")
    new.add_argument("title", help="the article's title, in quotes")
    new.add_argument("--tags", nargs="*", default=[], help="topics, e.g. --tags Trust Anxiety")
    new.add_argument("--author", default=None, help="your profile id (default: the only author)")
    new.add_argument("--folder", default="articles", help="folder under docs/ (default: articles)")
    new.set_defaults(run=run_new)


def run_new(args: argparse.Namespace) -> int:
    from .cli import load_settings
    from .people import load_registry, is_profile
    from .site import markdown_files

    settings = load_settings(args)
    title = args.title.strip()
    if not title or "\n" in title:
        raise AllianceError("title: give the article's title on one line, in quotes")
    uri = f"{args.folder.strip('/')}/{slugify(title)}.md"
    target = settings.docs_dir / uri
    if target.exists():
        raise AllianceError(f"{settings.display_path(uri)}: already exists; choose another title")
    registry = load_registry((u, (settings.docs_dir / u).read_bytes())
                             for u in markdown_files(settings.docs_dir)
                             if is_profile(u, settings.people_dir))
    author = args.author or _only_author(registry)
    if author not in registry or not registry[author].is_author:
        raise AllianceError(f"--author: '{author}' is not an author profile in "
                            f"{settings.people_dir}/; pass --author with your id")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_article(title, args.tags, author), encoding="utf-8")
    record = published_urls.read_record(settings.docs_dir)
    published_urls.write_record(settings.docs_dir,
                                [*record, page_url(uri, settings.use_directory_urls)])
    print(f"created {settings.display_path(uri)}")
    print("next: add it to 'nav' in mkdocs.yml if the site lists pages there, write it, preview it "
          "with `mkdocs serve`, check it with `alliance check " + settings.display_path(uri) + "`")
    return 0


def _only_author(registry) -> str:
    authors = sorted(pid for pid, person in registry.items() if person.is_author)
    if len(authors) != 1:
        print(f"authors: {', '.join(authors) or 'none'}", file=sys.stderr)
        raise AllianceError("--author: there is more than one author profile; pass --author <your id>")
    return authors[0]
