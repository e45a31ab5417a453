"""CSV text: the plain contract of SPEC §4, or `excel-da` for Danish Excel.

`excel-da` writes `;` separators, a decimal comma and a UTF-8 byte order mark, so a double
click opens it in Danish Excel with proper columns and numbers. The plain CSV never changes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from klynge_cli.contract import DECIMAL_FIELDS
from klynge_cli.render.records import Record


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    point: str
    bom: bool


DIALECTS = {"plain": Dialect(",", ".", False), "excel-da": Dialect(";", ",", True)}


def _cell(field: str, value: Any, dialect: Dialect) -> str:
    if value is None:
        return ""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return text.replace(".", dialect.point) if field in DECIMAL_FIELDS else text


def csv_text(fields: Sequence[str], records: Iterable[Record], dialect: str = "plain") -> str:
    """Records as CSV with a header row, `\\n` line endings and minimal quoting."""
    chosen = DIALECTS[dialect]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=chosen.delimiter, lineterminator="\n")
    writer.writerow(fields)
    for record in records:
        writer.writerow([_cell(f, record[f], chosen) for f in fields])
    return ("\ufeff" if chosen.bom else "") + buffer.getvalue()
