"""Round 23 (2 Dec 2026): the per-page check's speed-ups (ad850a9 → main) against the code they replaced.

The old and the new library were run side by side on hypothesis-made Markdown (weighted to the
characters each quick form depends on), the sample site's pages, hostile pages and filesystem shapes:
they gave the same findings, lines, digests and grades everywhere but in three places, kept here:

- a link to a symbolic link loop (`docs/loop.png -> loop.png`, or a folder `a -> b -> a` on the path)
  stopped the old page check with a RuntimeError traceback (pathlib's resolve); the new one says
  "is not a file" for an embed or a file-like link: kept as rows that fail on the old code;
- `alliance check` now resolves links against the files the build keeps (refused files removed): a
  link to a raw HTML page, a file that leaves docs/, a folder link, a wrong-case suffix, a script or
  a colliding page is reported as the strict build reports it, where the old check said nothing;
- a symbolic link in docs/ that leads to no file (a loop, a missing target) passed `alliance check`
  while `mkdocs build --strict` stopped with a traceback copying or reading it (the same before and
  after today's change): it is now refused, in both, with one message.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import Files, get_files
from support import copy_project
from support.examples import examples
from support.hostile import SETTINGS

from alliance.commands import cli
from alliance.content import page_files, readability
from alliance.content.site import refuse_unchecked

# ---- 1. links to symbolic link loops: a problem, not a traceback ---------------------------------


@pytest.fixture
def loops(tmp_path: Path) -> page_files.Sources:
    """docs/ with a file, a link to itself, two links to each other and a link into that pair."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "real.png").write_bytes(b"png")
    (docs / "loop.png").symlink_to("loop.png")
    (docs / "loopa").symlink_to("loopb")
    (docs / "loopb").symlink_to("loopa")
    (docs / "into.pdf").symlink_to("loopa/x.pdf")
    return page_files.Sources(docs, tmp_path)


@pytest.mark.parametrize(
    "markup, says",
    [
        ("![a](loop.png)", "'loop.png' is not a file in docs/"),
        ("[a leaflet](loop.png)", "'loop.png' is not a file in docs/"),
        ("\n[d]: /loop.png\n", "'/loop.png' is not a file in docs/"),
        ("![a](loopa)", "'loopa' is not a file in docs/"),  # an embed: whatever its name
        ("[a page](loopa)", None),  # no file suffix: MkDocs' link check has the say
        ("![a](loopa/x.png)", "'loopa/x.png' is not a file in docs/"),
        ("[a leaflet](into.pdf)", "'into.pdf' is not a file in docs/"),
        ('<img src="loop.png">', "'loop.png' is not a file in docs/"),
        ("![a](real.png)", None),  # beside them, a real file is bound as before
    ],
)
def test_a_link_to_a_symlink_loop_is_a_problem_not_a_traceback(
    loops: page_files.Sources, markup: str, says: str | None
):
    found = page_files.local_files("docs/p.md", "p.md", f"# T\n\n{markup}\n", 5, loops)
    assert [problem.message for problem in found.problems] == ([] if says is None else [says])
    assert all(problem.line and problem.line >= 7 for problem in found.problems)
    assert list(found.digests) == (["docs/real.png"] if "real" in markup else [])


# ---- 2. links to refused files: reported by the check as the strict build reports them ----------

# What a writer adds to docs/ that the gate refuses (each also refused by the build's on_files),
# linked from docs/get-help.md, with the target MkDocs then says is not found.
_REFUSED = {
    "raw HTML": (lambda docs: (docs / "raw.html").write_text("<p>raw</p>\n"), "raw.html"),
    "a file leaving docs": (lambda docs: (docs / "out.png").symlink_to("/etc/hostname"), "out.png"),
    "a folder link": (lambda docs: (docs / "linked").symlink_to("about"), "linked/how-we-review.md"),
    "a wrong-case suffix": (lambda docs: (docs / "Upper.MD").write_text("# Up\n"), "Upper.MD"),
    "a script": (lambda docs: (docs / "evil.js").write_text("alert(1)\n"), "evil.js"),
    "a colliding page": (
        lambda docs: (docs / "get-help").mkdir() or (docs / "get-help" / "index.md").write_text("# X\n"),
        "get-help/index.md",
    ),
    "a link to a loop": (lambda docs: (docs / "loop.png").symlink_to("loop.png"), "loop.png"),
    "a link to nothing": (lambda docs: (docs / "gone.pdf").symlink_to("missing.pdf"), "gone.pdf"),
}


@pytest.fixture(scope="module")
def refused_and_linked(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """`alliance check` (in process) of a copy with every refused file of _REFUSED, each linked."""
    project = copy_project(tmp_path_factory.mktemp("refused") / "project")
    docs = project / "docs"
    for make, _ in _REFUSED.values():
        make(docs)
    help_page = docs / "get-help.md"
    targets = [target for _, target in _REFUSED.values()]
    added = "".join(f"\nSee [this]({target}).\n" for target in targets)
    help_page.write_text(help_page.read_text(encoding="utf-8") + added, encoding="utf-8")
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["-f", str(project / "mkdocs.yml"), "check"]) == 1
    return stderr.getvalue().splitlines()


@pytest.mark.parametrize("kind", _REFUSED)
def test_a_link_to_a_refused_file_fails_the_check_as_it_fails_the_build(kind: str, refused_and_linked):
    # The strict build's words (seen in a build of this copy): "Doc file 'get-help.md' contains a
    # link 'raw.html', but the target is not found among documentation files."
    _, target = _REFUSED[kind]
    expected = f"docs/get-help.md: link: contains a link '{target}', but the target is not found "
    assert any(line.startswith(expected) for line in refused_and_linked), refused_and_linked
    refused = "linked" if target.startswith("linked/") else target  # a folder link is named once
    assert any(line.startswith(f"docs/{refused}: file: ") for line in refused_and_linked), kind


# ---- 3. a symbolic link in docs/ that leads to no file: refused, not a traceback ------------------


def _files_of(project: Path) -> tuple[Files, object]:
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    files = get_files(load_config(str(project / "mkdocs.yml")))
    return files, dataclasses.replace(SETTINGS, docs_dir=project / "docs")


@pytest.mark.parametrize(
    "name, target",
    [
        ("loop.png", "loop.png"),  # a link to itself
        ("a.pdf", "b.pdf"),  # two links to each other (b.pdf -> a.pdf made below)
        ("gone.png", "missing.png"),  # a missing target
        ("gone.md", "nothere.md"),  # a page: MkDocs read it, and stopped
        ("far.png", "/nonexistent/far.png"),  # missing, and outside docs/ too
        ("deep.png", "sub/missing.png"),
    ],
)
def test_a_link_that_leads_to_no_file_is_refused(tmp_path: Path, name: str, target: str):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Hi\n", encoding="utf-8")
    (docs / name).symlink_to(target)
    if name == "a.pdf":
        (docs / "b.pdf").symlink_to("a.pdf")
    files, settings_here = _files_of(tmp_path)
    problems = refuse_unchecked(files, settings_here)  # type: ignore[arg-type]
    said = [(Path(problem.path).parts[-2:], problem.field, problem.message) for problem in problems]
    message = f"is a link to '{target}', which leads to no file"
    assert [(place, field, text[: len(message)]) for place, field, text in said] == [
        (("docs", name), "file", message)
    ] + ([(("docs", "b.pdf"), "file", message.replace(target, name))] if name == "a.pdf" else [])
    assert [file.src_uri for file in files] == ["index.md"]
    for file in files:
        assert file.content_bytes  # what the build reads (and copies) of every file kept


# ---- 4. the quick forms, differentially: the patterns they replaced are the oracles -----------------

_FENCE_TEXT = st.lists(
    st.sampled_from(["`", "~", "```", "~~~", "[^", "]:", "[", "]", "^", " ", "\n", "\r", "a", "."]),
    max_size=30,
).map("".join)


@settings(max_examples=examples(300), deadline=None)
@given(_FENCE_TEXT)
def test_fences_and_footnotes_are_cut_only_where_the_patterns_can_match(text: str):
    # prose_of runs each substitution only where the text holds its literal start: where it does
    # not, the substitution must change nothing.
    if "```" not in text and "~~~" not in text:
        assert readability._without_fenced_code(text) == text
    if not text.startswith("[^") and "\n[^" not in text:
        assert readability._FOOTNOTE_DEFINITION.sub("", text) == text


def test_each_folder_link_is_found_whatever_order_the_files_come_in(tmp_path: Path):
    # The answer for each folder is remembered: a file beside a linked folder, or under another one
    # of the same parent, must not be given the linked folder's answer, nor the reverse.
    from mkdocs.structure.files import File

    from alliance.content import site

    docs = tmp_path / "docs"
    for folder in ("a/b", "a/c", "d"):
        (docs / folder).mkdir(parents=True)
    (docs / "a" / "linked").symlink_to("b")
    (docs / "d" / "inner").symlink_to("../a/c")
    uris = ["a/y.md", "a/linked/x.md", "a/c/z.md", "a/linked/deeper/w.md", "d/inner/v.md", "d/u.md", "q.md"]
    expected = [None, "a/linked", None, "a/linked", "d/inner", None, None]
    for order in (uris, list(reversed(uris))):
        linked: dict[str, bool] = {}
        first_links: dict[tuple[str, str], str | None] = {}
        found = {
            uri: site._linked_folder(File(uri, str(docs), str(tmp_path / "site"), True), linked, first_links)
            for uri in order
        }
        assert [found[uri] for uri in uris] == expected
