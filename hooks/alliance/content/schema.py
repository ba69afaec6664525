"""The content contract: the one definition of front matter.

The validator, the JSON Schema that editors use to complete and check front matter, and the field
table in the writers' guide are all generated from FIELDS below, so they cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from alliance.clock import as_date

Kind = Literal["text", "id", "ids", "texts", "date", "digest", "bool", "number", "mapping", "login"]

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
DIGEST_PATTERN = r"^sha256(?:v2)?:[0-9a-f]{64}$"  # sha256: is the older rule (review.py)
# A GitHub login: letters, digits and single hyphens inside, at most 39 characters (GitHub's rules).
GITHUB_LOGIN_PATTERN = r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$"
GITHUB_LOGIN_MAX = 39
# A sample person's placeholder: the dot is a character GitHub forbids in logins, so no account can
# ever have it, and no one can approve as a sample reviewer (only profiles with `sample: true`).
SAMPLE_HANDLE_PATTERN = r"^sample\.[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
_DIGEST = re.compile(DIGEST_PATTERN)
_LOGIN = re.compile(GITHUB_LOGIN_PATTERN)
_SAMPLE_HANDLE = re.compile(SAMPLE_HANDLE_PATTERN)
# Text the theme prints (subtitle, tags): no tag can start in it and it stays on one line.
PRINTED_PATTERN = r"^[^<>\n\r]*$"
# Prose readers see exactly as written (summary): none of the characters that start Markdown or HTML
# markup either, on one line.
PLAIN_PATTERN = r"^[^<>\[\]`*#|\n\r]*$"
_MARKDOWN = re.compile(r"[<>\[\]`*#|]")
# A sentence ends with . ! or ? (a closing quote or bracket may follow) before a space or the end.
_SENTENCE_END = re.compile(r"[.!?]+[\"')’”]*(?=\s|$)")


@dataclass(frozen=True)
class Field:
    """One front matter field: its type, whether it is required, and what writers are told about it."""

    name: str
    kind: Kind
    help: str
    required: bool = False
    min_length: int | None = None
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    children: tuple[Field, ...] = field(default=())
    clinical_only: bool = False  # required on clinical pages only; opted-out pages may omit it
    missing_fix: str = ""  # what to do when it is missing; "{path}" becomes the file's path
    sentences: tuple[int, int] | None = None  # text only: fewest and most sentences allowed
    plain: bool = False  # printed by the theme: text only, never markup, on one line
    no_markdown: bool = False  # text only: no Markdown either, since readers see it exactly as written


REVIEW = Field(
    "review",
    "mapping",
    "the medical review record; written by `alliance approve`",
    required=True,
    clinical_only=True,
    missing_fix="this page has not been medically reviewed; when it is ready, ask a reviewer to run: "
    "alliance approve {path} --reviewer <id>",
    children=(
        Field("reviewer", "id", "id of a reviewer profile (a file in docs/people/)", required=True),
        Field("reviewed", "date", "date of the review, YYYY-MM-DD, not in the future", required=True),
        Field(
            "next_review",
            "date",
            "date the next review is due; default: reviewed + the site's review interval",
        ),
        Field(
            "digest",
            "digest",
            "fingerprint of the approved content; written by `alliance approve`, never by hand",
        ),
    ),
)

PERSON = Field(
    "person",
    "mapping",
    "only on profile pages in docs/people/: who this person is",
    children=(
        Field("name", "text", "full name as shown in bylines", required=True, max_length=80),
        Field("credentials", "text", "qualifications shown after the name, e.g. 'DClinPsy'", max_length=80),
        Field("role", "text", "job title, e.g. 'Clinical psychologist'", required=True, max_length=120),
        Field(
            "roles",
            "ids",
            "what the person does on this site: author, reviewer or both",
            required=True,
            choices=("author", "reviewer"),
        ),
        Field("registration_body", "text", "reviewers: the body they are registered with", max_length=120),
        Field("registration_number", "text", "reviewers: their registration number", max_length=40),
        Field(
            "github",
            "login",
            "reviewers (required): their own GitHub login, e.g. msample; only "
            "this account's approval of a pull request counts (`alliance verify-approvals`); "
            "sample profiles use a placeholder such as sample.morgan, which no account can have",
        ),
        Field(
            "sample", "bool", "true for invented placeholder people; production builds refuse their records"
        ),
    ),
)

FIELDS: tuple[Field, ...] = (
    Field("title", "text", "the page title", required=True, max_length=120),
    Field(
        "description",
        "text",
        "one-sentence summary used as the search snippet",
        required=True,
        min_length=50,
        max_length=160,
    ),
    Field(
        "summary",
        "text",
        "'In short' box at the top of the page: 2–4 plain sentences a reader should take away",
        required=True,
        clinical_only=True,
        min_length=80,
        max_length=400,
        sentences=(2, 4),
        plain=True,
        no_markdown=True,
        missing_fix="add 'summary:' with 2–4 short, plain sentences that say what a reader will "
        "take away; it is shown as 'In short' at the top of the page",
    ),
    Field(
        "authors", "ids", "ids of author profiles (files in docs/people/)", required=True, clinical_only=True
    ),
    REVIEW,
    Field(
        "tags",
        "texts",
        "topics, shown as Material tags and used as the page's 'about'",
        max_length=40,
        plain=True,
    ),
    Field("content_warnings", "texts", "shown before the content, e.g. 'mentions of suicide'"),
    Field("published", "date", "date the page was first published, YYYY-MM-DD"),
    Field(
        "clinical",
        "bool",
        "pages are clinical unless mkdocs.yml lists them under extra.alliance.not_clinical; "
        "'clinical: false' is accepted only on those pages, 'clinical: true' anywhere",
    ),
    PERSON,
    # Material for MkDocs' own page settings: a closed list, each value checked, because Material
    # prints them into every page (see theme_fields.py for the checks that need the theme).
    Field(
        "hide",
        "ids",
        "Material: parts of the page to hide",
        choices=("navigation", "toc", "footer", "tags", "feedback", "path"),
    ),
    Field(
        "template",
        "text",
        "Material: the template that renders this page; clinical pages may only use main.html, "
        "other pages main.html, home.html or articles.html",
    ),
    Field(
        "icon", "text", "Material: icon shown in the navigation, e.g. material/heart; must exist in the theme"
    ),
    Field(
        "status",
        "text",
        "Material: page status shown in the navigation: new, deprecated or one "
        "declared under extra.status in mkdocs.yml",
    ),
    Field(
        "subtitle",
        "text",
        "Material: subtitle shown in the navigation (plain text)",
        max_length=80,
        plain=True,
    ),
    Field(
        "search",
        "mapping",
        "Material: search settings for this page",
        children=(
            Field("exclude", "bool", "true leaves the page out of the search index"),
            Field(
                "boost",
                "number",
                "ranks the page higher (above 1) or lower (below 1) in search, from 0.1 to 10",
            ),
        ),
    ),
)


@dataclass(frozen=True)
class FieldError:
    """What is wrong with one field, before it is tied to a file."""

    field: str
    message: str
    fix: str


def validate(data: Any, clinical: bool = True) -> list[FieldError]:
    """Check parsed front matter against FIELDS; never raises, whatever `data` is.

    `clinical` is the site's decision (extra.alliance.not_clinical), never the page's own.
    """
    if not isinstance(data, dict):
        return [
            FieldError(
                "front matter",
                f"is {_describe(data)}, not a set of 'key: value' lines",
                "write one 'key: value' per line, starting with 'title: ...'",
            )
        ]
    return _validate_mapping(data, FIELDS, "", not clinical)


def _validate_mapping(
    data: dict, fields: tuple[Field, ...], prefix: str, opted_out: bool
) -> list[FieldError]:
    errors: list[FieldError] = []
    known = {f.name: f for f in fields}
    for key in data:
        if not isinstance(key, str) or key not in known:
            errors.append(_unknown_key(key, prefix, known))
    for spec in fields:
        name = prefix + spec.name
        if spec.name not in data or data[spec.name] is None:
            if spec.required and not (spec.clinical_only and opted_out):
                errors.append(
                    FieldError(name, "is missing", spec.missing_fix or f"add '{spec.name}:' ({spec.help})")
                )
            continue
        errors.extend(_validate_value(data[spec.name], spec, name, opted_out))
    return errors


def _unknown_key(key: Any, prefix: str, known: dict[str, Field]) -> FieldError:
    close = difflib.get_close_matches(str(key), list(known), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"known fields are: {', '.join(known)}"
    # An empty, blank or null key would otherwise leave the message without a field name.
    label = key if isinstance(key, str) and key.strip() else f"'{'' if key is None else key}'"
    return FieldError(prefix + label, "is not a known field", f"{hint} (see the writers' guide)")


def _validate_value(value: Any, spec: Field, name: str, opted_out: bool) -> list[FieldError]:
    if spec.kind == "mapping":
        if not isinstance(value, dict):
            return [
                FieldError(
                    name,
                    f"is {_describe(value)}, not a mapping",
                    f"write '{spec.name}:' then its fields indented below it",
                )
            ]
        return _validate_mapping(value, spec.children, name + ".", opted_out)
    checker = _CHECKERS[spec.kind]
    message = checker(value, spec)
    return [FieldError(name, message[0], message[1])] if message else []


def _check_text(value: Any, spec: Field) -> tuple[str, str] | None:
    if not isinstance(value, str) or not value.strip():
        return f"is {_describe(value)}, not text", "write some text, in quotes if it contains ': '"
    if spec.no_markdown and _MARKDOWN.search(value):
        return (
            "contains Markdown or HTML (one of < > [ ] ` * # |)",
            "write plain sentences; readers see this text exactly as written",
        )
    if spec.plain and not is_plain_text(value):
        return (
            f"{_describe(value)} holds markup or a line break",
            "write plain text on one line, without '<' or '>'",
        )
    length = len(value.strip())
    if spec.min_length and length < spec.min_length:
        return (
            f"is {length} characters, fewer than {spec.min_length}",
            f"write {spec.min_length}–{spec.max_length} characters",
        )
    if spec.max_length and length > spec.max_length:
        return (
            f"is {length} characters, more than {spec.max_length}",
            f"shorten it to at most {spec.max_length} characters",
        )
    return _check_sentences(value, spec)


def _check_sentences(value: str, spec: Field) -> tuple[str, str] | None:
    """A summary must be a few whole sentences: one is a slogan, five is a second introduction."""
    if spec.sentences is None:
        return None
    low, high = spec.sentences
    count = sentence_count(value)
    if low <= count <= high:
        return None
    return (
        f"has {count} sentence{'s' if count != 1 else ''}, not {low}–{high}",
        f"write {low}–{high} short sentences, each ending with a full stop",
    )


def sentence_count(text: str) -> int:
    """Sentences in plain text: each run of . ! or ? before a space or the end closes one."""
    stripped = text.strip()
    ends = [match.end() for match in _SENTENCE_END.finditer(stripped)]
    # Words after the last full stop are a sentence too, only without its full stop.
    return len(ends) + (1 if stripped and (not ends or ends[-1] < len(stripped)) else 0)


def _check_id(value: Any, spec: Field) -> tuple[str, str] | None:
    if not isinstance(value, str) or not _ID.match(value):
        return (
            f"{_describe(value)} is not an id",
            "use the profile's file name without '.md', e.g. 'morgan-sample'",
        )
    return None


def _check_list(value: Any, spec: Field, item_ok, item_fix: str) -> tuple[str, str] | None:
    if not isinstance(value, list):
        return f"is {_describe(value)}, not a list", f"write it as a list: {spec.name}: [{item_fix}]"
    if spec.required and not value:
        return "is an empty list", f"name at least one: {spec.name}: [{item_fix}]"
    for item in value:
        if not item_ok(item):
            what = "an empty item" if item is None else _describe(item)
            return f"contains {what}", f"each item must be {item_fix}"
    return None


def _check_ids(value: Any, spec: Field) -> tuple[str, str] | None:
    if spec.choices:
        return _check_list(value, spec, lambda item: item in spec.choices, " or ".join(spec.choices))
    return _check_list(
        value,
        spec,
        lambda item: isinstance(item, str) and bool(_ID.match(item)),
        "a profile id such as jordan-example",
    )


def _check_texts(value: Any, spec: Field) -> tuple[str, str] | None:
    def ok(item: Any) -> bool:
        return (
            isinstance(item, str)
            and bool(item.strip())
            and (not spec.plain or is_plain_text(item))
            and (spec.max_length is None or len(item.strip()) <= spec.max_length)
        )

    what = (
        "a short text"
        if not spec.plain
        else f"a short plain text (at most {spec.max_length} characters, no '<' or '>')"
    )
    return _check_list(value, spec, ok, what)


_MARKUP = re.compile(r"[<>\x00-\x08\x0b-\x1f\x7f\n\r\u2028\u2029]")


def is_plain_text(value: str) -> bool:
    """Text the theme may print: no tag can start in it and it stays on one line."""
    return not _MARKUP.search(value)


def _check_date(value: Any, spec: Field) -> tuple[str, str] | None:
    return (
        None
        if as_date(value)
        else (f"{_describe(value)} is not a date", "write a calendar date as YYYY-MM-DD, e.g. 2026-11-20")
    )


def _check_digest(value: Any, spec: Field) -> tuple[str, str] | None:
    if not isinstance(value, str) or not _DIGEST.match(value):
        return (
            f"{_describe(value)} is not a review digest",
            "do not edit it by hand; ask a reviewer to run `alliance approve`",
        )
    return None


def _check_login(value: Any, spec: Field) -> tuple[str, str] | None:
    if not isinstance(value, str) or not (is_github_login(value) or is_sample_handle(value)):
        return (
            f"{_describe(value)} is not a GitHub login",
            "write the person's own GitHub user name, e.g. 'msample'; a team cannot approve, "
            "each reviewer approves as themselves",
        )
    return None


def github_login(handle: str) -> str:
    """The login in a profile's `github:`; a leading '@' is allowed, as GitHub writes mentions."""
    return handle.strip().removeprefix("@")


def is_github_login(handle: str) -> bool:
    login = github_login(handle)
    return len(login) <= GITHUB_LOGIN_MAX and bool(_LOGIN.match(login))


def is_sample_handle(handle: str) -> bool:
    return bool(_SAMPLE_HANDLE.match(github_login(handle)))


def _check_number(value: Any, spec: Field) -> tuple[str, str] | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.1 <= value <= 10:
        return f"is {_describe(value)}, not a number from 0.1 to 10", f"write e.g. '{spec.name}: 2'"
    return None


def _check_bool(value: Any, spec: Field) -> tuple[str, str] | None:
    return (
        None
        if isinstance(value, bool)
        else (
            f"is {_describe(value)}, not true or false",
            f"write '{spec.name}: true' or '{spec.name}: false'",
        )
    )


_CHECKERS = {
    "text": _check_text,
    "id": _check_id,
    "ids": _check_ids,
    "texts": _check_texts,
    "date": _check_date,
    "digest": _check_digest,
    "bool": _check_bool,
    "login": _check_login,
    "number": _check_number,
}


def _describe(value: Any) -> str:
    """How a value looks to a writer: YAML terms, not Python ones, and never very long."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dt.datetime):
        return f"'{value.isoformat(sep=' ')}' (a date with a time)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


# ---- the JSON Schema for editors ------------------------------------------------------------------

_JSON_TYPES: dict[str, dict[str, Any]] = {
    "text": {"type": "string", "minLength": 1},
    "id": {"type": "string", "pattern": ID_PATTERN},
    "ids": {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
    "texts": {"type": "array", "items": {"type": "string", "minLength": 1}},
    "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "digest": {"type": "string", "pattern": DIGEST_PATTERN},
    "bool": {"type": "boolean"},
    "number": {"type": "number", "minimum": 0.1, "maximum": 10},
    "mapping": {"type": "object"},
    "login": {
        "type": "string",
        "maxLength": GITHUB_LOGIN_MAX + 1,
        "pattern": f"^@?(?:{GITHUB_LOGIN_PATTERN[1:-1]}|{SAMPLE_HANDLE_PATTERN[1:-1]})$",
    },
}


def json_schema(people_ids: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of front matter; with people ids, ids are checked too.

    Dates are strings here because editors' YAML servers see them as text; the build reads them as dates.
    """
    schema = _json_object(FIELDS, people_ids or {})
    schema["allOf"] = [
        {
            "if": {"not": {"properties": {"clinical": {"const": False}}, "required": ["clinical"]}},
            "then": {"required": [f.name for f in FIELDS if f.required]},
        }
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "front-matter.schema.json",
        "title": "Alliance page front matter",
        "description": "The content contract of an Alliance page. Generated by `alliance schema`.",
        **schema,
    }


def _json_object(fields: tuple[Field, ...], people_ids: dict[str, list[str]]) -> dict[str, Any]:
    properties = {spec.name: _json_field(spec, people_ids) for spec in fields}
    return {
        "type": "object",
        "properties": properties,
        "required": [f.name for f in fields if f.required and not f.clinical_only],
        "additionalProperties": False,
    }


def _json_field(spec: Field, people_ids: dict[str, list[str]]) -> dict[str, Any]:
    if spec.kind == "mapping" and spec.children:
        result = _json_object(spec.children, people_ids)
    else:
        result = {
            key: (dict(value) if isinstance(value, dict) else value)
            for key, value in _JSON_TYPES[spec.kind].items()
        }
    result["description"] = spec.help
    if spec.min_length:
        result["minLength"] = spec.min_length
    if spec.max_length and spec.kind == "texts":
        result["items"] = {**result["items"], "maxLength": spec.max_length}
    elif spec.max_length:
        result["maxLength"] = spec.max_length
    if spec.plain:
        target = result["items"] if spec.kind == "texts" else result
        target["pattern"] = PLAIN_PATTERN if spec.no_markdown else PRINTED_PATTERN
    if spec.choices:
        result["items"] = {"enum": list(spec.choices)}
    if spec.kind == "ids" and spec.required:
        result["minItems"] = 1
    ids = people_ids.get(spec.name)
    if ids and spec.kind == "id":
        result["enum"] = ids
    elif ids and spec.kind == "ids":
        result["items"] = {"enum": ids}
    return result


def field_table() -> str:
    """The Markdown table of fields for the writers' guide."""
    rows = ["| field | type | required | what it is |", "| --- | --- | --- | --- |"]
    for spec in FIELDS:
        rows.append(_table_row(spec, ""))
        rows.extend(_table_row(child, spec.name + ".") for child in spec.children)
    return "\n".join(rows) + "\n"


def _table_row(spec: Field, prefix: str) -> str:
    if spec.required:
        required = "clinical pages" if spec.clinical_only else "yes"
    else:
        required = "no"
    size = ""
    if spec.min_length or spec.max_length:
        size = f", {spec.min_length or 1}–{spec.max_length} characters"
    if spec.sentences:
        size += f", {spec.sentences[0]}–{spec.sentences[1]} sentences"
    if spec.plain:
        size += ", no markup"
    return f"| `{prefix}{spec.name}` | {spec.kind}{size} | {required} | {spec.help} |"
