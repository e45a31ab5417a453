"""`klynge diff` and `klynge check`: what changed, for people and for CI."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from klynge_cli.commands.common import (
    ComparisonFormat,
    DialectOpt,
    OutputOpt,
    csv_only,
    handled,
    user_path,
)
from klynge_cli.errors import EXIT_DIFFERENT, EXIT_OK


@handled
def diff(
    old: Annotated[
        Path,
        typer.Argument(
            metavar="A", help="A scenario file, or an `allocate` CSV.", parser=user_path
        ),
    ],
    new: Annotated[
        Path,
        typer.Argument(
            metavar="B", help="A scenario file, or an `allocate` CSV.", parser=user_path
        ),
    ],
    format: Annotated[
        ComparisonFormat, typer.Option("--format", "-f", help="Output format.")
    ] = "table",
    output: OutputOpt = None,
    dialect: DialectOpt = "plain",
) -> None:
    """What changed between two versions: rows that changed, appeared or disappeared.

    Exit 0 when equal, 1 when not. Example: klynge diff old.yaml new.yaml
    """
    csv_only(dialect, format)
    from klynge_cli.contract import ALLOCATION_KEY
    from klynge_cli.engine.diff import diff_rows
    from klynge_cli.files import shown
    from klynge_cli.golden import diff_side
    from klynge_cli.output import emit
    from klynge_cli.render.diffview import difference_view

    difference = diff_rows(diff_side(old), diff_side(new), ALLOCATION_KEY, (shown(old), shown(new)))
    emit(difference_view(difference, format, dialect), output)
    raise typer.Exit(EXIT_OK if difference.equal else EXIT_DIFFERENT)


@handled
def check(
    scenarios: Annotated[
        list[Path],
        typer.Argument(
            metavar="SCENARIO_OR_DIR...",
            help="Scenario files, or folders of *.yaml.",
            parser=user_path,
        ),
    ],
    expected: Annotated[
        Path,
        typer.Option(
            "--expected",
            "-e",
            help="Folder of NAME.allocate.csv and NAME.schedule.csv.",
            parser=user_path,
        ),
    ],
    update: Annotated[bool, typer.Option("--update", help="(Re)write the expected files.")] = False,
) -> None:
    """Do the outputs still match the expected files? For CI pipelines.

    Exit 0 when all match, 1 on any difference or missing file.
    Example: klynge check scenarios --expected scenarios/expected
    """
    from klynge_cli.golden import check as run_check
    from klynge_cli.output import emit
    from klynge_cli.render.diffview import check_report

    results = run_check(scenarios, expected, update=update)
    emit(check_report(results), None)
    clean = all(r.outcome in ("ok", "updated") for r in results)
    raise typer.Exit(EXIT_OK if clean else EXIT_DIFFERENT)
