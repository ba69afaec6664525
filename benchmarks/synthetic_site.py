"""Synthetic benchmark sites: N approved articles shaped like the real ones, next to the project's
own pages, people, mkdocs.yml, hooks and overrides.

Every article is approved by the sample reviewer through the library (`alliance.commands.approve`), so the
digest is whatever the build will recompute, however the digest is defined. The site also gets
`mkdocs-nohooks.yml`, which INHERITs its mkdocs.yml and keeps only the navigation hook: the build to
compare with, rendering the same pages without the review gate and trust hooks.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from alliance import settings as site_settings
from alliance.commands.approve import approve
from alliance.commands.scaffold import slugify
from alliance.content import schema
from alliance.content.site import load_site, site_pages
from alliance.output import published_urls
from alliance.paths import page_url
from alliance.problems import AllianceError

TEMPLATES = Path(__file__).parent / "templates"
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks")
# Nothing a fresh clone lacks: bytecode, build caches, the installed package's metadata.
NOT_COPIED = ("__pycache__", "*.egg-info", ".alliance-cache", ".published-urls.txt")
ARTICLES = "articles"
AUTHOR, REVIEWER = "jordan-example", "morgan-sample"
NOHOOKS_CONFIG = "mkdocs-nohooks.yml"
# The overhead measured is what the review gate and the trust signals cost: the navigation hook stays
# on in the comparison build, so both builds render the same sidebar into the same pages.
NAVIGATION_HOOK = "hooks/navigation.py"
SECTIONS, FAQS, SOURCES = 6, 5, 4

# ---------------------------------------------------------------------------------------------
# Words: plain, short sentences (so they pass the readability lint, as real articles must),
# assembled from word lists and invented names so no two pages share their text and no cache
# (syllable counts, Markdown, search tokens) sees the same words twice too often.
# ---------------------------------------------------------------------------------------------

TOPICS = (
    "sleep",
    "grief",
    "panic",
    "worry",
    "anger",
    "low mood",
    "shame",
    "loneliness",
    "stress at work",
    "exam stress",
    "body image",
    "self-esteem",
    "change",
    "family conflict",
    "new parenthood",
    "burnout",
    "social anxiety",
    "fear of flying",
    "health worry",
    "money worry",
    "moving home",
    "caring for others",
    "long-term pain",
    "habits",
    "jealousy",
    "guilt",
    "perfectionism",
    "procrastination",
    "feeling numb",
    "racing thoughts",
    "nightmares",
    "breakups",
    "friendship",
    "being a step-parent",
    "retirement",
    "starting a new job",
    "losing a job",
    "bullying",
    "coming out",
    "loss of a pet",
    "living alone",
    "screen time",
    "feeling stuck",
    "self-criticism",
    "people pleasing",
    "setting limits",
    "asking for help",
    "sadness in winter",
    "fear of crowds",
    "fear of driving",
    "feeling tense",
    "low energy",
    "hearing hard news",
    "a new diagnosis",
    "divorce",
    "blended families",
    "caring for a parent",
    "school refusal",
    "feeling left out",
    "confidence",
)
AUDIENCES = (
    "for students",
    "at work",
    "in later life",
    "for new parents",
    "after a loss",
    "in couples",
    "for carers",
    "in the teenage years",
    "for men",
    "for women",
    "in your twenties",
    "at home",
    "in a new country",
    "for shift workers",
    "when you live alone",
    "in midlife",
)
ANGLES = (
    "a first guide",
    "what helps",
    "talking to your therapist",
    "small steps",
    "common questions",
    "what to expect",
    "a plain guide",
    "where to start",
)
OPENERS = (
    "Many people",
    "Some people",
    "You",
    "Your therapist",
    "A counsellor",
    "People in therapy",
    "Most clients",
    "A good friend",
    "Your doctor",
    "Someone you trust",
    "A support worker",
    "Young people",
    "Older adults",
    "Parents",
    "Students",
    "Carers",
    "Your partner",
    "A family member",
    "A group leader",
    "Your GP",
)
ACTIONS = (
    "may notice",
    "may talk about",
    "can write down",
    "might worry about",
    "sometimes avoid",
    "can learn to spot",
    "may want to share",
    "may feel unsure about",
    "can plan for",
    "may need time for",
    "can ask about",
    "might keep track of",
    "can practise",
    "may find help with",
    "might think about",
    "can name",
    "may look back on",
    "can slowly face",
    "might laugh about",
    "can make room for",
    "may put off",
    "can speak up about",
    "may miss",
    "can check in on",
)
THINGS = (
    "the first session",
    "a hard week",
    "their sleep",
    "small goals",
    "a change in mood",
    "the next step",
    "what went well",
    "old habits",
    "a plan for bad days",
    "the warning signs",
    "a calm place",
    "their own needs",
    "a busy mind",
    "tight muscles",
    "a short walk",
    "the words they use",
    "a kind voice",
    "quiet time",
    "a daily list",
    "the main worry",
    "an honest talk",
    "a small win",
    "how the body feels",
    "an early night",
    "a slow breath",
    "the last few days",
    "a new routine",
    "the people around them",
    "a message to a friend",
    "the worst moments",
    "a change of plan",
    "the goals they chose",
    "a tiny habit",
    "what they need",
    "the weekend",
    "a difficult call",
    "a letter they never sent",
    "the things that help",
    "their first thoughts",
    "the evening",
    "a task at work",
    "a question for next time",
    "a list of strengths",
    "the hard parts",
    "a moment of calm",
)
ENDINGS = (
    "at their own pace",
    "over a few weeks",
    "when it feels right",
    "with some support",
    "in plain words",
    "before the next session",
    "on a calm day",
    "without rushing",
    "one step at a time",
    "in a notebook",
    "with a person they trust",
    "after a long day",
    "during the week",
    "in the morning",
    "as part of therapy",
    "when things get busy",
    "with a bit of practice",
    "even on bad days",
    "in small ways",
    "with kind words",
    "from time to time",
    "when they feel ready",
    "at home",
    "on the way to work",
)
FEELINGS = (
    "calm",
    "tired",
    "hopeful",
    "tense",
    "stuck",
    "lost",
    "sad",
    "angry",
    "nervous",
    "unsure",
    "relieved",
    "proud",
    "restless",
    "lonely",
    "safe",
    "ashamed",
)
SYLLABLES = (
    "ka",
    "ri",
    "mo",
    "len",
    "sa",
    "vi",
    "to",
    "na",
    "el",
    "dor",
    "mi",
    "ra",
    "jo",
    "bel",
    "ta",
    "lu",
    "nor",
    "fi",
    "an",
    "se",
    "do",
    "ka",
    "li",
    "om",
    "pe",
    "ru",
    "zi",
    "wen",
)
SURNAMES = (
    "Hart",
    "Okafor",
    "Lindqvist",
    "Moreno",
    "Chen",
    "Patel",
    "Nowak",
    "Fischer",
    "Adeyemi",
    "Rossi",
    "Kowalski",
    "Tanaka",
    "Murphy",
    "Haddad",
    "Silva",
    "Novak",
    "Eriksen",
    "Kaur",
)
JOURNALS = (
    "Psychotherapy",
    "Journal of Counseling Psychology",
    "Psychotherapy Research",
    "Journal of Consulting and Clinical Psychology",
    "Clinical Psychology Review",
    "Counselling and Psychotherapy Research",
    "Behaviour Research and Therapy",
)
STUDY_WORDS = (
    "alliance",
    "outcomes",
    "client",
    "therapy",
    "change",
    "process",
    "sessions",
    "trust",
    "feedback",
    "repair",
    "goals",
    "support",
    "dropout",
    "early",
    "brief",
    "group",
)
SECTION_HEADINGS = (
    "What {topic} can feel like",
    "Why {topic} happens",
    "Talking about {topic} in therapy",
    "Small steps that help",
    "When to ask for more help",
    "How others can support you",
    "What a session might look like",
    "Looking after yourself",
    "Myths about {topic}",
    "Planning for hard days",
)
QUESTIONS = (
    "Is it normal to feel {feeling} about {topic}?",
    "How long does it take to feel better?",
    "Can I bring up {topic} in my first session?",
    "What if {topic} gets worse?",
    "Should I tell my family about {topic}?",
    "What if I feel {feeling} after a session?",
    "Can I change therapist if it does not feel right?",
    "Do I need a diagnosis to get help?",
)


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
        first, rest = self.sentence().split(" ", 1)
        return f"**{first}** {rest}"


def _source(rng: Random, index: int, number: int) -> dict[str, str]:
    """A footnote in the sample articles' APA shape, ending in a DOI link."""
    authors = ", & ".join(
        f"{rng.choice(SURNAMES)}, {rng.choice('ABCDEFGHJKLMNPRSTW')}." for _ in range(rng.randint(1, 3))
    )
    title = " ".join(rng.sample(STUDY_WORDS, 4)).capitalize()
    volume, issue, first = rng.randint(20, 70), rng.randint(1, 6), rng.randint(10, 600)
    doi = f"https://doi.org/10.{rng.randint(1000, 9999)}/bench.{index}.{number}"
    return {
        "key": f"s{number}",
        "text": f"{authors} ({rng.randint(1995, 2024)}). {title}. *{rng.choice(JOURNALS)}, "
        f"{volume}*({issue}), {first}–{first + rng.randint(8, 30)}. <{doi}>",
    }


def article_data(plan: ArticlePlan, neighbour: ArticlePlan | None) -> dict[str, Any]:
    """The template's data for one article of about 900 words: six sections, key takeaways, five
    FAQ blocks and four sources with DOIs, like the sample articles."""
    writer = _Writer(plan)
    rng = writer.rng
    sections = []
    for number, heading in enumerate(rng.sample(SECTION_HEADINGS, SECTIONS)):
        paragraphs = [writer.paragraph(rng.randint(2, 3)), writer.paragraph(2), writer.paragraph(2)]
        if number < SOURCES:  # cite a source straight after a claim, as the writers' guide asks
            paragraphs[0] += f"[^s{number + 1}]"
        if number == 2 and neighbour:
            paragraphs[1] += f" You can also read [{neighbour.title}]({Path(neighbour.src_uri).name})."
        bullets = [writer.bullet() for _ in range(4)] if number in (1, 3) else []
        sections.append(
            {"heading": heading.format(topic=plan.topic), "paragraphs": paragraphs, "bullets": bullets}
        )
    faqs = [
        {
            "question": question.format(topic=plan.topic, feeling=rng.choice(FEELINGS)),
            "answer": [writer.paragraph(2), writer.paragraph(1)],
        }
        for question in rng.sample(QUESTIONS, FAQS)
    ]
    return {
        "title": plan.title,
        "description": f"Plain information about {plan.topic}: what it can feel like, what helps, "
        "and how to talk about it with your therapist.",
        "summary": _summary(writer) if _schema_has("summary") else None,
        "author": AUTHOR,
        "tags": [plan.topic.capitalize(), rng.choice(("Therapy", "Self-help", "Everyday life"))],
        "intro": [writer.paragraph(3), writer.paragraph(1)],
        "sections": sections,
        "takeaways": [writer.sentence() for _ in range(4)],
        "faqs": faqs,
        "sources": [_source(rng, plan.index, number) for number in range(1, SOURCES + 1)],
    }


def _schema_has(name: str) -> bool:
    # The "In short" `summary:` is joining the schema on another branch; write it once it is there,
    # so the corpus stays as valid as the real articles on either side of that merge.
    return any(field.name == name for field in schema.FIELDS)


def _summary(writer: _Writer) -> str:
    return writer.paragraph(3)


def _template_env() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def write_drafts(docs_dir: Path, size: int) -> list[str]:
    """Write `size` unreviewed articles under docs/articles/; returns their src_uris."""
    template = _template_env().get_template("article.md.j2")
    plans = [article_plan(index) for index in range(size)]
    for plan in plans:
        neighbour = plans[(plan.index + 1) % size] if size > 1 else None
        target = docs_dir / plan.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.render(**article_data(plan, neighbour)), encoding="utf-8")
    return [plan.src_uri for plan in plans]


def approve_all(config_file: Path, src_uris: list[str], on: Any) -> None:
    """Approve every draft as `alliance approve --reviewer morgan-sample` would, through the library:
    it checks each page and computes the digest, so the build will agree with it."""
    settings = site_settings.load(config_file)
    site = load_site(settings, on, src_uris)
    reviewer = site.registry.get(REVIEWER)
    for record in site.records:
        text = approve(record, reviewer, REVIEWER, on, on, settings)
        (settings.docs_dir / record.src_uri).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# The benchmark site: the project's own config, hooks, overrides and non-article pages.
# ---------------------------------------------------------------------------------------------


def nohooks_config(keep: tuple[str, ...] = (NAVIGATION_HOOK,)) -> str:
    """A config that INHERITs the site's mkdocs.yml and replaces its `hooks:` list (MkDocs merges
    mappings key by key, and a list in the child replaces the parent's)."""
    header = (
        "# Generated by `python -m benchmarks`: the site's own config without the review gate\n"
        "# and trust hooks, to measure what they cost.\n"
    )
    return header + yaml.safe_dump({"INHERIT": "mkdocs.yml", "hooks": list(keep)}, sort_keys=False)


def generate_site(project: Path, target: Path, size: int, on: Any) -> Path:
    """A benchmark site of `size` synthetic articles approved on `on`, at `target` (replaced)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = project / part
        if not source.exists():
            raise AllianceError(
                f"{source}: missing; run the benchmark from the project folder (or pass --project)"
            )
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns(*NOT_COPIED))
        else:
            shutil.copy2(source, target / part)
    docs = target / "docs"
    # The real articles stay out: the benchmark's articles are its own, all alike in shape.
    shutil.rmtree(docs / ARTICLES, ignore_errors=True)
    _point_links_at_synthetic_articles(docs)
    approve_all(target / "mkdocs.yml", write_drafts(docs, size), on)
    shutil.rmtree(target / ".alliance-cache", ignore_errors=True)  # a fresh clone has none
    published_urls.write_record(docs, [page_url(uri) for uri in site_pages(target / "mkdocs.yml")])
    (target / NOHOOKS_CONFIG).write_text(nohooks_config(), encoding="utf-8")
    return target


def fresh_copy(site: Path, target: Path) -> Path:
    """A copy of a generated site as a fresh clone has it: no output, no caches, no bytecode."""
    if target.exists():
        shutil.rmtree(target)
    caches = shutil.ignore_patterns(*NOT_COPIED[:-1])

    def ignore(folder: str, names: list[str]) -> set[str]:
        built = {"site"} if Path(folder) == site else set()  # the output of an earlier build
        return set(caches(folder, names)) | built

    shutil.copytree(site, target, ignore=ignore)
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
