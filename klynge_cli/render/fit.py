"""Tables laid out for the width at hand, never cutting a value.

Left to itself, rich fits a table that is too wide by shrinking its columns and cutting their
text: `2,000,000…`, `2021-03-…`, `Gre…`. Here the layout is chosen before rich draws anything,
from the width of every cell and the width the console offers. The first that fits wins:

1. the table as it is, with rich's usual spacing;
2. tighter: two spaces between columns and none at the edges;
3. headers wrapped between their words (`Smallest` / `pool (kr.)`), and columns that hold
   lists (of names) wrapped between words;
4. split into 2, 3, … stacked blocks that share out the columns (the years), each block
   repeating the key columns (a municipality's name);
5. then the next, narrower form of the same content, if the caller gives one (the schedule
   grouped under its due dates);
6. stacked: each row as a heading and one `header value` line per column, words wrapped.

Every column is drawn at exactly the width chosen, so rich never has anything to shrink.
Numbers, dates and names are single words: they are wrapped as a whole or not at all. In a file
or a pipe the console is 10,000 columns wide, the first layout fits, and the text is the table
at its natural width, whatever the terminal.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from typing import Literal, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

Justify = Literal["left", "right"]


class Column(NamedTuple):
    header: str
    justify: Justify = "left"
    key: bool = False  # repeated in every block when the table is split
    wrap: bool = False  # cells may wrap between words (lists of names), never within one


class Sheet(NamedTuple):
    """A table to lay out: its columns, rows of text and what goes around them."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    footer: tuple[str, ...] | None = None
    styles: tuple[str | None, ...] = ()  # per row
    highlights: tuple[tuple[bool, ...], ...] = ()  # per row, per column
    sections: frozenset[int] = frozenset()  # rows that end a section (a rule after them)
    headings: tuple[tuple[int, str], ...] = ()  # (row, text): a line above that row, own width


class Spacing(NamedTuple):
    padding: tuple[int, int, int, int]
    show_edge: bool
    pad_edge: bool

    def width(self, widths: Sequence[int]) -> int:
        """The table's width in cells, as rich draws it with box.SIMPLE_HEAD."""
        count = len(widths)
        _, right, _, left = self.padding
        pads = (left + right) * count
        if not self.pad_edge:
            pads -= left + right
        edges = 2 if self.show_edge else 0
        return sum(widths) + pads + (count - 1) + edges


SPACED = Spacing((0, 1, 0, 1), show_edge=True, pad_edge=True)
INDENT = 2  # rows under a heading
SMALL = 4  # cells: a header this close to its full width is unwrapped before lists grow
TIGHT = Spacing((0, 1, 0, 0), show_edge=False, pad_edge=False)


def words(text: str) -> list[str]:
    return text.split() or [""]


def wrapped(text: str, width: int) -> str:
    """`text` wrapped between words to `width`; a word longer than that stays whole."""
    if cell_len(text) <= width:
        return text
    return "\n".join(
        textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]
    )


def widest(texts: Sequence[str]) -> int:
    return max((cell_len(line) for text in texts for line in text.split("\n")), default=0)


class Plan(NamedTuple):
    """A layout that fits: blocks of column indices with their widths, and the spacing."""

    blocks: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]  # (columns, widths) per block
    spacing: Spacing
    wrap_headers: bool


def _cells(sheet: Sheet, index: int) -> list[str]:
    cells = [row[index] for row in sheet.rows]
    if sheet.footer is not None:
        cells.append(sheet.footer[index])
    return cells


def _natural(sheet: Sheet, index: int) -> int:
    return max(widest([sheet.columns[index].header]), widest(_cells(sheet, index)))


def _least(sheet: Sheet, index: int) -> int:
    """The narrowest a column can be: its longest word of header, its widest value (or, in a
    column of lists, its longest word)."""
    column = sheet.columns[index]
    header = max(cell_len(word) for word in words(column.header))
    cells = _cells(sheet, index)
    if column.wrap:
        return max(header, *(cell_len(word) for cell in cells for word in words(cell)))
    return max(header, widest(cells))


def _widths(
    sheet: Sheet, columns: Sequence[int], spacing: Spacing, squeeze: bool, room: int
) -> tuple[int, ...] | None:
    """Widths for `columns` within `room`, or None. Squeezed: from the least, headers that are
    only a few cells short grow back first, then columns of lists (they make every row
    taller), then the other headers."""
    natural = [_natural(sheet, i) for i in columns]
    if spacing.width(natural) <= room:
        return tuple(natural)
    if not squeeze:
        return None
    widths = [_least(sheet, i) for i in columns]
    spare = room - spacing.width(widths)
    if spare < 0:
        return None

    def turn(n: int) -> int:  # a header a few cells short first, then lists, then the rest
        if sheet.columns[columns[n]].wrap:
            return 1
        return 0 if natural[n] - widths[n] <= SMALL else 2

    for n in sorted(range(len(columns)), key=turn):
        grow = min(spare, natural[n] - widths[n])
        widths[n] += grow
        spare -= grow
    return tuple(widths)


def _chunks(items: Sequence[int], count: int) -> list[list[int]]:
    """`items` in `count` runs as even as can be, the longer runs first."""
    size, extra = divmod(len(items), count)
    runs, start = [], 0
    for n in range(count):
        end = start + size + (1 if n < extra else 0)
        runs.append(list(items[start:end]))
        start = end
    return runs


def plan(sheet: Sheet, room: int) -> Plan | None:
    """Steps 1-4 of the module's list for one sheet; None when none of them fits."""
    every = tuple(range(len(sheet.columns)))
    attempts: tuple[tuple[Spacing, bool], ...] = ((SPACED, False), (TIGHT, False), (TIGHT, True))
    if sheet.headings:  # rows under headings: tight, and indented below them
        attempts, room = attempts[1:], room - INDENT
    for spacing, squeeze in attempts:
        widths = _widths(sheet, every, spacing, squeeze, room)
        if widths is not None:
            return Plan(((every, widths),), spacing, squeeze)
    keys = [i for i in every if sheet.columns[i].key]
    values = [i for i in every if not sheet.columns[i].key]
    if not keys:
        return None
    for count in range(2, len(values) + 1):
        blocks = []
        for run in _chunks(values, count):
            columns = tuple(sorted([*keys, *run]))
            widths = _widths(sheet, columns, TIGHT, True, room)
            if widths is None:
                break
            blocks.append((columns, widths))
        else:
            return Plan(tuple(blocks), TIGHT, True)
    return None


def _table(sheet: Sheet, columns: Sequence[int], widths: Sequence[int], spacing: Spacing,
           wrap_headers: bool, rows: range, header: bool) -> Table:  # fmt: skip
    table = Table(
        box=box.SIMPLE_HEAD,
        padding=spacing.padding,
        show_edge=spacing.show_edge,
        pad_edge=spacing.pad_edge,
        show_header=header,
        show_footer=sheet.footer is not None and rows.stop == len(sheet.rows),
    )
    for index, width in zip(columns, widths, strict=True):
        column = sheet.columns[index]
        title = wrapped(column.header, width) if wrap_headers else column.header
        footer = sheet.footer[index] if sheet.footer is not None else ""
        table.add_column(title, footer=footer, justify=column.justify, width=width, no_wrap=True)
    for number in rows:
        row = sheet.rows[number]
        marks = sheet.highlights[number] if number < len(sheet.highlights) else ()
        cells: list[Text | str] = []
        for index, width in zip(columns, widths, strict=True):
            text = wrapped(row[index], width) if sheet.columns[index].wrap else row[index]
            lit = index < len(marks) and marks[index]
            cells.append(Text(text, style="bold yellow") if lit else text)
        style = sheet.styles[number] if number < len(sheet.styles) else None
        table.add_row(*cells, style=style, end_section=number in sheet.sections)
    return table


def _drawn(sheet: Sheet, chosen: Plan) -> Iterator[RenderableType]:
    edge = not chosen.spacing.show_edge  # the blank lines above and below a table with edges
    if edge:
        yield Text("")
    for number, (columns, widths) in enumerate(chosen.blocks):
        if number:
            yield Text("")
        if not sheet.headings:
            yield _table(sheet, columns, widths, chosen.spacing, chosen.wrap_headers,
                         range(len(sheet.rows)), header=True)  # fmt: skip
            continue
        # Headings stand between the rows on their own lines: the table is drawn in pieces at
        # the same widths, the header once on top.
        indent = (0, 0, 0, INDENT)
        yield Padding(_table(sheet, columns, widths, chosen.spacing, chosen.wrap_headers,
                             range(0), header=True), indent)  # fmt: skip
        starts = [row for row, _ in sheet.headings]
        for (start, heading), end in zip(
            sheet.headings, [*starts[1:], len(sheet.rows)], strict=True
        ):
            yield Text(heading, style="bold")
            if end > start:
                yield Padding(_table(sheet, columns, widths, chosen.spacing, chosen.wrap_headers,
                                     range(start, end), header=False), indent)  # fmt: skip
    if edge:
        yield Text("")


def stacked(sheet: Sheet) -> Iterator[RenderableType]:
    """Step 6: each row as its key cells on one line, then one `header value` line per other
    column. Lines wrap between words, so even a very narrow screen shows every value whole."""
    keys = [i for i, c in enumerate(sheet.columns) if c.key] or [0]
    others = [i for i in range(len(sheet.columns)) if i not in keys]
    label = max((cell_len(sheet.columns[i].header) for i in others), default=0)
    rows = list(sheet.rows) + ([sheet.footer] if sheet.footer is not None else [])
    styles = list(sheet.styles)
    headings = dict(sheet.headings)
    for number, row in enumerate(rows):
        if number in headings:
            yield Text(headings[number], style="bold")
        style = styles[number] if number < len(styles) else None
        yield Text("  ".join(row[i] for i in keys if row[i]), style=style or "bold")
        value = max((cell_len(r[i]) for r in rows for i in others), default=0)
        for i in others:
            if row[i]:
                text = row[i].rjust(value) if sheet.columns[i].justify == "right" else row[i]
                yield Text(f"  {sheet.columns[i].header.ljust(label)}  {text}")
    for number in sorted(n for n in headings if n >= len(rows)):
        yield Text(headings[number], style="bold")


def fitted(forms: Sequence[Sheet], room: int) -> Iterator[RenderableType]:
    """The first form of a table, most tabular first, that fits `room`; else the last one
    stacked."""
    for sheet in forms:
        chosen = plan(sheet, room)
        if chosen is not None:
            yield from _drawn(sheet, chosen)
            return
    yield from stacked(forms[-1])


class Forms(NamedTuple):
    """One table in one or more forms, most tabular first (see `fitted`)."""

    sheets: tuple[Sheet, ...]


class Fitted:
    """Text and tables, laid out when the console's width is known (see the module)."""

    def __init__(self, parts: Sequence[RenderableType | Forms]) -> None:
        self.parts = tuple(parts)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for part in self.parts:
            if isinstance(part, Forms):
                yield from fitted(part.sheets, options.max_width)
            else:
                yield part


class Prose:
    """Paragraphs wrapped between words to the console's width, a step's number hanging in
    front of its lines (`3. Threshold test: …`). Numbers and names are words: never split."""

    def __init__(self, paragraphs: Sequence[tuple[str, str]]) -> None:
        self.paragraphs = tuple(paragraphs)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for prefix, text in self.paragraphs:
            lines = textwrap.wrap(
                text,
                options.max_width,
                initial_indent=prefix,
                subsequent_indent=" " * cell_len(prefix),
                break_long_words=False,
                break_on_hyphens=False,
            )
            for line in lines or [""]:
                yield Text(line)
