"""`klynge populations import`: a Danmarks Statistik export to klynge's population format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from klynge_cli.commands.common import OutputOpt, handled, user_path

POPULATION_FIELDS = ("code", "municipality", "region", "year", "population", "source")


@handled
def import_populations(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A Statbank CSV export of table FOLK1A.", parser=user_path
        ),
    ],
    output: OutputOpt = None,
) -> None:
    """Turn a Danmarks Statistik FOLK1A export into klynge's population file format.

    Only first-quarter figures (1 January) are kept.
    Code and region come from klynge's table of the 98 municipalities.

    Example: klynge populations import FOLK1A.csv -o populations.csv
    """
    from klynge_cli.files import shown
    from klynge_cli.load.statbank import read_statbank
    from klynge_cli.output import emit
    from klynge_cli.render.delimited import csv_text

    figures = read_statbank(file)
    export = shown(file.name)
    rows = (
        (
            f.code,
            f.municipality,
            f.region,
            str(f.year),
            str(f.population),
            f"FOLK1A 1 Jan {f.year} (Danmarks Statistik Statbank export {export})",
        )
        for f in figures
    )
    emit(csv_text(POPULATION_FIELDS, rows), output)
