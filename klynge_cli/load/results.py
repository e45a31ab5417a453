"""klynge's own CSV outputs read back (for `diff` and `check`), in either dialect."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from klynge_cli.contract import DECIMAL_FIELDS
from klynge_cli.errors import KlyngeError, Where
from klynge_cli.load.yamlfile import read_text
from klynge_cli.money import ore_from_text

Row = dict[str, str]


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
        return _rows(reader, shown, fields, what, delimiter)
    except csv.Error as error:
        raise KlyngeError(f"is not valid CSV: {error}", Where(shown, reader.line_num)) from None


def _rows(reader: Any, shown: str, fields: Sequence[str], what: str, delimiter: str) -> list[Row]:
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
        for field in DECIMAL_FIELDS.intersection(row):
            if delimiter == ";":
                row[field] = row[field].replace(",", ".")
            if field != "share" and ore_from_text(row[field]) is None:
                raise KlyngeError(
                    f"{field} '{cells[fields.index(field)]}' is not an amount", Where(shown, line)
                )
        rows.append(row)
    return rows


def read_result_csv(path: Path, fields: Sequence[str], what: str) -> list[Row]:
    shown = str(path)
    return parse_result_csv(read_text(path, shown, what="CSV file"), shown, fields, what)
