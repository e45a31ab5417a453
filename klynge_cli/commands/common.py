"""What the commands share: the error funnel and the options, each defined once.

User mistakes arrive at `handled` as `KlyngeError`s and leave as one message per problem on
stderr with exit code 2, never a traceback; no command repeats that handling.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import typer

from klynge_cli.errors import EXIT_INPUT, KlyngeError
from klynge_cli.files import begin_run, is_terminal
from klynge_cli.limits import FIRST_YEAR, LAST_YEAR
from klynge_cli.numbers import is_digits

if TYPE_CHECKING:  # annotations only: CSV and JSON never import the results' renderers
    from klynge_cli.result import Allocation, Schedule

F = TypeVar("F", bound=Callable[..., Any])


def handled(command: F) -> F:
    """Turn a user's mistake into its message on stderr and exit code 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        begin_run()
        try:
            return command(*args, **kwargs)
        except KlyngeError as error:
            tell(f"{error}\n")
            raise typer.Exit(EXIT_INPUT) from None

    return wrapper  # type: ignore[return-value]


# What a message must not send to a terminal as it is: control characters (an escape sequence
# from a file could retitle the window or recolour the screen) and bidirectional overrides.
_UNSHOWN = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """`text` with every character a terminal would act on written as its escape (`\\x1b`)."""
    return _UNSHOWN.sub(lambda found: ascii(found.group())[1:-1], text)


def tell(text: str) -> None:
    """Write a message on stderr, control characters escaped, in what the stream can encode.
    A closed or full stderr loses the message, never the exit code: the run still ends with
    the code its outcome deserves."""
    stream = sys.stderr
    if stream is None:
        return
    text = terminal_safe(text)
    encoding = getattr(stream, "encoding", None) or "utf-8"
    with contextlib.suppress(LookupError):
        text = text.encode(encoding, "backslashreplace").decode(encoding)
    with contextlib.suppress(OSError, ValueError):
        stream.write(text)
        stream.flush()


def warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        tell(f"warning: {warning}\n")


def user_path(text: str) -> Path:
    """A path typed by the user; `''` would silently mean the current folder."""
    if not text:
        raise typer.BadParameter("empty path; name a file")
    return Path(text)


def user_year(text: str) -> int:
    """A year typed by the user: four ASCII digits (not `²⁰²³`, `٢٠٢٣` or `2_023`)."""
    if not (is_digits(text) and len(text) == 4 and FIRST_YEAR <= int(text) <= LAST_YEAR):
        raise typer.BadParameter(f"'{text}' is not a year like 2023")
    return int(text)


def complete_municipality(incomplete: str) -> list[str]:
    """Shell completion: the municipalities whose name begins with what has been typed.

    Matching is as lenient as klynge's own (case, ASCII ae/oe/aa), but shells keep only
    completions that begin with the typed text, so each is written on from the user's own
    prefix: `nae` → `naestved`, `Kø` → `Køge`. Names come from the bundled table of the 98
    municipalities, so completion needs no scenario.
    """
    from klynge_cli.load.populations import register
    from klynge_cli.names import name_key

    if "@" in incomplete:  # NAME@YEAR: the name is written, the year is the user's
        return []
    typed = name_key(incomplete) if incomplete.strip() else ""
    completions = []
    for name in sorted(register().shown.values()):
        key = name_key(name)
        if not key.startswith(typed):
            continue
        if name.startswith(incomplete):
            completions.append(name)
        elif name.casefold().startswith(incomplete.casefold()):
            completions.append(incomplete + name[len(incomplete) :])
        else:  # typed in ASCII (ae/oe/aa): go on in ASCII, which klynge reads the same
            completions.append(incomplete + key[len(typed) :])
    return completions


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
        parser=user_path,
    ),
]
ClusterOpt = Annotated[
    str | None, typer.Option("--cluster", "-c", help="Only this cluster (its id).")
]
YearOpt = Annotated[
    int | None,
    typer.Option("--year", "-y", metavar="YEAR", help="Only this financed year.", parser=user_year),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of stdout.",
        parser=user_path,
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


def csv_only(dialect: str, format: str) -> None:
    """`--dialect` shapes CSV; with another format it would silently do nothing."""
    if dialect != "plain" and format != "csv":
        raise KlyngeError(f"--dialect {dialect}: only for --format csv (not {format})")


WithdrawOpt = Annotated[
    list[str],
    typer.Option(
        "--withdraw",
        "-w",
        metavar="NAME[@YEAR]",
        help="An extra withdrawal: NAME leaves from YEAR (default: each cluster's first year). "
        "Repeat for several.",
        autocompletion=complete_municipality,
    ),
]


def parse_withdrawals(texts: list[str]) -> list[tuple[str, int | None]]:
    """`Stevns@2023` → ('Stevns', 2023); `Stevns` → ('Stevns', None)."""
    requests: list[tuple[str, int | None]] = []
    for text in texts:
        name, at, year = text.rpartition("@") if "@" in text else (text, "", "")
        if at and not (is_digits(year) and len(year) == 4 and FIRST_YEAR <= int(year) <= LAST_YEAR):
            raise KlyngeError(f"--withdraw {text}: write NAME@YEAR with a year like 2023")
        if not name.strip():
            raise KlyngeError(f"--withdraw {text}: name a municipality, e.g. Stevns@2023")
        requests.append((name.strip(), int(year) if at else None))
    return requests


def refuse_binary_on_terminal(output: Path | None) -> None:
    """A workbook is bytes no terminal can show: ask for a file (a pipe gets the bytes).
    That holds for stdout and for an output naming a terminal (`-o /dev/stdout`, `/dev/tty`)."""
    if output is None:
        if sys.stdout is not None and sys.stdout.isatty():
            raise KlyngeError("--format xlsx is binary output; use -o FILE.xlsx")
    elif is_terminal(output):
        raise KlyngeError(f"{output}: is a terminal, and a workbook is binary; name a file.xlsx")


def workbook_bytes(
    allocation: Allocation,
    schedule: Schedule,
    locale: str,
    open_at: Literal["allocation", "schedule"],
) -> bytes:
    """The .xlsx workbook of an allocation and its schedule (klynge_cli/render/xlsx)."""
    import hashlib

    from klynge_cli.files import read_bytes
    from klynge_cli.render.labels import labels
    from klynge_cli.render.xlsx import Provenance, workbook

    source = Path(allocation.scenario.file)
    data = read_bytes(source, allocation.scenario.file, what="scenario file")
    provenance = Provenance(source.name, hashlib.sha256(data).hexdigest())
    return workbook(allocation, schedule, labels(locale), provenance, open_at=open_at)
