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

Every column is drawn at exactly the width chosen, a line at a time, as rich draws a table with
`box.SIMPLE_HEAD` (a test compares the two); rich only colours the lines on a terminal. Drawing
the lines here is what keeps a schedule of 25,000 rows under a second: rich's own table costs
half a millisecond a row.
Numbers, dates and names are single words: they are wrapped as a whole or not at all. In a file
or a pipe the console is 10,000 columns wide, the first layout fits, and the text is the table
at its natural width, whatever the terminal.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from rich.cells import cell_len

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

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


class Line(NamedTuple):
    """One line of output: its text, a style for all of it, and styled spans within it."""

    text: str
    style: str | None = None
    marks: tuple[tuple[int, int, str], ...] = ()  # (start, end, style)


def _cell(text: str, width: int, justify: Justify) -> str:
    gap = width - cell_len(text)
    return text + " " * gap if justify == "left" else " " * gap + text


def _table_lines(sheet: Sheet, columns: Sequence[int], widths: Sequence[int], spacing: Spacing,
                 wrap_headers: bool, rows: range, header: bool) -> Iterator[Line]:  # fmt: skip
    """The table drawn as rich draws `box.SIMPLE_HEAD` with this spacing (a test compares the
    two), but a line at a time: rich's own table costs half a millisecond a row, far too much
    for the schedule of a whole country."""
    _, right, _, left = spacing.padding
    edge = " " if spacing.show_edge else ""
    total = spacing.width(widths)
    justify = [sheet.columns[i].justify for i in columns]
    pads = [
        (left if (n or spacing.pad_edge) else 0, right if (n < len(columns) - 1 or spacing.pad_edge)
         else 0)
        for n in range(len(columns))
    ]  # fmt: skip

    def row_lines(cells: Sequence[str], bottom: bool, style: str | None,
                  lit: Sequence[bool] = ()) -> Iterator[Line]:  # fmt: skip
        parts = [cell.split("\n") for cell in cells]
        height = max(len(part) for part in parts)
        for number in range(height):
            text, marks, at = edge, [], len(edge)
            for n, (part, width) in enumerate(zip(parts, widths, strict=True)):
                shift = height - len(part) if bottom else 0
                value = part[number - shift] if 0 <= number - shift < len(part) else ""
                before, after = pads[n]
                piece = " " * before + _cell(value, width, justify[n]) + " " * after
                if n < len(lit) and lit[n] and value:
                    start = at + before + (width - cell_len(value) if justify[n] == "right" else 0)
                    marks.append((start, start + len(value), "bold yellow"))
                text += piece + (" " if n < len(parts) - 1 else "")
                at = len(text)
            yield Line(text + edge, style, tuple(marks))

    blank = Line(" " * total)
    if spacing.show_edge:
        yield blank
    if header:
        titles = [
            wrapped(sheet.columns[i].header, w) if wrap_headers else sheet.columns[i].header
            for i, w in zip(columns, widths, strict=True)
        ]
        yield from row_lines(titles, True, "bold")
        yield Line(f"{edge}{'─' * (total - 2 * len(edge))}{edge}")
    for number in rows:
        row = sheet.rows[number]
        cells = [
            wrapped(row[i], w) if sheet.columns[i].wrap else row[i]
            for i, w in zip(columns, widths, strict=True)
        ]
        marks = sheet.highlights[number] if number < len(sheet.highlights) else ()
        lit = [i < len(marks) and marks[i] for i in columns]
        style = sheet.styles[number] if number < len(sheet.styles) else None
        yield from row_lines(cells, False, style, lit)
        if number in sheet.sections and number != rows.stop - 1:
            yield blank
    if sheet.footer is not None and rows.stop == len(sheet.rows):
        yield blank
        yield from row_lines([sheet.footer[i] for i in columns], False, "bold")
    if spacing.show_edge:
        yield blank


def _drawn(sheet: Sheet, chosen: Plan, room: int = 10_000) -> Iterator[Line]:
    edge = not chosen.spacing.show_edge  # the blank lines above and below a table with edges
    if edge:
        yield Line("")
    for number, (columns, widths) in enumerate(chosen.blocks):
        if number:
            yield Line("")
        if not sheet.headings:
            yield from _table_lines(sheet, columns, widths, chosen.spacing, chosen.wrap_headers,
                                    range(len(sheet.rows)), header=True)  # fmt: skip
            continue

        # Headings stand between the rows on their own lines: the table is drawn in pieces at
        # the same widths, the header once on top, the rows indented below their headings.
        def indented(lines: Iterator[Line]) -> Iterator[Line]:
            for line in lines:
                marks = tuple((s + INDENT, e + INDENT, m) for s, e, m in line.marks)
                yield Line(" " * INDENT + line.text, line.style, marks)

        yield from indented(_table_lines(sheet, columns, widths, chosen.spacing,
                                         chosen.wrap_headers, range(0), header=True))  # fmt: skip
        starts = [row for row, _ in sheet.headings]
        for (start, heading), end in zip(
            sheet.headings, [*starts[1:], len(sheet.rows)], strict=True
        ):
            yield from _wrapped_lines(heading, room, "bold")
            if end > start:
                yield from indented(_table_lines(sheet, columns, widths, chosen.spacing,
                                                 chosen.wrap_headers, range(start, end),
                                                 header=False))  # fmt: skip
    if edge:
        yield Line("")


def stacked(sheet: Sheet, room: int) -> Iterator[Line]:
    """Step 6: each row as its key cells on one line, then one `header value` line per other
    column. Lines wrap between words, so even a very narrow screen shows every value whole."""
    keys = [i for i, c in enumerate(sheet.columns) if c.key] or [0]
    others = [i for i in range(len(sheet.columns)) if i not in keys]
    label = max((cell_len(sheet.columns[i].header) for i in others), default=0)
    rows = list(sheet.rows) + ([sheet.footer] if sheet.footer is not None else [])
    styles = list(sheet.styles)
    headings = dict(sheet.headings)
    value = max((cell_len(r[i]) for r in rows for i in others), default=0)
    for number, row in enumerate(rows):
        if number in headings:
            yield from _wrapped_lines(headings[number], room, "bold")
        style = styles[number] if number < len(styles) else None
        yield from _wrapped_lines("  ".join(row[i] for i in keys if row[i]), room, style or "bold")
        for i in others:
            if row[i]:
                text = row[i].rjust(value) if sheet.columns[i].justify == "right" else row[i]
                yield from _wrapped_lines(f"  {sheet.columns[i].header.ljust(label)}  {text}", room)
    for number in sorted(n for n in headings if n >= len(rows)):
        yield from _wrapped_lines(headings[number], room, "bold")


GLUE = "\u00a0"  # stands for a space that must not break while a line is wrapped
_GLUED = re.compile(r" (?=kr\.|%|[<>≤≥=] )|(?<=[<>≤≥=]) ")


def glued_wrap(text: str, room: int, first: str = "", rest: str = "") -> list[str]:
    """`text` wrapped between words to `room`, as textwrap does, but never between a number
    and its unit (`500.000 kr.`, `85 %`) or inside a comparison (`81,25 % < 85 %`): such a
    phrase moves to the next line whole. `first` and `rest` start the first and later lines."""
    lines = textwrap.wrap(
        _GLUED.sub(GLUE, text),
        room,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace(GLUE, " ") for line in lines] or [""]


_LABEL = re.compile(r" *[^ :]{1,12}: ")  # '2024: ', '  Pool: ': later lines start under it


def _wrapped_lines(text: str, room: int, style: str | None = None) -> Iterator[Line]:
    """A line of text wrapped between words to `room` (a word longer than that stays whole);
    later lines hang under the text after a short leading label (`2024: `), else indented."""
    if cell_len(text) <= room:
        yield Line(text, style)
        return
    label = _LABEL.match(text)
    indent = len(text) - len(text.lstrip(" "))
    hang = " " * (cell_len(label.group()) if label else indent + INDENT)
    for line in glued_wrap(text[indent:], room, " " * indent, hang):
        yield Line(line, style)


def fitted(forms: Sequence[Sheet], room: int) -> Iterator[Line]:
    """The first form of a table, most tabular first, that fits `room`; else the last one
    stacked."""
    for sheet in forms:
        chosen = plan(sheet, room)
        if chosen is not None:
            yield from _drawn(sheet, chosen, room)
            return
    yield from stacked(forms[-1], room)


class Forms(NamedTuple):
    """One table in one or more forms, most tabular first (see `fitted`)."""

    sheets: tuple[Sheet, ...]


def plain(lines: Iterable[Line]) -> str:
    """Lines as plain text, each without trailing spaces."""
    return "".join(line.text.rstrip() + "\n" for line in lines)


def _to_rich(lines: Iterable[Line]) -> Iterator[RenderableType]:
    from rich.text import Text

    for line in lines:
        text = Text(line.text, style=line.style or "", no_wrap=True, overflow="ignore")
        for start, end, style in line.marks:
            text.stylize(style, start, end)
        yield text


class Fitted:
    """Text and tables, laid out when the width is known (see the module): a line of text is a
    `str` (wrapped between words) or a `Line`; a table, its `Forms`."""

    def __init__(self, parts: Sequence[str | Line | Forms]) -> None:
        self.parts = tuple(parts)

    def lines(self, room: int) -> Iterator[Line]:
        for part in self.parts:
            if isinstance(part, Forms):
                yield from fitted(part.sheets, room)
            elif isinstance(part, Line):
                yield part
            else:
                yield from _wrapped_lines(part, room)

    def plain_text(self) -> str:
        """For a file or a pipe: every table at its natural width, lines never wrapped."""
        return plain(self.lines(WIDE))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from _to_rich(self.lines(options.max_width))


WIDE = 10_000  # "no width": wide enough that no table is split and no line wrapped


class Prose:
    """Paragraphs wrapped between words to the console's width, a step's number hanging in
    front of its lines (`3. Threshold test: …`). Numbers and names are words: never split."""

    def __init__(self, paragraphs: Sequence[tuple[str, str]]) -> None:
        self.paragraphs = tuple(paragraphs)

    def lines(self, room: int) -> Iterator[Line]:
        for prefix, text in self.paragraphs:
            for line in glued_wrap(text, room, prefix, " " * cell_len(prefix)):
                yield Line(line)

    def plain_text(self) -> str:
        return plain(self.lines(WIDE))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from _to_rich(self.lines(options.max_width))
