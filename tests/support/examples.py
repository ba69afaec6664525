"""How many examples each property tries: fewer in the suite a change is checked with, every one in
CI's second run.

A property names the examples its author's search needed before it trusted the property
(`max_examples=examples(500)`); one that names none asks for Hypothesis' default, a hundred. The
README's suite, the one run at every change, tries at most EVERYDAY_CAP of each (its Hypothesis
profile, `use_profile`, caps the default as `examples` caps the named): a quick look at each
property at every change, where the full search cost a sixth of the suite's CPU (about 16 s of
CPU on two cores; ten examples where it tried 25 save about 2 s more). CI runs the non-browser
suite a second time (`.ci/any-date`) with ALLIANCE_PROPERTY_EXAMPLES=all, which tries every one,
and the default's hundred where none is named, so CI's search is never smaller than it was. Either
way, Hypothesis' example database replays a failure it has found until it passes.

The same holds for the hostile pages that compare new code with a frozen copy of the old
(`tests/support/*_before.py`) or show that a reading is linear: their author sized each to hang a
quadratic reading (`hostile_size(100_000)`). The everyday suite reads them at a tenth of that, still
many times past every window the code reads in (4,096 characters at most), so each takes the same
paths; CI's second run reads them whole.
"""

from __future__ import annotations

import os

VARIABLE = "ALLIANCE_PROPERTY_EXAMPLES"
EVERYDAY_CAP = 10
PROFILE = "alliance-everyday"
EVERYDAY_SHARE = 10  # the everyday suite's hostile pages are a tenth of their full size


def asks_for_every_example() -> bool:
    """Whether this run asks for every example (ALLIANCE_PROPERTY_EXAMPLES=all, any case or spaces)."""
    return os.environ.get(VARIABLE, "").strip().lower() == "all"


def examples(wanted: int) -> int:
    """`wanted`, or EVERYDAY_CAP where it is more and the run does not ask for all of them."""
    return wanted if asks_for_every_example() else min(wanted, EVERYDAY_CAP)


def use_profile() -> None:
    """Hypothesis' default max_examples capped at EVERYDAY_CAP, unless the run asks for all of them
    (conftest.py calls this once, before any property runs)."""
    if asks_for_every_example():
        return
    from hypothesis import settings

    settings.register_profile(PROFILE, max_examples=EVERYDAY_CAP)
    settings.load_profile(PROFILE)


def hostile_size(full: int) -> int:
    """How many times a hostile page repeats its shape: `full` where the run asks for every example,
    else a tenth of it."""
    return full if asks_for_every_example() else full // EVERYDAY_SHARE
