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
from hypothesis import strategies as st

from klynge_cli.contract import ALLOCATION_FIELDS
from klynge_cli.engine.rules import allocate, split_pool
from klynge_cli.load.scenario import load_scenario
from klynge_cli.render.delimited import csv_text
from klynge_cli.render.records import allocation_records

SJAELLAND = [
    "Faxe", "Greve", "Guldborgsund", "Holbæk", "Kalundborg", "Køge", "Lejre", "Lolland",
    "Næstved", "Odsherred", "Ringsted", "Roskilde", "Slagelse", "Solrød", "Sorø", "Stevns",
    "Vordingborg",
]  # fmt: skip


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    clusters = []
    withdrawals = []
    basis = draw(st.sampled_from([2021, 2023, "each"]))
    for index in range(draw(st.integers(1, 3))):
        members = draw(st.lists(st.sampled_from(SJAELLAND), min_size=2, max_size=17, unique=True))
        first, last = (
            (2021, 2021)
            if basis == "each"
            else sorted(draw(st.tuples(st.integers(2020, 2026), st.integers(2020, 2026))))
        )
        if basis == "each":
            first = last = draw(st.sampled_from([2021, 2023]))
        policy = draw(st.sampled_from(["baseline-shares", "pro-rata", "fixed"]))
        cluster: dict[str, Any] = {
            "id": f"c{index}",
            "name": f"Cluster {index}",
            "lead": members[0],
            "members": members,
            "years": [first, last],
            "lead_amount": draw(st.integers(0, 2_000_000)),
            "pool": draw(st.integers(0, 2_000_000)),
            "threshold": draw(st.sampled_from([0, 0.5, 0.75, 0.85, 0.9, 1])),
            "below_threshold": policy,
            "rounding": draw(st.sampled_from(["krone", "ore"])),
            "indexation": draw(st.sampled_from([0, 0.01, 0.025, -0.05])),
        }
        if policy == "fixed":
            cluster["reduced_pool"] = {
                str(y): draw(st.integers(0, 500_000)) for y in range(first, last + 1)
            }
        clusters.append(cluster)
        for name in draw(
            st.lists(st.sampled_from(members[1:]), unique=True, max_size=len(members) - 2)
        ):
            withdrawals.append(
                {
                    "municipality": name,
                    "from": draw(st.integers(2019, 2027)),
                    "clusters": [f"c{index}"],
                }
            )
    return {
        "klynge": 1,
        "populations": {"year": basis},
        "members": {"region": "Sjælland"},
        "clusters": clusters,
        "withdrawals": withdrawals,
    }


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
        unit = cy.cluster.unit
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
        if not cy.held and cy.cluster.policy == "baseline-shares":
            population = {line.municipality: line.population for line in cy.lines}
            full = split_pool(cy.cluster, cy.year, cy.cluster.members, population).amounts
            assert all(line.amount == full[line.municipality] for line in members)
