"""The layout engine behind the terminal tables (`render/fit.py`), in-process and at every width.

`test_screen.py` runs the real command in a real pseudo-terminal at four widths; here the same
renderables are drawn at every width from 30 to 160 columns.
"""

from __future__ import annotations

import io

import pytest
from helpers import FOUR, SEED
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, RenderableType

from klynge_cli.engine.rules import allocate
from klynge_cli.engine.sweep import sweep
from klynge_cli.engine.timeline import schedule
from klynge_cli.engine.whatif import compare
from klynge_cli.load.scenario import load_scenario
from klynge_cli.load.withdrawals import with_extra_withdrawals
from klynge_cli.render.fit import (
    SPACED,
    TIGHT,
    Column,
    Fitted,
    Forms,
    Plan,
    Sheet,
    Spacing,
    _table_lines,
    widest,
)
from klynge_cli.render.fit import _drawn as drawn_plan
from klynge_cli.render.grid import allocation_grids, comparison_grids, schedule_view, sweep_view
from klynge_cli.render.labels import screen_labels
from klynge_cli.render.terminal import grids_renderable, schedule_renderable, sweep_renderable


def drawn(renderable: RenderableType, width: int) -> list[str]:
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, _environ={}).print(renderable)
    return buffer.getvalue().splitlines()


SHEET = Sheet(
    columns=(Column("Municipality", key=True), Column("2021", "right"), Column("Total", "right")),
    rows=(("Næstved (lead)", "500,000", "2,000,000"), ("Faxe", "24,292", "97,168")),
    footer=("Total", "1,000,000", "4,000,000"),
)


@pytest.mark.parametrize("spacing", [SPACED, TIGHT], ids=["spaced", "tight"])
def test_the_width_reckoned_is_the_width_rich_draws(spacing: Spacing) -> None:
    widths = (14, 9, 9)
    chosen = Plan((((0, 1, 2), widths),), spacing, wrap_headers=False)
    lines = [line.text for line in drawn_plan(SHEET, chosen)]
    assert max(cell_len(line) for line in lines) == spacing.width(widths)


def test_the_widest_layout_that_fits_wins() -> None:
    natural = SPACED.width((14, 9, 9))
    assert drawn(Fitted([Forms((SHEET,))]), natural)[1].startswith("  Municipality")
    tight = drawn(Fitted([Forms((SHEET,))]), natural - 1)
    assert tight[1].startswith("Municipality") and max(map(cell_len, tight)) <= natural - 1
    split = drawn(Fitted([Forms((SHEET,))]), 30)
    assert sum(line.startswith("Municipality") for line in split) == 2  # two blocks
    stacked = drawn(Fitted([Forms((SHEET,))]), 20)
    assert "Næstved (lead)" in stacked and "  2021     500,000" in stacked


def views() -> dict[str, RenderableType]:
    result: dict[str, RenderableType] = {}
    for locale in ("en", "da"):
        words = screen_labels(locale)
        four = allocate(load_scenario(FOUR))
        result[f"allocate-{locale}"] = grids_renderable(allocation_grids(four, words), words)
        result[f"schedule-{locale}"] = schedule_renderable(schedule_view(schedule(four), words))
        seed = load_scenario(SEED)
        variant = with_extra_withdrawals(
            seed, [("Roskilde", 2023), ("Slagelse", 2023), ("Køge", 2024)]
        )
        comparison = compare(allocate(seed), allocate(variant))
        result[f"whatif-{locale}"] = grids_renderable(comparison_grids(comparison, words), words)
        swept = sweep(seed, seed.clusters[0], 2021, None, None)
        result[f"sweep-{locale}"] = sweep_renderable(sweep_view(swept, words))
    return result


VIEWS = views()


@pytest.mark.parametrize("name", list(VIEWS))
def test_no_value_is_cut_at_any_width(name: str) -> None:
    full = drawn(VIEWS[name], 10_000)
    names = set(load_scenario(FOUR).populations.table.names)
    words = {w for line in full for w in line.split() if w in names or any(map(str.isdigit, w))}
    for width in sorted({*range(30, 161, 5), 60, 80, 100, 160}):
        lines = drawn(VIEWS[name], width)
        assert max(map(cell_len, lines)) <= width, width
        text = "\n".join(lines)
        assert "…" not in text, width
        # Every number, date and name of the full-width text is still there, whole.
        assert set(text.split()) >= words, width


def rich_table(sheet: Sheet, widths: tuple[int, ...], spacing: Spacing, rows: range) -> list[str]:
    """The same table drawn by rich itself: what `fit` draws a line at a time must match it."""
    from rich import box
    from rich.table import Table

    table = Table(
        box=box.SIMPLE_HEAD,
        padding=spacing.padding,
        show_edge=spacing.show_edge,
        pad_edge=spacing.pad_edge,
        show_footer=sheet.footer is not None and rows.stop == len(sheet.rows),
    )
    for index, width in enumerate(widths):
        column = sheet.columns[index]
        footer = sheet.footer[index] if sheet.footer is not None else ""
        table.add_column(column.header, footer=footer, justify=column.justify, width=width,
                         no_wrap=True)  # fmt: skip
    for number in rows:
        table.add_row(*sheet.rows[number], end_section=number in sheet.sections)
    return [line.rstrip() for line in drawn(table, 10_000)]


cells = st.text(alphabet="abcæø 12,.\n", min_size=0, max_size=12).map(
    lambda text: "\n".join(line.strip() for line in text.strip().split("\n"))
)  # as klynge's cells are: lines wrapped between words, no space at either end


@st.composite
def sheets(draw: st.DrawFn) -> Sheet:
    count = draw(st.integers(1, 5))
    columns = tuple(
        Column(draw(cells) or "h", draw(st.sampled_from(["left", "right"]))) for _ in range(count)
    )
    rows = tuple(tuple(draw(cells) for _ in range(count)) for _ in range(draw(st.integers(0, 6))))
    footer = tuple(draw(cells) for _ in range(count)) if draw(st.booleans()) else None
    sections = frozenset(draw(st.sets(st.integers(0, max(len(rows) - 1, 0)))))
    return Sheet(columns, rows, footer, sections=sections)


@given(sheets(), st.sampled_from([SPACED, TIGHT]), st.data())
def test_the_lines_drawn_are_the_lines_rich_draws(
    sheet: Sheet, spacing: Spacing, data: st.DataObject
) -> None:
    natural = tuple(
        max(widest([c.header]), widest([r[i] for r in sheet.rows]),
            widest([sheet.footer[i]]) if sheet.footer else 0, 1)
        for i, c in enumerate(sheet.columns)
    )  # fmt: skip
    widths = tuple(w + data.draw(st.integers(0, 3)) for w in natural)
    stop = data.draw(st.integers(0, len(sheet.rows)))
    rows = range(stop)
    ours = [
        line.text.rstrip()
        for line in _table_lines(sheet, range(len(widths)), widths, spacing, False, rows, True)
    ]
    assert ours == rich_table(sheet, widths, spacing, rows)
