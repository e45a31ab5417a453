"""`klynge diff`: scenarios and allocate CSVs, row by row, with exit codes for pipelines."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import SCENARIOS, run, write

THREE = SCENARIOS / "whatif-three-leave-2023-2024.yaml"


def edited(folder: Path) -> Path:
    """The three-leave scenario with Køge leaving a year earlier (2023 instead of 2024)."""
    text = THREE.read_text(encoding="utf-8").replace(
        "  - municipality: Køge\n    from: 2024", "  - municipality: Køge\n    from: 2023"
    )
    assert text != THREE.read_text(encoding="utf-8")
    return write(folder, "new.yaml", text)


def test_one_withdrawal_year_changed_names_exactly_what_changed(tmp_path: Path) -> None:
    result = run("diff", THREE, edited(tmp_path), "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert {(r["year"], r["municipality"]) for r in document["rows"]} == {
        ("2023", m)
        for m in [
            "Faxe",
            "Greve",
            "Guldborgsund",
            "Holbæk",
            "Kalundborg",
            "Køge",
            "Lejre",
            "Lolland",
            "Odsherred",
            "Ringsted",
            "Solrød",
            "Sorø",
            "Stevns",
            "Vordingborg",
        ]
    }  # 2023 falls to 13 of 16 (reduced); 2024 was already reduced and stays the same
    assert document["change_by_year"] == {"2023": "-151845.00"}
    assert (document["changed"], document["added"], document["removed"]) == (14, 0, 0)


def test_table_and_csv_forms(tmp_path: Path) -> None:
    new = edited(tmp_path)
    text = run("diff", THREE, new).stdout
    assert (
        "wbd 2023 Køge: role member → withdrawn; share 0.104612 → (empty); amount 52,306 kr. → 0 kr. (−52,306 kr.)"
        in text
    )
    assert text.endswith("change per year: 2023: −151,845 kr.\n")
    rows = run("diff", THREE, new, "--format", "csv").stdout.splitlines()
    assert rows[0] == "status,cluster,year,municipality,role,old,new,change"
    assert "changed,wbd,2023,Faxe,member,31237.00,24292.00,-6945.00" in rows


def test_identical_inputs_exit_0() -> None:
    result = run("diff", THREE, THREE)
    assert result.exit_code == 0 and result.stdout == "No differences: 68 rows compared.\n"


def test_a_csv_equals_the_scenario_that_produced_it(tmp_path: Path) -> None:
    for dialect in ("plain", "excel-da"):
        csv_file = tmp_path / f"{dialect}.csv"
        assert (
            run(
                "allocate", THREE, "--format", "csv", "--dialect", dialect, "-o", csv_file
            ).exit_code
            == 0
        )
        assert run("diff", csv_file, THREE).exit_code == 0
        assert run("diff", THREE, csv_file).exit_code == 0


def test_added_and_removed_rows(tmp_path: Path) -> None:
    full = run("allocate", THREE, "--format", "csv").stdout
    lines = full.splitlines()
    write(tmp_path, "fewer.csv", "\n".join([lines[0], *lines[2:]]) + "\n")
    result = run("diff", tmp_path / "fewer.csv", THREE, "--format", "csv")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1] == "added,wbd,2021,Næstved,lead,,500000.00,500000.00"


def test_not_an_allocate_csv_is_an_input_error(tmp_path: Path) -> None:
    other = tmp_path / "schedule.csv"
    run("schedule", THREE, "--format", "csv", "-o", other)
    result = run("diff", other, THREE)
    assert result.exit_code == 2
    assert f"{other}:1: is not an allocate CSV" in result.stderr
