"""Errors a user can cause, each with a message fit to print.

Every problem that comes from the user's input (a scenario, a population file, a command-line
argument) is a `KlyngeError`. The CLI turns it into one line per problem on stderr and exit
code 2; anything else that escapes is a bug.
"""

from collections.abc import Iterable
from typing import NamedTuple

EXIT_OK = 0
EXIT_DIFFERENT = 1
EXIT_INPUT = 2


class Where(NamedTuple):
    """A place in a user's file: the file as the user named it, and a 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


class KlyngeError(Exception):
    """A problem in the user's input, printed as `FILE:LINE:COL: message`."""

    def __init__(self, message: str, where: Where | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


MAX_PROBLEMS = 100  # listed per run; a file with thousands of mistakes is wrong in one way


class Problems(KlyngeError):
    """Several problems found together, so a user can fix them in one go."""

    def __init__(self, problems: Iterable[KlyngeError]) -> None:
        self.problems = tuple(problems)
        shown = [str(p) for p in self.problems[:MAX_PROBLEMS]]
        if len(self.problems) > MAX_PROBLEMS:
            shown.append(f"… and {len(self.problems) - MAX_PROBLEMS:,} more problems")
        super().__init__("\n".join(shown))

    def __str__(self) -> str:
        return self.message


def enough(problems: list[KlyngeError], where: Where) -> bool:
    """Whether a file has shown so many problems that reading on would only list more: then a
    last note says reading stopped (so a broken 1 MiB file costs no more than a short one)."""
    if len(problems) < MAX_PROBLEMS - 1:
        return False
    problems.append(KlyngeError(f"stopped reading after {len(problems)} problems", where))
    return True


def raise_all(problems: list[KlyngeError]) -> None:
    """Raise the problems found, as one error or as `Problems`; do nothing if there are none."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise Problems(problems)
