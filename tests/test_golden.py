"""Golden outputs of every shipped scenario, checked by `klynge check` itself.

A change in any figure shows up as a reviewed diff of scenarios/expected/. To accept one on
purpose: `klynge check scenarios --expected scenarios/expected --update`, then read `git diff`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import REPO, SECTION_7, run

SCENARIOS = REPO / "scenarios"
EXPECTED = SCENARIOS / "expected"


def test_every_shipped_scenario_has_its_golden_files() -> None:
    stems = {p.stem for p in SCENARIOS.glob("*.yaml")}
    assert {"kkr-sjaelland-wbd", "kkr-sjaelland-4-clusters"} <= stems and len(stems) >= 4
    assert set(SECTION_7) <= stems
    assert {p.name for p in EXPECTED.iterdir()} == {
        f"{stem}.{kind}.csv" for stem in stems for kind in ("allocate", "schedule")
    }


def test_shipped_scenarios_match_their_golden_files() -> None:
    result = run("check", SCENARIOS, "--expected", EXPECTED)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.endswith(" as expected, 0 different, 0 missing.\n")


def test_a_tampered_amount_is_named_and_update_restores(tmp_path: Path) -> None:
    expected = tmp_path / "expected"
    shutil.copytree(EXPECTED, expected)
    target = expected / "kkr-sjaelland-wbd.allocate.csv"
    text = target.read_text(encoding="utf-8")
    target.write_text(
        text.replace(
            "wbd,2023,Faxe,member,36713,0.048584,24292.00",
            "wbd,2023,Faxe,member,36713,0.048584,24392.00",
        ),
        encoding="utf-8",
    )
    result = run("check", SCENARIOS, "--expected", expected)
    assert result.exit_code == 1
    assert "kkr-sjaelland-wbd.yaml: allocate differs, schedule ok" in result.stdout
    assert "wbd 2023 Faxe: amount 24,392 kr. → 24,292 kr. (−100 kr.)" in result.stdout
    assert run("check", SCENARIOS, "--expected", expected, "--update").exit_code == 0
    assert target.read_bytes() == (EXPECTED / target.name).read_bytes()
    assert run("check", SCENARIOS, "--expected", expected).exit_code == 0


def test_missing_expected_file_fails_and_update_creates_it(tmp_path: Path) -> None:
    scenario = SCENARIOS / "kkr-sjaelland-wbd.yaml"
    result = run("check", scenario, "--expected", tmp_path)
    assert result.exit_code == 1
    assert "schedule.csv (run with --update to create it)" in result.stdout
    assert run("check", scenario, "--expected", tmp_path, "--update").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "kkr-sjaelland-wbd.allocate.csv",
        "kkr-sjaelland-wbd.schedule.csv",
    ]


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("check", SCENARIOS, "--expected", tmp_path / "nope")
    assert result.exit_code == 2 and "use --update to create it" in result.stderr


def test_a_file_given_as_the_expected_folder_is_named_so(tmp_path: Path) -> None:
    """Not 'cannot create the folder: File exists', and the file stays as it was."""
    file = tmp_path / "expected.csv"
    file.write_text("kept\n", encoding="utf-8")
    for update in ((), ("--update",)):
        result = run("check", SCENARIOS / "kkr-sjaelland-wbd.yaml", "--expected", file, *update)
        assert result.exit_code == 2
        assert result.stderr == (
            f"{file}: is a file, not a folder; --expected names the folder of expected outputs\n"
        )
    assert file.read_text(encoding="utf-8") == "kept\n"


# Rows of the real schemes checked by hand (the arithmetic is in each comment; the sources are
# in the scenario files).
HAND_CHECKED: dict[str, tuple[str, ...]] = {
    "kkr-sjaelland-4-clusters-region": (
        # Seed 001: "Region Sjælland har bevilget 2,5 mio. kr. årligt til Danish Life Science
        # Cluster"; beside the pool, never in it (R14).
        "dlsc,2022,Region Sjælland,co-funder,,,2500000.00",
        (
            "2022-01-31,2022,dlsc,co-fund,Region Sjælland,"
            "Danish Life Science Cluster (bio solutions),2500000.00"
        ),
        # 500,000 × 36,713 / 790,353 (the 16 besides Kalundborg) = 23,225.70 kr.: floor 23,225,
        # and remainder 0.698 ranks 6th of 16 for the 8 kroner left over: 23,226 kr.
        "dlsc,2022,Faxe,member,36713,0.046451,23226.00",
    ),
    "business-region-aarhus": (
        # 8 kr. × inhabitants on 1 January 2025 (lag 1 for 2026): 8 × 3,656 = 29,248 kr.;
        # Aarhus pays by the formula too: 8 × 373,388 = 2,987,104 kr.; 8 × 1,042,644 in all.
        "bra,2026,Samsø,member,3656,0.005463,29248.00",
        "bra,2026,Aarhus,lead,373388,,2987104.00",
        "2026-01-31,2026,bra,pay,Aarhus,Business Region Aarhus,8341152.00",
    ),
    "dansk-erhvervsfremme": (
        # 2,500 + 0.27 × 37,820 = 2,500 + 10,211.40 = 12,711.40 kr.
        "def,2026,Faxe,member,37820,0.007102,12711.40",
        # 2,500 + 0.27 × 105,840 = 31,076.80 kr.: under the 32,500 kr. cap
        "def,2026,Frederiksberg,member,105840,0.019874,31076.80",
        # 2,500 + 0.27 × 115,157 = 33,592.39 kr.: the per-inhabitant part above 30,000, capped
        "def,2026,Esbjerg,member,115157,0.021624,32500.00",
    ),
    "kfplc": (
        # 0.808 × 36,576 = 29,553.408 → 29,553.41 kr. (half up to the øre)
        "kfplc,2019,Faxe,member,36576,0.007047,29553.41",
        # 0.808 × 97,805 = 79,026.44 kr.: under 100,000 inhabitants, all count
        "kfplc,2019,Randers,member,97805,0.018844,79026.44",
        # 0.808 × min(104,305, 100,000) = 80,800.00 kr., the page's "80.800,00 kr."
        "kfplc,2019,Frederiksberg,member,104305,0.020096,80800.00",
    ),
    "os2valghalla": (
        # 1 January 2023 figures for 2024 (lag 1): 37,344 is Mellem (25.001-60.000)
        "os2valghalla,2024,Faxe,member,37344,0.007074,34880.00",
        # 120,949 > 120,000: Meget stor (a year earlier Vejle had 119,060: Stor)
        "os2valghalla,2024,Vejle,member,120949,0.022912,56680.00",
        "os2valghalla,2024,Læsø,member,1789,0.000339,23980.00",
        # 17 × 23,980 + 56 × 34,880 + 20 × 45,780 + 5 × 56,680 = 3,559,940 kr.
        "2024-01-31,2024,os2valghalla,pay,København,OS2,3559940.00",
    ),
}


def test_hand_checked_rows_of_the_real_schemes() -> None:
    for stem, rows in HAND_CHECKED.items():
        lines = set()
        for kind in ("allocate", "schedule"):
            lines |= set((EXPECTED / f"{stem}.{kind}.csv").read_text(encoding="utf-8").split("\n"))
        for row in rows:
            assert row in lines, f"{stem}: {row}"


def test_os2_bands_give_the_distribution_os2_states_for_1_january_2023() -> None:
    """OS2's tariff page: "Med udgangspunkt i antal borgere pr. 1. januar 2023 giver det en
    fordeling blandt landets kommuner som følger: 17 lille, 56 mellem, 20 stor, 5 meget stor"."""
    text = (EXPECTED / "os2valghalla.allocate.csv").read_text(encoding="utf-8")
    amounts = [line.rsplit(",", 1)[1] for line in text.splitlines()[1:]]
    assert [amounts.count(f"{fee}.00") for fee in (23980, 34880, 45780, 56680)] == [17, 56, 20, 5]
