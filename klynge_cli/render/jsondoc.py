"""JSON documents: stable key order, UTF-8 names as written, two-space indent, final newline."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from klynge_cli.money import money_text
from klynge_cli.render.records import (
    allocation_records,
    comparison_records,
    comparison_status_records,
    payment_records,
    status_records,
    sweep_record,
)
from klynge_cli.result import Allocation, Schedule

if TYPE_CHECKING:  # annotations only: allocate need not import the sweep or what-if
    from klynge_cli.engine.sweep import Sweep
    from klynge_cli.engine.whatif import Comparison

FORMAT_VERSION = 1


def json_text(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def allocation_json(allocation: Allocation) -> str:
    """SPEC §4: `klynge`, `scenario`, `allocations`, `status` and `warnings`."""
    return json_text(
        {
            "klynge": FORMAT_VERSION,
            "scenario": allocation.scenario.name,
            "allocations": allocation_records(allocation),
            "status": status_records(allocation),
            "warnings": list(allocation.warnings),
        }
    )


def schedule_json(schedule: Schedule) -> str:
    return json_text(
        {
            "klynge": FORMAT_VERSION,
            "scenario": schedule.scenario.name,
            "payments": payment_records(schedule),
            "milestones": [
                {
                    "date": m.due.isoformat(),
                    "year": m.year,
                    "cluster": m.cluster.id,
                    "kind": "reconfirm",
                }
                for m in schedule.milestones
            ],
            "prefinancing": [
                {
                    "cluster": p.cluster.id,
                    "year": p.year,
                    "lead": p.lead,
                    "amount": money_text(p.amount),
                    "from": p.paid.isoformat(),
                    "to": p.collected.isoformat(),
                    "days": p.days,
                }
                for p in schedule.prefinancing
            ],
            "warnings": list(schedule.warnings),
        }
    )


def comparison_json(comparison: Comparison) -> str:
    extra = comparison.whatif.scenario.withdrawals[len(comparison.baseline.scenario.withdrawals) :]
    return json_text(
        {
            "klynge": FORMAT_VERSION,
            "scenario": comparison.baseline.scenario.name,
            "withdrawals": [
                {"municipality": w.municipality, "cluster": w.cluster, "from": w.first_year}
                for w in extra
            ],
            "rows": comparison_records(comparison),
            "status": comparison_status_records(comparison),
            "warnings": list(comparison.whatif.warnings),
        }
    )


def sweep_json(sweep: Sweep) -> str:
    return json_text(sweep_record(sweep))
