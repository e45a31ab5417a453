"""`klynge whatif`: the scenario as written against the same with extra withdrawals."""

from __future__ import annotations

from typing import Annotated

import typer

from klynge_cli.commands.common import (
    ComparisonFormat,
    DialectOpt,
    LocaleOpt,
    OutputOpt,
    ScenarioArg,
    WithdrawOpt,
    csv_only,
    handled,
    parse_withdrawals,
    warn,
)


@handled
def whatif(
    withdraw: WithdrawOpt,
    scenario: ScenarioArg = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster", "-c", help="Only this cluster: for the withdrawals and the output."
        ),
    ] = None,
    format: Annotated[
        ComparisonFormat, typer.Option("--format", "-f", help="Output format.")
    ] = "table",
    output: OutputOpt = None,
    locale: LocaleOpt = "en",
    dialect: DialectOpt = "plain",
) -> None:
    """What if they leave? The scenario as written against the same with extra withdrawals.

    Example: klynge whatif --withdraw Roskilde@2023 --withdraw Slagelse@2023 --withdraw Køge@2024
    """
    csv_only(dialect, format)
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.engine.whatif import compare
    from klynge_cli.load.lookup import selection
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.load.withdrawals import with_extra_withdrawals
    from klynge_cli.output import emit
    from klynge_cli.render.views import comparison_view

    loaded = load_scenario(scenario)
    chosen, _ = selection(loaded, cluster, None)
    variant = with_extra_withdrawals(loaded, parse_withdrawals(withdraw), chosen)
    comparison = compare(compute(loaded).select(chosen), compute(variant).select(chosen))
    emit(comparison_view(comparison, format, locale, dialect), output)
    warn(comparison.whatif.warnings)
