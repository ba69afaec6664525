"""Round 22 (2 Dec 2026): what the lead found while making the page check cheaper.

A link or image whose path holds `%00` (a NUL once decoded) ended `alliance check` and the build in a
ValueError traceback from the local-file scan, on any clinical page. It is now a `body` problem when
the target looks like a file, and no problem otherwise (MkDocs' own link check reports the link).
"""

from __future__ import annotations

import pytest
from support.hostile import ARTICLE, CONTEXT, approved_body

from alliance.content.pages import check_page


@pytest.mark.parametrize(
    "markup, says",
    [
        ("![A diagram](img/a%00b.png)", "'img/a%00b.png' is not a file in docs/"),
        ("[A leaflet](a%00b.pdf)", "'a%00b.pdf' is not a file in docs/"),
        ("[A page](a%00b/)", None),  # not a file: MkDocs' link check has the say
        ("![A diagram](/a%00/b.png)", "'/a%00/b.png' is not a file in docs/"),
    ],
)
def test_a_nul_in_a_path_is_a_problem_not_a_traceback(markup: str, says: str | None):
    record = check_page(ARTICLE, approved_body(markup), CONTEXT)
    body = [problem for problem in record.problems if problem.field == "body"]
    assert [problem.message for problem in body] == ([] if says is None else [says])
    assert all(problem.line and problem.fix for problem in body)
