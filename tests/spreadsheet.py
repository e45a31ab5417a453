"""Test helpers for workbooks: recalculate them in LibreOffice, read them back with openpyxl.

LibreOffice runs headless with a throwaway user profile whose only setting is "recalculate
on load: always" (`OOXMLRecalcMode` 0), so every formula is computed afresh rather than
trusting the cached values klynge wrote. Converting to .xlsx then stores LibreOffice's own
results, which openpyxl reads with `data_only=True`. Several workbooks go through one call,
because starting LibreOffice takes seconds.

.ci/run installs LibreOffice and sets KLYNGE_REQUIRE_LIBREOFFICE=1: there, a missing
LibreOffice fails the tests instead of skipping them.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("KLYNGE_REQUIRE_LIBREOFFICE"),
    reason="no LibreOffice here (.ci/run installs it, and then these tests must run)",
)

PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>
</oor:items>
"""

# CSV of the first sheet, in UTF-8, each cell as the reader sees it ("24.292 kr." in Danish).
CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true"

ERRORS = ("#VALUE!", "#REF!", "#NAME?", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")


def libreoffice(
    paths: Iterable[Path], target: Path, convert_to: str = "xlsx", locale: str = "en-US"
) -> list[Path]:
    """Open each workbook in LibreOffice, recalculate everything, save it into `target`
    (`convert_to` as soffice takes it; `locale` is the reader's, for numbers as shown)."""
    assert SOFFICE, "KLYNGE_REQUIRE_LIBREOFFICE is set but no LibreOffice (soffice) was found"
    sources = list(paths)
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="klynge-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        settings = PROFILE.format(locale=locale)
        (user / "registrymodifications.xcu").write_text(settings, encoding="utf-8")
        result = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                convert_to,
                "--outdir",
                str(target),
                *map(str, sources),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    extension = convert_to.split(":", maxsplit=1)[0]  # "csv:Text - txt - csv…" writes .csv
    converted = [target / f"{source.stem}.{extension}" for source in sources]
    missing = [path.name for path in converted if not path.exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {result.stdout} {result.stderr}"
    return converted


def number(value: Any) -> Decimal:
    """A cell's number as the exact decimal its shortest text shows (24292.37, not 24292.369…)."""
    assert isinstance(value, int | float) and not isinstance(value, bool), repr(value)
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def cluster_sheets(workbook: Any) -> list[Any]:
    """The sheets with a table of municipalities under the heading row 4."""
    return [ws for ws in workbook.worksheets if ws["A4"].value in ("Municipality", "Kommune")]


# A row's role as a cluster sheet writes it (English, Danish) → as the CSV writes it; a member
# row is "member" whether it pays or has withdrawn (its flag says which).
ROLES = {
    "lead": "lead",
    "leadkommune": "lead",
    "member": "member",
    "medlem": "member",
    "top-up": "top-up",
    "ekstra bidrag": "top-up",
    "co-funder": "co-funder",
    "medfinansierer": "co-funder",
}

Amounts = dict[tuple[str, int, str, str], Decimal]  # (cluster, year, name, role) → amount


def amounts(path: Path) -> Amounts:
    """(sheet, year, name, role) → amount, from every cluster sheet of a workbook; a cell
    left empty (a top-up or co-funder outside its years) is not an amount."""
    from openpyxl import load_workbook

    book = load_workbook(path, data_only=True)
    found: Amounts = {}
    for ws in cluster_sheets(book):
        years = {
            cell.column: cell.value
            for cell in ws[4]
            if isinstance(cell.value, int) and not isinstance(cell.value, bool)
        }
        for row in ws.iter_rows(min_row=5):
            name = row[0].value
            if name in ("Total", "I alt") or name is None:
                break
            role = ROLES[row[1].value]
            for column, year in years.items():
                value = row[column - 1].value
                if value is not None and value != "":
                    found[(ws.title, year, name, role)] = number(value)
    return found


def csv_amounts(text: str, co_funders: Iterable[str] = ()) -> Amounts:
    """The same from `klynge allocate --format csv`, or the what-if column of `klynge whatif`,
    whose rows have no role: in each cluster and year the first is the lead's, a name's
    second row its top-up, and `co_funders` are co-funders."""
    bodies = set(co_funders)
    found: Amounts = {}
    seen: dict[tuple[str, int], set[str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        cluster, year, name = row["cluster"], int(row["year"]), row["municipality"]
        if "role" in row:
            role = "member" if row["role"] == "withdrawn" else row["role"]
        else:
            names = seen.setdefault((cluster, year), set())
            role = (
                "lead" if not names
                else "top-up" if name in names
                else "co-funder" if name in bodies
                else "member"
            )  # fmt: skip
            names.add(name)
        found[(cluster, year, name, role)] = Decimal(row.get("amount") or row["whatif"])
    return found


def comparable(workbook: Amounts, expected: Amounts) -> Amounts:
    """The workbook's amounts that the CSV has, and any others that are not 0: a member's
    top-up in a year it has withdrawn is a row of 0 in the workbook and none in the CSV."""
    return {key: value for key, value in workbook.items() if key in expected or value}


def formula_errors(path: Path) -> list[str]:
    """Every cell of a recalculated workbook that holds an error, as `sheet!A1: #VALUE!`."""
    from openpyxl import load_workbook

    book = load_workbook(path, data_only=True)
    return [
        f"{ws.title}!{cell.coordinate}: {cell.value}"
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(ERRORS)
    ]
