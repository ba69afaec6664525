"""How many examples each property tries: fewer in the suite a change is checked with, every one in
CI's second run.

A property names the examples its author's search needed before it trusted the property
(`max_examples=examples(500)`). The README's suite, the one run at every change, tries at most
Hypothesis' own default of each (EVERYDAY_CAP): past about a hundred, more examples of the same
property cost time at every run and rarely find what the first hundred missed. CI runs the
non-browser suite a second time (`.ci/any-date`) with ALLIANCE_PROPERTY_EXAMPLES=all, which tries
every one, so CI's search is never smaller than it was. Either way, Hypothesis' example database
replays a failure it has found until it passes.

The same holds for the hostile pages that compare new code with a frozen copy of the old
(`tests/support/*_before.py`) or show that a reading is linear: their author sized each to hang a
quadratic reading (`hostile_size(100_000)`). The everyday suite reads them at a tenth of that, still
many times past every window the code reads in (4,096 characters at most), so each takes the same
paths; CI's second run reads them whole.
"""

from __future__ import annotations

import os

VARIABLE = "ALLIANCE_PROPERTY_EXAMPLES"
EVERYDAY_CAP = 100  # Hypothesis' default max_examples
EVERYDAY_SHARE = 10  # the everyday suite's hostile pages are a tenth of their full size


def _all() -> bool:
    return os.environ.get(VARIABLE, "").strip().lower() == "all"


def examples(wanted: int) -> int:
    """`wanted`, or EVERYDAY_CAP where it is more and the run does not ask for all of them."""
    return wanted if _all() else min(wanted, EVERYDAY_CAP)


def hostile_size(full: int) -> int:
    """How many times a hostile page repeats its shape: `full` where the run asks for every example,
    else a tenth of it."""
    return full if _all() else full // EVERYDAY_SHARE
