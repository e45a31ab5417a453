"""`--format` → the rendered text (or, for tables, a rich renderable the writer prints).

Heavy renderers are imported only by the format that needs them: CSV and JSON never load rich
or tabulate (checked by a test).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from klynge_cli.contract import ALLOCATION_FIELDS, COMPARISON_FIELDS, PAYMENT_FIELDS
from klynge_cli.render.delimited import csv_text
from klynge_cli.render.records import allocation_rows, comparison_rows, payment_rows
from klynge_cli.result import Allocation, Schedule

if TYPE_CHECKING:  # annotations only: allocate need not import the sweep or what-if
    from klynge_cli.engine.sweep import Sweep
    from klynge_cli.engine.whatif import Comparison
    from klynge_cli.load.ical import Previous


def allocation_view(allocation: Allocation, fmt: str, locale: str, dialect: str) -> Any:
    if fmt == "csv":
        return csv_text(ALLOCATION_FIELDS, allocation_rows(allocation), dialect)
    if fmt == "json":
        from klynge_cli.render.jsondoc import allocation_json

        return allocation_json(allocation)
    from klynge_cli.render.grid import allocation_grids
    from klynge_cli.render.labels import page_labels, screen_labels

    if fmt == "markdown":
        from klynge_cli.render.markdown import grids_markdown

        words = page_labels(locale)  # the unit beside each amount, terms in the locale's words
        return grids_markdown(allocation.scenario.name, allocation_grids(allocation, words), words)
    from klynge_cli.render.terminal import grids_renderable

    words = screen_labels(locale)
    return grids_renderable(allocation_grids(allocation, words), words)


def schedule_view(
    schedule: Schedule,
    fmt: str,
    locale: str,
    dialect: str,
    *,
    municipality: str | None = None,
    previous: dict[str, Previous] | None = None,
) -> Any:
    if fmt == "csv":
        return csv_text(PAYMENT_FIELDS, payment_rows(schedule), dialect)
    if fmt == "json":
        from klynge_cli.render.jsondoc import schedule_json

        return schedule_json(schedule)
    if fmt == "ics":
        from klynge_cli.render.ical import schedule_ics
        from klynge_cli.render.labels import labels

        return schedule_ics(schedule, labels(locale), municipality=municipality, previous=previous)
    from klynge_cli.render import grid
    from klynge_cli.render.labels import screen_labels
    from klynge_cli.render.terminal import schedule_renderable

    words = screen_labels(locale)
    return schedule_renderable(grid.schedule_view(schedule, words))


def comparison_view(comparison: Comparison, fmt: str, locale: str, dialect: str) -> Any:
    if fmt == "csv":
        return csv_text(COMPARISON_FIELDS, comparison_rows(comparison), dialect)
    if fmt == "json":
        from klynge_cli.render.jsondoc import comparison_json

        return comparison_json(comparison)
    from klynge_cli.render.grid import comparison_grids
    from klynge_cli.render.labels import screen_labels
    from klynge_cli.render.terminal import grids_renderable

    words = screen_labels(locale)
    return grids_renderable(comparison_grids(comparison, words), words)


def sweep_output(sweep: Sweep, fmt: str, locale: str) -> Any:
    if fmt == "json":
        from klynge_cli.render.jsondoc import sweep_json

        return sweep_json(sweep)
    from klynge_cli.render.grid import sweep_view
    from klynge_cli.render.labels import screen_labels
    from klynge_cli.render.terminal import sweep_renderable

    return sweep_renderable(sweep_view(sweep, screen_labels(locale)))
