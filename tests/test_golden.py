"""Golden outputs of every shipped scenario: a change in any figure shows up as a reviewed diff.

Regenerate on purpose with `pytest tests/test_golden.py --update-golden` and read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO, run

SHIPPED = sorted((REPO / "scenarios").glob("*.yaml"))
EXPECTED = REPO / "scenarios" / "expected"


def test_every_shipped_scenario_is_covered() -> None:
    assert len(SHIPPED) >= 4
    assert {p.name for p in SHIPPED} >= {"kkr-sjaelland-wbd.yaml", "kkr-sjaelland-4-clusters.yaml"}


@pytest.mark.parametrize(
    ("command", "fmt"),
    [("allocate", "csv"), ("allocate", "json"), ("schedule", "csv"), ("schedule", "json")],
)
@pytest.mark.parametrize("scenario", SHIPPED, ids=lambda p: p.stem)
def test_output_matches_golden(scenario: Path, command: str, fmt: str, update_golden: bool) -> None:
    expected = EXPECTED / f"{scenario.stem}.{command}.{fmt}"
    result = run(command, scenario, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if update_golden:
        EXPECTED.mkdir(exist_ok=True)
        expected.write_bytes(result.stdout_bytes)
    assert result.stdout_bytes == expected.read_bytes()
