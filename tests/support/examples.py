"""How many examples each property tries: fewer in the suite a change is checked with, every one in
CI's second run.

A property names the examples its author's search needed before it trusted the property
(`max_examples=examples(500)`). The README's suite, the one run at every change, tries at most
Hypothesis' own default of each (EVERYDAY_CAP): past about a hundred, more examples of the same
property cost time at every run and rarely find what the first hundred missed. CI runs the
non-browser suite a second time (`.ci/any-date`) with ALLIANCE_PROPERTY_EXAMPLES=all, which tries
every one, so CI's search is never smaller than it was. Either way, Hypothesis' example database
replays a failure it has found until it passes.
"""

from __future__ import annotations

import os

VARIABLE = "ALLIANCE_PROPERTY_EXAMPLES"
EVERYDAY_CAP = 100  # Hypothesis' default max_examples


def examples(wanted: int) -> int:
    """`wanted`, or EVERYDAY_CAP where it is more and the run does not ask for all of them."""
    if os.environ.get(VARIABLE, "").strip().lower() == "all":
        return wanted
    return min(wanted, EVERYDAY_CAP)
