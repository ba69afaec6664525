"""What Python-Markdown's link readers read, counted, against what the page check's time budget
counts for them (content.renderable._link_reads): shared by tests/hostile's time-budget tests."""

from __future__ import annotations

import markdown
import pytest
from markdown import inlinepatterns

from alliance.content import renderable
from alliance.content.site import mkdocs_config
from support.hostile import SETTINGS

_CONFIG = mkdocs_config(SETTINGS.config_dir / "mkdocs.yml")


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the sample site's extensions, as MkDocs renders its pages."""
    return markdown.Markdown(extensions=_CONFIG.markdown_extensions, extension_configs=_CONFIG.mdx_configs)


class _Counted(str):
    """Text whose characters read one by one (as the link readers read) are counted."""

    read = 0

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, int):
            _Counted.read += 1
        return str.__getitem__(self, key)


def reads_of_markdown(body: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """The characters `getText` and `getLink` read while the site's Markdown renders `body`."""
    reader = inlinepatterns.LinkInlineProcessor
    text, link = reader.getText, reader.getLink
    monkeypatch.setattr(reader, "getText", lambda self, data, index: text(self, _Counted(data), index))
    monkeypatch.setattr(reader, "getLink", lambda self, data, index: link(self, _Counted(data), index))
    _Counted.read = 0
    try:
        site_markdown().convert(body)
    finally:
        monkeypatch.undo()
    return _Counted.read


def reads_counted(body: str) -> int:
    """What the time budget counts for the link readers of `body`, over its blocks."""
    body = renderable._LONE_RETURN.sub("\n", body)  # as renderable.problems has it
    return sum(renderable._link_reads(body, start, end) for start, end in renderable._blocks(body))
