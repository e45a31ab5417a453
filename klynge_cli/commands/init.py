"""`klynge init`: a commented scenario template that validates as it is."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from klynge_cli.commands.common import handled
from klynge_cli.errors import KlyngeError


@handled
def init(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="The scenario file to create.", dir_okay=False)
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Start a scenario: a commented template that validates as it is.

    Example: klynge init kkr-nordjylland.yaml
    """
    from klynge_cli.errors import Where
    from klynge_cli.output import write_atomically
    from klynge_cli.template import scenario_template

    if path.exists() and not force:
        raise KlyngeError(
            "already exists; klynge init never overwrites it (use --force)", Where(str(path))
        )
    write_atomically(path, scenario_template(path.stem).encode("utf-8"))
    sys.stdout.write(f"wrote {path}; check it with: klynge validate {path}\n")
