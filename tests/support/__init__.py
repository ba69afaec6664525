"""Helpers shared by the test modules: the project, its throwaway copies, and running `mkdocs build`
and `alliance` on them (in this process by default, as a separate process where that is under test).
Test modules import these from here, never from one another or from conftest."""

from support.git import git
from support.project import (
    FORKS_IN_A_TEST_WORKER,
    PROJECT_PARTS,
    ROOT,
    TEST_TODAY,
    BuildResult,
    Ran,
    alliance,
    alliance_process,
    copy_project,
    mkdocs_build,
    mkdocs_in_process,
    quiet_env,
)

__all__ = [
    "FORKS_IN_A_TEST_WORKER",
    "PROJECT_PARTS",
    "ROOT",
    "TEST_TODAY",
    "BuildResult",
    "Ran",
    "alliance",
    "alliance_process",
    "copy_project",
    "git",
    "mkdocs_build",
    "mkdocs_in_process",
    "quiet_env",
]
