"""`python -m alliance`: the same command line as `alliance`."""

from alliance.commands.cli import main

raise SystemExit(main())
