"""Compiled theme templates, kept for the life of the process.

MkDocs makes a new Jinja environment for every build, so every build compiles Material's templates and
ours again: about 40 % of a small site's build. `mkdocs serve` rebuilds (and the test suite) build many
times in one process; with this cache each template is compiled once per process. Jinja checks each
template's source against the checksum it compiled from, so a changed template is compiled afresh,
and code compiled under one environment's syntax and options is only ever reused by an environment
with the same ones.
"""

from __future__ import annotations

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

_CACHES: dict[tuple, _ProcessCache] = {}


class _ProcessCache(BytecodeCache):
    """Jinja's bytecode cache in this process's memory."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # Jinja discards it if the checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def _compiled_alike(env: Environment) -> tuple:
    """What decides the code Jinja compiles a template to, besides its name and source."""
    return (
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
        env.autoescape,  # a function here is a different object in every build: no sharing, as before
        env.finalize,
        env.is_async,
        env.undefined,
        tuple(sorted(env.extensions)),
    )


def use_process_cache(env: Environment) -> None:
    """Let `env` reuse what any environment compiled alike in this process has compiled."""
    if env.bytecode_cache is None:
        env.bytecode_cache = _CACHES.setdefault(_compiled_alike(env), _ProcessCache())
