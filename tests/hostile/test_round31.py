"""Session 31: Markdown's time budget. Python-Markdown reads some marks in time growing with the square
of their number, or with their number times the text after them (`[a](` repeated 8,000 times took
25.6 s to build, 6,000 references to one footnote 38.6 s); the page check now caps each
(content.renderable), so such a page fails `alliance check` and `approve`, and the build shows its
problems in its place instead of rendering it. A tight definition list of about 490 entries stopped
the build with a RecursionError: capped too.

Each cap: a page just under it has no `markdown` problem, a page just over it has one. No test here is
timed (SECURITY.md gives the times measured by hand).
"""

from __future__ import annotations

import pytest
from support.hostile import ARTICLE, CONTEXT, approved_body, markdown_problems
from support.slow_markdown import SLOW_BODIES

from alliance.content import renderable
from alliance.content.pages import check_page
from alliance.output import links


def _body(markup: str) -> str:
    record = check_page(ARTICLE, approved_body(markup), CONTEXT)
    assert record.body is not None
    return record.body


def _line_marks(markup: str, wanted: str) -> int:
    """How many lines of the page (with `markup`) open with the mark `wanted`."""
    return sum(mark == wanted for mark in renderable._LINE_MARK.findall("\n" + _body(markup)))


def _link_reads(markup: str) -> int:
    body = _body(markup)
    return sum(renderable._link_reads(body, start, end) for start, end in renderable._blocks(body))


def _brackets(extra: int) -> str:
    """100 unclosed '[' followed by text that takes their reads `extra` characters above or below
    the cap (each character after them is read by each '[' six times: _TEXT_READERS, twice)."""
    markup = "[a " * 100
    per_character = 100 * renderable._READ_AGAIN * renderable._TEXT_READERS
    assert _link_reads(markup + "b") - _link_reads(markup) == per_character
    length = (renderable.MAX_BRACKET_WORK - _link_reads(markup)) // per_character
    return markup + "b" * (length + extra // per_character)


def _tags(extra: int) -> str:
    """100 '<' on a page whose length is about 1,000 characters above or below the cap's share."""
    markup = "<a " * 100
    rest = len(_body(markup))
    return markup + "b" * (renderable.MAX_TAG_WORK // 100 + extra - rest)


def _sections(extra: int) -> str:
    """Ten '<![' (unclosed marked sections) on a page about 100 characters above or below the cap's
    share."""
    markup = "<![CDATA[ > " * 10
    rest = len(_body(markup))
    return markup + "b" * (renderable.MAX_MARKED_SECTION_WORK // 10 + extra - rest)


def _references(count: int) -> str:
    return "[^1]: A note.\n\n" + "See this.[^1]\n\n" * (count - 1)  # the definition's '[^' counts too


def _openers(count: int) -> str:
    kinds = ["!!! note\n    Text.\n\n", "??? note\n    Text.\n\n", '=== "Tab"\n    Text.\n\n']
    return "".join(kinds[index % 3] for index in range(count))


def _headings(count: int) -> str:
    return "## A part\n\nText.\n\n" * (count - _line_marks("", "#"))


def _abbreviated(count: int) -> str:
    base = "*[CBT]: Cognitive behavioural therapy\n\n"
    body = _body(base)
    have = body.count("\n") + sum(body.count(mark) for mark in "*_`[<") + body.count("CBT")  # its uses too
    return base + "It helps.\n" * (count - have)


def _definitions(count: int) -> str:
    return "Term\n: Its meaning.\n" * count


CAPS = [
    ("'[' read to the end", _brackets(-1000), _brackets(1000), "'[' (links, images, footnote references)"),
    ("'<' times the page", _tags(-1000), _tags(1000), f"passes {renderable.MAX_TAG_WORK:,}"),
    (
        "'<![' times the page",
        _sections(-100),
        _sections(100),
        f"passes {renderable.MAX_MARKED_SECTION_WORK:,}",
    ),
    (
        "footnote references",
        _references(renderable.MAX_FOOTNOTE_REFERENCES),
        _references(renderable.MAX_FOOTNOTE_REFERENCES + 1),
        f"more than {renderable.MAX_FOOTNOTE_REFERENCES}",
    ),
    (
        "admonitions, details and tabs",
        _openers(renderable.MAX_BLOCK_OPENERS),
        _openers(renderable.MAX_BLOCK_OPENERS + 1),
        f"opens more than {renderable.MAX_BLOCK_OPENERS} admonitions",
    ),
    (
        "headings",
        _headings(renderable.MAX_HEADINGS),
        _headings(renderable.MAX_HEADINGS + 1),
        f"has more than {renderable.MAX_HEADINGS} headings",
    ),
    (
        "an abbreviation's page",
        _abbreviated(renderable.MAX_ABBREVIATED),
        _abbreviated(renderable.MAX_ABBREVIATED + 1),
        "defines an abbreviation",
    ),
    (
        "a tight definition list",
        _definitions(renderable.MAX_DEFINITIONS),
        _definitions(renderable.MAX_DEFINITIONS + 1),
        f"more than {renderable.MAX_DEFINITIONS} definitions",
    ),
]


CAP_IDS = [row[0] for row in CAPS]


@pytest.mark.parametrize(("cap", "under", "over", "says"), CAPS, ids=CAP_IDS)
def test_a_page_just_under_a_cap_passes_and_one_just_over_fails(cap: str, under: str, over: str, says: str):
    assert markdown_problems(under) == []
    messages = markdown_problems(over)
    assert len(messages) == 1, messages  # once per kind, not once per mark
    assert says in messages[0]


@pytest.mark.parametrize("markup", [row[2] for row in CAPS] + [SLOW_BODIES[1][1]], ids=[*CAP_IDS, "slow"])
def test_markdown_problems_are_the_same_on_the_page_approved(markup: str):
    """support.hostile.markdown_problems checks the page unsigned, as written: the page signed as a
    reviewer approves it gets the same messages, for one page over each cap."""
    signed = check_page(ARTICLE, approved_body(markup), CONTEXT)
    assert not [problem for problem in signed.problems if problem.field.startswith("review")]
    messages = [problem.message for problem in signed.problems if problem.field == renderable.FIELD]
    assert messages and messages == markdown_problems(markup)


def test_the_markdown_problems_come_from_the_body_alone(monkeypatch: pytest.MonkeyPatch):
    """Why checking a page unsigned is enough (red team, session 41): the page check asks for them
    once, with the body and where it starts, and keeps all it is given. A review record passed in,
    or a message dropped after the call, would be a page approved into different problems."""
    real, calls = renderable.problems, []
    raw = approved_body(CAPS[0][2])

    def spying(*args, **kwargs):
        calls.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(renderable, "problems", spying)
    signed = check_page(ARTICLE, raw, CONTEXT)
    [(args, kwargs)] = calls
    assert kwargs == {} and args[1] == signed.body
    assert [problem for problem in signed.problems if problem.field == renderable.FIELD] == real(*args)


def test_a_cap_passed_names_the_line_where_it_was_passed():
    markup = _headings(renderable.MAX_HEADINGS + 1)
    record = check_page(ARTICLE, approved_body(markup), CONTEXT)
    (problem,) = [problem for problem in record.problems if problem.field == renderable.FIELD]
    assert problem.fix == "split the page into shorter pages"
    assert record.text is not None and problem.line is not None
    assert record.text.split("\n")[problem.line - 1].startswith("## A part")


@pytest.mark.parametrize(("why", "markup"), SLOW_BODIES, ids=[row[0] for row in SLOW_BODIES])
def test_the_slow_bodies_are_refused(why: str, markup: str):
    assert markdown_problems(markup)


def test_real_articles_are_far_below_every_cap():
    for page in sorted((CONTEXT.settings.docs_dir / "articles").glob("*.md")):
        body = page.read_text(encoding="utf-8")
        assert body.count("[") * len(body) * 4 < renderable.MAX_BRACKET_WORK, page
        assert body.count("<") * len(body) * 4 < renderable.MAX_TAG_WORK, page
        assert renderable._slow(body) == []


def test_a_lone_angle_bracket_is_not_counted_as_a_tag():
    # The HTML reader takes only '<' before a letter, '/', '!' or '?' for a tag; any other it reads
    # as text at once. A long page comparing numbers was refused when every '<' counted (3,000 of
    # them on a 36 KB page: 0.1 s of Markdown).
    assert markdown_problems("Scores of 1 < 2 and 3 <5 are low. " * 1000) == []
    assert markdown_problems("Scores of 1 <b and 3 <i are low. " * 1000)


def _mkdocs_file(content: str):
    from mkdocs.structure.files import File

    config, files = links._mkdocs_site(CONTEXT.settings.config_dir / "mkdocs.yml")
    file = File("articles/slow.md", src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)
    file.content_string = content
    return file, config, files


def test_the_link_check_never_renders_a_page_past_the_budget(monkeypatch: pytest.MonkeyPatch):
    from mkdocs.structure.pages import Page

    rendered: list[str] = []
    monkeypatch.setattr(Page, "render", lambda page, config, files: rendered.append(page.file.src_uri))
    fine, config, files = _mkdocs_file("# A page\n\nSee [help](../get-help.md).\n")
    links._render(fine, config, files)
    assert rendered == ["articles/slow.md"]  # the render is what is watched
    rendered.clear()
    for _, markup in SLOW_BODIES:
        slow, config, files = _mkdocs_file("# A page\n\n" + markup + "\n\nSee [help](../get-help.md).\n")
        links._render(slow, config, files)
        assert slow.page is None
    assert rendered == []
