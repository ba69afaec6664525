"""The content lints: each rule with a failing and a passing example, and what it must leave alone."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from support import ROOT, alliance
from support.examples import examples

from alliance import settings as site_settings
from alliance.content import lint, page_files, renderable
from alliance.content.lint import Finding, lint_body, lint_front_matter, lint_placeholders
from alliance.content.pages import Context, check_page
from alliance.content.people import Person
from alliance.content.prose import may_match_blind
from alliance.content.readability import measure

MAX_GRADE = 8.0

PLAIN = """# Talking with your therapist

It can help to tell your therapist how you feel. You can use your own words. You do not need to
find the right words first. A good therapist will want to know.
"""

# Long sentences of long words: well above grade 8, in one paragraph that starts on body line 3.
HARD = """# Therapeutic considerations

Psychotherapeutic interventions characteristically necessitate considerable interpersonal
collaboration, particularly regarding the establishment of mutually acceptable therapeutic
objectives, methodological preferences, and the negotiation of relational expectations between
practitioners and individuals seeking professional psychological assistance.

You can ask questions. That is fine.
"""


def body_lint(body: str, first_line: int = 1, max_grade: float = MAX_GRADE) -> list[Finding]:
    return lint_body(body, first_line, max_grade)


def rules(findings: list[Finding]) -> list[str]:
    return [finding.rule for finding in findings]


def page_body(text: str) -> str:
    """A body with plain prose around `text`, so only `text` can trip a wording or link rule."""
    return f"{PLAIN}\n{text}\n"


# ---- readability --------------------------------------------------------------------------------


def test_readability_fails_above_the_ceiling_and_points_at_the_hardest_paragraph():
    findings = [f for f in body_lint(HARD, first_line=10) if f.rule == lint.READABILITY]
    assert len(findings) == 1
    finding = findings[0]
    assert finding.line == 12  # body line 3, in a file whose body starts on line 10
    assert "above the site's limit of 8" in finding.message
    assert "hardest paragraph" in finding.message
    assert "shorter sentences" in finding.fix


def test_readability_passes_plain_words():
    assert measure(PLAIN).grade <= MAX_GRADE
    assert body_lint(PLAIN) == []


def test_readability_ceiling_is_the_one_given():
    grade = measure(HARD).grade
    assert lint.READABILITY in rules(body_lint(HARD, max_grade=grade - 0.5))
    assert lint.READABILITY not in rules(body_lint(HARD, max_grade=grade + 0.5))


def test_readability_ignores_the_sources_and_code():
    hard_sources = PLAIN + "\n## Sources\n\n[^a]: " + HARD.splitlines()[2] * 3 + "\n"
    code = PLAIN + "\n```text\n" + HARD + "\n```\n"
    assert body_lint(hard_sources) == []
    assert body_lint(code) == []


def test_readability_ceiling_comes_from_mkdocs_yml(project_copy: Path):
    page = "docs/articles/building-trust.md"
    assert alliance(project_copy, "check", page).returncode == 0
    config = project_copy / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("readability_max_grade: 8", "readability_max_grade: 2"),
        encoding="utf-8",
    )
    checked = alliance(project_copy, "check", page)
    assert checked.returncode == 1
    assert re.search(
        rf"^{page}:\d+: readability: reading grade is [\d.]+ \(Flesch–Kincaid\), above "
        r"the site's limit of 2",
        checked.stderr,
        re.M,
    ), checked.stderr


# ---- safe messaging -----------------------------------------------------------------------------

SAFE_MESSAGING_FAILS = [
    ("He committed suicide last year.", "committed suicide", "died by suicide"),
    ("People who commit suicide are often in pain.", "commit suicide", "died by suicide"),
    ("Her brother\ncommitted suicide when she was young.", "committed suicide", "died by suicide"),
    ("It was a failed suicide attempt.", "failed suicide attempt", "suicide attempt"),
    ("He survived an unsuccessful suicide attempt.", "unsuccessful suicide attempt", "suicide attempt"),
    (
        "Thoughts of suicide are common. After a failed attempt, people need care.",
        "failed attempt",
        "suicide attempt",
    ),
    ("She made a successful attempt to take her own life.", "successful attempt", "suicide attempt"),
    ("The report counted every completed suicide.", "completed suicide", "died by suicide"),
    ("The families of suicide victims need support.", "suicide victims", "died by suicide"),
    ("Papers wrote of a suicide epidemic.", "suicide epidemic", "calm words"),
]


@pytest.mark.parametrize(
    ("text", "phrase", "fix"), SAFE_MESSAGING_FAILS, ids=[case[1] for case in SAFE_MESSAGING_FAILS]
)
def test_safe_messaging_flags_harmful_wording(text: str, phrase: str, fix: str):
    body = page_body(text)
    findings = [f for f in body_lint(body, first_line=20) if f.rule == lint.SAFE_MESSAGING]
    assert len(findings) == 1, findings
    first_word = phrase.split()[0]
    expected_line = 20 + next(n for n, line in enumerate(body.splitlines()) if first_word in line)
    assert findings[0].line == expected_line
    assert f"'{phrase}'" in findings[0].message
    assert fix in findings[0].fix


SAFE_MESSAGING_PASSES = [
    "Her brother died by suicide when she was young.",
    "He survived a suicide attempt, and he got help.",
    "Many people who attempted suicide go on to live full lives.",
    # Not about suicide: "failed attempt" here is about a phone call or an exam.
    "After two failed attempts to call the clinic, she wrote an email instead.",
    "Thoughts of suicide are common. After a failed attempt to reach the helpline, call 999.",
    "A failed attempt at an exam can make anyone feel low.",
    # Quoted in code, as an example of what not to write.
    "Do not write `committed suicide`; write `died by suicide`.",
]


@pytest.mark.parametrize("text", SAFE_MESSAGING_PASSES)
def test_safe_messaging_leaves_safe_and_unrelated_wording_alone(text: str):
    assert body_lint(page_body(text)) == []


def test_safe_messaging_leaves_cited_titles_alone():
    body = page_body("Research helps.[^old]") + (
        "\n## Sources\n\n[^old]: Smith, A. (1990). Why people commit suicide. *Journal, 1*(1), 1–9. "
        "<https://doi.org/10.1000/example>\n"
    )
    assert body_lint(body) == []


def test_a_footnote_outside_the_sources_section_is_a_citation_too():
    body = page_body("Research helps.[^old]") + (
        "\n[^old]: Smith, A. (1990). Failed suicide attempts in young people. "
        "<https://doi.org/10.1000/example>\n"
    )
    assert body_lint(body) == []


def test_wording_after_the_sources_section_is_checked_again():
    body = PLAIN + "\n## Sources\n\n[^a]: A source.\n\n## After the sources\n\nHe committed suicide.\n"
    assert rules(body_lint(body)) == [lint.SAFE_MESSAGING]


def test_safe_messaging_ignores_fenced_code_and_urls():
    body = page_body(
        "```text\nHe committed suicide.\n```\n\n"
        "Read [the guide](https://example.org/why-not-to-say-committed-suicide)."
    )
    assert body_lint(body) == []


# ---- promises of cure ---------------------------------------------------------------------------

CURE_FAILS = [
    ("This therapy will cure your anxiety.", "will cure"),
    ("Our method cures depression in weeks.", "cures depression"),
    ("We offer guaranteed recovery.", "guaranteed recovery"),
    ("It is a permanent cure.", "permanent cure"),
]


@pytest.mark.parametrize(("text", "phrase"), CURE_FAILS, ids=[case[1] for case in CURE_FAILS])
def test_promises_of_cure_are_flagged(text: str, phrase: str):
    findings = body_lint(page_body(text))
    assert rules(findings) == [lint.NO_CURE_PROMISES]
    assert f"'{phrase}'" in findings[0].message
    assert "evidence" in findings[0].fix


@pytest.mark.parametrize(
    "text",
    [
        "Therapy can help many people feel better.",
        "No pill can cure grief, and that is not a failure.",
        "Therapy is not a guaranteed cure, but many people find it helps.",
        "There is no cure for being human.",
    ],
)
def test_honest_wording_about_treatment_passes(text: str):
    assert body_lint(page_body(text)) == []


# ---- links --------------------------------------------------------------------------------------

LINK_FAILS = [
    "Read [the guide](http://example.org/guide).",
    "See <http://example.org/guide>.",
    'See <a href="http://example.org/guide">the guide</a>.',
    "See http://example.org/guide.",
    "[guide]: http://example.org/guide",
]


@pytest.mark.parametrize("text", LINK_FAILS)
def test_links_that_are_not_https_are_flagged(text: str):
    body = page_body(text)
    findings = body_lint(body, first_line=5)
    assert rules(findings) == [lint.LINKS]
    assert findings[0].line == 5 + body.splitlines().index(text)
    assert "'http://example.org/guide' is not https" in findings[0].message
    assert "https://example.org/guide" in findings[0].fix


def test_insecure_links_in_the_sources_are_flagged_too():
    body = page_body("Research helps.[^a]") + "\n## Sources\n\n[^a]: A. (2001). T. <http://example.org/a>\n"
    assert rules(body_lint(body)) == [lint.LINKS]


@pytest.mark.parametrize(
    "text",
    [
        "Read [the guide](https://example.org/guide).",
        "See <https://example.org/guide>.",
        "Read [how we review](../about/how-we-review.md).",
        "An address in code is not a link: `http://localhost:8000`.",
        "```\nmkdocs serve -a http://127.0.0.1:8000\n```",
    ],
)
def test_https_relative_and_code_links_pass(text: str):
    assert body_lint(page_body(text)) == []


def test_https_urls_in_footnote_definitions_pass():
    body = page_body("Research helps.[^a]") + (
        "\n## Sources\n\n[^a]: Flückiger, C. (2018). The alliance. *Psychotherapy, 55*(4), 316–340. "
        "<https://doi.org/10.1037/pst0000172>\n"
    )
    assert body_lint(body) == []


# ---- the title and description: what readers see first, in search results too -------------------


def test_wording_rules_read_the_title_and_description():
    text = (
        "---\ntitle: After a loved one committed suicide\n"
        "description: Therapy will cure the pain of loss, whatever happened.\n---\n"
    )
    front = {
        "title": "After a loved one committed suicide",
        "description": "Therapy will cure the pain of loss, whatever happened.",
    }
    findings = lint_front_matter(front, text)
    assert [(f.rule, f.line) for f in findings] == [(lint.SAFE_MESSAGING, 2), (lint.NO_CURE_PROMISES, 3)]


def test_a_safe_title_and_description_pass():
    front = {
        "title": "After a loved one died by suicide",
        "description": "Grief after suicide, and how therapy can help with it.",
    }
    assert lint_front_matter(front, "---\ntitle: x\ndescription: y\n---\n") == []


# ---- scaffold placeholders ----------------------------------------------------------------------


def test_placeholders_are_flagged_with_their_line():
    text = '---\ndescription: "TODO: say what this covers."\n---\n\n# T\n\nTODO: write this.\n'
    findings = lint_placeholders(text)
    assert [(f.rule, f.line) for f in findings] == [(lint.PLACEHOLDER, 2), (lint.PLACEHOLDER, 7)]
    assert "replace it with your own words" in findings[0].fix


def test_written_text_has_no_placeholders():
    assert lint_placeholders("---\ntitle: T\n---\n\n" + PLAIN) == []
    assert lint_placeholders("# T\n\n```\n# TODO in an example of code\n```\n") == []


# ---- through the per-page check: file, line, field and fix --------------------------------------


def test_lint_problems_name_file_line_rule_and_fix():
    settings = site_settings.load(ROOT / "mkdocs.yml")
    registry = {"jordan-example": Person("jordan-example", "Jordan", "Writer", ("author",))}
    raw = (
        "---\ntitle: Talking with your therapist\n"
        "description: How to tell your therapist what you think and feel, even when it is hard.\n"
        "summary: It can help to tell your therapist how you feel. You can say it in your own words.\n"
        "authors: [jordan-example]\n---\n" + page_body("He committed suicide.")
    ).encode()
    record = check_page("articles/x.md", raw, Context(settings, registry, dt.date(2026, 11, 25)))
    lint_problems = [p for p in record.problems if p.field in lint.RULES]
    assert [str(p) for p in lint_problems] == [
        "docs/articles/x.md:12: safe-messaging: 'committed suicide' suggests a crime or sin; write "
        "'died by suicide' or 'took their own life'"
    ]


def test_the_sample_articles_pass_every_lint():
    for article in sorted((ROOT / "docs/articles").glob("*.md")):
        text = article.read_text(encoding="utf-8")
        body = re.split(r"^---$", text, maxsplit=2, flags=re.M)[2]
        assert lint_placeholders(text) == [], article.name
        assert body_lint(body) == [], article.name


# ---- never a traceback ---------------------------------------------------------------------------

MARKDOWN_BITS = st.sampled_from(
    [
        "\n",
        "\n\n",
        "# ",
        "## Sources\n",
        "```\n",
        "~~~\n",
        "`",
        "[^a]: ",
        "    ",
        "- ",
        "??? question ",
        "http://",
        "https://x.org",
        "committed suicide",
        "failed attempt",
        "suicide",
        "will cure",
        "TODO",
        "word ",
        "Long sentence with several ordinary words. ",
        "<",
        ">",
        "(",
        ")",
        "[",
        "]",
        '"',
    ]
)


@hypothesis_settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(MARKDOWN_BITS | st.text(max_size=20), max_size=40).map("".join),
    st.integers(min_value=1, max_value=500),
)
def test_lints_never_raise_and_point_inside_the_body(body: str, first_line: int):
    findings = [*body_lint(body, first_line), *lint_placeholders(body)]
    last_line = first_line + max(len(body.splitlines()), 1)
    for finding in findings:
        assert finding.rule in lint.RULES and finding.message and finding.fix
        assert finding.line is None or 1 <= finding.line <= last_line


# ---- further reading: 2–4 https links to trusted organisations' own pages ------------------------


def further_reading(*links: str, heading: str = "## Further reading") -> str:
    items = "\n".join(f"- [{n}]({url})" for n, url in enumerate(links))
    return f"{PLAIN}\n{heading}\n\nThese open on other websites.\n\n{items}\n\n## Sources\n\n[^a]: A.\n"


NHS, MIND, APA, NIMH = (
    "https://www.nhs.uk/mental-health/",
    "https://www.mind.org.uk/",
    "https://www.apa.org/topics/psychotherapy/",
    "https://www.nimh.nih.gov/",
)

FURTHER_READING_FAILS = [
    ("one link", further_reading(NHS), ["the Further reading section has 1 https link(s), not 2–4"]),
    ("no links", further_reading(), ["has 0 https link(s)"]),
    ("five links", further_reading(NHS, MIND, APA, NIMH, "https://www.sadag.org/"), ["has 5 https link(s)"]),
    (
        "only our own pages",
        further_reading("../articles/a.md", "b.md"),
        ["has 0 https link(s)", "links to pages of this site, not to other organisations"],
    ),
    ("other heading name", further_reading(NHS, heading="### Additional resources"), ["has 1 https"]),
]


@pytest.mark.parametrize(
    ("body", "messages"),
    [case[1:] for case in FURTHER_READING_FAILS],
    ids=[case[0] for case in FURTHER_READING_FAILS],
)
def test_a_further_reading_section_needs_two_to_four_https_links(body: str, messages: list[str]):
    findings = [f for f in body_lint(body, first_line=3) if f.rule == lint.FURTHER_READING]
    assert [f.message for f in findings] == [
        next(f.message for f in findings if expected in f.message) for expected in messages
    ]
    heading_line = 3 + next(
        n
        for n, line in enumerate(body.splitlines())
        if line.startswith("#") and "reading" in line.lower() or "resources" in line.lower()
    )
    assert all(f.line == heading_line for f in findings)
    assert "https://" in findings[0].fix


def test_an_http_link_in_further_reading_is_reported_and_not_counted():
    findings = body_lint(further_reading(NHS, "http://www.mind.org.uk/"))
    assert sorted(f.rule for f in findings) == [lint.FURTHER_READING, lint.LINKS]
    assert any("'http://www.mind.org.uk/' is not https" in f.message for f in findings)


@pytest.mark.parametrize("links", [(NHS, MIND), (NHS, MIND, APA), (NHS, MIND, APA, NIMH)])
def test_two_to_four_https_links_pass(links):
    assert body_lint(further_reading(*links)) == []


def test_links_after_the_further_reading_section_are_not_counted():
    body = further_reading(NHS).replace("[^a]: A.", f"[^a]: A. <{MIND}>")
    assert [f.rule for f in body_lint(body)] == [lint.FURTHER_READING]


# The sample articles: the clinical pages in docs/articles/ (the site opts the /articles/ listing out).
ARTICLES = [
    page
    for page in sorted((ROOT / "docs/articles").glob("*.md"))
    if not site_settings.load(ROOT / "mkdocs.yml").is_not_clinical(f"articles/{page.name}")
]
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def section(text: str, title: str) -> str:
    match = re.search(rf"^## {title}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    return match.group(1) if match else ""


@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_every_sample_article_has_further_reading_and_links_to_two_other_articles(article: Path):
    text = article.read_text(encoding="utf-8")
    reading = _LINK.findall(section(text, "Further reading"))
    assert 2 <= len(reading) <= 4 and all(url.startswith("https://") for url in reading), reading
    others = {
        url.split("#")[0]
        for url in _LINK.findall(text)
        if url.endswith(".md") and "/" not in url and url != article.name
    }
    assert len(others) >= 2, others
    assert all((article.parent / name).is_file() for name in others), others


def test_the_summary_is_read_by_the_wording_rules():
    text = "---\ntitle: T\nsummary: He committed suicide. Help works.\n---\n"
    findings = lint_front_matter({"summary": "He committed suicide. Help works."}, text)
    assert [(f.rule, f.line) for f in findings] == [(lint.SAFE_MESSAGING, 3)]


# The quick test that lets most pages skip the line-by-line lints may answer True wrongly (that only
# costs time) but never False where the case-blind trigger would match: a missed page is a missed lint.
_TRIGGER_PIECES = [
    "suicid",
    "SUICIDE",
    "Su\u0130cid",
    "su\u0131cide",
    "\u017fuicid",
    "attempt",
    "ATTEMPT",
    "cure",
    "CURE",
    "guarantee",
    "http://",
    "HTTP://",
    "## Further reading",
    "#\tADDITIONAL RESOURCES",
    "further  reading",
    " ",
    "\n",
    "\u2014",
    "\u00e9",
    "\u212a",
    "s",
    "ui",
    "cid",
    "x",
]


@hypothesis_settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(_TRIGGER_PIECES), max_size=8))
def test_the_quick_trigger_test_never_misses_a_match(pieces: list[str]):
    text = "".join(pieces)
    triggers = (
        (_PHRASE_TRIGGER, lint._PHRASE_WORDS),
        (_INSECURE_TRIGGER, lint._INSECURE_WORDS),
        (_FURTHER_READING_TRIGGER, lint._FURTHER_READING_WORDS),
    )
    for pattern, words in triggers:
        if pattern.search(text):
            assert may_match_blind(text, words), (pattern.pattern, text)


# Pieces that make each phrase rule match, and Unicode's case-folding oddities around them.
_PHRASE_PIECES = [
    "committed ", "commits ", "successful ", "failed ", "completed ", "unsuccessful ", "suicide",
    "SUICIDE", "suicides", " attempt", " attempts", " victims", " epidemic", " crisis hits", " to ", "at ",
    "kill", "will ", "can ", "guaranteed", "guarantee ", " cure", "CURE", "cures ", "instant ",
    "depression", "recovery", "results", "promises to ", " ", "\n", "ſ", "ı", "İ", "K", "x",
]  # fmt: skip


@hypothesis_settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(_PHRASE_PIECES), max_size=10).map("".join))
@example("He committed suicide.")
@example("a failed suicide attempt; a failed attempt; successful suicides; suicide victims")
@example("a suicide epidemic. It will cure you, a guaranteed recovery, guaranteed results")
@example("a permanent cure that cures depression; promises to cure")
def test_every_phrase_match_holds_one_of_its_rules_words(text: str):
    # _phrases scans a paragraph with a rule only when the paragraph may hold one of its words, and
    # only paragraphs holding one of _PHRASE_WORDS at all.
    for rule in lint.PHRASE_RULES:
        assert all(any(short in word for short in lint._PHRASE_WORDS) for word in rule.words)
        for match in rule.pattern.finditer(text):
            assert may_match_blind(match.group(0), rule.words), (rule.pattern.pattern, text)


# What the phrase and link rules can match at all, as case-blind regexes over the whole text.
_PHRASE_TRIGGER = re.compile(r"suicid|attempt|cure|guarantee", re.I)
_INSECURE_TRIGGER = re.compile(r"http://", re.I)
_FURTHER_READING_TRIGGER = re.compile(r"^#{1,6}\s+(?:further reading|additional resources)", re.I | re.M)


def _every_rule_on_every_line(body: str, first_line: int, max_grade: float) -> list[lint.Finding]:
    """lint_body as it was before each rule got its own quick test: every rule over every line once
    any rule's words were found (or the grade was too high)."""
    grade = lint.measure(body).grade if max_grade else 0.0
    words = ("suicid", "attempt", "cure", "guarantee", "http://", "further reading", "additional resources")
    if not (grade > max_grade or may_match_blind(body, words)):
        return []
    lines = list(lint.classify_lines(body, first_line))
    findings = [
        *lint._readability(grade, lines, max_grade),
        *lint._phrases(lines),
        *lint._links(lines),
        *lint._further_reading(lines),
    ]
    return sorted(findings, key=lambda finding: (finding.line or 0, finding.rule))


_BODY_PIECES = [
    "## Further reading\n", "### Additional resources\n", "# FURTHER READING\n", "## Sources\n",
    "- <http://example.org/a>\n", "- <https://www.nhs.uk/mental-health/>\n", "[x](HTTP://a.b)",
    "- [Mind](https://www.mind.org.uk/)\n", "[ours](../articles/x.md)\n", "```\n", "`http://c.d`",
    "He committed suicide. ", "a failed suicide attempt. ", "It will cure you. ", "guaranteed results. ",
    "no pill can cure it. ", "Therapy is a long word that academics appreciate considerably. ",
    "Talk to someone. ", "\n", "\n\n", "ſ", "ı", "İ", "\u212a", "\r", "x",
]  # fmt: skip


@hypothesis_settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.sampled_from(_BODY_PIECES), max_size=14).map("".join), st.sampled_from([0.0, 4.0, 8.0]))
@example("## Further reading\n\n- <http://a.b>\n\nHe committed suicide.\n", 8.0)
@example("Therapy is a long word that academics appreciate considerably. " * 3, 4.0)
def test_each_rule_runs_where_its_words_are_and_finds_what_every_rule_found(body: str, max_grade: float):
    assert lint.lint_body(body, 3, max_grade) == _every_rule_on_every_line(body, 3, max_grade)


# The single pattern unsafe_links once scanned with (definitions behind a block's marks and over lines
# since session 29); `_destination_starts` finds its matches in two cheaper passes and must find
# exactly these (a definition from its '[').
_ONE_PATTERN = re.compile(r"\]\(|" + lint._DEFINITION_START.pattern, re.M)


@hypothesis_settings(max_examples=examples(400), deadline=None)
@given(st.text(alphabet="[]()^: \na\t>-1.", max_size=60))
def test_link_destinations_are_found_where_the_single_pattern_finds_them(body: str):
    expected = [
        (match.start() if match.group(1) is None else match.start(1) - 1, match.end())
        for match in _ONE_PATTERN.finditer(body)
    ]
    # And, since session 30, the definitions behind a footnote's label or a comment over lines.
    expected = sorted({*expected, *lint._definitions_behind_long_marks(body)})
    assert lint._destination_starts(body) == expected


@hypothesis_settings(max_examples=examples(600), deadline=None)
@given(st.lists(st.sampled_from([*"[]^:<>!-*+1.) \t\n\ra", "<!--", "-->", "\r\n"]), max_size=40).map("".join))
@example("x\r[a]: b")  # a lone carriage return starts a line
@example("[a]: b\r\n> [c]: d\n- [e\n]: f")  # at the start, after CR LF, behind marks, over lines
@example("\n\n[a]:[b]:\n  <!-- c --> 1. [d]:")
@example("[a\nb]:[c]:")  # the break before [c] lies inside the first definition's label
def test_definitions_are_found_from_line_breaks_where_the_margin_pattern_finds_them(body: str):
    # `_definitions_at_margins` searches from the line break before each definition (a pattern opening
    # with `^` was tried at every position): the pattern itself is the oracle, lone `\r` included.
    expected = [(match.start(1) - 1, match.end()) for match in lint._DEFINITION_START.finditer(body)]
    assert lint._definitions_at_margins(body) == expected


@hypothesis_settings(max_examples=examples(400), deadline=None)
@given(st.text(alphabet="[]()^:< >\na\t\r", max_size=60), st.booleans())
def test_reference_definitions_are_found_wherever_one_starts(text: str, footnotes: bool):
    # page_files looks for definitions anywhere (inside containers too), overlapping ones included:
    # every position its pattern matches at, and no other.
    pattern = page_files._DEFINITION_NOT_FOOTNOTE if footnotes else page_files._DEFINITION
    expected = [
        (start, match.groups()) for start in range(len(text)) if (match := pattern.match(text, start))
    ]
    found = [(match.start(), match.groups()) for match in page_files._definitions(text, footnotes)]
    assert found == expected


@hypothesis_settings(max_examples=examples(400), deadline=None)
@given(st.text(alphabet="[]^: \t\n\rab", max_size=60))
def test_nested_footnotes_are_found_where_the_whole_text_pattern_finds_them(text: str):
    # renderable walks the `]:` of the lines holding one; trying the pattern at every position of the
    # text must find the same first definition away from its line's margin (at most three spaces).
    def at_margin(offset: int) -> bool:
        line_start = text.rfind("\n", 0, offset) + 1
        return len(text[line_start:offset]) <= 3 and not text[line_start:offset].strip(" ")

    first = next(
        (
            offset
            for offset in range(len(text))
            if renderable.FOOTNOTE_DEFINITION.match(text, offset) and not at_margin(offset)
        ),
        None,
    )
    assert [offset for offset, _, _ in renderable._nested_footnotes(text)] == (
        [first] if first is not None else []
    )
