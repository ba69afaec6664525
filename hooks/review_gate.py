"""MkDocs hooks for the medical-review gate: thin entry points over the alliance library.

Every Markdown page is checked against the content contract and its review record as MkDocs reads
it; after the build, the published URLs and the built HTML are checked too. Errors are logged as
warnings, so `mkdocs build --strict` fails (with -q and -v too: see reporting.StrictWatch) and
`mkdocs serve` still previews the page as a draft.

MkDocs imports this file whenever it loads mkdocs.yml, `alliance check` included, which never builds:
what only a build runs (the workers, the page views) is imported in the handler that needs it. Those
imports work after MkDocs takes hooks/ off sys.path again, because `alliance` is imported here first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from alliance import settings as site_settings
from alliance.content import site, theme_fields
from alliance.content.page_files import snippets_from_config
from alliance.content.pages import PageRecord
from alliance.pipeline import state as build_state
from alliance.pipeline.reporting import log, report, strict_watch
from alliance.problems import MARKDOWN_FIELD, AllianceError

if TYPE_CHECKING:
    from alliance.pipeline.workers import PageChecks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    strict_watch.start(bool(config.strict))
    state = _state(config)
    settings = state.settings
    for message in site_settings.helpline_problems(settings, state.today):
        log.warning(message)
    for name in site_settings.unverified_helplines(settings):
        log.info(
            f"mkdocs.yml: extra.alliance.regions: {name} has never been verified; readers see it "
            "marked as unverified until 'verified' has a date"
        )
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    from alliance.pipeline.workers import PageChecks  # a build's own: see the module's docstring
    from alliance.render.page_view import crisis_view

    # Only checked pages are published: what the gate cannot check leaves `files` (and fails strict).
    state = _state(config)
    report(site.refuse_unchecked(files, state.settings))
    pages = site.published_pages(files)
    state.urls = {file.src_uri: file.url for file in pages}
    state.page_bytes = {file.src_uri: file.content_bytes for file in pages}
    state.registry, problems = site.people_of(state.urls, state.page_bytes.__getitem__, state.settings)
    report(problems)
    state.snippets = snippets_from_config(
        config.markdown_extensions, config.mdx_configs, state.settings.config_dir
    )
    state.crisis = crisis_view(state.settings, state.site_url_of)
    try:  # every page's check starts now, on the other cores, while MkDocs renders
        state.checks = PageChecks.start(state.context, state.page_bytes.items(), views_state=state)
    except AllianceError as error:
        raise PluginError(str(error)) from None
    return files


def on_page_read_source(page: Page, *, config: MkDocsConfig) -> str:
    state = _state(config)
    checks = _checks(state)
    raw = state.page_bytes.pop(page.file.src_uri, None)  # read in on_files; a page added since is read now
    record = checks.check(page.file.src_uri, page.file.content_bytes if raw is None else raw)
    report(record.problems)
    source = _source_for_mkdocs(record)
    state.records[page.file.src_uri] = record.facts()  # MkDocs holds the text from here on
    return source


def _checks(state: build_state.BuildState) -> PageChecks:
    """The pages' checks: the workers started in on_files, else checks in this process."""
    from alliance.pipeline.workers import PageChecks

    return state.checks or PageChecks(state.context)


def _source_for_mkdocs(record: PageRecord) -> str:
    """What MkDocs renders: the page with only the front matter fields that passed the contract.

    MkDocs prints front matter it cannot read as text, and Material stops with a traceback on some
    values of the wrong type (`search: 5`); a draft with such faults must still preview.
    """
    if record.text is None:  # undecodable bytes: preview the problem instead of crashing the build
        return f"# {record.path}\n\n{record.problems[0].message}; {record.problems[0].fix}.\n"
    unrenderable = [problem for problem in record.problems if problem.field == MARKDOWN_FIELD]
    if unrenderable:  # MkDocs would stop with a traceback: preview what is wrong instead
        return f"# {record.path}\n\n" + "".join(
            f"- line {problem.line}: {problem.message}; {problem.fix}.\n" for problem in unrenderable
        )
    body = record.body.replace("\r\n", "\n")  # MkDocs reads files with universal newlines; so must we
    if any(problem.field == "body" for problem in record.errors):
        from alliance.content import body_markup  # only for a refused draft

        body = body_markup.defused(body)  # a refused draft previews its markup as text, never live
    if not record.front_matter:
        return body
    text = record.text.replace("\r\n", "\n")
    if not record.errors and meta.YAML_RE.match(text):  # MkDocs will find the same front matter
        return text
    faulty = {problem.field.split(".")[0] for problem in record.errors}
    kept = {
        key: value for key, value in record.front_matter.items() if isinstance(key, str) and key not in faulty
    }
    return "---\n" + yaml.safe_dump(kept, allow_unicode=True, sort_keys=False) + "---\n" + body


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Material prints title, description, subtitle, status, tags and author into the page unescaped;
    # front matter is text, so escape it once here and markup in it shows as typed instead of running.
    theme_fields.escape_printed(page.meta)
    return markdown


@event_priority(-100)  # after every other plugin and hook: check the page as it is written
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    state = _state(config)
    record = state.records.get(page.file.src_uri)
    if record is not None and state.checks is not None:  # checked on another core meanwhile
        state.checks.submit_output(
            record, Path(page.file.abs_dest_path), page.file.dest_uri, tuple(config.extra_css)
        )
    return output


def on_post_build(*, config: MkDocsConfig) -> None:
    from alliance.output import links

    state = _state(config)
    # Published URLs as `alliance check` reports them, then each page as written.
    report(links.url_problems(state.settings, state.urls, links.redirects_of(config)))
    checks = _checks(state)
    # the pages as written, in the order MkDocs read them
    for problems in checks.all_output_problems(
        list(state.records.values()), Path(config.site_dir), tuple(config.extra_css)
    ):
        report(problems)
    checks.close()
    failure = strict_watch.failure()
    strict_watch.stop()
    if failure:
        raise failure


def on_build_error(*, error: Exception) -> None:
    from alliance.pipeline.workers import PageChecks

    strict_watch.stop()
    PageChecks.close_all()  # a failed build (or `mkdocs serve` rebuild) leaves no workers running


def _state(config: MkDocsConfig) -> build_state.BuildState:
    try:
        return build_state.of(config)
    except AllianceError as error:
        raise PluginError(str(error)) from None
