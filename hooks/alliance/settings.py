"""Site settings for Alliance, read once from mkdocs.yml (`extra.alliance`) and checked.

The build (on_config) and the `alliance` command read the same file through this module, so a bad
setting is reported the same way by both: `mkdocs.yml: extra.alliance.<field>: what — how to fix`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from alliance.clock import as_date
from alliance.problems import AllianceError

CONFIG_NAME = "mkdocs.yml"


# How a helpline's numbers were checked: on the service's own web page (`source`), or by calling them.
VERIFY_METHODS = ("website", "call")
# A number readers can dial or text: digits and spaces, with an optional leading +; never letters.
_DIALABLE = re.compile(r"^\+?[0-9][0-9 ]*$")
_REGION_CODE = re.compile(r"^[A-Z]{2}(?:-[A-Z]{2,3})?$")
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")
_PERSON_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Helpline:
    """One crisis service as readers see it in the crisis notice."""

    name: str
    numbers: tuple[tuple[str, str, str], ...]  # (label shown, digits dialled, "tel" or "sms")
    hours: str
    verified: dt.date | None  # None: never verified; shown as such and reported
    source: str  # the service's own page: where the numbers were read, and where readers can check
    service_domain: str = ""  # the service's own web address; `source` must be on it
    method: str | None = None  # "website" or "call"; set exactly when `verified` is
    verified_by: str | None = None  # profile id of the person who checked
    strip: bool = False  # the one the strip at the top of every page shows (else the region's first)
    where: str = field(default="", compare=False)  # "extra.alliance.regions[i].helplines[j]"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    emergency: str
    helplines: tuple[Helpline, ...]
    # Every emergency number with what it is for (e.g. police, ambulance); the first is `emergency`.
    emergency_numbers: tuple[tuple[str, str, str], ...] = ()
    # Where to go if a life is at risk now ("If a life is at risk, call 999 or go to A&E").
    emergency_department: str = ""


@dataclass(frozen=True)
class Settings:
    """What Alliance needs from mkdocs.yml, checked and typed."""

    config_dir: Path
    docs_dir: Path
    site_url: str
    use_directory_urls: bool
    site_name: str
    language: str
    publisher_name: str
    publisher_url: str
    review_interval_years: int
    due_soon_days: int
    overdue_severity: str  # "error" or "notice"
    production: bool
    people_dir: str
    policy_page: str  # src_uri of "How we review content"
    help_page: str  # src_uri of "Get help now"
    readability_max_grade: float
    disclaimer: str
    feedback_url: str
    region: str
    helpline_max_age_days: int
    regions: tuple[Region, ...]
    # Globs over src paths of the pages that give no health information (extra.alliance.not_clinical):
    # only the site, never a page, decides that a page needs no review.
    not_clinical: tuple[str, ...] = ()
    theme_dirs: tuple[Path, ...] = ()  # where the theme's templates and .icons are, first wins
    statuses: tuple[str, ...] = ("new", "deprecated")  # Material's page statuses plus extra.status
    # extra_css and extra_javascript: the only stylesheets and scripts in docs/ the site may publish.
    site_assets: tuple[str, ...] = ()
    # Python-Markdown's footnotes extension is listed by name: `[^label]: …` is then a footnote, never
    # a link definition. False when it is not, or comes inside a bundle (`extra`): reading such lines
    # as link definitions too can only bind more files.
    footnotes: bool = False
    # docs_dir as mkdocs.yml writes it, from config_dir, its links not followed: the approvals check
    # follows it in each checkout it reads, as a build of that checkout would (red team 4, session 33).
    docs_dir_as_written: Path | None = None

    def is_not_clinical(self, src_uri: str) -> bool:
        """True when the site declares this page not clinical (it matches a not_clinical glob)."""
        return any(_glob_pattern(glob).fullmatch(src_uri) for glob in self.not_clinical)

    def display_path(self, src_uri: str) -> str:
        """The path of a docs file as a writer knows it, relative to the project folder; bytes of a
        name that is not UTF-8 (kept by Python as lone surrogates, which no message can print)
        written as \\xNN."""
        try:
            docs = self.docs_dir.relative_to(self.config_dir).as_posix()
        except ValueError:
            docs = self.docs_dir.as_posix()
        path = f"{docs}/{src_uri}" if docs not in ("", ".") else src_uri
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

    def next_review(self, reviewed: dt.date) -> dt.date:
        """The default next review date: the same day, review_interval_years later."""
        year = reviewed.year + self.review_interval_years
        if year > dt.MAXYEAR:  # a review dated near 9999 is in the future anyway, and reported so
            return dt.date.max
        try:
            return reviewed.replace(year=year)
        except ValueError:  # 29 February in a year that has none
            return reviewed.replace(year=year, day=28)

    def page_url(self, url: str) -> str:
        """Absolute address of a site-relative page url."""
        return self.site_url.rstrip("/") + "/" + url.lstrip("/")


def load_mkdocs_yml(config_file: Path) -> dict[str, Any]:
    """Read mkdocs.yml as MkDocs does (!ENV, !relative and INHERIT included), without building."""
    from mkdocs.utils.yaml import yaml_load  # MkDocs' own loader knows its custom tags

    # MkDocs' own pure-Python parser, as the build reads it: libyaml's parser reads some files
    # differently without an error (a U+FEFF inside the text, a bare `!` tag, a tab after a key), and
    # `alliance check` must judge the settings the build will use (red team, 2 December 2026).
    try:
        with open(config_file, "rb") as handle:  # bytes, as MkDocs reads it: PyYAML follows a UTF-16 BOM
            data = yaml_load(handle)
    except FileNotFoundError:
        raise AllianceError(
            f"{config_file}: not found; run alliance in the folder with mkdocs.yml, or pass --config-file"
        ) from None
    except Exception as error:  # YAML syntax, INHERIT loops and bad tags all stop here
        raise AllianceError(f"{config_file}: cannot be read: {error}") from None
    if not isinstance(data, dict):
        raise AllianceError(f"{config_file}: is not a mapping of settings")
    return data


def _lists_footnotes(config: Mapping[str, Any]) -> bool:
    """Whether markdown_extensions names the footnotes extension itself (as loaded, a list of names;
    as written in mkdocs.yml, names or one-key mappings of a name to its options)."""
    listed = config.get("markdown_extensions") or []
    names = {
        name
        for entry in (listed if isinstance(listed, list) else [])
        for name in (entry if isinstance(entry, Mapping) else [entry])
        if isinstance(name, str)
    }
    return bool(names & {"footnotes", "markdown.extensions.footnotes"})


def from_mkdocs_config(config: Mapping[str, Any], config_file: Path) -> Settings:
    """Settings from a loaded MkDocs configuration (a MkDocsConfig or the plain mkdocs.yml data)."""
    config_dir = Path(config_file).resolve().parent
    extra = config.get("extra") or {}
    raw = extra.get("alliance") if isinstance(extra, Mapping) else None
    if not isinstance(raw, Mapping):
        raise AllianceError(
            f"{CONFIG_NAME}: extra.alliance: is missing or not a mapping; "
            "copy the 'extra: alliance:' block from the README"
        )
    reader = _Reader(raw)
    docs_dir = Path(config.get("docs_dir") or "docs")
    theme = config.get("theme")
    language = (theme.get("language") if isinstance(theme, Mapping) else None) or "en"
    settings = Settings(
        config_dir=config_dir,
        docs_dir=(docs_dir if docs_dir.is_absolute() else config_dir / docs_dir).resolve(),
        docs_dir_as_written=docs_dir if docs_dir.is_absolute() else config_dir / docs_dir,
        site_url=_site_url(config),
        use_directory_urls=bool(config.get("use_directory_urls", True)),
        site_name=str(config.get("site_name") or ""),
        language=str(language),
        publisher_name=reader.text("publisher_name"),
        publisher_url=reader.text("publisher_url"),
        review_interval_years=reader.integer("review_interval_years", 3, 1, 10),
        due_soon_days=reader.integer("due_soon_days", 60, 0, 365),
        overdue_severity=reader.choice("overdue", "error", ("error", "notice")),
        production=reader.boolean("production", False),
        people_dir=reader.text("people_dir", "people").strip("/"),
        policy_page=reader.text("policy_page", "about/how-we-review.md"),
        help_page=reader.text("help_page", "get-help.md"),
        readability_max_grade=float(reader.integer("readability_max_grade", 8, 1, 20)),
        disclaimer=reader.text("disclaimer"),
        feedback_url=reader.text("feedback_url"),
        region=reader.text("region"),
        helpline_max_age_days=reader.integer("helpline_max_age_days", 183, 1, 3650),
        regions=_regions(raw, _people_folder(config_dir, docs_dir, reader)),
        not_clinical=_globs(reader, "not_clinical"),
        theme_dirs=_theme_dirs(theme, config_dir),
        statuses=_statuses(extra),
        site_assets=_site_assets(config),
        footnotes=_lists_footnotes(config),
    )
    if settings.region not in {region.code for region in settings.regions}:
        raise AllianceError(
            f"{CONFIG_NAME}: extra.alliance.region: '{settings.region}' is not one of "
            "the codes under extra.alliance.regions; add that region or pick another"
        )
    return settings


def _people_folder(config_dir: Path, docs_dir: Path, reader: _Reader) -> Path:
    """Where profile pages live: a helpline's verified_by must name one of them."""
    docs = docs_dir if docs_dir.is_absolute() else config_dir / docs_dir
    return docs / reader.text("people_dir", "people").strip("/")


def _globs(reader: _Reader, key: str) -> tuple[str, ...]:
    """A list of src path globs such as 'about/*' ('*' stays within a folder, '**' crosses them)."""
    value = reader.raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise reader._fail(
            key, f"is {value!r}; list paths or globs under docs/, e.g. [index.md, 'about/*', 'people/*']"
        )
    for item in value:
        if item.startswith("/") or ".." in item.split("/"):
            raise reader._fail(
                key, f"'{item}' is not a path under docs/; write it relative to docs/, e.g. 'about/*'"
            )
    return tuple(item.strip() for item in value)


@functools.lru_cache(maxsize=256)
def _glob_pattern(glob: str) -> re.Pattern[str]:
    parts = re.split(r"(\*\*|\*|\?)", glob)
    wildcards = {"**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(wildcards.get(part, re.escape(part)) for part in parts))


def _theme_dirs(theme: Any, config_dir: Path) -> tuple[Path, ...]:
    """The theme's template folders, custom_dir first, as MkDocs searches them."""
    dirs = getattr(theme, "dirs", None)  # a loaded MkDocsConfig has a Theme object
    if isinstance(theme, str):
        theme = {"name": theme}
    if dirs is None and isinstance(theme, Mapping):
        from mkdocs.theme import Theme

        custom = theme.get("custom_dir")
        try:
            dirs = Theme(
                name=theme.get("name"),
                custom_dir=str(config_dir / custom) if isinstance(custom, str) else None,
            ).dirs
        except Exception:  # a bad theme is MkDocs' to report when it builds; check without one
            dirs = []
    return tuple(Path(folder) for folder in dirs or ())


def _site_assets(config: Mapping[str, Any]) -> tuple[str, ...]:
    """The paths listed under extra_css and extra_javascript (a script may be {path: ...})."""
    listed = [*(config.get("extra_css") or ()), *(config.get("extra_javascript") or ())]
    paths = [
        item.get("path") if isinstance(item, Mapping) else getattr(item, "path", item) for item in listed
    ]
    return tuple(str(path).lstrip("/") for path in paths if path)


def _statuses(extra: Any) -> tuple[str, ...]:
    declared = extra.get("status") if isinstance(extra, Mapping) else None
    return ("new", "deprecated", *(map(str, declared) if isinstance(declared, Mapping) else ()))


def load(config_file: Path | str = CONFIG_NAME) -> Settings:
    """Settings straight from a mkdocs.yml file, for the command line."""
    path = Path(config_file)
    return from_mkdocs_config(load_mkdocs_yml(path), path)


def _site_url(config: Mapping[str, Any]) -> str:
    url = config.get("site_url")
    if not url:
        raise AllianceError(
            f"{CONFIG_NAME}: site_url: is missing; structured data and the sitemap "
            "need the site's address, e.g. site_url: https://example.org/"
        )
    return str(url)


class _Reader:
    """Typed access to `extra.alliance`, each failure naming the setting."""

    def __init__(self, raw: Mapping[str, Any], prefix: str = "extra.alliance") -> None:
        self.raw, self.prefix = raw, prefix

    def _fail(self, key: str, what: str) -> AllianceError:
        return AllianceError(f"{CONFIG_NAME}: {self.prefix}.{key}: {what}")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.raw.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self._fail(key, f"is {value!r}; set it to some text")
        return value.strip()

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        value = self.raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self._fail(key, f"is {value!r}; set a whole number from {low} to {high}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw.get(key, default)
        if isinstance(value, str) and value.lower() in ("true", "false", "1", "0", "yes", "no", ""):
            return value.lower() in ("true", "1", "yes")  # !ENV values arrive as text
        if not isinstance(value, bool):
            raise self._fail(key, f"is {value!r}; set true or false")
        return value

    def choice(self, key: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.raw.get(key, default)
        if value not in choices:
            raise self._fail(key, f"is {value!r}; set one of: {', '.join(choices)}")
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.raw.get(key)
        if value is None:
            return None
        parsed = as_date(value)
        if parsed is None:
            raise self._fail(
                key,
                f"is {value!r}; write the date as YYYY-MM-DD, or leave it empty if "
                "the entry has never been verified",
            )
        return parsed

    def items(self, key: str, hint: str) -> list[Any]:
        """A list setting that must have at least one entry."""
        value = self.raw.get(key)
        if not isinstance(value, list) or not value:
            raise self._fail(key, f"is missing or empty; {hint}")
        return value


def _mapping_reader(raw: Any, prefix: str, hint: str) -> _Reader:
    """A reader over one entry of a list setting, which must be a mapping."""
    if not isinstance(raw, dict):
        raise AllianceError(f"{CONFIG_NAME}: {prefix}: is not a mapping; give {hint}")
    return _Reader(raw, prefix)


def _regions(raw: Mapping[str, Any], people: Path) -> tuple[Region, ...]:
    regions = _Reader(raw).items("regions", "list at least one region with its helplines")
    return tuple(_region(item, index, people) for index, item in enumerate(regions))


def _region(raw: Any, index: int, people: Path) -> Region:
    prefix = f"extra.alliance.regions[{index}]"
    reader = _mapping_reader(raw, prefix, "code, name, emergency and helplines")
    code = reader.text("code")
    if not _REGION_CODE.match(code):
        raise reader._fail("code", f"is {code!r}; use an ISO 3166 code such as GB-SCT, US or ZA")
    emergency = _dialable(reader, "emergency")
    extra = reader.raw.get("emergency_numbers")
    numbers = _numbers(reader, "emergency_numbers") if extra is not None else ()
    helplines = tuple(
        _helpline(item, f"{prefix}.helplines[{n}]", people)
        for n, item in enumerate(reader.items("helplines", "list at least one helpline"))
    )
    stripped = [helpline.name for helpline in helplines if helpline.strip]
    if len(stripped) > 1:  # the strip is one line: one service, chosen by the maintainers
        raise reader._fail(
            "helplines",
            f"{', '.join(stripped)} all have 'strip: true'; keep it on "
            "the one the strip at the top of every page shows",
        )
    return Region(
        code=code,
        name=reader.text("name"),
        emergency=emergency,
        helplines=helplines,
        emergency_numbers=numbers,
        emergency_department=reader.text("emergency_department"),
    )


def dialled(number: str) -> str:
    """What a phone dials for a number as written ('+27 800 567 567' -> '+27800567567'): the one
    rule for every tel: and sms: link."""
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


def _dialable(reader: _Reader, key: str) -> str:
    """A number as written, refused unless a phone can dial it (no letters, no words)."""
    number = reader.raw.get(key)
    if isinstance(number, int) and not isinstance(number, bool):
        number = str(number)  # an unquoted 999 arrives as a whole number
    if not isinstance(number, str) or not _DIALABLE.match(number.strip()):
        raise reader._fail(
            key,
            f"is {number!r}, not a number a phone can dial; write digits and "
            'spaces only (a leading + is allowed), in quotes, e.g. "116 123"',
        )
    return number.strip()


def _numbers(reader: _Reader, key: str) -> tuple[tuple[str, str, str], ...]:
    """(label shown, digits dialled, scheme) for each entry of a list of numbers."""
    numbers = reader.items(
        key, "list entries like {label: Call, number: '116 123'} (add kind: sms for text-only numbers)"
    )
    parsed: list[tuple[str, str, str]] = []
    for n, entry in enumerate(numbers):
        entry_reader = _mapping_reader(
            entry, f"{reader.prefix}.{key}[{n}]", "label and number, e.g. {label: Call, number: '116 123'}"
        )
        label, number = entry_reader.text("label"), _dialable(entry_reader, "number")
        kind = entry_reader.choice("kind", "call", ("call", "sms"))
        parsed.append((f"{label} {number}", dialled(number), "sms" if kind == "sms" else "tel"))
    return tuple(parsed)


def _helpline(raw: Any, prefix: str, people: Path) -> Helpline:
    reader = _mapping_reader(
        raw, prefix, "name, numbers, hours, service_domain, source, verified, method and verified_by"
    )
    numbers = _numbers(reader, "numbers")
    domain = _service_domain(reader)
    source = _source(reader, domain)
    verified = reader.date("verified")
    method, verified_by = _verification(reader, verified, people)
    return Helpline(
        name=reader.text("name"),
        numbers=numbers,
        hours=reader.text("hours"),
        verified=verified,
        source=source,
        service_domain=domain,
        method=method,
        verified_by=verified_by,
        strip=reader.boolean("strip", False),
        where=prefix,
    )


def _service_domain(reader: _Reader) -> str:
    domain = reader.text("service_domain").lower()
    if not _DOMAIN.match(domain):
        raise reader._fail(
            "service_domain",
            f"is {domain!r}; write the service's own web address "
            "without https:// or a path, e.g. samaritans.org",
        )
    return domain


def _source(reader: _Reader, domain: str) -> str:
    """The service's own page: https only, and on the service's own domain (not a news story or a
    directory that copied the number, which may be out of date)."""
    source = reader.text("source")
    parts = urlsplit(source)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        raise reader._fail(
            "source", f"is {source!r}, not an https:// address; link the service's own page with https://"
        )
    if host != domain and not host.endswith("." + domain):
        raise reader._fail(
            "source",
            f"{source!r} is not on the service's own site ({domain}); "
            "link the page of the service itself where the numbers are "
            "given, or correct service_domain",
        )
    return source


def _verification(reader: _Reader, verified: dt.date | None, people: Path) -> tuple[str | None, str | None]:
    """How and by whom the numbers were checked; a date alone is not enough to tell readers so."""
    method, person = reader.raw.get("method"), reader.raw.get("verified_by")
    if verified is None:
        if method is not None or person is not None:
            raise reader._fail(
                "verified",
                "is empty while method or verified_by is set; write the "
                "date of the check, or remove method and verified_by",
            )
        return None, None
    if method not in VERIFY_METHODS:
        shown = "empty" if method is None else repr(method)
        raise reader._fail(
            "method",
            f"is {shown}; write how the numbers were checked: 'website' "
            "(read on the service's own page, the 'source') or 'call' "
            "(dialled on the 'verified' date)",
        )
    if not isinstance(person, str) or not _PERSON_ID.match(person):
        raise reader._fail(
            "verified_by",
            f"is {person!r}; write the profile id of the person who "
            "checked the numbers (a file in docs/people/), or leave "
            "'verified' empty",
        )
    if not (people / f"{person}.md").is_file():
        raise reader._fail(
            "verified_by",
            f"'{person}' has no profile page in {people.name}/; use the id of an existing profile or add one",
        )
    return method, person


def helpline_problems(settings: Settings, today: dt.date) -> list[str]:
    """Helplines checked in the future (a typo) or too long ago: readers must be able to trust them."""
    problems: list[str] = []
    for region in settings.regions:
        for helpline in region.helplines:
            if helpline.verified is None:
                continue
            where = f"{CONFIG_NAME}: {helpline.where or 'extra.alliance.regions'}.verified"
            if helpline.verified > today:
                problems.append(
                    f"{where}: {helpline.name}: {helpline.verified.isoformat()} is in the "
                    "future; write the date the numbers were actually checked"
                )
            elif (today - helpline.verified).days > settings.helpline_max_age_days:
                problems.append(
                    f"{where}: {helpline.name}: last verified "
                    f"{helpline.verified.isoformat()}, more than "
                    f"{settings.helpline_max_age_days} days ago; check the numbers "
                    f"against {helpline.source} (or call them) and update 'verified'"
                )
    return problems


def unverified_helplines(settings: Settings) -> list[str]:
    """Helplines never verified: shown to readers marked as such, and listed at every build."""
    return [
        f"{region.code} {helpline.name}"
        for region in settings.regions
        for helpline in region.helplines
        if helpline.verified is None
    ]
