"""Results as flat records in the contract's field names and value formats (SPEC §4).

CSV (as rows) and JSON (as records) both start here, so the two can never disagree: money is
a decimal string with two decimals, a share one with six (None where the contract says "empty").
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import repeat
from typing import TYPE_CHECKING, Any

from klynge_cli.contract import COMPARISON_FIELDS, PAYMENT_FIELDS
from klynge_cli.money import money_text, money_texts, share_texts
from klynge_cli.result import Allocation, ClusterYear, Schedule

if TYPE_CHECKING:  # annotations only: allocate need not import the sweep or what-if
    from klynge_cli.engine.sweep import Sweep
    from klynge_cli.engine.whatif import Comparison

Record = dict[str, Any]


Row = tuple[str, ...]  # the CSV cells of one row, in the contract's field order


def allocation_rows(allocation: Allocation) -> list[Row]:
    """ALLOCATION_FIELDS as text, sorted by cluster (file order), year, the lead, then the other
    members in name order, the top-ups and the co-funders (§7). Built a column at a time: CSV
    writes ten thousand of these rows. A co-funder's population is empty."""
    rows: list[Row] = []
    for cy in allocation.cluster_years:
        count = len(cy.municipalities)
        populations = [0 if p is None else p for p in cy.populations]
        rows += zip(
            repeat(cy.cluster.id, count),
            repeat(str(cy.year), count),
            cy.municipalities,
            cy.roles,
            ["" if p is None else str(p) for p in cy.populations],
            share_texts(populations, cy.split_populations),
            money_texts(cy.amounts),
            strict=True,
        )
    return rows


def allocation_records(allocation: Allocation) -> list[Record]:
    """The same rows as JSON objects: `year` and `population` numbers, an empty share null."""
    return [
        {
            "cluster": cluster,
            "year": int(year),
            "municipality": municipality,
            "role": role,
            "population": int(population) if population else None,
            "share": share or None,
            "amount": amount,
        }
        for cluster, year, municipality, role, population, share, amount in allocation_rows(
            allocation
        )
    ]


def status_records(allocation: Allocation) -> list[Record]:
    """SPEC §4 and §7: per cluster and year; `held` is null when the formula has no pool."""
    return [
        {
            "cluster": cy.cluster.id,
            "year": cy.year,
            "formula": cy.terms.formula,
            "members": cy.members,
            "participants": len(cy.participants),
            "held": cy.held,
            "pool": money_text(cy.pool),
            "lead_amount": money_text(cy.lead_amount),
            "top_ups": money_text(cy.top_ups),
            "co_funded": money_text(cy.co_funded),
            "total": money_text(cy.total),
        }
        for cy in allocation.cluster_years
    ]


def payment_rows(schedule: Schedule) -> list[Row]:
    """PAYMENT_FIELDS as text, in the schedule's contract order."""
    payments = schedule.payments
    return list(
        zip(
            [p.due.isoformat() for p in payments],
            [str(p.year) for p in payments],
            [p.cluster.id for p in payments],
            [p.kind for p in payments],
            [p.payer for p in payments],
            [p.payee for p in payments],
            money_texts(p.amount for p in payments),
            strict=True,
        )
    )


def payment_records(schedule: Schedule) -> list[Record]:
    return [
        {**dict(zip(PAYMENT_FIELDS, row, strict=True)), "year": int(row[1])}
        for row in payment_rows(schedule)
    ]


def comparison_rows(comparison: Comparison) -> Iterator[Row]:
    """SPEC §5 whatif: every row of both, in allocate's order; change = whatif − baseline."""
    for row in comparison.rows:
        yield (
            row.baseline_year.cluster.id,
            str(row.baseline_year.year),
            row.baseline.municipality,
            money_text(row.baseline.amount),
            money_text(row.whatif.amount),
            money_text(row.change),
        )


def comparison_records(comparison: Comparison) -> list[Record]:
    """The whatif rows as JSON objects, with the row's `role` (a municipality with a top-up has
    two rows: its own and its top-up, §7)."""
    return [
        {
            **dict(zip(COMPARISON_FIELDS, row, strict=True)),
            "year": int(row[1]),
            "role": change.whatif.role,
        }
        for row, change in zip(comparison_rows(comparison), comparison.rows, strict=True)
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
    """SPEC §5 sweep JSON, field for field. Under per-capita or bands (R13) a withdrawal moves
    nothing, so nothing is swept: `by_count` is empty and `formula` says why."""
    extra = {"formula": sweep.formula} if sweep.formula != "pool" else {}
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
        **extra,
    }
