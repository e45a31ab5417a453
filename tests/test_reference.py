"""klynge against an independent implementation of SPEC §2-§7 (tests/reference/).

The reference was written from the specification alone, by someone who did not read klynge's
engine. The shipped scenarios, a corpus of §7 scenarios (lagged populations, index series,
periods, per-capita and band formulas, several regions, all 98 municipalities, co-funders and
top-ups with withdrawals) and random valid scenarios must give the same `allocate` and
`schedule` CSVs, byte for byte.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from helpers import REPO, SCENARIOS, run
from hypothesis import given, settings
from reference.klynge_reference import reference
from reference.strategies7 import ScenarioCase, scenarios

CORPUS = REPO / "tests" / "data" / "scenarios7"
CASES = sorted(CORPUS.glob("*.yaml"))


def klynge_csvs(path: Path) -> tuple[str, str]:
    outputs = []
    for command in ("allocate", "schedule"):
        result = run(command, path, "--format", "csv")
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout)
    return outputs[0], outputs[1]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_the_section_7_corpus_matches_the_reference(path: Path) -> None:
    allocate, schedule = klynge_csvs(path)
    expected = CORPUS / "expected"
    assert allocate == (expected / f"{path.stem}.allocate.csv").read_text(encoding="utf-8")
    assert schedule == (expected / f"{path.stem}.schedule.csv").read_text(encoding="utf-8")
    assert (allocate, schedule) == reference(path)


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_scenario_matches_the_reference(path: Path) -> None:
    assert klynge_csvs(path) == reference(path)


@settings(max_examples=60)
@given(scenarios())
def test_random_scenarios_match_the_reference(case: ScenarioCase) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(case.write(folder))
        assert klynge_csvs(path) == reference(path)


@settings(max_examples=30)
@given(scenarios(ambiguous=True, edge_withdrawals=True))
def test_where_the_spec_can_be_read_two_ways_too(case: ScenarioCase) -> None:
    """The reference records its reading of each ambiguity (tests/reference/README.md);
    klynge's are in docs/decisions.md. They agree."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(case.write(folder))
        assert klynge_csvs(path) == reference(path)
