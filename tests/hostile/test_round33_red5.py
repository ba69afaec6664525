"""Red team, session 33, fifth look.

1. `_account_change` compares a profile's GitHub account only at the SAME path in the base and the
   merge. The build's registry takes a person's id from the profile's file stem, under any Markdown
   suffix and any subfolder of the people folder (`people.is_profile`, `person_id`). A pull request
   that moves `docs/people/riley-real.md` to `docs/people/riley-real.markdown` (or to
   `docs/people/x/riley-real.md`) and writes another account on it publishes Riley's profile with
   the writer's account, and `verify-approvals` asks nobody: the old path is gone from the merge
   (no page to compare), the new path has no base version (no old account). The check promises
   "one [approval] per reviewer profile whose GitHub account it changes".

Fixed (`approvals.required_approvals`): the base's profiles are known by person id, as the build
knows them, so a moved profile is compared with the base's profile of the same person, and a
reviewer's account is found on their profile whatever its suffix or folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.approvals_repos import RECORD, RILEY, branches

from alliance.commands.approvals import required_approvals


@pytest.mark.parametrize(
    "moved_to",
    ["docs/people/riley-real.markdown", "docs/people/x/riley-real.md"],
    ids=["suffix", "subfolder"],
)
def test_a_profile_moved_to_another_name_of_the_same_id_with_another_account_needs_the_approval(
    tmp_path: Path, moved_to: str
) -> None:
    pull = branches(
        tmp_path,
        {},
        {},
        {"docs/people/riley-real.md": None, moved_to: RILEY.replace("github: rreal", "github: wrens-friend")},
    )
    asked = required_approvals(tmp_path / "repo", "docs", "people", pull, False)
    assert [(r.field, r.reviewer, r.login) for r in asked] == [("person.github", "riley-real", "rreal")], (
        asked
    )


def test_a_reviewers_profile_with_another_suffix_on_the_base_gives_the_account_to_ask(tmp_path: Path) -> None:

    # The build takes `riley-real.markdown` as Riley's profile; so does the check (it refused before).
    pull = branches(
        tmp_path,
        {"docs/people/riley-real.md": None, "docs/people/riley-real.markdown": RILEY},
        {},
        {"docs/articles/stopping.md": RECORD.format(digest="the writer's")},
    )
    asked = required_approvals(tmp_path / "repo", "docs", "people", pull, False)
    assert [(r.path, r.reviewer, r.login, r.refusal) for r in asked] == [
        ("docs/articles/stopping.md", "riley-real", "rreal", None)
    ]
