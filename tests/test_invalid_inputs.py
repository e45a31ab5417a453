"""Every kind of bad input: exit 2, the expected message, no traceback, nothing written.

Each `tests/data/invalid/NAME.yaml` has its expected stderr in `NAME.expected` (paths as seen
from that folder). Add a kind of mistake by adding the pair.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO, run

from klynge_cli.money import ore_from_text

INVALID = REPO / "tests" / "data" / "invalid"
CASES = sorted(p.name for p in INVALID.glob("*.yaml"))


@pytest.fixture
def in_invalid(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(INVALID)
    return INVALID


def test_the_corpus_covers_every_kind() -> None:
    assert len(CASES) >= 45
    missing = [c for c in CASES if not (INVALID / c).with_suffix(".expected").exists()]
    assert not missing


@pytest.mark.parametrize("case", CASES)
def test_bad_scenario_is_rejected_and_nothing_is_written(
    case: str, in_invalid: Path, tmp_path: Path
) -> None:
    expected = (in_invalid / case).with_suffix(".expected").read_text(encoding="utf-8")
    target = tmp_path / "out.csv"
    target.write_bytes(b"the previous output\n")
    result = run("allocate", case, "--format", "csv", "-o", target)
    assert result.exit_code == 2
    assert result.stderr == expected
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert target.read_bytes() == b"the previous output\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left behind


@pytest.mark.parametrize("case", CASES)
def test_validate_lists_the_same_problems(case: str, in_invalid: Path) -> None:
    result = run("validate", case)
    assert result.exit_code == 2
    assert result.stderr == (in_invalid / case).with_suffix(".expected").read_text(encoding="utf-8")


def test_validate_lists_every_file_and_every_problem(in_invalid: Path) -> None:
    result = run(
        "validate",
        "unknown-top-key.yaml",
        str(REPO / "scenarios" / "kkr-sjaelland-wbd.yaml"),
        "years-reversed.yaml",
    )
    assert result.exit_code == 2
    assert result.stdout.endswith("kkr-sjaelland-wbd.yaml: valid (1 cluster, 2021-2024)\n")
    assert result.stderr.splitlines() == [
        *Path("unknown-top-key.expected").read_text(encoding="utf-8").splitlines(),
        *Path("years-reversed.expected").read_text(encoding="utf-8").splitlines(),
    ]


def test_python_tags_execute_nothing(in_invalid: Path) -> None:
    run("allocate", "python-tag.yaml")
    assert not (in_invalid / "klynge-was-here").exists()


def test_scenario_files_above_256_kib_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"klynge: 1\n" + b"# padding\n" * 600_000)
    result = run("validate", big)
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"{big}: the scenario file is 6,000,010 bytes; klynge reads scenario files up to 262,144 bytes "
        "(docs/limits.md)\n"
    )


def test_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    assert (
        run("validate", tmp_path / "nope.yaml").stderr
        == f"{tmp_path}/nope.yaml: no such scenario file\n"
    )
    result = run("allocate", "--format", "csv", "-o", tmp_path / "no" / "such" / "out.csv")
    assert result.exit_code == 2
    assert "cannot write here: the folder" in result.stderr


def test_anchors_and_merge_keys_work_for_reuse(tmp_path: Path) -> None:
    path = tmp_path / "reuse.yaml"
    path.write_text(
        """\
klynge: 1
populations: {year: 2021}
members: {region: Sjælland}
clusters:
  - &office {id: clean, name: CLEAN, lead: Roskilde, years: [2022, 2024], pool: 400000}
  - {<<: *office, id: fbcd, name: Food, lead: Slagelse, pool: 300000}
""",
        encoding="utf-8",
    )
    rows = run("allocate", path, "--format", "csv", "--year", "2022").stdout.splitlines()[1:]
    totals: dict[str, int] = {}
    for row in rows:
        cluster, *_, amount = row.split(",")
        totals[cluster] = totals.get(cluster, 0) + (ore_from_text(amount) or 0)
    assert totals == {"clean": 900_000_00, "fbcd": 800_000_00}
