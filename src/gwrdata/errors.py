"""Errors a user can act on.

Every error the CLI reports names the file, the place in it and the fix, on one line, because
the reader is usually a maintainer looking at a CI log, not at a traceback.
"""

from __future__ import annotations


class InputError(Exception):
    """Bad input: the CLI prints it on one line and exits with status 2."""

    def __init__(self, path: object, where: str, problem: str, fix: str):
        self.path = str(path)
        self.where = where
        self.problem = problem
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        place = f"{self.path}: {self.where}: " if self.where else f"{self.path}: "
        return f"{place}{self.problem}. Fix: {self.fix}"
