"""CSV text: the plain contract of SPEC §4, or `excel-da` for Danish Excel.

`excel-da` writes `;` separators, a decimal comma and a UTF-8 byte order mark, so a double
click opens it in Danish Excel with proper columns and numbers. Excel also runs a cell that
starts with `=`, `+`, `-` or `@` as a formula (a co-funder named `=HYPERLINK(...)`), so there a
text cell starting with one of those, or with a tab or a carriage return, gets a leading `'`
(OWASP's advice against CSV injection); numbers are left alone. The plain CSV never changes.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from klynge_cli.contract import DECIMAL_FIELDS
from klynge_cli.render.records import Record


class Dialect(NamedTuple):
    delimiter: str
    point: str
    bom: bool
    for_excel: bool  # text that would run as a formula is written as text


DIALECTS = {"plain": Dialect(",", ".", False, False), "excel-da": Dialect(";", ",", True, True)}
_FORMULA = re.compile(r"[=+\-@\t\r]")
_NUMBER = re.compile(r"-?[0-9]+([.,][0-9]+)?")


def _inert(cell: str) -> str:
    """A text cell Excel would run as a formula, as text (`'=1+1`); numbers unchanged."""
    if _FORMULA.match(cell) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def csv_text(fields: Sequence[str], rows: Iterable[Sequence[str]], dialect: str = "plain") -> str:
    """Rows of text cells (in `fields` order) as CSV: a header row, `\\n` line endings, minimal
    quoting.

    The text is first simply joined, at C speed (a national allocation has ten thousand rows).
    If any cell held a delimiter, a quote or a line break, the counts show it, and the csv
    module writes the rows with quoting instead. Both give the same bytes.
    """
    chosen = DIALECTS[dialect]
    table: list[Sequence[str]] = [fields, *rows]
    if chosen.for_excel:
        point, decimal = chosen.point, [field in DECIMAL_FIELDS for field in fields]
        table[1:] = [
            [c.replace(".", point) if d else _inert(c) for c, d in zip(row, decimal, strict=True)]
            for row in table[1:]
        ]
    delimiter = chosen.delimiter
    body = "\n".join(map(delimiter.join, table)) + "\n"
    plain = (
        body.count(delimiter) == len(table) * (len(fields) - 1)
        and body.count("\n") == len(table)
        and '"' not in body
        and "\r" not in body
    )
    if not plain:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(table)
        body = buffer.getvalue()
    return ("\ufeff" if chosen.bom else "") + body


def rows_of(fields: Sequence[str], records: Iterable[Record]) -> Iterator[list[str]]:
    """Records (dicts of values) as rows of text cells in `fields` order; None is empty."""
    for record in records:
        yield ["" if record[f] is None else str(record[f]) for f in fields]
