"""A thin layer over XlsxWriter: named cell styles, cells that remember their width, references.

Every cell is written through `Sheet`, which records how wide its text shows so that columns
fit their contents, writes money from øre as an exact decimal (never a float), and refuses the
workbook where a number would not be exact (exact.check) or a formula is longer than Excel
opens, before the workbook's bytes exist. Number format codes are always written in the file's
own notation (`#,##0 "kr."`): Excel and LibreOffice show them with the reader's separators, so
a Danish reader sees `24.292 kr.`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from klynge_cli.errors import KlyngeError
from klynge_cli.limits import MAX_FORMULA_CHARS, exceeded
from klynge_cli.money import money_text
from klynge_cli.render.labels import Labels
from klynge_cli.render.xlsx import exact
from klynge_cli.render.xlsx.exact import DOUBLE_EXACT as EXACT
from klynge_cli.render.xlsx.exact import Place

# A fixed creation time: the same scenario gives the same bytes (the zip entries carry
# XlsxWriter's fixed 1980-01-01 too).
CREATED = datetime(1980, 1, 1, tzinfo=UTC)

INPUT_FILL = "#DDEBF7"
INPUT_FONT = "#1F4E79"
HEADER_FILL = "#F2F5F8"
MUTED = "#777777"

MONEY = {False: '#,##0 "kr."', True: '#,##0.00 "kr."'}  # by: øre shown
NUMBER_FORMATS = {
    "integer": "#,##0",
    "count": "0",
    "percent": "0.00%",
    "text": "@",
    "general": "General",
}


def money_value(ore: int) -> Decimal:
    """Kroner as an exact decimal for the file: 2429237 → Decimal('24292.37')."""
    return Decimal(money_text(ore))


def cell(row: int, col: int, *, absolute: bool = False) -> str:
    return str(xl_rowcol_to_cell(row, col, absolute, absolute))


def column_range(col: int, first: int, last: int) -> str:
    """`F$6:F$21`: a column of rows, fixed rows so the formula can be copied sideways."""
    name = xl_col_to_name(col)
    return f"{name}${first + 1}:{name}${last + 1}"


class ClassicFormulas(Worksheet):  # type: ignore[misc]
    """A worksheet whose formulas use only functions Excel has had since 2007 (QUOTIENT,
    COUNTIFS, SUMIF, ...), none of which needs a `_xlfn.` prefix. XlsxWriter looks for some
    thirty newer functions in every formula with a regular expression each, which is most of
    the time of a national workbook (100,000 formulas); this skips that search."""

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        return formula[1:] if formula.startswith("=") else formula


class Book:
    """One workbook in memory, with its styles made once and shared by every sheet."""

    def __init__(self, labels: Labels, properties: dict[str, Any]) -> None:
        self.labels = labels
        self.buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        self.workbook.set_properties({**properties, "created": CREATED})
        self.workbook.set_calc_mode("auto")
        self._styles: dict[tuple[Any, ...], Format] = {}
        self.sheets: list[Sheet] = []

    def style(
        self,
        kind: str,
        *,
        decimals: bool = False,
        entry: bool = False,
        bold: bool = False,
        total: bool = False,
        header: bool = False,
        wrap: bool = False,
        muted: bool = False,
        size: int | None = None,
        date_format: str | None = None,
        custom: str | None = None,
        right: bool = False,
    ) -> Format:
        """A cell style: `kind` is money, integer, count, percent, text, general, date or
        custom (`custom` gives the code); `entry` marks an input the reader may change."""
        key: tuple[Any, ...] = (kind, decimals, entry, bold, total, header, wrap, muted, size)
        key += (date_format, custom, right)
        if key in self._styles:
            return self._styles[key]
        spec: dict[str, Any] = {"valign": "top"}
        if kind == "money":
            spec["num_format"] = MONEY[decimals]
        elif kind == "date":
            spec["num_format"] = date_format
        elif kind == "custom":
            spec["num_format"] = custom
        else:
            spec["num_format"] = NUMBER_FORMATS[kind]
        if entry:
            spec.update(bg_color=INPUT_FILL, font_color=INPUT_FONT)
        if bold or total or header:
            spec["bold"] = True
        if total:
            spec["top"] = 1
        if header:
            spec.update(bg_color=HEADER_FILL, bottom=1, text_wrap=True, valign="bottom")
        if right:
            spec["align"] = "right"
        if wrap:
            spec["text_wrap"] = True
        if muted:
            spec["font_color"] = MUTED
        if size:
            spec["font_size"] = size
        made = self.workbook.add_format(spec)
        self._styles[key] = made
        return made

    def conditional(self, spec: dict[str, Any]) -> Format:
        return self.workbook.add_format(spec)

    def add_sheet(self, name: str) -> Sheet:
        sheet = Sheet(self, name)
        self.sheets.append(sheet)
        return sheet

    def close(self) -> bytes:
        for sheet in self.sheets:
            sheet.fit_columns()
        self.workbook.close()
        return self.buffer.getvalue()


class Sheet:
    """A worksheet whose cells remember how wide they show, and whose numbers are exact.

    `place` says what a cell holds, for the message that refuses one: the sheet's writer sets
    it (a cluster sheet names the cluster, the year and the row)."""

    def __init__(self, book: Book, name: str) -> None:
        self.book = book
        self.name = name
        self.worksheet: Worksheet = book.workbook.add_worksheet(name, ClassicFormulas)
        self.widths: dict[int, int] = {}
        self.minimum: dict[int, int] = {}
        self.fixed: dict[int, int] = {}
        self.place: Callable[[int, int], Place] = self.cell_place

    def cell_place(self, row: int, col: int) -> Place:
        return Place(f"the {self.name} sheet, cell {cell(row, col)}")

    def ensure_exact(self, row: int, col: int, value: int | Decimal | str) -> None:
        """Refuse the workbook if the number would not be exact (exact.py)."""
        if isinstance(value, str) or (type(value) is int and -EXACT < value < EXACT):
            return  # text, or the usual whole number: no more work for most cells
        exact.check(value, lambda: self.place(row, col))

    def ensure_exact_ore(self, row: int, col: int, ore: int, terms: int = 1) -> None:
        """The same for an amount in øre, written in kroner; `terms` > 1: a sum of amounts."""
        exact.check_ore(ore, lambda: self.place(row, col), terms=terms)

    def ref(self, row: int, col: int) -> str:
        """An absolute reference from another sheet: `'wbd'!$E$6`."""
        return f"{quote_sheetname(self.name)}!{cell(row, col, absolute=True)}"

    def _fit(self, col: int, shown: str, fit: bool) -> None:
        if fit:
            self.widen(col, shown)

    def widen(self, col: int, shown: str) -> None:
        """Make the column fit `shown` (a cell written directly on the worksheet)."""
        self.widths[col] = max(self.widths.get(col, 0), len(shown))

    def text(self, row: int, col: int, text: str, style: Format, *, fit: bool = True) -> None:
        self.worksheet.write_string(row, col, text, style)
        self._fit(col, max(text.split("\n"), key=len) if text else "", fit)

    def paragraph(self, row: int, col: int, text: str, style: Format) -> None:
        """Running text in a wrapping column of fixed width, the row as tall as it needs:
        spreadsheets do not grow rows for wrapped text they did not lay out themselves."""
        self.worksheet.write_string(row, col, text, style)
        width = self.fixed.get(col, 80)
        lines = sum(-(-max(len(line), 1) // (width - 4)) for line in text.split("\n"))
        if lines > 1:
            self.worksheet.set_row(row, 15 * lines)

    def header(self, row: int, col: int, text: str, style: Format) -> None:
        """A wrapping heading: the column need only fit its longest word."""
        self.worksheet.write_string(row, col, text, style)
        self._fit(col, max(text.split(), key=len) if text else "", True)
        self.minimum[col] = max(self.minimum.get(col, 0), min(len(text), 14))

    def number(self, row: int, col: int, value: int | Decimal, style: Format, shown: str) -> None:
        self.ensure_exact(row, col, value)
        self._number(row, col, value, style, shown)

    def _number(self, row: int, col: int, value: int | Decimal, style: Format, shown: str) -> None:
        self.worksheet.write_number(row, col, value, style)
        self._fit(col, shown, True)

    def money(self, row: int, col: int, ore: int, style: Format, decimals: bool) -> None:
        self.ensure_exact_ore(row, col, ore)
        self._number(row, col, money_value(ore), style, self.book.labels.kr(ore, decimals=decimals))

    def date(self, row: int, col: int, day: date, style: Format) -> None:
        self.worksheet.write_datetime(row, col, datetime(day.year, day.month, day.day), style)
        self._fit(col, "2021-03-31", True)

    def formula(
        self,
        row: int,
        col: int,
        formula: str,
        value: int | Decimal | str,
        style: Format,
        shown: str | None = None,
    ) -> None:
        """A formula with klynge's own result as the cached value viewers show."""
        self.ensure_exact(row, col, value)
        self._formula(row, col, formula, value, style, shown)

    def _formula(
        self,
        row: int,
        col: int,
        formula: str,
        value: int | Decimal | str,
        style: Format,
        shown: str | None,
    ) -> None:
        if len(formula) > MAX_FORMULA_CHARS:
            at = self.place(row, col)
            raise KlyngeError(
                exceeded(
                    f"{at.what}: the length of the workbook's formula (characters)",
                    len(formula),
                    MAX_FORMULA_CHARS,
                    "Excel opens no longer formula (it reports the file as damaged). Write "
                    "fewer clusters to one workbook (--cluster), give them shorter ids, or write "
                    "CSV or JSON.",
                ),
                at.where,
            )
        self.worksheet.write_formula(row, col, formula, style, value)
        self._fit(col, str(value) if shown is None else shown, True)

    def money_formula(
        self,
        row: int,
        col: int,
        formula: str,
        ore: int,
        style: Format,
        decimals: bool,
        *,
        terms: int = 1,
    ) -> None:
        """An amount; `terms` > 1: a sum of that many amounts (ROUND(SUM(…), 2) with øre)."""
        # Whole kroner add up exactly below 2^53, whatever their number.
        self.ensure_exact_ore(row, col, ore, terms if decimals else 1)
        shown = self.book.labels.kr(ore, decimals=decimals)
        self._formula(row, col, formula, money_value(ore), style, shown)

    def integer_formula(self, row: int, col: int, formula: str, value: int, style: Format) -> None:
        self.formula(row, col, formula, value, style, self.book.labels.number(value))

    def fixed_width(self, col: int, chars: int) -> None:
        """A column of running text: this wide, wrapped, whatever its cells hold."""
        self.fixed[col] = chars

    def fit_columns(self) -> None:
        for col in sorted(set(self.widths) | set(self.minimum) | set(self.fixed)):
            chars = max(self.widths.get(col, 0), self.minimum.get(col, 0), 3) + 2
            self.worksheet.set_column(col, col, self.fixed.get(col, min(chars, 80)))

    def print_setup(self, header_rows: tuple[int, int], last_col: int | None = None) -> None:
        """A4 landscape, one page wide, the header rows on every page."""
        sheet = self.worksheet
        sheet.set_paper(9)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(*header_rows)
        sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        sheet.set_footer("&L&A&R&P / &N")
        if last_col is not None:
            sheet.print_area(0, 0, sheet.dim_rowmax or 0, last_col)
