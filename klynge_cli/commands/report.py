"""`klynge report`: one printable HTML page for a council agenda, and its workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from klynge_cli.commands.common import (
    LocaleOpt,
    OutputOpt,
    ScenarioArg,
    handled,
    warn,
    workbook_bytes,
)
from klynge_cli.errors import KlyngeError, Where


@handled
def report(
    scenario: ScenarioArg = None,
    output: OutputOpt = None,
    locale: LocaleOpt = "en",
    xlsx: Annotated[
        Path | None,
        typer.Option(
            "--xlsx",
            metavar="FILE.xlsx",
            help="Also write the workbook (as allocate --format xlsx) to FILE.xlsx.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """A printable HTML page for a council agenda: the agreement, who pays what, and when.

    One self-contained file (no scripts, nothing fetched) that prints to A4; with --xlsx,
    the workbook beside it from the same run.
    Example: klynge report --locale da -o rapport.html --xlsx betalingsoversigt.xlsx
    """
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.engine.timeline import schedule as plan
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.output import emit, write_atomically
    from klynge_cli.render.labels import labels
    from klynge_cli.render.report import report_html

    allocation = compute(load_scenario(scenario))
    schedule = plan(allocation)
    page = report_html(allocation, schedule, labels(locale))
    if xlsx is None:
        emit(page, output)
    else:
        # Both are made before either is written, and both destinations are checked first,
        # so a run that fails leaves neither file behind.
        book = workbook_bytes(allocation, schedule, locale, "allocation")
        _check_destinations(xlsx, output)
        write_atomically(xlsx, book)
        emit(page, output)
    warn(allocation.warnings)


def _check_destinations(xlsx: Path, output: Path | None) -> None:
    for path in (xlsx, output):
        if path is None:
            continue
        if path.is_dir():
            raise KlyngeError("is a folder; give a file name to write to", Where(str(path)))
        if not path.parent.is_dir():
            raise KlyngeError(
                f"cannot write here: the folder {path.parent} does not exist", Where(str(path))
            )
    if output is not None and output.resolve() == xlsx.resolve():
        raise KlyngeError("--xlsx and -o name the same file; give two names", Where(str(xlsx)))
