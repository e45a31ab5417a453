"""`klynge sweep`: every set of extra withdrawals up to a size, in one cluster-year."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Annotated, Literal

import typer

from klynge_cli.commands.common import LocaleOpt, OutputOpt, ScenarioArg, handled, user_year
from klynge_cli.errors import KlyngeError
from klynge_cli.limits import MAX_DIGITS, MAX_SWEEP_STEPS
from klynge_cli.numbers import is_digits

SweepFormat = Literal["table", "json"]


@handled
def sweep(
    scenario: ScenarioArg = None,
    cluster: Annotated[
        str | None,
        typer.Option("--cluster", "-c", help="The cluster to sweep (default: the first)."),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            metavar="YEAR",
            help="The year to sweep (default: the cluster's first).",
            parser=user_year,
        ),
    ] = None,
    max_withdrawals: Annotated[
        str,
        typer.Option(
            "--max-withdrawals", "-k", metavar="K|all", help="Largest set of extra withdrawals."
        ),
    ] = "3",
    max_steps: Annotated[
        str,
        typer.Option(
            "--max-steps",
            metavar="N",
            help="Refuse a sweep of more than N steps (a split among p participants is p steps).",
        ),
    ] = str(MAX_SWEEP_STEPS),
    format: Annotated[SweepFormat, typer.Option("--format", "-f", help="Output format.")] = "table",
    output: OutputOpt = None,
    locale: LocaleOpt = "en",
) -> None:
    """How many can leave before the pool shrinks, and who pays most when they do.

    Example: klynge sweep --max-withdrawals all
    """
    from klynge_cli.engine.sweep import sweep as run_sweep
    from klynge_cli.load.lookup import selection
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.output import emit
    from klynge_cli.render.views import sweep_output

    loaded = load_scenario(scenario)
    chosen, _ = selection(loaded, cluster, year)
    target = loaded.cluster(chosen) if chosen else loaded.clusters[0]
    selection(loaded, target.id, year)
    k = None if max_withdrawals == "all" else _count(max_withdrawals, "--max-withdrawals")
    show_progress = format == "table" and output is None and sys.stdout.isatty()
    limit = _count(max_steps, "--max-steps")
    with _progress_bar(show_progress) as progress:
        result = run_sweep(
            loaded, target, target.first_year if year is None else year, k, progress, limit
        )
    emit(sweep_output(result, format, locale), output)


def _count(text: str, option: str) -> int:
    if not is_digits(text) or len(text) > MAX_DIGITS:
        raise KlyngeError(f"{option} {text}: give a whole number or `all`")
    return int(text)


@contextlib.contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr, started only once a sweep has run 512 splits."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, TaskID

    bar = Progress(console=Console(stderr=True), transient=True)
    task: list[TaskID] = []

    def advance(done: int, total: int) -> None:
        if not task:
            bar.start()
            task.append(bar.add_task("Sweeping", total=total))
        bar.update(task[0], completed=done, total=total)

    try:
        yield advance
    finally:
        bar.stop()
