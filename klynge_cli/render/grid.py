"""Allocations as grids of display text: a row per municipality, a column per year.

The terminal table, the Markdown table and the HTML report all draw these grids, so they show
the same figures in the same words.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import NamedTuple

from klynge_cli.engine.rules import hold_reason
from klynge_cli.engine.sweep import Sweep
from klynge_cli.engine.whatif import Comparison
from klynge_cli.render.labels import Labels
from klynge_cli.result import Allocation, ClusterYear, Role, Schedule


class GridRow(NamedTuple):
    label: str
    role: Role | None
    cells: tuple[str, ...]
    total: str
    changed: tuple[bool, ...] = ()  # per cell, for what-if highlighting


class Grid(NamedTuple):
    title: str
    years: tuple[int, ...]
    rows: tuple[GridRow, ...]
    totals: tuple[str, ...]
    grand_total: str
    notes: tuple[str, ...]

    def header(self, labels: Labels) -> list[str]:
        return [labels["municipality"], *map(str, self.years), labels["total"]]

    def body(self, labels: Labels) -> list[list[str]]:
        """The rows and the totals row as plain lists of text, for tabulate and HTML."""
        rows = [[r.label, *r.cells, r.total] for r in self.rows]
        return [*rows, [labels["total"], *self.totals, self.grand_total]]


def status_line(cy: ClusterYear, labels: Labels) -> str:
    """'2024: 13 of 16 take part (81.25 % < 85 %): pool reduced to 348,155 kr. (baseline-shares)'"""
    n, p = cy.members, len(cy.participants)
    reason = hold_reason(n, p, cy.cluster.threshold)
    decimals = cy.cluster.unit == 1
    text = f"{cy.year}: {p} {labels['of']} {n} {labels['take_part']}"
    if reason == "threshold" or reason is None:
        sign = "≥" if reason else "<"
        text += f" ({labels.percent(Fraction(p, n))} {sign} {labels.percent(cy.cluster.threshold)})"
    elif reason == "single withdrawal":
        text += f" ({labels['single withdrawal']})"
    pool = labels.kr(cy.pool, decimals=decimals)
    if cy.held:
        return f"{text}: {labels['pool_held']} {pool}"
    policy = labels.policy(cy.cluster.policy)
    if "(" in policy:  # 'grundandele (baseline-shares)': not in parentheses again
        return f"{text}: {labels['pool_reduced']} {pool}, {policy}"
    return f"{text}: {labels['pool_reduced']} {pool} ({policy})"


def cluster_grids(allocation: Allocation, labels: Labels) -> list[Grid]:
    """One grid per cluster, in file order, with the years the allocation holds."""
    grids = []
    for cluster in allocation.scenario.clusters:
        years = [cy for cy in allocation.cluster_years if cy.cluster.id == cluster.id]
        if not years:
            continue
        decimals = cluster.unit == 1
        rows = []
        by_year = [cy.lines for cy in years]
        for index, first in enumerate(by_year[0]):
            lines = [year_lines[index] for year_lines in by_year]
            label = labels.lead(first.municipality) if first.role == "lead" else first.municipality
            cells = tuple(
                labels["withdrawn"]
                if line.role == "withdrawn"
                else labels.amount(line.amount, decimals=decimals)
                for line in lines
            )
            total = labels.amount(sum(line.amount for line in lines), decimals=decimals)
            role: Role | None = (
                "withdrawn" if all(line.role == "withdrawn" for line in lines) else first.role
            )
            rows.append(GridRow(label, role, cells, total))
        grids.append(
            Grid(
                title=f"{cluster.name} ({cluster.id}): {labels['lead_pays']} {cluster.lead}, "
                f"{labels['paid_to']} {cluster.paid_to}",
                years=tuple(cy.year for cy in years),
                rows=tuple(rows),
                totals=tuple(labels.amount(cy.total, decimals=decimals) for cy in years),
                grand_total=labels.amount(sum(cy.total for cy in years), decimals=decimals),
                notes=tuple(status_line(cy, labels) for cy in years),
            )
        )
    return grids


def bill_grid(allocation: Allocation, labels: Labels) -> Grid:
    """SPEC §1: a municipality's bill is the sum over all clusters, per year."""
    years = sorted({cy.year for cy in allocation.cluster_years})
    bills: dict[str, dict[int, int]] = {}
    for cy in allocation.cluster_years:
        for line in cy.lines:
            bill = bills.setdefault(line.municipality, {})
            bill[cy.year] = bill.get(cy.year, 0) + line.amount
    decimals = any(cy.cluster.unit == 1 for cy in allocation.cluster_years)

    def cell(amount: int | None) -> str:
        return "–" if not amount else labels.amount(amount, decimals=decimals)

    rows = tuple(
        GridRow(
            name,
            None,
            tuple(cell(bills[name].get(y)) for y in years),
            cell(sum(bills[name].values())),
        )
        for name in sorted(bills)
    )
    year_totals = [sum(bill.get(y, 0) for bill in bills.values()) for y in years]
    return Grid(
        title=labels["bill_title"],
        years=tuple(years),
        rows=rows,
        totals=tuple(cell(t) for t in year_totals),
        grand_total=cell(sum(year_totals)),
        notes=(),
    )


def allocation_grids(allocation: Allocation, labels: Labels) -> list[Grid]:
    """The cluster grids, and the bill across clusters when there are several."""
    grids = cluster_grids(allocation, labels)
    if len(grids) > 1:
        grids.append(bill_grid(allocation, labels))
    return grids


class ScheduleView(NamedTuple):
    """The schedule for people: rows grouped by due date, milestones among them, and notes."""

    title: str
    header: tuple[str, ...]
    groups: tuple[tuple[tuple[str, ...], ...], ...]  # per due date: rows of cells
    notes: tuple[str, ...]

    def rows(self) -> list[list[str]]:
        return [list(row) for group in self.groups for row in group]


def schedule_view(schedule: Schedule, labels: Labels) -> ScheduleView:
    decimals = any(c.unit == 1 for c in schedule.scenario.clusters)
    entries: list[tuple[date, int, tuple[str, ...]]] = [
        (
            p.due,
            0,
            (
                labels.short_date(p.due),
                str(p.year),
                p.cluster.id,
                labels[p.kind],
                p.payer,
                p.payee,
                labels.amount(p.amount, decimals=decimals),
            ),
        )
        for p in schedule.payments
    ]
    entries.extend(
        (
            m.due,
            1,
            (labels.short_date(m.due), str(m.year), m.cluster.id, labels["reconfirm"], "", "", ""),
        )
        for m in schedule.milestones
    )
    entries.sort(key=lambda entry: entry[:2])  # stable: payments keep the contract's order
    groups: list[list[tuple[str, ...]]] = []
    last: date | None = None
    for due, _, cells in entries:
        if due != last:
            groups.append([])
            last = due
        groups[-1].append(cells if len(groups[-1]) == 0 else ("", *cells[1:]))
    notes = tuple(
        labels["prefinances"].format(
            lead=p.lead,
            amount=labels.kr(p.amount, decimals=decimals),
            days=p.days,
            start=labels.short_date(p.paid),
            end=labels.short_date(p.collected),
            cluster=p.cluster.name,
            year=p.year,
        )
        for p in schedule.prefinancing
    )
    header = ("due_date", "year", "cluster", "kind", "payer", "payee", "amount")
    return ScheduleView(
        title=f"{labels['schedule_title']}: {schedule.scenario.name}",
        header=(*(labels[h] for h in header[:-1]), labels.with_unit(labels[header[-1]])),
        groups=tuple(tuple(g) for g in groups),
        notes=notes,
    )


def _with_change(old: int, new: int, labels: Labels, decimals: bool) -> str:
    """'31,237 kr. (+6,945 kr.)', or just the amount when nothing changed."""
    text = labels.amount(new, decimals=decimals)
    return f"{text} ({labels.signed_amount(new - old, decimals=decimals)})" if new != old else text


def _status_short(cy: ClusterYear, labels: Labels) -> str:
    decimals = cy.cluster.unit == 1
    state = labels["held"] if cy.held else labels["reduced"]
    return f"{state} {len(cy.participants)}/{cy.members}, {labels.kr(cy.pool, decimals=decimals)}"


def _comparison_note(before: ClusterYear, after: ClusterYear, labels: Labels) -> str:
    """'2024: held 16/16, 500,000 kr. → reduced 13/16, 348,155 kr. (81.25 % < 85 %, …)'."""
    note = f"{before.year}: {_status_short(before, labels)} → {_status_short(after, labels)}"
    if after.held:
        return note
    cluster = after.cluster
    ratio = labels.percent(Fraction(len(after.participants), after.members))
    policy = labels.policy(cluster.policy)
    if "(" in policy:  # 'grundandele (baseline-shares)': not in parentheses again
        return f"{note} ({ratio} < {labels.percent(cluster.threshold)}), {policy}"
    return f"{note} ({ratio} < {labels.percent(cluster.threshold)}, {policy})"


def comparison_grids(comparison: Comparison, labels: Labels) -> list[Grid]:
    """Per cluster: what-if amounts, each change shown beside it; the status before → after."""
    grids = []
    for cluster in comparison.baseline.scenario.clusters:
        pairs = [(b, a) for b, a in comparison.years if b.cluster.id == cluster.id]
        if not pairs:
            continue
        decimals = cluster.unit == 1
        rows = []
        line_pairs = [(b.lines, a.lines) for b, a in pairs]
        for index, first in enumerate(line_pairs[0][1]):
            cells, changed = [], []
            for before, after in line_pairs:
                old, new = before[index], after[index]
                text = _with_change(old.amount, new.amount, labels, decimals)
                if new.role == "withdrawn":
                    text = labels["withdrawn"] + text[len(labels.amount(0, decimals=decimals)) :]
                cells.append(text)
                changed.append(old.amount != new.amount or old.role != new.role)
            total = _with_change(
                sum(b[index].amount for b, _ in line_pairs),
                sum(a[index].amount for _, a in line_pairs),
                labels,
                decimals,
            )
            label = labels.lead(first.municipality) if first.role == "lead" else first.municipality
            rows.append(GridRow(label, first.role, tuple(cells), total, tuple(changed)))
        grids.append(
            Grid(
                title=f"{cluster.name} ({cluster.id}): {labels['what-if']}",
                years=tuple(b.year for b, _ in pairs),
                rows=tuple(rows),
                totals=tuple(_with_change(b.total, a.total, labels, decimals) for b, a in pairs),
                grand_total=_with_change(
                    sum(b.total for b, _ in pairs), sum(a.total for _, a in pairs), labels, decimals
                ),
                notes=tuple(_comparison_note(b, a, labels) for b, a in pairs),
            )
        )
    return grids


class SweepView(NamedTuple):
    title: str
    story: tuple[str, ...]
    count_header: tuple[str, ...]
    counts: tuple[tuple[str, ...], ...]
    worst_header: tuple[str, ...]
    worst: tuple[tuple[str, ...], ...]


def sweep_view(sweep: Sweep, labels: Labels) -> SweepView:
    decimals = sweep.cluster.unit == 1

    def kr(ore: int) -> str:
        return labels.amount(ore, decimals=decimals)

    held_up_to = max((c.withdrawals for c in sweep.by_count if c.held), default=None)
    first_reduced = min((c.withdrawals for c in sweep.by_count if c.reduced), default=None)
    story = [
        labels["sweep_story"].format(
            p=len(sweep.participants),
            n=len(sweep.cluster.members),
            year=sweep.year,
            k=sweep.max_withdrawals,
            combinations=labels.number(sum(c.combinations for c in sweep.by_count)),
        )
    ]
    if held_up_to is not None:
        story.append(labels["sweep_held"].format(k=held_up_to))
    if first_reduced is not None:
        policy = labels.policy(sweep.cluster.policy)
        story.append(labels["sweep_reduced"].format(k=first_reduced, policy=policy))
    counts = tuple(
        (
            str(c.withdrawals),
            labels.number(c.combinations),
            labels.number(c.held),
            labels.number(c.reduced),
            kr(c.min_pool),
            kr(c.max_pool),
        )
        for c in sweep.by_count
    )
    worst = tuple(
        (
            w.municipality,
            kr(w.baseline),
            kr(w.max),
            labels.signed_amount(w.max - w.baseline, decimals=decimals)
            if w.max != w.baseline
            else "",
            ", ".join(w.max_when) if w.max_when else labels["as_it_is"],
        )
        for w in sweep.by_municipality
    )
    count_header = ("more_withdrawals", "combinations", "count_held", "count_reduced")
    worst_header = ("municipality", "now", "worst_case", "increase", "when_these_leave")
    return SweepView(
        title=f"{labels['sweep_title']}: {sweep.cluster.name} ({sweep.cluster.id}), {sweep.year}",
        story=tuple(story),
        count_header=(
            *(labels[h] for h in count_header),
            labels.with_unit(labels["smallest_pool"]),
            labels.with_unit(labels["largest_pool"]),
        ),
        counts=counts,
        worst_header=tuple(
            labels.with_unit(labels[h]) if h in ("now", "worst_case", "increase") else labels[h]
            for h in worst_header
        ),
        worst=worst,
    )
