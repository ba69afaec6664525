"""Compiled theme templates, kept for the life of the process.

MkDocs makes a new Jinja environment for every build, so every build compiles Material's templates and
ours again: about 40 % of a small site's build. `mkdocs serve` rebuilds (and the test suite) build many
times in one process; with this cache each template is compiled once per process. Jinja checks each
template's source against the checksum it compiled from, so a changed template is compiled afresh.

Jinja compiles more than the source into the code: the environment's syntax and options, and each
filter's and test's calling convention (it even runs plain filters over constants at compile time).
So code is reused only by an environment of the same class with the same options and the very same
filter and test objects, looked at when the template is loaded (a plugin may add filters after this
is installed); the cache holds those objects, so no new object can take an old one's identity. An
environment whose own filters, tests, finalize or autoescape Jinja would run while compiling shares
nothing: the same function may give another answer in the next build.
"""

from __future__ import annotations

from hashlib import sha1

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_TESTS

# Compiled templates kept: a `mkdocs serve` session whose filters change every build stays bounded.
MAX_TEMPLATES = 2000


class _ProcessCache(BytecodeCache):
    """Jinja's bytecode cache in this process's memory, keyed by what the code was compiled under."""

    def __init__(self) -> None:
        self._code: dict[tuple, bytes] = {}

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """The template's name, not where its file is: a copy of the theme folder elsewhere (each
        test's copy of the project) reuses the code when the source is the same, which the key below
        holds by its checksum. The reused code names the file it was compiled from in tracebacks."""
        return sha1(name.encode("utf-8")).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        key = _key(bucket)
        code = self._code.get(key) if key is not None else None
        if code is not None:
            bucket.bytecode_from_string(code)  # Jinja discards it if the checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        key = _key(bucket)
        if key is None:
            return
        if len(self._code) >= MAX_TEMPLATES:
            del self._code[next(iter(self._code))]  # the oldest
        self._code[key] = bucket.bytecode_to_string()


_PROCESS_CACHE = _ProcessCache()


def _key(bucket: Bucket) -> tuple | None:
    """The template's own key and what its code depends on in the environment; None (compile it,
    keep nothing) when a filter or test cannot be told apart from another by identity."""
    env = bucket.environment
    if _folds_with_own_code(env):
        return None
    try:
        filters, tests = frozenset(env.filters.items()), frozenset(env.tests.items())
        return (bucket.key, bucket.checksum, _compiled_alike(env), filters, tests)
    except TypeError:  # an unhashable filter or test
        return None


def _folds_with_own_code(env: Environment) -> bool:
    """Whether Jinja would run code of the site's own while compiling: it folds a filter or test
    over constants (`{{ 'name'|t }}`) unless the filter takes the context, and it applies finalize
    and calls an autoescape function at compile time. Such code may read state that changes between
    builds (the language, the config in env.globals) while its identity stays the same, so the
    compiled result holds only for this environment (red team, round 21). Jinja's own filters and
    tests read nothing but their arguments and the options in the key."""
    own = [
        *(f for name, f in env.filters.items() if DEFAULT_FILTERS.get(name) is not f),
        *(t for name, t in env.tests.items() if DEFAULT_TESTS.get(name) is not t),
        *([env.finalize] if env.finalize is not None else []),
    ]
    return callable(env.autoescape) or not all(_takes_context(function) for function in own)


def _takes_context(function: object) -> bool:
    """A filter Jinja cannot fold: it is given the render context, which exists only at run time."""
    return getattr(getattr(function, "jinja_pass_arg", None), "name", None) == "context"


def _compiled_alike(env: Environment) -> tuple:
    """The environment's syntax and options that Jinja compiles into a template's code."""
    return (
        # Its class and code generator: a sandbox folds no unsafe attribute into a constant, a plain
        # environment does (`().__class__.__name__` compiled as 'tuple').
        type(env),
        env.code_generator_class,
        # i18n's {% trans %} compiles to a different call when gettext is "newstyle".
        getattr(env, "newstyle_gettext", None),
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.autoescape,  # a bool: a function means no sharing (_folds_with_own_code)
        env.finalize,
        env.is_async,
        env.undefined,
        tuple(sorted(env.extensions)),
        repr(sorted(env.policies.items())),
    )


def use_process_cache(env: Environment) -> None:
    """Let `env` reuse what environments that compile alike have compiled in this process."""
    if env.bytecode_cache is None:
        env.bytecode_cache = _PROCESS_CACHE
