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
    """Row for row: withdrawals change roles and amounts, never which rows exist."""
    rows = tuple(
        Change(before, after, old, new)
        for before, after in zip(baseline.cluster_years, whatif.cluster_years, strict=True)
        for old, new in zip(before.lines, after.lines, strict=True)
    )
    return Comparison(baseline, whatif, rows)
