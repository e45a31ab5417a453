"""Results as flat records in the contract's field names and value formats (SPEC §4).

CSV and JSON both start here, so the two can never disagree: money is a decimal string with
two decimals, a share a decimal string with six (None where the contract says "empty").
"""

from __future__ import annotations

from typing import Any

from klynge_cli.money import money_text, share_text
from klynge_cli.result import Allocation, Schedule

Record = dict[str, Any]

ALLOCATION_FIELDS = ("cluster", "year", "municipality", "role", "population", "share", "amount")
STATUS_FIELDS = (
    "cluster",
    "year",
    "members",
    "participants",
    "held",
    "pool",
    "lead_amount",
    "total",
)
PAYMENT_FIELDS = ("due_date", "year", "cluster", "kind", "payer", "payee", "amount")


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
