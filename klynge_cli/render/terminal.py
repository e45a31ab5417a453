"""Tables for people, on a terminal or as plain text in a file or pipe.

On a terminal, the tables are laid out for the window's width without cutting a value
(`fit.py`) and drawn by rich, with its colours. Anywhere else the text is the tables at their
natural width (never cropped, never wrapped to `COLUMNS`), written without rich at all,
independent of the environment, so the same input gives the same bytes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from klynge_cli.render.fit import Column, Fitted, Forms, Justify, Line, Sheet
from klynge_cli.render.grid import Grid, ScheduleView, SweepView
from klynge_cli.render.labels import Labels


def grid_sheet(grid: Grid, labels: Labels) -> Sheet:
    """A grid as a table to fit: the name column is the key a split table repeats."""
    columns = (
        Column(labels["municipality"], key=True),
        *(Column(str(year), "right") for year in grid.years),
        Column(labels["total"], "right"),
    )
    return Sheet(
        columns=columns,
        rows=tuple((row.label, *row.cells, row.total) for row in grid.rows),
        footer=(labels["total"], *grid.totals, grid.grand_total),
        styles=tuple(
            "bold" if row.role == "lead" else "dim" if row.role == "withdrawn" else None
            for row in grid.rows
        ),
        highlights=tuple((False, *row.changed, False) for row in grid.rows),
    )


def _title(title: str, labels: Labels) -> str:
    if labels.unit_in_header:
        title = f"{title}. {labels['amounts_in_kr']}"
    return title


def grids_renderable(grids: Sequence[Grid], labels: Labels) -> Fitted:
    parts: list[str | Line | Forms] = []
    for grid in grids:
        parts.append(_title(grid.title, labels))
        parts.append(Forms((grid_sheet(grid, labels),)))
        parts.extend(grid.notes)
        parts.append("")
    return Fitted(parts)


def schedule_forms(view: ScheduleView) -> Forms:
    """The schedule in three forms, for narrower and narrower screens: a table with a due-date
    column; the dates as headings above their rows; one heading per cluster, year, kind and
    payee on a date, with its payers and amounts below."""
    header = view.header
    rows = tuple(tuple(row) for row in view.rows())
    ends, starts, at = set(), [], 0
    for group in view.groups:
        starts.append(at)
        at += len(group)
        ends.add(at - 1)
    # The payee may be a cluster's long name: it may wrap between words.
    as_table = Sheet(
        columns=(
            *(Column(h) for h in header[:-2]),
            Column(header[-2], wrap=True),
            Column(header[-1], "right"),
        ),
        rows=rows,
        sections=frozenset(ends),
    )
    under_dates = Sheet(
        columns=(
            *(Column(h) for h in header[1:-2]),
            Column(header[-2], wrap=True),
            Column(header[-1], "right"),
        ),
        rows=tuple(row[1:] for row in rows),
        headings=tuple(
            (start, group[0][0]) for start, group in zip(starts, view.groups, strict=True)
        ),
    )
    headings: list[tuple[int, str]] = []
    payments: list[tuple[str, str]] = []
    for group in view.groups:
        due, last = group[0][0], None
        for _, year, cluster, kind, payer, payee, amount in group:
            if (year, cluster, kind, payee) != last:
                arrow = f" → {payee}" if payee else ""
                headings.append((len(payments), f"{due}  {cluster} {year}  {kind}{arrow}"))
                last = (year, cluster, kind, payee)
            if payer:
                payments.append((payer, amount))
    by_payee = Sheet(
        columns=(Column(header[4], key=True), Column(header[-1], "right")),
        rows=tuple(payments),
        headings=tuple(headings),
    )
    return Forms((as_table, under_dates, by_payee))


def schedule_renderable(view: ScheduleView) -> Fitted:
    """The schedule, a section per due date; pre-financing notes below it."""
    return Fitted([view.title, schedule_forms(view), *view.notes])


def sweep_renderable(view: SweepView) -> Fitted:
    if not view.count_header:  # a formula without a pool: nothing was swept (R13)
        return Fitted([view.title, "", *view.story])
    counts = Sheet(
        columns=(
            Column(view.count_header[0], "right", key=True),
            *(Column(h, "right") for h in view.count_header[1:]),
        ),
        rows=view.counts,
    )
    justify: tuple[Justify, ...] = ("left", "right", "right", "right", "left")
    worst = Sheet(
        columns=tuple(
            Column(h, j, key=n == 0, wrap=n == 4)
            for n, (h, j) in enumerate(zip(view.worst_header, justify, strict=True))
        ),
        rows=view.worst,
    )
    return Fitted([view.title, "", *view.story, Forms((counts,)), Forms((worst,))])


def as_text(renderable: Any) -> str:
    """Plain text at the renderable's natural width, without trailing spaces and without rich."""
    text: str = renderable.plain_text()
    return text


NARROWEST = 20  # a window (or COLUMNS) narrower than this is laid out as if it were this wide


def to_terminal(renderable: Any) -> None:
    """On a terminal: rich's colours, laid out for the window's width. The text is UTF-8, as in
    a file (an `ascii` PYTHONIOENCODING would otherwise fail on æ, ø, å), and no line is cut at
    the window's edge: in a window too narrow for a value, the terminal wraps the line."""
    import io

    from rich.console import Console

    sys.stdout.flush()  # anything written before goes first
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", errors="strict")
    try:
        console = Console(file=stream, highlight=False, markup=False)
        console.width = max(console.width, NARROWEST)
        console.print(renderable, crop=False)
        stream.flush()
    finally:
        stream.detach()  # sys.stdout stays open
