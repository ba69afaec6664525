"""Alliance: trustworthy psychoeducation sites built with MkDocs and Material.

The library behind both the MkDocs hooks in ``hooks/`` and the ``alliance`` command, so the build and
the command can never disagree about what a valid page is.
"""

__version__ = "0.1.0"
