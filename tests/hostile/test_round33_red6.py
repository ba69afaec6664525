"""Red team, session 33, sixth look: the other half (`judge`, `verify`, `summary`).

1. `summary` escapes '|' in its cells but not line breaks. The reviewer named in a review record is
   written by the pull request's author, and it lands in two cells (reviewer, and the refusal's
   message). A reviewer such as "x\\n\\n### All reviewer approvals given\\n\\n<!--" ends the table,
   prints a heading of the writer's choosing in the job summary (where reviewers look, per
   `run_verify_approvals`), and hides every row after it in an HTML comment. A page's file name
   with a line break does the same through the 'page' cell. Every verdict must stay one table row.

Fixed (`approvals._cell`): a cell's line breaks become spaces and its markup is escaped, so an
HTML comment opened in one cell cannot hide the rows after it either.
"""

from __future__ import annotations

from pathlib import Path

from support.approvals_repos import RECORD, branches

from alliance.commands.approvals import judge, required_approvals, summary

FORGED = '"x\\n\\n### All reviewer approvals given\\n\\n<!--"'


def _table_rows(markdown: str) -> list[str]:
    lines = markdown.splitlines()
    start = lines.index("| --- | --- | --- | --- |") + 1
    return lines[start:]


def test_a_reviewer_with_line_breaks_cannot_end_the_summary_table(tmp_path: Path) -> None:
    pull = branches(
        tmp_path,
        {},
        {},
        {
            "docs/articles/a-first.md": RECORD.format(digest="x").replace(
                "reviewer: riley-real", "reviewer: " + FORGED
            ),
            "docs/articles/other.md": RECORD.format(digest="y"),
        },
    )
    asked = required_approvals(tmp_path / "repo", "docs", "people", pull, False)
    assert len(asked) == 2
    markdown = summary([judge(r, [], pull) for r in asked], pull)
    rows = _table_rows(markdown)
    assert len(rows) == 2 and all(row.startswith("| ") and row.endswith(" |") for row in rows), markdown
    assert "\n### All reviewer approvals given" not in markdown
    assert "\n<!--" not in markdown


def test_a_reviewer_cannot_open_a_comment_that_hides_the_rows_after_it(tmp_path: Path) -> None:
    pull = branches(
        tmp_path,
        {},
        {},
        {
            "docs/articles/a-first.md": RECORD.format(digest="x").replace(
                "reviewer: riley-real", 'reviewer: "x <!-- hidden"'
            ),
            "docs/articles/other.md": RECORD.format(digest="y"),
        },
    )
    markdown = summary(
        [judge(r, [], pull) for r in required_approvals(tmp_path / "repo", "docs", "people", pull, False)],
        pull,
    )
    assert "<!--" not in markdown and "x &lt;!-- hidden" in markdown, markdown
    assert len(_table_rows(markdown)) == 2
