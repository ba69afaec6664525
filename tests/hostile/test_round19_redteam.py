"""Red team, round 19 (2 Dec 2026): this session's speed-ups against a hostile writer.

Seven breaks were found, each now fixed and kept here as a passing test: a Further reading heading
after a lone CR on a page with 'ı' skipped the lint; libyaml read mkdocs.yml differently from the
build (a BOM inside the text, a bare '!' tag, a tab), and a UTF-16 mkdocs.yml not at all; the
template cache ignored the environment's filters; `[]: javascript:` passed the check; a link to a
folder inside docs/ looped the build into a traceback; `ALLIANCE_CHECK_WORKERS=²` crashed it. The
other rows are attacks the defences held against, kept because they are cheap and cover the new
quick paths (lint's `may_match_blind`, prose's `_without_sources_unfenced`, reading mkdocs.yml, the
process-wide template cache).
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import Environment, FileSystemLoader, pass_context
from mkdocs.config import load_config
from mkdocs.structure.files import Files, get_files
from support import alliance, copy_project, mkdocs_build
from support.examples import examples
from support.hostile import ARTICLE, BODY, CONTEXT, FRONT, SETTINGS, page

from alliance import cores
from alliance import settings as site_settings
from alliance.content import frontmatter, lint, prose
from alliance.content.lint import unsafe_links
from alliance.content.pages import check_page
from alliance.content.site import refuse_unchecked
from alliance.problems import AllianceError
from alliance.render import compiled_templates
from alliance.settings import Settings

# ---- 1. lint's quick test (`may_match_blind`) against the full line-by-line walk -----------------------


def _walked(body: str, monkeypatch: pytest.MonkeyPatch) -> list[lint.Finding]:
    """`lint_body` with the quick test forced to say "may match": every page walked line by line."""
    with monkeypatch.context() as patched:
        patched.setattr(lint, "may_match_blind", lambda *_: True)
        return lint.lint_body(body, 1, 0)


QUICK_TEST_HOLDS = (
    # (id, body): bodies where the quick test must not hide a finding the walk reports
    ("long-s-in-suicide", "They committed ſuicide.\n"),
    ("kelvin-sign-no-k-rule", "A K sign and a failed attempt at suicide.\n"),
    ("dotted-capital-i", "İ: they will cure depression.\n"),
    ("dotless-i-in-heading", "Işık\n## Further readıng\n\nNothing.\n"),
    ("long-s-in-heading-no-fold-char", "Isik\n## Additional reſources\n\nNothing.\n"),
    ("fullwidth-http", "ｈｔｔｐ://x.org and http://y.org\n"),
    ("upper-http", "See HTTP://EXAMPLE.ORG today.\n"),
    ("crlf-heading", "Işık\r\n## Further reading\r\n\r\nNothing.\r\n"),
    ("ff-heading-ascii", "Isik wrote.\x0c## Further reading\n\nNothing.\n"),
)


@pytest.mark.parametrize(("name", "body"), QUICK_TEST_HOLDS, ids=[row[0] for row in QUICK_TEST_HOLDS])
def test_quick_test_reports_what_the_walk_reports(name: str, body: str, monkeypatch: pytest.MonkeyPatch):
    """Case-folding oddities (ſ K İ ı, full-width letters) and CRLF: the quick test hides nothing."""
    assert lint.lint_body(body, 1, 0) == _walked(body, monkeypatch)


QUICK_TEST_BREAKS = (
    # A page with a dotless or dotted i anywhere takes the regex path, whose "^" only follows "\n":
    # a heading after "\r" (old Mac line ends; Python-Markdown turns "\r" into "\n", so readers see a
    # real "Further reading" heading), "\x0c" or "\u2028" starts a line for `classify_lines`
    # (str.splitlines) but not for `_LINK_TRIGGER`, so the section's rule is never run.
    ("cr", "Işık wrote this.\r## Further reading\r\rNothing here.\r"),
    ("form-feed", "Işık wrote this.\x0c## Further reading\n\nNothing here.\n"),
    ("line-separator", "Işık wrote this.\u2028## Further reading\n\nNothing here.\n"),
)


@pytest.mark.parametrize(("name", "body"), QUICK_TEST_BREAKS, ids=[row[0] for row in QUICK_TEST_BREAKS])
def test_further_reading_after_another_line_break_is_linted(
    name: str, body: str, monkeypatch: pytest.MonkeyPatch
):
    """A Further reading heading after "\\r"/"\\f"/"\\u2028" on a page with 'ı': the quick test skips it."""
    assert [f.rule for f in _walked(body, monkeypatch)] == [lint.FURTHER_READING]
    assert lint.lint_body(body, 1, 0) == _walked(body, monkeypatch)


def test_cr_page_with_dotless_i_gets_its_further_reading_finding():
    """A real page: 'Işık' in the text and "\\r## Further reading" with no links; check_page is silent."""
    body = BODY + "\nIşık Yılmaz wrote this page.\r## Further reading\r\rSee the NHS pages.\r"
    record = check_page(ARTICLE, page(FRONT, body), CONTEXT)
    assert any("further-reading" in str(problem) for problem in record.problems)


_ODD = list("İıſKkKsSiIΣσςßﬁﬂＡａｈｔｐ\u0307\u0301\u200b\xa0\u3000\x1f\t\r\x0c\x85\u2028Ꮳꭳẞẛ")
_WORDS = [
    "suicide", "SUICIDE", "committed ", "failed ", "attempt", "cure ", "will ", "guaranteed ", "http://",
    "further reading", "## ", "\n", "\n\n", "self-harm ", "depression", "victims", " ", "no ", "to ", ".",
]  # fmt: skip


@settings(max_examples=examples(150), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_ODD)), max_size=25).map("".join))
def test_quick_test_agrees_with_the_walk_on_phrases(body: str):
    """Phrase rules and http:// over Unicode's case-folding oddities: the quick test hides nothing."""
    original = lint.may_match_blind
    lint.may_match_blind = lambda *_: True
    try:
        walked = lint.lint_body(body, 1, 0)
    finally:
        lint.may_match_blind = original
    assert lint.lint_body(body, 1, 0) == walked, repr(body)


# ---- 2. without_sources' quick path against the walk ---------------------------------------------

_SOURCE_PARTS = [
    "## Sources", "# Sources", "### References", "#Sources", "## Sources ##", "Sources\n======",
    "<h2>Sources</h2>", "    ## Sources", "- ## Sources", "> ## Sources", "## Other", "# Top",
    "#### deep", "text", "[^1]: x", "\n", "\n\n", "\x1f", "\xa0", "\u3000", "\t", " ", "#", "######",
    "####### Sources", "sources", "REFERENCES", "İ", "ſ", "## Sourceſ", "##\tSources\t#",
]  # fmt: skip


@settings(max_examples=examples(200), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(_SOURCE_PARTS), max_size=20).map("".join))
def test_without_sources_quick_path_matches_the_walk(body: str):
    """Odd heading whitespace, setext/HTML/indented/quoted headings, footnotes: both paths agree."""
    assert prose._unfenced(body) and prose._only_newlines(body)
    assert prose._without_sources_unfenced(body) == prose._without_sources_walked(body)


# ---- 5. the process-wide compiled template cache --------------------------------------------------


def _render(folder: Path, filters: dict) -> str:
    env = Environment(loader=FileSystemLoader(str(folder)))
    env.filters.update(filters)
    compiled_templates.use_process_cache(env)
    return env.get_template("page.html").render()


def test_template_edited_to_same_size_is_compiled_again(tmp_path: Path):
    """A template rewritten with the same size (and mtime): the checksum still tells it apart."""
    (tmp_path / "page.html").write_text("{{ 'a' }}", encoding="utf-8")
    assert _render(tmp_path, {}) == "a"
    (tmp_path / "page.html").write_text("{{ 'b' }}", encoding="utf-8")
    assert _render(tmp_path, {}) == "b"


def test_second_environment_with_other_filters_gets_its_own_code(tmp_path: Path):
    """Same template, same syntax; the filter `t` (plain, folded) and `g` (pass_context) change."""
    (tmp_path / "page.html").write_text("{{ 'skip'|t }} {{ 2|g }}", encoding="utf-8")
    first = {"t": lambda key: "EN " + key, "g": pass_context(lambda _context, value: f"ctx{value}")}
    assert _render(tmp_path, first) == "EN skip ctx2"
    second = {"t": lambda key: "FR " + key, "g": lambda value: f"plain{value}"}
    assert _render(tmp_path, second) == "FR skip plain2"  # was "EN skip", then a TypeError


# ---- 6. mkdocs.yml as alliance reads it (libyaml) and as the build reads it (pure PyYAML) --------

NOT_CLINICAL = (
    "    not_clinical:\n      - index.md\n      - about/how-we-review.md\n      - get-help.md\n"
    "      - people/*\n      - tags.md\n      - articles/index.md\n"
)
FLOW_NOT_CLINICAL = "    not_clinical: [index.md, about/how-we-review.md, get-help.md, people/*, tags.md,"

YAML_BREAKS = (
    # (id, what replaces the not_clinical block, the setting compared)
    # libyaml skips a U+FEFF at the start of any line (pure PyYAML only at the very start): inside a
    # flow collection the build reads '\ufeffarticles/**' (matching nothing) while `alliance check`
    # reads 'articles/**' and lets every article skip review.
    ("bom-in-flow-list", FLOW_NOT_CLINICAL + " articles/index.md,\n\ufeffarticles/**]\n", "not_clinical"),
    # A bare "!" (the non-specific tag) on an empty value: pure PyYAML builds None, libyaml ''.
    ("bare-tag-production", NOT_CLINICAL + "    production: !\n", "production"),
    # A tab after "key:": libyaml reads it (the later "readability_max_grade: 8" wins, so check
    # is clean) and falls back to PyYAML only when it refuses; PyYAML refuses the tab, so the strict
    # build stops on mkdocs.yml while `alliance check` passes.
    ("tab-after-colon", NOT_CLINICAL + "    readability_max_grade:\t9\n", "readability_max_grade"),
)


@pytest.fixture(scope="module")
def yaml_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("round19") / "site")


def _both_readings(project: Path, replacement: str, field: str) -> tuple[object, object]:
    config = project / "mkdocs.yml"
    text = (project.parent / "mkdocs.yml.orig").read_text(encoding="utf-8")
    text = text.replace("    production: !ENV [ALLIANCE_PRODUCTION, false]\n", "")
    assert NOT_CLINICAL in text, "mkdocs.yml lists not_clinical differently; update this test"
    config.write_text(text.replace(NOT_CLINICAL, replacement), encoding="utf-8")

    checked = _reading(lambda: site_settings.load(config), field)
    built = _reading(lambda: site_settings.from_mkdocs_config(load_config(str(config)), config), field)
    return checked, built


def _reading(load: Callable[[], object], field: str) -> object:
    """The setting as one reading sees it, or "refused" (which reading refuses is the finding)."""
    try:
        return getattr(load(), field)
    except Exception:  # noqa: BLE001
        return "refused"


@pytest.fixture
def original_yml(yaml_project: Path) -> Path:
    backup = yaml_project.parent / "mkdocs.yml.orig"
    if not backup.exists():
        shutil.copy2(yaml_project / "mkdocs.yml", backup)
    return yaml_project


YAML_HOLDS = (
    ("duplicate-key", NOT_CLINICAL + "    readability_max_grade: 9\n", "readability_max_grade"),
    ("octal-1-1", NOT_CLINICAL + "    due_soon_days: 0o17\n", "due_soon_days"),
    ("underscore-int", NOT_CLINICAL + "    due_soon_days: 1_0\n", "due_soon_days"),
    ("escapes", NOT_CLINICAL + '    region: "\\x5A\\u0041"\n', "region"),
    # A bare "!" item: PyYAML None, libyaml '', but a glob list refuses both.
    ("bare-tag-glob", NOT_CLINICAL + "      - !\n", "not_clinical"),
    ("nel-in-quoted", NOT_CLINICAL + '    disclaimer: "a\x85b"\n', "disclaimer"),
)


@pytest.mark.parametrize(("name", "replacement", "field"), YAML_HOLDS, ids=[row[0] for row in YAML_HOLDS])
def test_alliance_and_the_build_read_mkdocs_yml_alike(original_yml: Path, name, replacement, field):
    """Tabs, duplicate keys, YAML 1.1 numbers, escapes, NEL: libyaml and PyYAML agree (or both refuse)."""
    checked, built = _both_readings(original_yml, replacement, field)
    assert checked == built


# Fixed 2 Dec: alliance reads mkdocs.yml with MkDocs' own pure-Python loader, as the build does.
@pytest.mark.parametrize(("name", "replacement", "field"), YAML_BREAKS, ids=[row[0] for row in YAML_BREAKS])
def test_alliance_and_the_build_read_odd_mkdocs_yml_alike(original_yml: Path, name, replacement, field):
    """An invisible BOM or a bare '!' in mkdocs.yml: check and build see different settings."""
    checked, built = _both_readings(original_yml, replacement, field)
    assert checked == built


def test_alliance_reads_a_utf16_mkdocs_yml_as_the_build_does(original_yml: Path):
    """mkdocs.yml saved as UTF-16 (with BOM): the build reads it, `alliance check` cannot."""
    _both_readings(original_yml, NOT_CLINICAL, "region")  # the maintainers' file, as it is
    config = original_yml / "mkdocs.yml"
    config.write_bytes(config.read_text(encoding="utf-8").encode("utf-16"))
    assert _reading(lambda: site_settings.load(config), "region") == _reading(
        lambda: site_settings.from_mkdocs_config(load_config(str(config)), config), "region"
    )


# ---- beyond the brief: `alliance check`'s link rule against Python-Markdown's reference links ----


def test_empty_reference_label_with_javascript_is_refused_by_check():
    """'[][]' with '[]: javascript:alert(1)' renders <a href="javascript:…">; unsafe_links is silent."""
    assert unsafe_links("[][]\n\n[]: javascript:alert(1)\n", 1)


@pytest.mark.parametrize(
    "body",
    ["[x][]\n\n[x]: javascript:alert(1)\n", "[a]\n\n[a]:\njavascript:alert(1)\n", "[a](&#106;avascript:x)\n"],
)
def test_reference_and_encoded_javascript_links_are_refused_by_check(body: str):
    """Reference definitions (label, wrapped destination) and an entity-encoded scheme: refused."""
    assert unsafe_links(body, 1)


# ---- 3. pages read once in on_files: a page whose read fails ----------------------------------


def _files_of(project: Path) -> tuple[Files, Settings]:
    """The files MkDocs finds in `project`'s docs/ and the sample settings pointed at that docs/."""
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    files = get_files(load_config(str(project / "mkdocs.yml")))
    return files, dataclasses.replace(SETTINGS, docs_dir=project / "docs")


def test_a_link_to_a_folder_inside_docs_is_refused(tmp_path: Path):
    """A writer commits the symlink docs/loop -> . : every file kept must be readable, the link named."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Hi\n", encoding="utf-8")
    (tmp_path / "docs" / "loop").symlink_to(".")
    files, settings_here = _files_of(tmp_path)
    problems = refuse_unchecked(files, settings_here)
    unreadable = []
    for file in files:
        try:
            file.content_bytes  # noqa: B018 - what on_files does for every page
        except OSError:
            unreadable.append(file.src_uri)
    assert not unreadable
    assert any("loop" in str(problem) for problem in problems)


def test_links_to_folders_inside_docs_fail_the_build_and_the_check_with_one_message_each(tmp_path: Path):
    """A loop (docs/loop -> .) and a mirror (docs/mirror -> articles): no traceback, each link named
    once, in the strict build and in `alliance check` alike."""
    project = copy_project(tmp_path / "project")
    (project / "docs" / "loop").symlink_to(".")
    (project / "docs" / "mirror").symlink_to("articles")
    built = mkdocs_build(project, tmp_path / "site")
    checked = alliance(project, "check")
    runs = ((built.output, built.returncode), (checked.stdout + checked.stderr, checked.returncode))
    for output, failed in runs:
        assert failed and "Traceback" not in output, output[-2000:]
        for link in ("docs/loop: file: is a link to the folder '.'", "docs/mirror: file: is a link"):
            assert output.count(link) == 1, output[-2000:]
    assert not (tmp_path / "site" / "mirror").exists() and not (tmp_path / "site" / "loop").exists()


def test_a_link_to_a_file_outside_docs_is_refused(tmp_path: Path):
    """docs/x.md -> a file outside docs/: refused by name, never read (held)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "secret.md").write_text("# Secret\n", encoding="utf-8")
    (tmp_path / "docs" / "x.md").symlink_to(tmp_path / "secret.md")
    files, settings_here = _files_of(tmp_path)
    problems = refuse_unchecked(files, settings_here)
    assert [problem.path for problem in problems] == [settings_here.display_path("x.md")]
    assert "x.md" not in files.src_uris


# ---- front matter: MkDocs' meta reader and the gate both use libyaml (held) ---------------------


@pytest.mark.parametrize(
    "front",
    [
        "title: a\nauthors: [\n\ufeffjordan-example]\n",  # libyaml skips a BOM at a line start
        "title: !\n",  # bare non-specific tag: libyaml '', PyYAML None
        "title:\ta\nsummary: b\n",  # a tab PyYAML refuses
    ],
)
def test_front_matter_reads_as_mkdocs_reads_it(front: str):
    """Parser oddities in front matter: the gate's reading equals the one MkDocs renders from."""
    from mkdocs.utils import meta

    text = f"---\n{front}---\n\n# Body\n"
    data, problem = frontmatter.parse(frontmatter.split(text).yaml_text)  # type: ignore[union-attr]
    assert problem is None and not frontmatter.mkdocs_reads_differently(text, data, "# Body\n")
    assert meta.get_data(text)[1] == data


# ---- 4. the worker count -------------------------------------------------------------------------


def test_a_superscript_worker_count_gets_a_clear_message(monkeypatch: pytest.MonkeyPatch):
    """ALLIANCE_CHECK_WORKERS='²': an AllianceError naming the variable, not a ValueError."""
    monkeypatch.setattr(cores.threading, "active_count", lambda: 1)
    monkeypatch.setenv(cores.WORKERS_VARIABLE, "²")
    with pytest.raises(AllianceError, match=cores.WORKERS_VARIABLE):
        cores.worker_count(100)
