"""How fast Alliance builds, measured on synthetic sites shaped like the real one.

Run `python -m benchmarks` from the project folder (`pip install -e ".[bench]"` first). Nothing here
is part of the runtime package or a test: the figures are printed and written as JSON, never asserted.
"""
