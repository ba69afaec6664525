"""Every Jinja environment of the test process shares the library's cache of compiled templates.

The library puts its process cache (`alliance.render.compiled_templates`) on the theme's environment
only. Material's search plugin makes an environment of its own at every build to render its language
templates, its tags plugin another, and `hooks/trust.py` renders the helplines before the theme's
environment is ready: about ten templates compiled again at every in-process build (some 25 ms of a
quarter-second build, and the tests build in process a few hundred times a run). The cache reuses
code only for the same source under an environment that compiles alike (see its module), so sharing
it changes no output. An environment given a cache of its own keeps it. Subprocesses never see this.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from alliance.render import compiled_templates


def install() -> None:
    original = Environment.__init__
    if hasattr(original, "__wrapped__"):
        return

    def __init__(self: Environment, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        compiled_templates.use_process_cache(self)  # only where no cache was given

    wrapped: Any = __init__
    wrapped.__wrapped__ = original
    Environment.__init__ = wrapped  # type: ignore[method-assign]
