"""The content cache: unchanged pages reuse their lint findings and extracts; any change misses."""

from __future__ import annotations

import json

from alliance.lint import Finding
from alliance.content_cache import ContentCache, cache_for
from conftest import alliance

FINDING = Finding("safe-messaging", 12, "'committed suicide' suggests a crime or sin", "write …")


def counting(result):
    calls = []

    def compute():
        calls.append(1)
        return list(result)
    return compute, calls


def test_same_text_and_ceiling_reuse_the_findings(tmp_path):
    path = tmp_path / "content.json"
    compute, calls = counting([FINDING])
    cache = ContentCache(path)
    assert cache.findings("text", 8.0, compute) == [FINDING]
    cache.save()
    again = ContentCache(path)
    assert again.findings("text", 8.0, compute) == [FINDING]
    assert len(calls) == 1


def test_other_text_or_ceiling_is_linted_again(tmp_path):
    compute, calls = counting([])
    cache = ContentCache(tmp_path / "content.json")
    cache.findings("text", 8.0, compute)
    cache.findings("text.", 8.0, compute)
    cache.findings("text", 7.0, compute)
    assert len(calls) == 3


def test_a_damaged_or_foreign_cache_is_a_cold_start(tmp_path):
    path = tmp_path / "content.json"
    compute, calls = counting([FINDING])
    for content in ("{not json", json.dumps({"version": "other", "entries": {}}), "[]"):
        path.write_text(content, encoding="utf-8")
        assert ContentCache(path).findings("text", 8.0, compute) == [FINDING]
    assert len(calls) == 3


def test_no_cache_variable_turns_it_off(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLIANCE_NO_CACHE", "1")
    assert cache_for(tmp_path).path is None


def test_a_cached_finding_still_fails_the_check(project_copy):
    page = project_copy / "docs/articles/building-trust.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "These feelings are very common.", "Some say the poet committed suicide."), encoding="utf-8")
    for _ in range(2):  # the second run answers from the cache
        done = alliance(project_copy, "check", "docs/articles/building-trust.md")
        assert done.returncode == 1
        assert "safe-messaging" in done.stderr
    assert (project_copy / ".alliance-cache/content.json").is_file()


def test_page_extracts_are_remembered_exactly(tmp_path, built_site):
    from alliance.html_extract import extract

    html = built_site.page("articles/ruptures-and-repair/")
    path = tmp_path / "content.json"
    first = ContentCache(path)
    fresh = first.page_extract(html, lambda: extract(html))
    first.save()
    calls = []
    again = ContentCache(path).page_extract(html, lambda: calls.append(1) or extract(html))
    assert again == fresh and not calls
    assert len(again.faqs) >= 4 and len(again.sources) >= 3
