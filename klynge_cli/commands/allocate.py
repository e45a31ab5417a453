"""`klynge allocate`: who pays what, per cluster and year."""

from __future__ import annotations

from typing import Annotated

import typer

from klynge_cli.commands.common import (
    ClusterOpt,
    DialectOpt,
    LocaleOpt,
    OutputOpt,
    ScenarioArg,
    TableFormat,
    YearOpt,
    csv_only,
    handled,
    refuse_binary_on_terminal,
    warn,
    workbook_bytes,
)


@handled
def allocate(
    scenario: ScenarioArg = None,
    cluster: ClusterOpt = None,
    year: YearOpt = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = "table",
    output: OutputOpt = None,
    locale: LocaleOpt = "en",
    dialect: DialectOpt = "plain",
) -> None:
    """Who pays what: each municipality's amount per cluster and year.

    With `--format xlsx -o FILE.xlsx`: a workbook whose formulas recalculate every amount.
    Example: klynge allocate scenarios/kkr-sjaelland-4-clusters.yaml --format csv -o out.csv
    """
    csv_only(dialect, format)
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.load.lookup import selection
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.output import emit

    if format == "xlsx":
        refuse_binary_on_terminal(output)
    loaded = load_scenario(scenario)
    result = compute(loaded).select(*selection(loaded, cluster, year))
    if format == "xlsx":
        from klynge_cli.engine.timeline import schedule as plan

        emit(workbook_bytes(result, plan(result), locale, "allocation"), output)
    else:
        from klynge_cli.render.views import allocation_view

        emit(allocation_view(result, format, locale, dialect), output)
    warn(result.warnings)
