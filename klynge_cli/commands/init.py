"""`klynge init`: a commented scenario template that validates as it is."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from klynge_cli.commands.common import handled, user_path
from klynge_cli.errors import KlyngeError

InitFormula = Literal["pool", "per-capita", "bands"]


@handled
def init(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="The scenario file to create.", parser=user_path)
    ],
    formula: Annotated[
        InitFormula,
        typer.Option(
            "--formula",
            help="How members pay: pool (a lead amount and a pool split by population), "
            "per-capita (kr. per inhabitant) or bands (an amount per population band).",
        ),
    ] = "pool",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Start a scenario: a commented template that validates as it is.

    Example: klynge init kkr-nordjylland.yaml --formula per-capita
    """
    from klynge_cli.errors import Where
    from klynge_cli.files import write_file
    from klynge_cli.template import scenario_template

    if os.path.lexists(path) and not force:
        raise KlyngeError(
            "already exists; klynge init never overwrites it (use --force)", Where(str(path))
        )
    write_file(path, scenario_template(path.stem, formula).encode("utf-8"))
    sys.stdout.write(f"wrote {path}; check it with: klynge validate {path}\n")
