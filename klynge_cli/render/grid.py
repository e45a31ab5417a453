"""Allocations as grids of display text: a row per municipality, a column per year.

The terminal table, the Markdown table and the HTML report all draw these grids, so they show
the same figures in the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import NamedTuple

from klynge_cli.engine.rules import hold_reason
from klynge_cli.engine.sweep import Sweep
from klynge_cli.engine.whatif import Change, Comparison
from klynge_cli.model import Cluster
from klynge_cli.render.labels import Labels
from klynge_cli.result import Allocation, ClusterYear, Line, Role, Schedule


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


def decimals_of(cluster_years: Sequence[ClusterYear]) -> bool:
    """Show øre when any of these years is rounded to the øre."""
    return any(cy.terms.unit == 1 for cy in cluster_years)


def status_line(cy: ClusterYear, labels: Labels) -> str:
    """'2024: 13 of 16 take part (81.25 % < 85 %): pool reduced to 348,155 kr. (baseline-shares)',
    or under a formula without a pool (R13) '2025: 11 of 11 pay (per-capita)'; top-ups and
    co-funding, if any, after it."""
    n, p = cy.members, len(cy.participants)
    decimals = cy.terms.unit == 1
    extras = _extras(cy, labels)
    if cy.held is None:
        pay = labels["they_pay"]
        return f"{cy.year}: {p} {labels['of']} {n} {pay} ({cy.terms.formula}){extras}"
    reason = hold_reason(n, p, cy.terms.threshold)
    text = f"{cy.year}: {p} {labels['of']} {n} {labels['take_part']}"
    if reason == "threshold" or reason is None:
        sign = "≥" if reason else "<"
        text += f" ({labels.percent(Fraction(p, n))} {sign} {labels.percent(cy.terms.threshold)})"
    elif reason == "single withdrawal":
        text += f" ({labels['single withdrawal']})"
    pool = labels.kr(cy.pool, decimals=decimals)
    if cy.held:
        return f"{text}: {labels['pool_held']} {pool}{extras}"
    policy = labels.policy(cy.terms.policy)
    if "(" in policy:  # 'grundandele (baseline-shares)': not in parentheses again
        return f"{text}: {labels['pool_reduced']} {pool}, {policy}{extras}"
    return f"{text}: {labels['pool_reduced']} {pool} ({policy}){extras}"


def _extras(cy: ClusterYear, labels: Labels) -> str:
    """'; top-ups 25,000 kr.; co-funded 2,500,000 kr.' (R14, R15), or ''."""
    decimals = cy.terms.unit == 1
    parts = [
        f"{labels[word]} {labels.kr(amount, decimals=decimals)}"
        for word, amount in (("top_ups", cy.top_ups), ("co_funded", cy.co_funded))
        if amount
    ]
    return "".join(f"; {part}" for part in parts)


RowKey = tuple[str, str]  # (name, "" for a municipality's own row, or "top-up"/"co-funder")
ROW_ORDER = {"lead": 0, "member": 1, "withdrawn": 1, "top-up": 2, "co-funder": 3}


def row_key(line: Line) -> RowKey:
    return (line.municipality, line.role if line.role in ("top-up", "co-funder") else "")


def keyed_rows(
    years: Sequence[ClusterYear],
) -> list[tuple[RowKey, list[Line | None]]]:
    """A cluster's rows over several years, each with its line in every year (None where it has
    none: a top-up or co-funder of some years only), in allocate's order."""
    first_seen: dict[RowKey, Line] = {}
    by_year: list[dict[RowKey, Line]] = []
    for cy in years:
        lines = {row_key(line): line for line in cy.lines}
        by_year.append(lines)
        for key, line in lines.items():
            first_seen.setdefault(key, line)
    order = sorted(first_seen, key=lambda k: (ROW_ORDER[first_seen[k].role], k[0]))
    return [(key, [lines.get(key) for lines in by_year]) for key in order]


def row_label(line: Line, labels: Labels) -> str:
    """'Næstved (lead)', 'Faxe', 'Faxe (top-up)', 'Region Sjælland (co-funder)'."""
    if line.role == "lead":
        return labels.lead(line.municipality)
    if line.role in ("top-up", "co-funder"):
        return f"{line.municipality} ({labels[line.role]})"
    return line.municipality


def _payees(cluster: Cluster, years: Sequence[ClusterYear]) -> str:
    return ", ".join(dict.fromkeys(cluster.paid_to(cy.year) for cy in years))


def cluster_grids(allocation: Allocation, labels: Labels) -> list[Grid]:
    """One grid per cluster, in file order, with the years the allocation holds."""
    grids = []
    for cluster in allocation.scenario.clusters:
        years = [cy for cy in allocation.cluster_years if cy.cluster.id == cluster.id]
        if not years:
            continue
        decimals = decimals_of(years)
        rows = []
        for _, lines in keyed_rows(years):
            first = next(line for line in lines if line is not None)
            cells = tuple(
                "–"
                if line is None
                else labels["withdrawn"]
                if line.role == "withdrawn"
                else labels.amount(line.amount, decimals=decimals)
                for line in lines
            )
            total = labels.amount(sum(line.amount for line in lines if line), decimals=decimals)
            role: Role | None = (
                "withdrawn" if all(line and line.role == "withdrawn" for line in lines)
                else first.role
            )  # fmt: skip
            rows.append(GridRow(row_label(first, labels), role, cells, total))
        grids.append(
            Grid(
                title=f"{cluster.name} ({cluster.id}): {labels['lead_pays']} {cluster.lead}, "
                f"{labels['paid_to']} {_payees(cluster, years)}",
                years=tuple(cy.year for cy in years),
                rows=tuple(rows),
                totals=tuple(labels.amount(cy.total, decimals=decimals) for cy in years),
                grand_total=labels.amount(sum(cy.total for cy in years), decimals=decimals),
                notes=tuple(status_line(cy, labels) for cy in years),
            )
        )
    return grids


def bill_grid(allocation: Allocation, labels: Labels) -> Grid:
    """SPEC §1: a municipality's bill is the sum over all clusters, per year (its top-ups
    included; co-funders are not municipalities and have no bill here)."""
    years = sorted({cy.year for cy in allocation.cluster_years})
    bills: dict[str, dict[int, int]] = {}
    for cy in allocation.cluster_years:
        for line in cy.lines:
            if line.role == "co-funder":
                continue
            bill = bills.setdefault(line.municipality, {})
            bill[cy.year] = bill.get(cy.year, 0) + line.amount
    decimals = decimals_of(allocation.cluster_years)

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
    decimals = any(t.unit == 1 for c in schedule.scenario.clusters for t in c.periods)
    entries: list[tuple[date, int, tuple[str, ...]]] = [
        (
            p.due,
            0,
            (
                labels.short_date(p.due),
                str(p.year),
                p.cluster.id,
                f"{labels[p.kind]} ({labels['top-up']})" if p.top_up else labels[p.kind],
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
    decimals = cy.terms.unit == 1
    word = "they_pay" if cy.held is None else "held" if cy.held else "reduced"
    state = labels[word]
    return f"{state} {len(cy.participants)}/{cy.members}, {labels.kr(cy.pool, decimals=decimals)}"


def _comparison_note(before: ClusterYear, after: ClusterYear, labels: Labels) -> str:
    """'2024: held 16/16, 500,000 kr. → reduced 13/16, 348,155 kr. (81.25 % < 85 %, …)'."""
    note = f"{before.year}: {_status_short(before, labels)} → {_status_short(after, labels)}"
    if after.held is not False:
        return note
    terms = after.terms
    ratio = labels.percent(Fraction(len(after.participants), after.members))
    policy = labels.policy(terms.policy)
    if "(" in policy:  # 'grundandele (baseline-shares)': not in parentheses again
        return f"{note} ({ratio} < {labels.percent(terms.threshold)}), {policy}"
    return f"{note} ({ratio} < {labels.percent(terms.threshold)}, {policy})"


def comparison_grids(comparison: Comparison, labels: Labels) -> list[Grid]:
    """Per cluster: what-if amounts, each change shown beside it; the status before → after."""
    grids = []
    for cluster in comparison.baseline.scenario.clusters:
        pairs = [(b, a) for b, a in comparison.years if b.cluster.id == cluster.id]
        if not pairs:
            continue
        decimals = decimals_of([b for b, _ in pairs])
        rows = []
        changes = [c for c in comparison.rows if c.baseline_year.cluster.id == cluster.id]
        by_year: dict[int, dict[RowKey, Change]] = {}
        for change in changes:
            by_year.setdefault(change.baseline_year.year, {})[row_key(change.baseline)] = change
        for key, lines in keyed_rows([b for b, _ in pairs]):
            first = next(line for line in lines if line is not None)
            cells, changed, olds, news = [], [], 0, 0
            for before, _ in pairs:
                found = by_year.get(before.year, {}).get(key)
                if found is None:
                    cells.append("–")
                    changed.append(False)
                    continue
                old, new = found.baseline, found.whatif
                text = _with_change(old.amount, new.amount, labels, decimals)
                if new.role == "withdrawn":
                    text = labels["withdrawn"] + text[len(labels.amount(0, decimals=decimals)) :]
                cells.append(text)
                changed.append(old.amount != new.amount or old.role != new.role)
                olds, news = olds + old.amount, news + new.amount
            total = _with_change(olds, news, labels, decimals)
            rows.append(
                GridRow(row_label(first, labels), first.role, tuple(cells), total, tuple(changed))
            )
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
    terms = sweep.cluster.terms(sweep.year)
    decimals = terms.unit == 1

    def kr(ore: int) -> str:
        return labels.amount(ore, decimals=decimals)

    held_up_to = max((c.withdrawals for c in sweep.by_count if c.held), default=None)
    first_reduced = min((c.withdrawals for c in sweep.by_count if c.reduced), default=None)
    if sweep.formula != "pool":
        return SweepView(
            title=f"{labels['sweep_title']}: {sweep.cluster.name} ({sweep.cluster.id}), "
            f"{sweep.year}",
            story=(labels["sweep_no_pool"].format(formula=sweep.formula, year=sweep.year),),
            count_header=(),
            counts=(),
            worst_header=(),
            worst=(),
        )
    story = [
        labels["sweep_story"].format(
            p=len(sweep.participants),
            n=len(sweep.cluster.members),
            year=sweep.year,
            k=sweep.max_withdrawals,
            combinations=labels.number(sum(c.combinations for c in sweep.by_count)),
        )
    ]
    if held_up_to:
        story.append(labels["sweep_held"].format(k=held_up_to))
    elif held_up_to == 0:
        story.append(labels["sweep_held_none"])
    if first_reduced is not None:
        policy = labels.policy(terms.policy)
        if first_reduced == 0:
            story.append(labels["sweep_reduced_now"].format(policy=policy))
        else:
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
