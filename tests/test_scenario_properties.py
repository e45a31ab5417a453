"""Properties of the whole pipeline on random valid scenarios: file → scenario → allocation.

Sums, bounds, monotonicity, zero for those who left, and identical re-runs, on scenarios built
from the bundled Sjælland data with random members, leads, policies, thresholds, rounding,
indexation and withdrawals.
"""

from __future__ import annotations

import json
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import given
from strategies import scenarios

from klynge_cli.contract import ALLOCATION_FIELDS
from klynge_cli.engine.rules import allocate, split_pool
from klynge_cli.load.scenario import load_scenario
from klynge_cli.render.delimited import csv_text
from klynge_cli.render.records import allocation_records


@given(scenarios())
def test_allocations_keep_their_invariants(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.yaml"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        scenario = load_scenario(path)
        first = allocate(scenario)
        second = allocate(load_scenario(path))
    assert first.cluster_years == second.cluster_years  # idempotent
    assert csv_text(ALLOCATION_FIELDS, allocation_records(first)) == csv_text(
        ALLOCATION_FIELDS, allocation_records(second)
    )
    for cy in first.cluster_years:
        members = [line for line in cy.lines if line.role == "member"]
        unit = cy.terms.unit
        assert sum(line.amount for line in members) == cy.pool
        assert cy.total == cy.lead_amount + cy.pool
        assert all(line.amount % unit == 0 and line.amount >= 0 for line in cy.lines)
        assert all(line.amount == 0 for line in cy.lines if line.role == "withdrawn")
        if cy.held:
            assert cy.pool == (cy.full_pool if members else 0)
        for line in members:  # within one unit of the exact quota
            quota = Fraction(cy.split.total * line.population, cy.split.denominator) * unit
            assert quota - unit < line.amount < quota + unit
        for a in members:  # a larger population never pays less
            for b in members:
                if a.population > b.population:
                    assert a.amount >= b.amount
        if not cy.held and cy.terms.policy == "baseline-shares":
            population = {line.municipality: line.population for line in cy.lines}
            full = split_pool(cy.cluster, cy.year, cy.cluster.members, population).amounts
            assert all(line.amount == full[line.municipality] for line in members)
