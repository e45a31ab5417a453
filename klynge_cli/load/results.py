"""klynge's own CSV outputs read back (for `diff` and `check`), in either dialect.

Cells are read as values, not text: `24292`, `24292.0` and `24292.00` are the same amount and
are all given back in the contract's form (`24292.00`), so that a CSV edited in a spreadsheet
compares equal to the scenario it came from. A cell that is not what its column holds is an
input error at its line and column.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from klynge_cli.contract import DECIMAL_FIELDS
from klynge_cli.errors import KlyngeError, Where
from klynge_cli.files import shown as shown_path
from klynge_cli.load.yamlfile import read_text
from klynge_cli.money import money_text, ore_from_decimal
from klynge_cli.names import shorten
from klynge_cli.numbers import whole_number

Row = dict[str, str]

_DECIMAL = re.compile(r"[-+]?[0-9]{1,30}(\.[0-9]{1,30})?")
_SIX_PLACES = Decimal("0.000001")
WHOLE_FIELDS = frozenset({"year", "population"})


def parse_result_csv(text: str, shown: str, fields: Sequence[str], what: str) -> list[Row]:
    """Rows of a CSV klynge wrote: the plain contract, or `excel-da` (BOM, `;`, decimal comma)."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    if not lines:
        raise KlyngeError(
            f"is empty; expected {what} with the header {','.join(fields)}", Where(shown)
        )
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        return _rows(reader, lines, shown, fields, what, delimiter)
    except csv.Error as error:
        raise KlyngeError(f"is not valid CSV: {error}", Where(shown, reader.line_num)) from None


def _rows(
    reader: Any,
    lines: list[str],
    shown: str,
    fields: Sequence[str],
    what: str,
    delimiter: str,
) -> list[Row]:
    header = next(reader)
    if header != list(fields):
        raise KlyngeError(
            f"is not {what}: its header is {','.join(header)!r}, expected {','.join(fields)!r}",
            Where(shown, 1),
        )
    rows = []
    for cells in reader:
        line = reader.line_num
        if len(cells) != len(fields):
            raise KlyngeError(
                f"has {len(cells)} fields, expected {len(fields)}", Where(shown, line)
            )
        row = dict(zip(fields, cells, strict=True))
        for index, field in enumerate(fields):
            if field not in DECIMAL_FIELDS and field not in WHOLE_FIELDS:
                continue
            value = _value(field, cells[index], delimiter)
            if value is None:
                column = _column(lines[line - 1] if line <= len(lines) else "", index, delimiter)
                kind = "a share" if field == "share" else "an amount"
                if field in WHOLE_FIELDS:
                    kind = "a whole number"
                raise KlyngeError(
                    f"{field} '{shorten(cells[index])}' is not {kind}", Where(shown, line, column)
                )
            row[field] = value
        rows.append(row)
    return rows


def _value(field: str, cell: str, delimiter: str) -> str | None:
    """The cell in the contract's form, or None if it is not a value of its column. Empty is
    allowed where the contract leaves cells empty (share, population of a co-funder)."""
    text = cell.strip()
    if delimiter == ";":
        text = text.replace(",", ".")
    if field in WHOLE_FIELDS:
        if not text and field == "population":
            return ""
        whole = whole_number(text)
        return None if whole is None else str(whole)
    if not text and field == "share":
        return ""
    if not _DECIMAL.fullmatch(text):
        return None
    number = Decimal(text)
    if field == "share":
        six = number.quantize(_SIX_PLACES)
        return format(six if six == number else number.normalize(), "f")
    ore = ore_from_decimal(number)
    return None if ore is None else money_text(ore)


def _column(line: str, index: int, delimiter: str) -> int:
    """The 1-based character column where field `index` starts in a CSV line."""
    field, quoted = 0, False
    for position, char in enumerate(line):
        if field == index:
            return position + 1
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            field += 1
    return len(line) + 1


def read_result_csv(path: Path, fields: Sequence[str], what: str) -> list[Row]:
    shown = shown_path(path)
    return parse_result_csv(read_text(path, shown, what="CSV file"), shown, fields, what)
