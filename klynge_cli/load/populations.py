"""Population figures and the municipality register, from CSV files.

`data/populations.csv`: `code,municipality,region,year,population[,source]`, one row per
municipality and year (1 January, Danmarks Statistik FOLK1A). A user's file may have only
`municipality,population` (one year). `data/municipalities.csv`: `code,municipality,region`.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator
from pathlib import Path

from klynge_cli.errors import KlyngeError, Where, enough, raise_all
from klynge_cli.limits import FIRST_YEAR, LAST_YEAR
from klynge_cli.load.yamlfile import read_text
from klynge_cli.model import Figure, Municipality, PopulationTable
from klynge_cli.names import name_key, region_key, shorten, suggest
from klynge_cli.numbers import whole_number
from klynge_cli.resources import data_dir

POPULATION_COLUMNS = ("code", "municipality", "region", "year", "population", "source")


class Register:
    """The 98 municipalities (`data/municipalities.csv`): names in every accepted spelling,
    codes and regions. Region membership always comes from here (SPEC R16), never from a
    user's population file."""

    def __init__(self, municipalities: list[Municipality]) -> None:
        self.by_key = {name_key(m.name): m for m in municipalities}
        self.shown = {key: m.name for key, m in self.by_key.items()}
        self.regions = {region_key(m.region): m.region for m in municipalities}

    def find(self, name: str) -> Municipality | None:
        return self.by_key.get(name_key(name))

    def unknown(self, name: str) -> str:
        return f"unknown municipality '{shorten(name)}'{suggest(name, self.shown)}"

    def region(self, name: str) -> str | None:
        """The region as the table writes it ('Region Sjælland' and 'sjaelland' → 'Sjælland')."""
        return self.regions.get(region_key(name))

    def unknown_region(self, name: str) -> str:
        hint = suggest(name, self.regions, key=region_key)
        regions = ", ".join(sorted(self.regions.values()))
        return f"unknown region '{shorten(name)}'{hint}; the regions are {regions} (or `all`)"

    def in_region(self, region: str) -> list[str]:
        """The municipalities of a region (as the table writes it), in name order."""
        return sorted(m.name for m in self.by_key.values() if m.region == region)


@functools.cache
def register() -> Register:
    path = data_dir() / "municipalities.csv"
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines())
    return Register([Municipality(r["municipality"], r["code"], r["region"]) for r in rows])


def _rows(text: str, shown: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Data rows with their line numbers, after checking the header."""
    reader = csv.reader(text.splitlines())
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise KlyngeError(f"is not valid CSV: {error}", Where(shown, 1)) from None
    if not header or not any(cell.strip() for cell in header):
        raise KlyngeError("the population file is empty; it needs a header row", Where(shown, 1))
    columns = [cell.strip().lower() for cell in header]
    if len(columns) == 1 and ";" in header[0]:
        raise KlyngeError(
            "is `;`-separated; a Danmarks Statistik export is read with "
            "`klynge populations import FILE -o populations.csv`",
            Where(shown, 1),
        )
    problems = []
    for index, column in enumerate(columns):
        if column not in POPULATION_COLUMNS:
            hint = suggest(column, {c: c for c in POPULATION_COLUMNS}, key=str.lower)
            problems.append(
                KlyngeError(f"unknown column '{shorten(header[index])}'{hint}", Where(shown, 1))
            )
    for needed in ("municipality", "population"):
        if needed not in columns:
            problems.append(KlyngeError(f"the header has no '{needed}' column", Where(shown, 1)))
    if len(set(columns)) != len(columns):
        problems.append(KlyngeError("the header names a column twice", Where(shown, 1)))
    raise_all(problems)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise KlyngeError(f"is not valid CSV: {error}", Where(shown, reader.line_num)) from None
        if not "".join(cells).strip():
            continue
        line = reader.line_num
        if len(cells) != len(columns):
            raise KlyngeError(
                f"has {len(cells)} fields where the header has {len(columns)}", Where(shown, line)
            )
        yield line, {column: cell.strip() for column, cell in zip(columns, cells, strict=True)}


def read_populations(path: Path, shown: str) -> PopulationTable:
    """Read and check a population file; every problem in it is reported at once.

    Each name must be one of the 98 municipalities; a `code` or `region` given in a row must be
    the municipality's own (R16): a file that says otherwise is wrong, and klynge says where.
    """
    text = read_text(path, shown, what="population file")
    known = register()
    figures: dict[tuple[str, int | None], Figure] = {}
    problems: list[KlyngeError] = []
    for line, row in _rows(text, shown):
        where = Where(shown, line)
        if enough(problems, where):
            break
        municipality = known.find(row["municipality"])
        if municipality is None:
            problems.append(KlyngeError(known.unknown(row["municipality"]), where))
            continue
        name = row["municipality"]
        contradiction = _contradiction(row, municipality)
        if contradiction:
            problems.append(KlyngeError(contradiction, where))
            continue
        population = whole_number(row["population"].strip())
        if population is None or population <= 0:
            problems.append(
                KlyngeError(
                    f"population of {name} is '{shorten(row['population'])}'; "
                    "it must be a whole number above zero",
                    where,
                )
            )
            continue
        year: int | None = None
        if "year" in row:
            year = whole_number(row["year"].strip())
            if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
                problems.append(KlyngeError(f"year '{shorten(row['year'])}' is not a year", where))
                continue
        if (name, year) in figures:
            first = figures[(name, year)].where.line
            label = f"{name} {year}" if year else name
            problems.append(KlyngeError(f"{label} is given twice (first on line {first})", where))
            continue
        figures[(name, year)] = Figure(name, year, population, row.get("source", ""), where)
    raise_all(problems)
    if not figures:
        raise KlyngeError("the population file has no figures", Where(shown))
    _check_spellings(figures, shown)
    return PopulationTable.of(shown, figures)


def _contradiction(row: dict[str, str], municipality: Municipality) -> str | None:
    """What a row's `code` or `region` says against the municipality table, if anything."""
    code = row.get("code", "").strip()
    if code and code.lstrip("0") != municipality.code.lstrip("0"):
        return (
            f"{row['municipality']} has the code {municipality.code}, not '{shorten(code)}' "
            "(data/municipalities.csv)"
        )
    region = row.get("region", "").strip()
    if region and register().region(region) != municipality.region:
        return (
            f"{row['municipality']} lies in region {municipality.region}, not "
            f"'{shorten(region)}' (data/municipalities.csv)"
        )
    return None


def _check_spellings(figures: dict[tuple[str, int | None], Figure], shown: str) -> None:
    """One municipality must be written one way throughout a file, or it would count twice."""
    spelling: dict[str, Figure] = {}
    for figure in figures.values():
        first = spelling.setdefault(name_key(figure.municipality), figure)
        if first.municipality != figure.municipality:
            raise KlyngeError(
                f"'{figure.municipality}' is written '{first.municipality}' on line "
                f"{first.where.line}; write one municipality one way",
                figure.where,
            )


@functools.cache
def bundled_populations() -> PopulationTable:
    """The shipped FOLK1A figures. Every run reads them, so without the row-by-row checks a
    user's file gets (some 8 ms for its 686 rows); the test suite checks that the two readings
    give the same table, so the file stays one that `read_populations` accepts."""
    shown = "data/populations.csv"
    reader = csv.reader(
        read_text(data_dir() / "populations.csv", shown, what="population file").splitlines()
    )
    columns = {name: index for index, name in enumerate(next(reader))}
    at = [columns[name] for name in ("municipality", "year", "population", "source")]
    figures: dict[tuple[str, int | None], Figure] = {
        (cells[at[0]], int(cells[at[1]])): Figure(
            cells[at[0]], int(cells[at[1]]), int(cells[at[2]]), cells[at[3]], Where(shown, line)
        )
        for line, cells in enumerate(reader, start=2)
    }
    return PopulationTable.of(shown, figures)
