"""`klynge explain`: the steps behind one municipality's amount."""

from __future__ import annotations

from typing import Annotated

import typer

from klynge_cli.commands.common import (
    LocaleOpt,
    OutputOpt,
    complete_municipality,
    handled,
    parse_withdrawals,
    user_path,
    user_year,
    warn,
)
from klynge_cli.errors import KlyngeError


@handled
def explain(
    arguments: Annotated[
        list[str],
        typer.Argument(
            metavar="[SCENARIO] MUNICIPALITY",
            help="Scenario file (optional) and municipality.",
            autocompletion=complete_municipality,
        ),
    ],
    cluster: Annotated[
        str | None,
        typer.Option("--cluster", "-c", help="The cluster (default: the first it belongs to)."),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            metavar="YEAR",
            help="The year (default: the cluster's first).",
            parser=user_year,
        ),
    ] = None,
    withdraw: Annotated[
        list[str] | None,
        typer.Option(
            "--withdraw",
            "-w",
            metavar="NAME[@YEAR]",
            help="Explain a what-if: extra withdrawals, as in `whatif`.",
            autocompletion=complete_municipality,
        ),
    ] = None,
    output: OutputOpt = None,
    locale: LocaleOpt = "en",
) -> None:
    """Why this amount? Step by step, from members to the last krone.

    Example: klynge explain Faxe --year 2023 --withdraw Roskilde@2023 --withdraw Slagelse@2023
    """
    from klynge_cli.engine.explain import explain as facts
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.load.lookup import find_municipality, member_cluster, selection
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.load.withdrawals import with_extra_withdrawals
    from klynge_cli.output import emit
    from klynge_cli.render.explanation import explanation_paragraphs
    from klynge_cli.render.fit import Prose
    from klynge_cli.render.labels import labels

    if len(arguments) > 2:
        raise KlyngeError(f"explain takes [SCENARIO] MUNICIPALITY, not {len(arguments)} arguments")
    path = user_path(arguments[0]) if len(arguments) == 2 else None
    loaded = load_scenario(path)
    name = find_municipality(loaded, arguments[-1], "explain")
    selection(loaded, cluster, year)
    target = member_cluster(loaded, name, cluster, year)
    if withdraw:
        loaded = with_extra_withdrawals(loaded, parse_withdrawals(withdraw), None)
    result = compute(loaded)
    explanation = facts(result, name, target.id, target.first_year if year is None else year)
    emit(Prose(explanation_paragraphs(explanation, labels(locale))), output)
    warn(result.warnings)
