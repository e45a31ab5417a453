"""What the commands share: the error funnel and the options, each defined once.

User mistakes arrive at `handled` as `KlyngeError`s and leave as one message per problem on
stderr with exit code 2, never a traceback; no command repeats that handling.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import typer

from klynge_cli.errors import EXIT_INPUT, KlyngeError, Where

if TYPE_CHECKING:  # annotations only: CSV and JSON never import the results' renderers
    from klynge_cli.result import Allocation, Schedule

F = TypeVar("F", bound=Callable[..., Any])


def handled(command: F) -> F:
    """Turn a user's mistake into its message on stderr and exit code 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except KlyngeError as error:
            sys.stderr.write(f"{error}\n")
            raise typer.Exit(EXIT_INPUT) from None

    return wrapper  # type: ignore[return-value]


def warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        sys.stderr.write(f"warning: {warning}\n")


TableFormat = Literal["table", "csv", "json", "markdown", "xlsx"]
ComparisonFormat = Literal["table", "csv", "json"]
Locale = Literal["en", "da"]
Dialect = Literal["plain", "excel-da"]


ScenarioArg = Annotated[
    Path | None,
    typer.Argument(
        metavar="[SCENARIO]",
        help="Scenario file (YAML). Default: the bundled We Build Denmark scenario.",
        show_default=False,
        dir_okay=False,
    ),
]
ClusterOpt = Annotated[
    str | None, typer.Option("--cluster", "-c", help="Only this cluster (its id).")
]
YearOpt = Annotated[int | None, typer.Option("--year", "-y", help="Only this financed year.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to FILE (atomically) instead of stdout.", dir_okay=False
    ),
]
LocaleOpt = Annotated[
    Locale, typer.Option("--locale", help="Labels and numbers for people: en or da.")
]
DialectOpt = Annotated[
    Dialect,
    typer.Option(
        "--dialect", help="CSV dialect: plain (the contract) or excel-da (; and decimal comma)."
    ),
]
WithdrawOpt = Annotated[
    list[str],
    typer.Option(
        "--withdraw",
        "-w",
        metavar="NAME[@YEAR]",
        help="An extra withdrawal: NAME leaves from YEAR (default: each cluster's first year). "
        "Repeat for several.",
    ),
]


def parse_withdrawals(texts: list[str]) -> list[tuple[str, int | None]]:
    """`Stevns@2023` → ('Stevns', 2023); `Stevns` → ('Stevns', None)."""
    requests: list[tuple[str, int | None]] = []
    for text in texts:
        name, at, year = text.rpartition("@") if "@" in text else (text, "", "")
        if at and not (year.isdigit() and len(year) == 4):
            raise KlyngeError(f"--withdraw {text}: write NAME@YEAR with a year like 2023")
        if not name.strip():
            raise KlyngeError(f"--withdraw {text}: name a municipality, e.g. Stevns@2023")
        requests.append((name.strip(), int(year) if at else None))
    return requests


def refuse_binary_on_terminal(output: Path | None) -> None:
    """A workbook is bytes no terminal can show: ask for a file (a pipe gets the bytes)."""
    if output is None and sys.stdout.isatty():
        raise KlyngeError("--format xlsx is binary output; use -o FILE.xlsx")


def workbook_bytes(
    allocation: Allocation,
    schedule: Schedule,
    locale: str,
    open_at: Literal["allocation", "schedule"],
) -> bytes:
    """The .xlsx workbook of an allocation and its schedule (klynge_cli/render/xlsx)."""
    import hashlib

    from klynge_cli.render.labels import labels
    from klynge_cli.render.xlsx import Provenance, workbook

    source = Path(allocation.scenario.file)
    try:
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError as error:
        raise KlyngeError(
            f"cannot read it again for the workbook's SHA-256: {error.strerror}",
            Where(str(source)),
        ) from None
    provenance = Provenance(source.name, digest)
    return workbook(allocation, schedule, labels(locale), provenance, open_at=open_at)
