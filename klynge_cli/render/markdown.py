"""Markdown for agendas and wikis: a heading and a pipe table per grid, via tabulate."""

from __future__ import annotations

from collections.abc import Sequence

from tabulate import tabulate

from klynge_cli.render.grid import Grid
from klynge_cli.render.labels import Labels


def grids_markdown(title: str, grids: Sequence[Grid], labels: Labels) -> str:
    parts = [f"# {title}\n"]
    for grid in grids:
        parts.append(f"## {grid.title}\n")
        align = ["left"] + ["right"] * (len(grid.years) + 1)
        parts.append(
            tabulate(
                grid.body(labels), headers=grid.header(labels), tablefmt="pipe", colalign=align
            )
            + "\n"
        )
        if grid.notes:
            parts.append("".join(f"- {note}\n" for note in grid.notes))
    return "\n".join(parts)
