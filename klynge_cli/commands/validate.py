"""`klynge validate`: every problem in every file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from klynge_cli.commands.common import handled, user_path
from klynge_cli.errors import KlyngeError


@handled
def validate(
    scenarios: Annotated[
        list[Path],
        typer.Argument(metavar="SCENARIO...", help="Scenario files to check.", parser=user_path),
    ],
) -> None:
    """Check scenario files and list every problem, with file, line and column.

    Exit 0 if all are valid, else 2. Example: klynge validate scenarios/*.yaml
    """
    from klynge_cli.engine.rules import allocate as compute
    from klynge_cli.engine.timeline import schedule as plan
    from klynge_cli.errors import Problems
    from klynge_cli.load.scenario import load_scenario

    problems: list[KlyngeError] = []
    for path in scenarios:
        try:
            loaded = load_scenario(path)
            plan(compute(loaded))  # the rules and dates can fail only on the figures
        except Problems as found:
            problems.extend(found.problems)
            continue
        except KlyngeError as found:
            problems.append(found)
            continue
        first = min(c.first_year for c in loaded.clusters)
        last = max(c.last_year for c in loaded.clusters)
        count = f"{len(loaded.clusters)} cluster{'s' if len(loaded.clusters) > 1 else ''}"
        sys.stdout.write(f"{path}: valid ({count}, {first}-{last})\n")
    if problems:
        raise Problems(problems)
