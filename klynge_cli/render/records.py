"""Results as flat records in the contract's field names and value formats (SPEC §4).

CSV and JSON both start here, so the two can never disagree: money is a decimal string with
two decimals, a share a decimal string with six (None where the contract says "empty").
"""

from __future__ import annotations

from typing import Any

from klynge_cli.engine.sweep import Sweep
from klynge_cli.engine.whatif import Comparison
from klynge_cli.money import money_text, share_text
from klynge_cli.result import Allocation, ClusterYear, Schedule

Record = dict[str, Any]


def allocation_records(allocation: Allocation) -> list[Record]:
    """Sorted by cluster (file order), year, the lead, then the other members in name order."""
    return [
        {
            "cluster": cy.cluster.id,
            "year": cy.year,
            "municipality": line.municipality,
            "role": line.role,
            "population": line.population,
            "share": None if line.share is None else share_text(line.share),
            "amount": money_text(line.amount),
        }
        for cy in allocation.cluster_years
        for line in cy.lines
    ]


def status_records(allocation: Allocation) -> list[Record]:
    return [
        {
            "cluster": cy.cluster.id,
            "year": cy.year,
            "members": cy.members,
            "participants": len(cy.participants),
            "held": cy.held,
            "pool": money_text(cy.pool),
            "lead_amount": money_text(cy.lead_amount),
            "total": money_text(cy.total),
        }
        for cy in allocation.cluster_years
    ]


def payment_records(schedule: Schedule) -> list[Record]:
    return [
        {
            "due_date": p.due.isoformat(),
            "year": p.year,
            "cluster": p.cluster.id,
            "kind": p.kind,
            "payer": p.payer,
            "payee": p.payee,
            "amount": money_text(p.amount),
        }
        for p in schedule.payments
    ]


def comparison_records(comparison: Comparison) -> list[Record]:
    """SPEC §5 whatif: every row of both, in allocate's order; change = whatif − baseline."""
    return [
        {
            "cluster": row.baseline_year.cluster.id,
            "year": row.baseline_year.year,
            "municipality": row.baseline.municipality,
            "baseline": money_text(row.baseline.amount),
            "whatif": money_text(row.whatif.amount),
            "change": money_text(row.change),
        }
        for row in comparison.rows
    ]


def _year_status(cy: ClusterYear) -> Record:
    return {
        "participants": len(cy.participants),
        "held": cy.held,
        "pool": money_text(cy.pool),
        "total": money_text(cy.total),
    }


def comparison_status_records(comparison: Comparison) -> list[Record]:
    return [
        {
            "cluster": before.cluster.id,
            "year": before.year,
            "members": before.members,
            "baseline": _year_status(before),
            "whatif": _year_status(after),
        }
        for before, after in comparison.years
    ]


def sweep_record(sweep: Sweep) -> Record:
    """SPEC §5 sweep JSON, field for field."""
    return {
        "cluster": sweep.cluster.id,
        "year": sweep.year,
        "participants": len(sweep.participants),
        "max_withdrawals": sweep.max_withdrawals,
        "by_count": [
            {
                "withdrawals": c.withdrawals,
                "combinations": c.combinations,
                "held": c.held,
                "reduced": c.reduced,
                "min_pool": money_text(c.min_pool),
                "max_pool": money_text(c.max_pool),
            }
            for c in sweep.by_count
        ],
        "by_municipality": [
            {
                "municipality": w.municipality,
                "baseline": money_text(w.baseline),
                "max": money_text(w.max),
                "max_when": list(w.max_when),
            }
            for w in sweep.by_municipality
        ],
    }
