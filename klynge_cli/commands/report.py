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
    refuse_binary_on_terminal,
    user_path,
    warn,
    workbook_bytes,
)


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
            parser=user_path,
        ),
    ] = None,
    interactive: Annotated[
        bool,
        typer.Option(
            "--interactive/--static",
            help='With the section "What if they leave?" (inline JavaScript, the default), '
            "or without any script.",
        ),
    ] = True,
) -> None:
    """A printable HTML page for a council agenda: the agreement, who pays what, and when.

    One self-contained file (nothing fetched, works offline) that prints to A4.
    Its section "What if they leave?" lets a reader tick who leaves and see every amount at once.
    --static leaves it out, for mail systems that refuse scripts.
    With --xlsx, the workbook beside it from the same run.
    Example: klynge report --locale da -o rapport.html --xlsx betalingsoversigt.xlsx
    """
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.engine.timeline import schedule as plan
    from klynge_cli.files import write_file, write_files
    from klynge_cli.load.scenario import load_scenario
    from klynge_cli.output import emit
    from klynge_cli.render.labels import page_labels
    from klynge_cli.render.report import report_html

    if xlsx is not None:
        refuse_binary_on_terminal(xlsx)
    allocation = compute(load_scenario(scenario))
    schedule = plan(allocation)
    page = report_html(allocation, schedule, page_labels(locale), interactive=interactive)
    if xlsx is None:
        emit(page, output)
    elif output is None:
        write_file(xlsx, workbook_bytes(allocation, schedule, locale, "allocation"))
        emit(page, None)
    else:  # both files, or neither
        book = workbook_bytes(allocation, schedule, locale, "allocation")
        write_files([(xlsx, book), (output, page.encode("utf-8"))])
    warn(allocation.warnings)
