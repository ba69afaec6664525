"""The red team's findings: content-only changes that got past every gate on main, each a row.

Each row names what the writer changes (only content: files under docs/ outside people/ and the
maintainers' stylesheet), the gate that must now fail, and the `path: field: reason` it must say.
Before these fixes every row left `mkdocs build --strict`, `alliance check` and `alliance
verify-site` green (tried on a clean copy of main, 2026-11-27).
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import material
import pytest
from support import copy_project, mkdocs_build
from support.hostile import ABOUT_FRONT, BODY, CONTEXT, FRONT, WHERE, approved_body, inject, page, problems_of

from alliance import settings as site_settings
from alliance.content import frontmatter
from alliance.content.pages import check_page
from alliance.content.review import review_digest
from alliance.content.site import load_site

TODAY = dt.date(2026, 11, 25)
ARTICLE = "articles/attack.md"
THEME = Path(material.__file__).parent / "templates"
BUNDLE = next(THEME.glob("assets/javascripts/bundle.*.min.js")).relative_to(THEME).as_posix()
MAIN_CSS = next(THEME.glob("assets/stylesheets/main.*.min.css")).relative_to(THEME).as_posix()
SCRIPT_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


# ---- files MkDocs copies from docs/ verbatim (gate: site.refuse_unchecked, in build and check) ----


@dataclass(frozen=True)
class FileAttack:
    id: str
    changes: str  # what the writer commits
    path: str  # under docs/
    content: bytes
    says: str  # after "docs/<path>: file: "


HIDE_ALL = b"[data-alliance],.alliance-crisis,.alliance-disclaimer{display:none!important}"
FILE_ATTACKS = (
    FileAttack(
        "shadows-material-bundle",
        "Material's own JavaScript bundle, replaced from docs/",
        BUNDLE,
        b"document.querySelectorAll('[data-alliance]').forEach(e => e.remove())",
        "has the path of the theme's own",
    ),
    FileAttack(
        "shadows-material-stylesheet",
        "Material's own stylesheet, replaced from docs/",
        MAIN_CSS,
        HIDE_ALL,
        "has the path of the theme's own",
    ),
    FileAttack(
        "shadows-overrides-script",
        "the site's own script (overrides/), replaced from docs/",
        "assets/javascripts/alliance.js",
        b"document.body.remove()",
        "has the path of the theme's own",
    ),
    FileAttack(
        "service-worker-script",
        "a script at the site's root, registrable as a service worker that rewrites every page",
        "sw.js",
        b"self.onfetch = () => {}",
        "is a '.js' file",
    ),
    FileAttack(
        "stray-stylesheet", "a stylesheet nobody lists", "assets/hide.css", HIDE_ALL, "is a '.css' file"
    ),
    FileAttack(
        "xml-with-xhtml-script",
        "an .xml file whose XHTML script runs when opened",
        "feed.xml",
        b'<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>',
        "is a '.xml' file",
    ),
    FileAttack("xslt", "an XSL stylesheet", "style.xsl", b"<xsl:stylesheet/>", "is a '.xsl' file"),
    FileAttack(
        "svg-script", "an SVG with a <script>", "assets/advice.svg", SCRIPT_SVG, "is an SVG with script"
    ),
    FileAttack(
        "svg-event-handler",
        "an SVG with onload=",
        "assets/a.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "is an SVG with script",
    ),
    FileAttack(
        "svg-javascript-link-encoded",
        "an SVG link to java&#x09;script:",
        "assets/b.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><a href="java&#x09;script:alert(1)">'
        b"<text>x</text></a></svg>",
        "is an SVG with script",
    ),
    FileAttack(
        "svg-foreign-object",
        "an SVG embedding HTML",
        "assets/c.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe/></foreignObject></svg>',
        "is an SVG with script",
    ),
)


def load_checked_site(project: Path):
    settings = site_settings.load(project / "mkdocs.yml")
    return load_site(settings, TODAY, only=[], config_file=project / "mkdocs.yml")


@pytest.mark.parametrize("attack", FILE_ATTACKS, ids=[attack.id for attack in FILE_ATTACKS])
def test_files_that_run_or_restyle_are_refused(tmp_path: Path, attack: FileAttack):
    project = copy_project(tmp_path / "project")
    target = project / "docs" / attack.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(attack.content)
    problems = [str(problem) for problem in load_checked_site(project).problems]
    assert any(problem.startswith(f"docs/{attack.path}: file: {attack.says}") for problem in problems), (
        problems
    )


def test_passive_files_and_listed_assets_still_publish(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / "handout.pdf").write_bytes(b"%PDF-1.4\n")
    (project / "docs" / "assets" / "plain.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>Only words, at one time</text></svg>'
    )
    assert load_checked_site(project).problems == []  # alliance.css (extra_css) and favicon.svg too


def test_a_strict_build_refuses_files_that_shadow_the_theme_and_publishes_the_themes(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    for attack in FILE_ATTACKS[:2]:
        target = project / "docs" / attack.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(attack.content)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/{BUNDLE}: file: has the path of the theme's own" in result.output
    assert "Traceback" not in result.output
    preview = mkdocs_build(project, tmp_path / "preview", strict=False)
    assert (preview.site_dir / BUNDLE).read_bytes() == (THEME / BUNDLE).read_bytes()
    shutil.rmtree(tmp_path / "preview")


# ---- pages (gate: check_page, in build and `alliance check`) ------------------------------------


@dataclass(frozen=True)
class PageAttack:
    id: str
    changes: str
    content: bytes
    field: str
    says: str
    src_uri: str = ARTICLE


def approved_with_comment(front: str, body: str = BODY) -> bytes:
    """An approved page whose front matter MkDocs cannot load (Alliance can), with a YAML comment
    that is in no digest and that MkDocs shows as a heading."""
    text = f"---\n{front}---\n{body}"
    data, _ = frontmatter.parse(front)
    digest = review_digest(data, body)
    review = f"review:\n  reviewer: morgan-sample\n  reviewed: 2026-11-20\n  digest: {digest}\n"
    return text.replace("---\n\n", review + "---\n\n", 1).encode()


HELP = "get-help.md"
PAGE_ATTACKS = (
    PageAttack(
        "javascript-link",
        "[Read more](javascript:...) in an approved article",
        approved_body("[Read more](javascript:document.body.remove())"),
        "links",
        "uses 'javascript:'",
    ),
    PageAttack(
        "javascript-link-upper-case",
        "[x](JavaScript:...)",
        approved_body("[x](JavaScript:alert(1))"),
        "links",
        "uses 'JavaScript:'",
    ),
    PageAttack(
        "javascript-link-escaped",
        "[x](javascript\\:...), which Markdown unescapes",
        approved_body("[x](javascript\\:alert(1))"),
        "links",
        "uses 'javascript:'",
    ),
    PageAttack(
        "javascript-link-in-angle-brackets-with-tab",
        "[x](<java\\tscript:...>)",
        approved_body("[x](<java\tscript:alert(1)>)"),
        "links",
        "uses 'javascript:'",
    ),
    PageAttack(
        "javascript-reference-definition",
        "[x][r] with [r]: javascript:...",
        approved_body("[x][r]\n\n[r]: javascript:alert(1)"),
        "links",
        "uses 'javascript:'",
    ),
    PageAttack(
        "vbscript-link",
        "[x](vbscript:...)",
        approved_body("[x](vbscript:msgbox)"),
        "links",
        "uses 'vbscript:'",
    ),
    PageAttack(
        "data-link",
        "[x](data:text/html;base64,...)",
        approved_body("[x](data:text/html;base64,PHNjcmlwdD4=)"),
        "links",
        "uses 'data:'",
    ),
    PageAttack(
        "javascript-link-on-help-page",
        "get-help.md (not reviewed) with a javascript: link",
        page(ABOUT_FRONT, "\n# Get help\n\n[Call now](javascript:alert(1))\n"),
        "links",
        "uses 'javascript:'",
        HELP,
    ),
    PageAttack(
        "javascript-link-on-home-page",
        "index.md (not reviewed) with a javascript: link",
        page(ABOUT_FRONT, "\n# Home\n\n[Start](javascript:alert(1))\n"),
        "links",
        "uses 'javascript:'",
        "index.md",
    ),
    PageAttack(
        "external-image",
        "![x](https://tracker/...): a request to another host, unbound",
        approved_body("![A calm room](https://tracker.example.com/p.png)"),
        "links",
        "is not a file of this site",
    ),
    PageAttack(
        "protocol-relative-image",
        "![x](//tracker/...)",
        approved_body("![A calm room](//tracker.example.com/p.png)"),
        "links",
        "is not a file of this site",
    ),
    PageAttack(
        "data-image",
        "![x](data:image/png;...): pixels no file digest binds",
        approved_body("![A calm room](data:image/png;base64,iVBORw0KGgo=)"),
        "links",
        "uses 'data:'",
    ),
    PageAttack(
        "impossible-date-shows-comment-as-heading",
        "tags: [2026-02-30] (MkDocs cannot load it) and a YAML comment, changed after approval",
        approved_with_comment(FRONT + "# Stop taking your medication today.\ntags: [2026-02-30]\n"),
        "front matter",
        "MkDocs reads it differently",
    ),
    PageAttack(
        "front-matter-ends-at-end-of-file",
        "no line after the closing ---: MkDocs shows the whole front matter as text",
        (f"---\n{FRONT}# Stop taking your medication.\n---").encode(),
        "front matter",
        "MkDocs reads it differently",
    ),
)


@pytest.mark.parametrize("attack", PAGE_ATTACKS, ids=[attack.id for attack in PAGE_ATTACKS])
def test_pages_that_link_to_code_or_show_unbound_text_fail(attack: PageAttack):
    record = check_page(attack.src_uri, attack.content, CONTEXT)
    expected = f"docs/{attack.src_uri}"
    found = [
        str(problem)
        for problem in record.errors
        if problem.field == attack.field and attack.says in problem.message
    ]
    assert found and all(problem.startswith(expected) for problem in found), [
        str(problem) for problem in record.problems
    ]
    assert not record.reviewed


def test_safe_links_and_local_images_pass():
    body = (
        "[NHS](https://www.nhs.uk/) [mail](mailto:a@example.org) [call](tel:111) [text](sms:85258) "
        "[help](../get-help.md) [top](#top) ![Logo](../assets/alliance-logo.png)\n\n"
        "A footnote.[^1]\n\n[^1]: Bordin: the working alliance.\n"
    )
    record = check_page(ARTICLE, approved_body(body), CONTEXT)
    gates = ("links", "body", "front matter")  # the attacks' rows (the sample page lacks a summary)
    assert [str(p) for p in record.errors if p.field in gates] == []


# ---- the built page (gate: site_check, in build and `alliance verify-site`) ----------------------

OUTPUT_ATTACKS = (
    ("javascript-link-in-output", '<p><a href="javascript:alert(1)">x</a></p>', "a link to 'javascript:"),
    (
        "encoded-javascript-link-in-output",
        '<p><a href="&#106;ava&#x09;script:alert(1)">x</a></p>',
        "a link to 'javascript:",
    ),
    ("vbscript-link-in-output", '<p><a href="vbscript:x">x</a></p>', "a link to 'vbscript:"),
    (
        "external-image-in-output",
        '<p><img src="https://tracker.example.com/p.png" alt=""></p>',
        "an embedded resource from 'https://tracker",
    ),
    (
        "srcset-second-candidate-external",
        '<p><img src="a.png" srcset="a.png 1x, //t.example/b.png 2x" alt=""></p>',
        "an embedded resource from '//t.example",
    ),
    (
        "data-image-in-output",
        '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt=""></p>',
        "an embedded resource from 'data:",
    ),
)


@pytest.mark.parametrize(
    "markup, says", [row[1:] for row in OUTPUT_ATTACKS], ids=[row[0] for row in OUTPUT_ATTACKS]
)
def test_links_that_run_code_and_outside_images_fail_the_output_check(
    checked,  # noqa: F811 (fixtures)
    page_html,  # noqa: F811 (fixtures)
    markup,
    says,
):
    problems = problems_of(checked, inject(page_html, markup))
    assert any(
        problem.startswith(f"docs/articles/ruptures-and-repair.md: output: {WHERE}: {says}")
        for problem in problems
    ), problems


def test_every_row_has_its_own_id():
    ids = [a.id for a in FILE_ATTACKS] + [a.id for a in PAGE_ATTACKS] + [row[0] for row in OUTPUT_ATTACKS]
    assert len(ids) == len(set(ids))
