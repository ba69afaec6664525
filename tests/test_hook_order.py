"""The hooks share no module global: the build's state hangs on MkDocs' config, so the hook files
work in any order under 'hooks:' and give the same site."""

from __future__ import annotations

from pathlib import Path

from support import BuildResult, mkdocs_build

HOOKS = (
    "  - hooks/review_gate.py\n",
    "  - hooks/trust.py\n",
    "  # Cuts long sections of the sidebar to a window around the page: keeps builds linear.\n"
    "  - hooks/navigation.py\n",
)
PAGES = ("articles/building-trust/", "get-help/", "")


def test_hooks_listed_in_reverse_order_build_the_same_site(project_copy: Path, built_site: BuildResult):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    block = "".join(HOOKS)
    assert block in text, "mkdocs.yml lists the hooks differently; update this test"
    config.write_text(text.replace(block, "".join(reversed(HOOKS))), encoding="utf-8")
    reversed_build = mkdocs_build(project_copy, project_copy / "site")
    assert reversed_build.returncode == 0, reversed_build.output
    for page in PAGES:
        assert reversed_build.page(page) == built_site.page(page), page


def test_the_state_is_made_by_whichever_hook_asks_first_once_per_build(project_copy: Path):
    from mkdocs.config import load_config

    from alliance.pipeline import state as build_state

    config = load_config(str(project_copy / "mkdocs.yml"))
    assert build_state.existing(config) is None
    made = build_state.of(config)
    assert build_state.of(config) is made and build_state.existing(config) is made
    assert build_state.existing(load_config(str(project_copy / "mkdocs.yml"))) is None  # a new build
