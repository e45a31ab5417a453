"""Rich tables for people, on a terminal or as plain text in a file or pipe.

On a terminal, rich fits the tables to the window and may colour them. Anywhere else the text is
rendered without colour at the table's natural width (never cropped, never wrapped to
`COLUMNS`), independent of the environment, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from klynge_cli.render.grid import Grid, ScheduleView, SweepView
from klynge_cli.render.labels import Labels

WIDE = 10_000  # wide enough never to wrap a line of text


def grid_table(grid: Grid, labels: Labels) -> Table:
    table = Table(title=grid.title, title_justify="left", box=box.SIMPLE_HEAD, show_footer=True)
    table.add_column(labels["municipality"], footer=labels["total"], no_wrap=True)
    for year, total in zip(grid.years, grid.totals, strict=True):
        table.add_column(str(year), footer=total, justify="right", no_wrap=True)
    table.add_column(labels["total"], footer=grid.grand_total, justify="right", no_wrap=True)
    for row in grid.rows:
        style = "bold" if row.role == "lead" else "dim" if row.role == "withdrawn" else None
        cells = [
            Text(cell, style="bold yellow") if changed else cell
            for cell, changed in zip(
                row.cells, row.changed or [False] * len(row.cells), strict=True
            )
        ]
        table.add_row(row.label, *cells, row.total, style=style)
    return table


def grids_renderable(grids: Sequence[Grid], labels: Labels) -> RenderableType:
    parts: list[RenderableType] = []
    for grid in grids:
        parts.append(grid_table(grid, labels))
        parts.extend(Text(note) for note in grid.notes)
        parts.append(Text(""))
    return Group(*parts)


def schedule_renderable(view: ScheduleView) -> RenderableType:
    """One table, a section per due date; pre-financing notes below it."""
    table = Table(title=view.title, title_justify="left", box=box.SIMPLE_HEAD)
    for index, heading in enumerate(view.header):
        table.add_column(
            heading, justify="right" if index == len(view.header) - 1 else "left", no_wrap=True
        )
    for group in view.groups:
        for cells in group:
            table.add_row(*cells)
        table.add_section()
    return Group(table, *(Text(note) for note in view.notes))


def sweep_renderable(view: SweepView) -> RenderableType:
    counts = Table(box=box.SIMPLE_HEAD)
    for heading in view.count_header:
        counts.add_column(heading, justify="right", no_wrap=True)
    for row in view.counts:
        counts.add_row(*row)
    worst = Table(box=box.SIMPLE_HEAD)
    for index, heading in enumerate(view.worst_header):
        worst.add_column(
            heading, justify="right" if index in (1, 2, 3) else "left", no_wrap=index < 4
        )
    for row in view.worst:
        worst.add_row(*row)
    return Group(Text(view.title), Text(""), *(Text(line) for line in view.story), counts, worst)


def plain_console(file: io.StringIO, width: int = WIDE) -> Console:
    """A console that ignores the environment (COLUMNS, TERM, NO_COLOR, FORCE_COLOR, …)."""
    return Console(
        file=file,
        width=width,
        color_system=None,
        force_terminal=False,
        force_jupyter=False,
        force_interactive=False,
        legacy_windows=False,
        safe_box=False,
        emoji=False,
        highlight=False,
        markup=False,
        no_color=True,
        _environ={},
    )


def as_text(renderable: RenderableType) -> str:
    """Plain text at the renderable's natural width, without trailing spaces."""
    buffer = io.StringIO()
    plain_console(buffer).print(renderable)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def to_terminal(renderable: RenderableType) -> None:
    Console(highlight=False, markup=False).print(renderable)
