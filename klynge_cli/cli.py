"""The `klynge` command line. Each command is load → compute → render → write; nothing more.

User mistakes arrive here as `KlyngeError`s and leave as one message per problem on stderr with
exit code 2 (`handled`). Options shared by several commands are defined once, below.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from klynge_cli import __version__
from klynge_cli.errors import EXIT_INPUT, KlyngeError

app = typer.Typer(
    name="klynge",
    help="Co-financing of regional cluster offices: who pays what, and when.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

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


# --- options shared by several commands --------------------------------------------------------


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


class Locale(StrEnum):
    en = "en"
    da = "da"


class Dialect(StrEnum):
    plain = "plain"
    excel_da = "excel-da"


ScenarioArg = Annotated[
    Optional[Path],  # noqa: UP045 (Typer reads the annotation at run time)
    typer.Argument(
        help="Scenario file (YAML). Default: the bundled We Build Denmark scenario.",
        show_default=False,
        dir_okay=False,
    ),
]
ClusterOpt = Annotated[
    str | None, typer.Option("--cluster", "-c", help="Only this cluster (its id).")
]
YearOpt = Annotated[Optional[int], typer.Option("--year", "-y", help="Only this financed year.")]  # noqa: UP045
OutputOpt = Annotated[
    Optional[Path],  # noqa: UP045
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


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"klynge {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Co-financing of regional cluster offices: who pays what, and when.

    Every command takes a scenario file first; without one it uses the bundled We Build Denmark
    scenario (KKR Sjælland, 2021-2024).
    """


@app.command()
@handled
def allocate(
    scenario: ScenarioArg = None,
    cluster: ClusterOpt = None,
    year: YearOpt = None,
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="Output format.")
    ] = TableFormat.table,
    output: OutputOpt = None,
    locale: LocaleOpt = Locale.en,
    dialect: DialectOpt = Dialect.plain,
) -> None:
    """Who pays what: each municipality's amount per cluster and year.

    Example: klynge allocate scenarios/kkr-sjaelland-4-clusters.yaml --format csv -o out.csv
    """
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.load.scenario import load_scenario, selection
    from klynge_cli.output import emit
    from klynge_cli.render.views import allocation_view

    loaded = load_scenario(scenario)
    result = compute(loaded).select(*selection(loaded, cluster, year))
    emit(allocation_view(result, format.value, locale.value, dialect.value), output)
    warn(result.warnings)


class ScheduleFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    ics = "ics"


@app.command()
@handled
def schedule(
    scenario: ScenarioArg = None,
    cluster: ClusterOpt = None,
    year: YearOpt = None,
    municipality: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--municipality", "-m", help="Only what this municipality pays."),
    ] = None,
    format: Annotated[
        ScheduleFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ScheduleFormat.table,
    output: OutputOpt = None,
    locale: LocaleOpt = Locale.en,
    dialect: DialectOpt = Dialect.plain,
) -> None:
    """When the money moves: collections, payments to the intermediary, reconfirmations.

    Example: klynge schedule --format ics -o klynge.ics
    """
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.engine.timeline import schedule as plan
    from klynge_cli.load.scenario import find_municipality, load_scenario, selection
    from klynge_cli.output import emit
    from klynge_cli.render.views import schedule_view

    loaded = load_scenario(scenario)
    result = plan(compute(loaded).select(*selection(loaded, cluster, year)))
    if municipality is not None:
        result = result.paid_by(find_municipality(loaded, municipality, "--municipality"))
    emit(schedule_view(result, format.value, locale.value, dialect.value), output)
    warn(result.warnings)


def main() -> None:
    """The console script."""
    app()
