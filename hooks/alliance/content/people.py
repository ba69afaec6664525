"""The people registry: authors and reviewers, each defined once by their profile page's front matter."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, TypeVar

from mkdocs.utils import is_markdown_file

from alliance.content import frontmatter
from alliance.content.schema import github_login, is_github_login, is_sample_handle
from alliance.problems import Problem


@dataclass(frozen=True)
class Person:
    """An author or reviewer as bylines and structured data show them."""

    id: str
    name: str
    role: str
    roles: tuple[str, ...]
    credentials: str = ""
    registration_body: str = ""
    registration_number: str = ""
    github: str = ""
    sample: bool = False
    src_uri: str = ""  # the profile page, e.g. people/morgan-sample.md

    @property
    def is_reviewer(self) -> bool:
        return "reviewer" in self.roles

    @property
    def is_author(self) -> bool:
        return "author" in self.roles

    @property
    def login(self) -> str:
        """The GitHub login whose approval counts for this person, without '@' ('' if none)."""
        return github_login(self.github)


_Someone = TypeVar("_Someone")


def credited(authors: Iterable[_Someone], reviewer: _Someone | None) -> list[_Someone]:
    """Who a page credits, as ids or as Persons: its authors, then its reviewer if it has one. The
    byline, the JSON-LD, the sample rule and the checks all read this one list."""
    return [*authors, *([reviewer] if reviewer else [])]


def person_id(src_uri: str) -> str:
    """A person's id is their profile file's name, so it cannot disagree with the page."""
    return PurePosixPath(src_uri).stem


def is_profile(src_uri: str, people_dir: str) -> bool:
    """Any page MkDocs renders under the people folder is a profile, whatever its Markdown suffix:
    `morgan-sample.markdown` must not escape the one-definition rule."""
    return src_uri.startswith(people_dir + "/") and is_markdown_file(src_uri)


def person_from_front_matter(src_uri: str, data: Any) -> Person | None:
    """A Person from a profile page's front matter, or None if it is not usable (its check says why)."""
    if not isinstance(data, dict) or not isinstance(data.get("person"), dict):
        return None
    raw = data["person"]
    roles = raw.get("roles")
    if not isinstance(raw.get("name"), str) or not isinstance(roles, list):
        return None
    return Person(
        id=person_id(src_uri),
        name=raw["name"].strip(),
        role=str(raw.get("role") or ""),
        roles=tuple(str(role) for role in roles),
        credentials=str(raw.get("credentials") or ""),
        registration_body=str(raw.get("registration_body") or ""),
        registration_number=str(raw.get("registration_number") or ""),
        github=str(raw.get("github") or ""),
        sample=raw.get("sample") is True,
        src_uri=src_uri,
    )


def load_registry(
    profiles: Iterable[tuple[str, bytes]], display_path: Callable[[str], str] = str
) -> tuple[dict[str, Person], list[Problem]]:
    """People by id from (src_uri, raw bytes) of every profile page, and a problem for every id
    defined twice. An ambiguous id is left out: no page may be approved in its name until one
    definition is removed. Unreadable profiles are left out here and reported by their own check."""
    registry: dict[str, Person] = {}
    seen: dict[str, str] = {}  # id folded to lower case -> first profile that defined it
    problems: list[Problem] = []
    ambiguous: set[str] = set()
    for src_uri, raw in sorted(profiles):
        key = person_id(src_uri).lower()  # ids that differ only in case read as one person
        if key in seen:
            ambiguous.add(key)
            problems.append(
                Problem(
                    display_path(src_uri),
                    "person",
                    f"the id '{person_id(src_uri)}' is already defined by {display_path(seen[key])}",
                    "a person is defined once: remove or rename one of "
                    "the two profiles; pages reviewed in that name stay unapproved until then",
                )
            )
            continue
        seen[key] = src_uri
        person = _person_from_bytes(src_uri, raw)
        if person:
            registry[person.id] = person
    return {pid: person for pid, person in registry.items() if pid.lower() not in ambiguous}, problems


def _person_from_bytes(src_uri: str, raw: bytes) -> Person | None:
    page = frontmatter.read(src_uri, raw)
    if page.problem or not page.has_front_matter:
        return None  # the profile's own check reports why
    return person_from_front_matter(src_uri, page.data)


def github_problems(person: dict[str, Any], production: bool) -> list[tuple[str, str, str]]:
    """(field, message, fix) for a profile's `github:`: required for reviewers, a placeholder only on
    sample profiles and never in production. The schema has already checked its shape."""
    handle, sample = person.get("github"), person.get("sample") is True
    roles = person.get("roles")
    if handle is None and isinstance(roles, list) and "reviewer" in roles:
        return [
            (
                "person.github",
                "is missing for a reviewer",
                "add 'github: <their GitHub login>': only that account's approval of a pull request "
                "counts as their review",
            )
        ]
    if not isinstance(handle, str) or not is_sample_handle(handle) or is_github_login(handle):
        return []
    if not sample:
        return [
            (
                "person.github",
                f"'{handle}' is a sample placeholder on a profile without 'sample: true'",
                "write the person's own GitHub login",
            )
        ]
    if production:
        return [
            (
                "person.github",
                f"'{handle}' is a sample placeholder, refused in production",
                "replace the sample people with real, registered profiles",
            )
        ]
    return []
