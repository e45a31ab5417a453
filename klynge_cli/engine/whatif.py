"""What-if: the scenario as written against the same scenario with extra withdrawals."""

from __future__ import annotations

from typing import NamedTuple

from klynge_cli.result import Allocation, ClusterYear, Line


class Change(NamedTuple):
    """One municipality in one cluster and year: before and after."""

    baseline_year: ClusterYear
    whatif_year: ClusterYear
    baseline: Line
    whatif: Line

    @property
    def change(self) -> int:
        return self.whatif.amount - self.baseline.amount


class Comparison(NamedTuple):
    baseline: Allocation
    whatif: Allocation
    rows: tuple[Change, ...]  # in allocate's order

    @property
    def years(self) -> tuple[tuple[ClusterYear, ClusterYear], ...]:
        return tuple(zip(self.baseline.cluster_years, self.whatif.cluster_years, strict=True))


def compare(baseline: Allocation, whatif: Allocation) -> Comparison:
    """Row for row, in allocate's order: a withdrawal changes a member's role and amount; its
    top-up (R15) stops, so that row is in the baseline only and pays 0 in the what-if."""
    rows: list[Change] = []
    for before, after in zip(baseline.cluster_years, whatif.cluster_years, strict=True):
        new_lines = {(line.municipality, _group(line.role)): line for line in after.lines}
        for old in before.lines:
            new = new_lines.get((old.municipality, _group(old.role)), old._replace(amount=0))
            rows.append(Change(before, after, old, new))
    return Comparison(baseline, whatif, tuple(rows))


def _group(role: str) -> str:
    """A municipality's own row is one row whatever its role; a top-up or co-funder its own."""
    return role if role in ("top-up", "co-funder") else ""
