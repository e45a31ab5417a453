"""`klynge schedule`: the dated money flows (R9)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from klynge_cli import files
from klynge_cli.commands.common import (
    ClusterOpt,
    DialectOpt,
    LocaleOpt,
    OutputOpt,
    ScenarioArg,
    YearOpt,
    complete_municipality,
    csv_only,
    handled,
    refuse_binary_on_terminal,
    user_path,
    warn,
    workbook_bytes,
)
from klynge_cli.errors import KlyngeError

ScheduleFormat = Literal["table", "csv", "json", "ics", "xlsx"]


@handled
def schedule(
    scenario: ScenarioArg = None,
    cluster: ClusterOpt = None,
    year: YearOpt = None,
    municipality: Annotated[
        str | None,
        typer.Option(
            "--municipality",
            "-m",
            help="Only what this municipality pays.",
            autocompletion=complete_municipality,
        ),
    ] = None,
    format: Annotated[
        ScheduleFormat, typer.Option("--format", "-f", help="Output format.")
    ] = "table",
    output: OutputOpt = None,
    locale: LocaleOpt = "en",
    dialect: DialectOpt = "plain",
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            metavar="OLD.ics",
            help="With --format ics: the calendar made before, so changed events get a higher "
            "SEQUENCE and calendars update them.",
            parser=user_path,
        ),
    ] = None,
) -> None:
    """When the money moves: collections, payments to the intermediary, reconfirmations.

    `--format xlsx -o FILE.xlsx` writes the workbook of `allocate`, opened at the plan.
    Example: klynge schedule --format ics -o klynge.ics
    """
    csv_only(dialect, format)
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.engine.timeline import schedule as plan
    from klynge_cli.load.lookup import find_municipality, selection
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.output import emit

    if previous is not None and format != "ics":
        raise KlyngeError(f"--previous {previous}: only for --format ics")
    if format == "xlsx":
        refuse_binary_on_terminal(output)
    loaded = load_scenario(scenario)
    chosen = selection(loaded, cluster, year)
    allocation = compute(loaded).select(*chosen)
    result = plan(allocation)
    payer = None
    if municipality is not None:
        payer = find_municipality(loaded, municipality, "--municipality")
        result = result.paid_by(payer)
    before, notes = None, result.warnings
    if previous is not None:
        from klynge_cli.load.ical import read_previous
        from klynge_cli.render.ical import selected, unmatched_previous

        everything = read_previous(previous)
        unmatched = unmatched_previous(everything, result)
        before = selected(everything, *chosen)
        if unmatched is not None:
            notes += (f"--previous {files.shown(previous)}: {unmatched}",)
    if format == "xlsx":
        emit(workbook_bytes(allocation, result, locale, "schedule"), output)
    else:
        from klynge_cli.render.views import schedule_view

        emit(
            schedule_view(result, format, locale, dialect, municipality=payer, previous=before),
            output,
        )
    warn(notes)
