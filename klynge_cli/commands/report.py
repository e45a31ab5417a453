"""`klynge report`: one printable HTML page for a council agenda."""

from __future__ import annotations

from klynge_cli.commands.common import LocaleOpt, OutputOpt, ScenarioArg, handled, warn


@handled
def report(
    scenario: ScenarioArg = None,
    output: OutputOpt = None,
    locale: LocaleOpt = "en",
) -> None:
    """A printable HTML page for a council agenda: the agreement, who pays what, and when.

    One self-contained file (no scripts, nothing fetched) that prints to A4.
    Example: klynge report --locale da -o rapport.html
    """
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.engine.timeline import schedule as plan
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.output import emit
    from klynge_cli.render.labels import page_labels
    from klynge_cli.render.report import report_html

    allocation = compute(load_scenario(scenario))
    emit(report_html(allocation, plan(allocation), page_labels(locale)), output)
    warn(allocation.warnings)
