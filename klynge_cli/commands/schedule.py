"""`klynge schedule`: the dated money flows (R9)."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from klynge_cli.commands.common import (
    ClusterOpt,
    DialectOpt,
    LocaleOpt,
    OutputOpt,
    ScenarioArg,
    YearOpt,
    handled,
    refuse_binary_on_terminal,
    warn,
    workbook_bytes,
)

ScheduleFormat = Literal["table", "csv", "json", "ics", "xlsx"]


@handled
def schedule(
    scenario: ScenarioArg = None,
    cluster: ClusterOpt = None,
    year: YearOpt = None,
    municipality: Annotated[
        str | None,
        typer.Option("--municipality", "-m", help="Only what this municipality pays."),
    ] = None,
    format: Annotated[
        ScheduleFormat, typer.Option("--format", "-f", help="Output format.")
    ] = "table",
    output: OutputOpt = None,
    locale: LocaleOpt = "en",
    dialect: DialectOpt = "plain",
) -> None:
    """When the money moves: collections, payments to the intermediary, reconfirmations.

    `--format xlsx -o FILE.xlsx` writes the workbook of `allocate`, opened at the plan.
    Example: klynge schedule --format ics -o klynge.ics
    """
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.engine.timeline import schedule as plan
    from klynge_cli.load.lookup import find_municipality, selection
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.output import emit

    if format == "xlsx":
        refuse_binary_on_terminal(output)
    loaded = load_scenario(scenario)
    allocation = compute(loaded).select(*selection(loaded, cluster, year))
    result = plan(allocation)
    if municipality is not None:
        result = result.paid_by(find_municipality(loaded, municipality, "--municipality"))
    if format == "xlsx":
        emit(workbook_bytes(allocation, result, locale, "schedule"), output)
    else:
        from klynge_cli.render.views import schedule_view

        emit(schedule_view(result, format, locale, dialect), output)
    warn(result.warnings)
