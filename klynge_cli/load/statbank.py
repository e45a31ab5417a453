"""Danmarks Statistik's Statbank export of table FOLK1A → rows for `data/populations.csv`.

The export is UTF-8 (a byte order mark is allowed), `;`-separated, with the header
`OMRÅDE;TID;INDHOLD` and `TID` like `2021K1`. Only first-quarter rows count: FOLK1A's K1 is the
population on 1 January. The whole country, regions, landsdele and Christiansø (not a
municipality) are skipped; every other area must be one of the 98 municipalities, whose code
and region come from klynge's municipality table. Extra columns (`KØN`, `ALDER`, …) are allowed
as long as they hold one total per area and quarter.
"""

import csv
import re
from pathlib import Path
from typing import NamedTuple

from klynge_cli.errors import KlyngeError, Where, enough, raise_all
from klynge_cli.limits import FIRST_YEAR, LAST_YEAR, MAX_DIGITS
from klynge_cli.load.populations import register
from klynge_cli.load.yamlfile import read_text
from klynge_cli.names import name_key, shorten
from klynge_cli.numbers import is_digits

QUARTER = re.compile(r"([0-9]{4})K([1-4])")
AREA_CODE = re.compile(r"([0-9]{3})\s+(.+)")  # `valuePresentation=CodeAndValue`: "101 København"
SKIPPED = ("hele landet", "region ", "landsdel ", "christiansoe")


class ImportedFigure(NamedTuple):
    code: str
    municipality: str
    region: str
    year: int
    population: int


def read_statbank(path: Path) -> list[ImportedFigure]:
    """Every municipality's 1 January population in the export, by year and name."""
    shown = str(path)
    reader = csv.reader(read_text(path, shown, what="Statbank export").splitlines(), delimiter=";")
    found: dict[tuple[str, int], tuple[ImportedFigure, int]] = {}
    problems: list[KlyngeError] = []
    try:
        columns = _columns(next(reader, []), shown)
        for cells in reader:
            line = reader.line_num
            if enough(problems, Where(shown, line)):
                break
            try:
                figure = _figure(cells, columns)
            except ValueError as problem:
                problems.append(KlyngeError(str(problem), Where(shown, line)))
                continue
            if figure is None:
                continue
            key = (figure.municipality, figure.year)
            if key in found:
                message = (
                    f"{figure.municipality} {figure.year}K1 appears twice (also line "
                    f"{found[key][1]}); export totals only (KØN and ALDER: I alt)"
                )
                problems.append(KlyngeError(message, Where(shown, line)))
                continue
            found[key] = (figure, line)
    except csv.Error as error:
        problems.append(KlyngeError(f"is not valid CSV: {error}", Where(shown, reader.line_num)))
    raise_all(problems)
    if not found:
        raise KlyngeError("holds no first-quarter (K1) figures for any municipality", Where(shown))
    return sorted((figure for figure, _ in found.values()), key=lambda f: (f.year, f.municipality))


def _columns(header: list[str], shown: str) -> tuple[int, int, int, int]:
    """Where OMRÅDE, TID and INDHOLD are, and how many columns a row has."""
    names = [cell.strip().upper() for cell in header]
    missing = [column for column in ("OMRÅDE", "TID", "INDHOLD") if column not in names]
    if missing:
        raise KlyngeError(
            f"is not a Statbank FOLK1A export: the header has no {', '.join(missing)} "
            "(export FOLK1A as CSV, `;`-separated, with OMRÅDE, TID and INDHOLD)",
            Where(shown, 1),
        )
    return names.index("OMRÅDE"), names.index("TID"), names.index("INDHOLD"), len(names)


def _figure(cells: list[str], columns: tuple[int, int, int, int]) -> ImportedFigure | None:
    """One row as a figure; None for rows that do not count; ValueError for a bad row."""
    area, time, value, width = columns
    if not "".join(cells).strip():
        return None
    if len(cells) != width:
        raise ValueError(f"has {len(cells)} fields, the header {width}")
    quarter = QUARTER.fullmatch(cells[time].strip())
    if quarter is None:
        raise ValueError(f"TID '{shorten(cells[time])}' is not a quarter like 2021K1")
    name = cells[area].strip()
    coded = AREA_CODE.fullmatch(name)
    code, name = (coded.group(1), coded.group(2)) if coded else (None, name)
    if quarter.group(2) != "1" or name_key(name).startswith(SKIPPED):
        return None
    known = register()
    municipality = known.find(name)
    if municipality is None or (code is not None and code != municipality.code):
        raise ValueError(known.unknown(name))
    year = int(quarter.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year} is out of range")
    number = cells[value].strip()
    if not (is_digits(number) and len(number) <= MAX_DIGITS) or not int(number):
        raise ValueError(f"INDHOLD '{shorten(number)}' for {municipality.name} is not a population")
    return ImportedFigure(
        municipality.code, municipality.name, municipality.region, year, int(number)
    )
