"""`klynge whatif`: the scenario as written against extra withdrawals, row for row (SPEC §5)."""

from __future__ import annotations

import csv
import io
import json

from helpers import FOUR, SCENARIOS, SEED, run

ISSUE_EXAMPLE = ["-w", "Roskilde@2023", "-w", "Slagelse@2023", "-w", "Køge@2024"]


def rows(*args: str) -> list[dict[str, str]]:
    result = run("whatif", *args, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_csv_columns_and_the_issue_example() -> None:
    found = rows(str(SEED), *ISSUE_EXAMPLE)
    assert list(found[0]) == ["cluster", "year", "municipality", "baseline", "whatif", "change"]
    by_key = {(r["year"], r["municipality"]): r for r in found}
    assert by_key[("2023", "Faxe")] == {
        "cluster": "wbd", "year": "2023", "municipality": "Faxe",
        "baseline": "24292.00", "whatif": "31237.00", "change": "6945.00",
    }  # fmt: skip
    assert by_key[("2024", "Faxe")]["whatif"] == "24292.00"  # reduced: back to baseline-shares
    assert by_key[("2024", "Køge")]["change"] == "-40676.00"
    assert len(found) == 4 * 17  # every row of both


def test_rows_follow_allocate_order_and_change_is_the_difference() -> None:
    allocate_rows = list(
        csv.DictReader(io.StringIO(run("allocate", SEED, "--format", "csv").stdout))
    )
    found = rows(str(SEED), "-w", "Stevns@2023")
    assert [(r["cluster"], r["year"], r["municipality"]) for r in found] == [
        (r["cluster"], r["year"], r["municipality"]) for r in allocate_rows
    ]
    for row, before in zip(found, allocate_rows, strict=True):
        assert row["baseline"] == before["amount"]
        cents = lambda text: int(text.replace(".", ""))  # noqa: E731
        assert cents(row["change"]) == cents(row["whatif"]) - cents(row["baseline"])


def test_json_status_before_and_after() -> None:
    document = json.loads(run("whatif", *ISSUE_EXAMPLE, "--format", "json").stdout)
    assert document["withdrawals"] == [
        {"municipality": "Roskilde", "cluster": "wbd", "from": 2023},
        {"municipality": "Slagelse", "cluster": "wbd", "from": 2023},
        {"municipality": "Køge", "cluster": "wbd", "from": 2024},
    ]
    status = {s["year"]: s for s in document["status"]}
    assert status[2023]["whatif"] == {
        "participants": 14,
        "held": True,
        "pool": "500000.00",
        "total": "1000000.00",
    }
    assert status[2024]["whatif"] == {
        "participants": 13,
        "held": False,
        "pool": "348155.00",
        "total": "848155.00",
    }
    assert status[2024]["baseline"]["held"] is True


def test_table_shows_changes_and_status() -> None:
    text = run("whatif", *ISSUE_EXAMPLE).stdout
    assert "31,237 (+6,945)" in text
    assert "2023: held 16/16, 500,000 kr. → held 14/16, 500,000 kr." in text
    assert (
        "2024: held 16/16, 500,000 kr. → reduced 13/16, 348,155 kr. (81.25 % < 85 %, baseline-shares)"
        in text
    )


def test_cluster_option_limits_withdrawals_and_output() -> None:
    found = rows(str(FOUR), "--cluster", "clean", "-w", "Stevns")
    assert {r["cluster"] for r in found} == {"clean"}
    stevns = [r for r in found if r["municipality"] == "Stevns"]
    assert [r["whatif"] for r in stevns] == ["0.00", "0.00", "0.00"]  # from clean's first year


def test_default_year_is_each_clusters_first() -> None:
    found = rows(str(FOUR), "-w", "Stevns")
    first_changes = {
        r["cluster"]: r["year"] for r in reversed(found) if r["municipality"] == "Stevns"
    }
    assert first_changes == {"wbd": "2021", "clean": "2022", "fbcd": "2022", "dlsc": "2022"}


def test_mistakes_exit_2() -> None:
    for args, message in [
        (["-w", "Stevns@20x"], "--withdraw Stevns@20x: write NAME@YEAR with a year like 2023"),
        (
            ["-w", "Stevnz@2023"],
            "--withdraw Stevnz@2023: unknown municipality 'Stevnz' (did you mean Stevns?)",
        ),
        (["-w", "Næstved@2023"], "Næstved leads cluster wbd and cannot withdraw from it (R5)"),
        (
            [str(SCENARIOS / "whatif-stevns-leaves-2023.yaml"), "-w", "Stevns@2024"],
            "Stevns withdraws from wbd twice",
        ),
    ]:
        result = run("whatif", *args)
        assert result.exit_code == 2, args
        assert message in result.stderr and "Traceback" not in result.stderr


def test_a_year_given_apart_from_its_withdrawal_is_explained() -> None:
    """`--withdraw Roskilde 2023` makes 2023 the scenario argument: say how to join them."""
    result = run("whatif", "--withdraw", "Roskilde", "2023")
    assert result.exit_code == 2
    assert result.stderr == (
        "2023: no such scenario file; if 2023 is a year, join it to its withdrawal: "
        "--withdraw NAME@2023\n"
    )
