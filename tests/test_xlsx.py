"""`--format xlsx`: the workbook's structure, read back with openpyxl, and the commands that
write it. (Recalculation in a real spreadsheet engine: test_xlsx_recalc.py.)"""

from __future__ import annotations

import hashlib
import os
import pty
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from helpers import FOUR, REPO, SEED, run, small_scenario, write
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from spreadsheet import amounts, comparable, csv_amounts

from klynge_cli import __version__

KLYNGE = Path(sys.executable).with_name("klynge")


def book(tmp_path: Path, *args: str | Path, name: str = "b.xlsx") -> Path:
    target = tmp_path / name
    result = run("allocate", *args, "--format", "xlsx", "-o", target)
    assert result.exit_code == 0, result.stderr
    return target


def cells(path: Path, sheet: str, *, values: bool = False) -> Any:
    return load_workbook(path, data_only=values)[sheet]


def test_sheets_in_english_and_danish(tmp_path: Path) -> None:
    english = load_workbook(book(tmp_path, FOUR))
    assert english.sheetnames == [
        "wbd", "clean", "fbcd", "dlsc", "Total", "Schedule", "Populations", "About",
    ]  # fmt: skip
    danish = load_workbook(book(tmp_path, SEED, "--locale", "da", name="da.xlsx"))
    assert danish.sheetnames == ["wbd", "Samlet", "Betalingsplan", "Befolkning", "Om"]
    ws = danish["wbd"]
    assert [ws["A4"].value, ws["B4"].value, ws["C4"].value] == ["Kommune", "Rolle", "Navneorden"]
    assert danish["Samlet"]["A2"].value == "Kommune"
    assert [c.value for c in danish["Betalingsplan"][2]] == [
        "Forfaldsdato", "År", "Klynge", "Type", "Betaler", "Modtager", "Beløb",
    ]  # fmt: skip


def test_cached_values_are_klynges_amounts(tmp_path: Path) -> None:
    """A viewer that does not recalculate shows klynge's figures."""
    path = book(tmp_path, FOUR)
    assert amounts(path) == csv_amounts(run("allocate", FOUR, "--format", "csv").stdout)
    ws = cells(path, "wbd", values=True)
    faxe = next(row for row in ws.iter_rows(min_row=5) if row[0].value == "Faxe")
    assert [c.value for c in faxe[4:9]] == [24292, 24292, 24292, 24292, 97168]


def test_amounts_are_live_formulas(tmp_path: Path) -> None:
    ws = cells(book(tmp_path, SEED), "wbd")
    rows = {row[0].value: row for row in ws.iter_rows(min_row=5)}
    faxe, lead, total = rows["Faxe"], rows["Næstved"], rows["Total"]
    assert str(faxe[3].value).startswith("=Populations!")  # population read from its sheet
    assert faxe[4].value.startswith("=") and "*(" in faxe[4].value  # flag × (floor + extra)
    assert lead[4].value.startswith("=$E$")  # the year's indexed lead amount
    assert total[4].value == "=SUM(E5:E21)"
    formulas = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("QUOTIENT(" in f for f in formulas)
    assert any("COUNTIFS(" in f for f in formulas)
    assert not any("MOD(" in f for f in formulas)  # remainders are N − floor × D (docs/xlsx.md)


def test_frozen_headers_formats_and_print_setup(tmp_path: Path) -> None:
    workbook = load_workbook(book(tmp_path, SEED))
    ws = workbook["wbd"]
    assert ws.freeze_panes == "B5"
    assert workbook["Total"].freeze_panes == "B3"
    assert workbook["Schedule"].freeze_panes == "B3"
    assert ws["E6"].number_format == '#,##0 "kr."'
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$3:$4"
    widths = {key: dim.width for key, dim in ws.column_dimensions.items()}
    assert widths["A"] >= len("Vordingborg") and widths["E"] >= len("1,000,000 kr.")


def test_ore_amounts_show_two_decimals(tmp_path: Path, small: Path) -> None:
    scenario = small_scenario(small, cluster="rounding: ore\npool: 100.01")
    path = book(tmp_path, scenario)
    ws = cells(path, "c")
    assert ws["E6"].number_format == '#,##0.00 "kr."'
    values = amounts(path)
    key = ("c", 2021, "Faxe", "member")
    assert values[key] == csv_amounts(run("allocate", scenario, "--format", "csv").stdout)[key]


def test_schedule_has_real_dates(tmp_path: Path) -> None:
    english = cells(book(tmp_path, SEED), "Schedule", values=True)
    assert english["A3"].value == datetime(2021, 3, 31)
    assert english["A3"].number_format == "yyyy-mm-dd"
    assert english["D3"].value == "pay" and english["G3"].value == 1_000_000
    danish = cells(book(tmp_path, SEED, "--locale", "da", name="da.xlsx"), "Betalingsplan")
    assert isinstance(danish["A3"].value, datetime)
    assert danish["A3"].number_format == "dd.mm.yyyy"
    assert danish["G4"].value.startswith("=wbd!$E$")  # a collection reads the cluster sheet


def test_about_names_the_sources_and_the_rules(tmp_path: Path) -> None:
    ws = cells(book(tmp_path, SEED), "About")
    pairs = {row[0].value: row[1].value for row in ws.iter_rows(min_row=3) if row[0].value}
    assert pairs["Scenario"] == "KKR Sjælland: We Build Denmark 2021-2024"
    assert pairs["Scenario file"] == "kkr-sjaelland-wbd.yaml"
    assert pairs["SHA-256"] == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert pairs["Population file"] == "populations.csv"
    assert pairs["Population basis"] == "1 January 2021 for every year"
    assert "FOLK1A" in pairs["Population source"]
    assert pairs["Made by"] == f"klynge {__version__}"
    for rule in ("R2", "R3", "R4", "R5", "R6", "R7", "R8"):
        assert rule in pairs


def test_same_input_same_bytes(tmp_path: Path) -> None:
    first = book(tmp_path, FOUR, name="1.xlsx").read_bytes()
    assert first == book(tmp_path, FOUR, name="2.xlsx").read_bytes()
    assert b"1980-01-01T00:00:00Z" in _core_properties(tmp_path / "1.xlsx")


def _core_properties(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        return archive.read("docProps/core.xml")


def test_schedule_and_report_write_the_same_workbook(tmp_path: Path) -> None:
    allocated = book(tmp_path, SEED)
    scheduled = tmp_path / "s.xlsx"
    assert run("schedule", SEED, "--format", "xlsx", "-o", scheduled).exit_code == 0
    assert load_workbook(scheduled).active.title == "Schedule"  # opened at the plan
    assert amounts(scheduled) == amounts(allocated)
    html, workbook = tmp_path / "r.html", tmp_path / "r.xlsx"
    result = run("report", SEED, "-o", html, "--xlsx", workbook, "--locale", "da")
    assert result.exit_code == 0, result.stderr
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert load_workbook(workbook).sheetnames[1] == "Samlet"


def test_a_report_that_cannot_write_both_writes_neither(tmp_path: Path) -> None:
    html = tmp_path / "r.html"
    result = run("report", SEED, "-o", html, "--xlsx", tmp_path / "missing" / "r.xlsx")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert not html.exists()
    same = run("report", SEED, "-o", html, "--xlsx", html)
    assert same.exit_code == 2 and not html.exists()


def test_a_selection_writes_its_clusters_and_years(tmp_path: Path) -> None:
    path = book(tmp_path, FOUR, "--cluster", "clean", "--year", "2023")
    assert load_workbook(path).sheetnames[0] == "clean"
    assert {year for _, year, _, _ in amounts(path)} == {2023}


def test_binary_output_is_refused_on_a_terminal_but_piped(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}
    try:
        refused = subprocess.run(
            [str(KLYNGE), "allocate", "--format", "xlsx"],
            stdout=follower, stderr=subprocess.PIPE, env=env, cwd=tmp_path, check=False,
        )  # fmt: skip
    finally:
        os.close(follower)
        os.close(leader)
    assert refused.returncode == 2
    assert refused.stderr.decode() == "--format xlsx is binary output; use -o FILE.xlsx\n"
    piped = subprocess.run(
        [str(KLYNGE), "allocate", "--format", "xlsx"], capture_output=True, env=env, check=False
    )
    assert piped.returncode == 0 and piped.stdout.startswith(b"PK\x03\x04")


def test_a_split_beyond_exact_arithmetic_is_refused(tmp_path: Path, small: Path) -> None:
    """pool × population must stay below 2^53: 10^14 øre × 100 inhabitants is beyond."""
    scenario = small_scenario(small, cluster="rounding: ore\npool: 1000000000000")
    target = tmp_path / "big.xlsx"
    result = run("allocate", scenario, "--format", "xlsx", "-o", target)
    assert result.exit_code == 2
    assert "below 2^53 = 9,007,199,254,740,992" in result.stderr
    assert result.stderr.startswith(f"{scenario}:")
    assert not target.exists()
    assert run("allocate", scenario, "--format", "csv").exit_code == 0  # CSV is exact anyway


def test_indexation_beyond_exact_formulas_is_written_as_values(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("indexation: 0 ", "indexation: 0.0213 ")
    scenario = write(tmp_path, "indexed.yaml", text)
    path = book(tmp_path, scenario)
    ws = cells(path, "wbd")
    lead = {
        c.column_letter: c.value
        for c in next(r for r in ws.iter_rows() if r[0].value == "Lead amount (kr.)")
    }
    assert str(lead["E"]).startswith("=QUOTIENT(") and str(lead["F"]).startswith("=QUOTIENT(")
    assert lead["G"] == 521527 and lead["H"] == 532635  # 2023, 2024: klynge's values
    notes = [r[0].value for r in ws.iter_rows() if str(r[0].value).startswith("2023: the indexed")]
    assert notes
    assert amounts(path) == csv_amounts(run("allocate", scenario, "--format", "csv").stdout)


def test_sheet_names_stay_unique_and_valid() -> None:
    from klynge_cli.render.xlsx import sheet_names

    names = sheet_names(["om", "samlet", "history", "x" * 40, "x" * 31], ["Samlet", "Om"])
    assert names["om"] == "om-2" and names["samlet"] == "samlet-2"
    assert names["history"] == "history-2"
    assert names["x" * 40] == "x" * 31 and names["x" * 31] == "x" * 29 + "-2"
    assert all(len(n) <= 31 for n in names.values())


@pytest.mark.parametrize("command", ["allocate", "schedule"])
def test_help_mentions_xlsx(command: str) -> None:
    assert "xlsx" in run(command, "--help").stdout


# --- SPEC §7 ---------------------------------------------------------------------------------

CORPUS7 = REPO / "tests" / "data" / "scenarios7"


@pytest.mark.parametrize("scenario", sorted(CORPUS7.glob("*.yaml")), ids=lambda p: p.stem)
def test_section_7_cached_values_are_klynges_amounts(tmp_path: Path, scenario: Path) -> None:
    """Every §7 scenario is written (no refusal), and a viewer that does not recalculate shows
    allocate's amounts: top-ups and co-funders in rows of their own."""
    path = book(tmp_path, scenario)
    wanted = csv_amounts(run("allocate", scenario, "--format", "csv").stdout)
    assert comparable(amounts(path), wanted) == wanted


def _rows(ws: Any) -> dict[str, list[Any]]:
    """Each row by the text in its column A."""
    return {str(row[0].value): [c.value for c in row] for row in ws.iter_rows() if row[0].value}


def _columns(ws: Any) -> dict[int, int]:
    """Year → the index of its amount column (0-based)."""
    return {c.value: c.column - 1 for c in ws[4] if isinstance(c.value, int)}


def _row_number(ws: Any, label: str) -> int:
    return next(row[0].row for row in ws.iter_rows(max_col=1) if row[0].value == label)


def test_each_year_has_the_terms_of_its_period(tmp_path: Path) -> None:
    """R12: 2021-2022 and 2023-2025 (policy change). A period's first column holds its terms as
    inputs, its other years read them; indexation restarts in 2023 (k = 0), its rate is an
    input in 2024, read by 2025."""
    scenario = CORPUS7 / "03-periods-policy-change.yaml"
    ws = cells(book(tmp_path, scenario), "wbd")
    rows, at = _rows(ws), _columns(ws)

    def across(label: str) -> list[Any]:
        return [rows[label][at[year]] for year in range(2021, 2026)]

    pool = _row_number(ws, "Pool a year (kr.)")
    assert across("Pool a year (kr.)") == [500000, f"=$E${pool}", 600000, *[f"=$G${pool}"] * 2]
    policy = "Below the threshold (baseline-shares, pro-rata or fixed)"
    assert across(policy)[::2] == ["baseline-shares", "pro-rata", f"=$G${_row_number(ws, policy)}"]
    assert across("First year of the period") == [2021, 2021, 2023, 2023, 2023]
    a = "Indexation into the year: 1 + rate, numerator (a)"
    assert across(a)[2:] == [None, 51, f"=$H${_row_number(ws, a)}"]  # 2 % = 51/50
    ra = _row_number(ws, a)
    assert across("Index factor F, numerator (A = Π a)")[2:] == [
        1, f"=PRODUCT(H{ra}:H{ra})", f"=PRODUCT(H{ra}:I{ra})",
    ]  # fmt: skip
    values = _rows(cells(book(tmp_path, scenario, name="v.xlsx"), "wbd", values=True))
    k = values["Years since the period's first (k)"]
    assert [k[at[year]] for year in range(2021, 2026)] == [0, 1, 0, 1, 2]


def test_per_capita_years_say_who_pays_and_read_their_own_terms(tmp_path: Path) -> None:
    """R13: no pool and no threshold: 'p of n pay'; the lead pays by the formula while its
    lead amount term is empty; the amounts are flag × indexed units."""
    scenario = CORPUS7 / "04-periods-pool-to-per-capita.yaml"
    path = book(tmp_path, scenario)
    ws = cells(path, "wbd")
    at = _columns(ws)
    years = range(2022, 2027)
    status = _rows(cells(path, "wbd", values=True))["Status"]
    assert [status[at[y]] for y in years] == [1, 1, "16 of 16 pay", "15 of 16 pay", "15 of 16 pay"]
    danish = book(tmp_path, scenario, "--locale", "da", name="da.xlsx")
    assert _rows(cells(danish, "wbd", values=True))["Status"][at[2024]] == "16 af 16 betaler"
    rows = _rows(ws)
    formula = rows["Formula (pool, per-capita or bands)"]
    assert [formula[at[y]] for y in years] == ["pool"] * 2 + ["per-capita"] * 3
    column = get_column_letter(at[2024] + 1)
    lead = rows["Lead amount (kr.)"][at[2024]]
    assert lead.startswith(f"=IF(ISNUMBER(${column}$") and "QUOTIENT(" in lead
    assert rows["Lead amount a year (kr.; empty: by the formula)"][at[2024]] is None
    units = _row_number(ws, "Rounding units per krone (1: kroner, 100: øre)")
    faxe = rows["Faxe"]
    assert faxe[at[2024]].endswith(f"/${column}${units}")  # flag × units / units per krone
    half_up = [c for c in faxe if isinstance(c, str) and c.startswith("=QUOTIENT(2*")]
    assert len(half_up) == 3  # per inhabitant, indexed and rounded once, in whole units


def test_top_ups_and_co_funders_are_rows_of_their_own(tmp_path: Path) -> None:
    """R14, R15: lead, members, top-ups, co-funders (each in name order); a member's top-up
    follows its flag; the bills count top-ups and never co-funders; the plan collects each
    top-up right after its member's share and lists the co-funders' payments."""
    path = book(tmp_path, CORPUS7 / "10-co-funders-top-ups-withdrawals.yaml")
    ws = cells(path, "wbd")
    names = [(row[0].value, row[1].value) for row in ws.iter_rows(min_row=5, max_row=26)]
    assert names[17:] == [
        ("Faxe", "top-up"), ("Holbæk", "top-up"), ("Lolland", "top-up"),
        ("Erhvervsfonden", "co-funder"), ("Region Sjælland", "co-funder"),
    ]  # fmt: skip
    rows = _rows(ws)
    lolland = next(row for row in ws.iter_rows(min_row=22) if row[0].value == "Lolland")
    assert str(lolland[4].value).startswith("=$E$") and "*" in str(lolland[4].value)
    assert rows["Top-up: Lolland"][4:7] == [20000, 20000, 20000]  # as given, every year
    values = amounts(path)
    assert values[("wbd", 2025, "Lolland", "top-up")] == 0  # withdrawn from 2025
    bills = _rows(cells(path, "Total", values=True))
    assert "Region Sjælland" not in bills and "Erhvervsfonden" not in bills
    plan = [
        (row[3], row[4], row[6])
        for row in cells(path, "Schedule", values=True).iter_rows(min_row=3, values_only=True)
        if row[1] == 2023 and row[4] in ("Faxe", "Region Sjælland", "Næstved")
    ]
    assert plan == [
        ("collect", "Faxe", 24399), ("collect", "Faxe", 5000),
        ("pay", "Næstved", 1040000), ("co-fund", "Region Sjælland", 250000),
    ]  # fmt: skip
    formulas = cells(path, "Schedule")
    assert any(str(c.value).startswith("=wbd!") for c in formulas["G"] if c.row > 2)


def test_a_lagged_basis_is_on_the_populations_sheet(tmp_path: Path) -> None:
    """R10: with lag 1, 2021-2026 read the figures of 1 January 2020-2025."""
    path = book(tmp_path, CORPUS7 / "01-lag-each.yaml")
    heads = [c.value for c in cells(path, "Populations")[2]]
    assert heads[1:] == [f"1 Jan {year}" for year in range(2020, 2026)]
    about = _rows(cells(path, "About"))
    assert about["Population basis"][1] == "1 January 1 year(s) before each year (lag 1)"
    assert "R10" in about


def test_section_7_workbook_same_bytes(tmp_path: Path) -> None:
    scenario = CORPUS7 / "16-mixed.yaml"
    first = book(tmp_path, scenario, name="1.xlsx").read_bytes()
    assert first == book(tmp_path, scenario, name="2.xlsx").read_bytes()
