"""Dates and money flows of SPEC R9: collect, pay, reconfirm, and the lead's pre-financing.

Seed 000: the lead collects the others' shares "ultimo året" for the following year, pays the
whole amount to Gate 21 in January, and the agreement is reconfirmed each October.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

from klynge_cli.errors import KlyngeError
from klynge_cli.model import Cluster, DateKind
from klynge_cli.result import (
    KIND_ORDER,
    Allocation,
    Milestone,
    Payment,
    Prefinancing,
    Schedule,
)


def due_date(cluster: Cluster, year: int, kind: DateKind) -> date:
    """The date of `kind` for financed `year`: an override as given, else the rule's date.

    Dates from rules move off weekends and bank holidays when `business_days` is set. An
    override is the user's explicit date and is kept; the reconfirmation is a meeting in
    October, not a payment, and is kept too.
    """
    override = cluster.schedule.overrides.get(year, {}).get(kind)
    if override is not None:
        return override
    day = cluster.schedule.rule(kind).date_for(year)
    direction = cluster.schedule.business_days
    if direction is None or kind == "reconfirm":
        return day
    step = timedelta(days=-1 if direction == "preceding" else 1)
    while day.weekday() >= 5 or day in _bank_closing_days(day.year, cluster):
        day += step
    return day


def _bank_closing_days(year: int, cluster: Cluster) -> frozenset[date]:
    from holidays.countries.denmark import Denmark

    if not Denmark.start_year <= year <= Denmark.end_year:
        raise KlyngeError(
            f"business_days: the Danish holiday calendar covers {Denmark.start_year}-"
            f"{Denmark.end_year}, not {year} (cluster {cluster.id})",
            cluster.where,
        )
    return _closing_days_in(year)


@functools.cache
def _closing_days_in(year: int) -> frozenset[date]:
    """Danish public holidays plus the days Danish banks also close (June 5, Dec 24, Dec 31 and
    the Friday after Ascension Day), from the `holidays` library."""
    import holidays

    public = holidays.country_holidays("DK", years=year, language="en_US")
    ascension = public.get_named("Ascension Day")
    extra = {date(year, 6, 5), date(year, 12, 24), date(year, 12, 31)}
    extra.update(day + timedelta(days=1) for day in ascension)
    return frozenset(public) | extra


def schedule(allocation: Allocation) -> Schedule:
    """Every dated payment, milestone and pre-financing of the allocation, in contract order.

    Per cluster and year: each paying member's share is collected by the lead (its top-up in a
    row of its own right after, R15), the lead pays the payee its amount, the members' and every
    top-up, and each co-funder pays the payee directly on the same day (R14). A zero amount
    gives no row.
    """
    payments: list[Payment] = []
    milestones: list[Milestone] = []
    prefinancing: list[Prefinancing] = []
    for cy in allocation.cluster_years:
        cluster, year = cy.cluster, cy.year
        collect = due_date(cluster, year, "collect")
        pay = due_date(cluster, year, "pay")
        payee = cluster.paid_to(year)
        lines = cy.lines
        top_up = {line.municipality: line.amount for line in lines if line.role == "top-up"}
        collected = 0
        for line in lines:
            if line.role != "member":
                continue
            for amount, extra in ((line.amount, False), (top_up.get(line.municipality, 0), True)):
                if amount:
                    payments.append(
                        Payment(collect, year, cluster, "collect", line.municipality,
                                cluster.lead, amount, extra)
                    )  # fmt: skip
                    collected += amount
        if cy.to_payee:
            payments.append(Payment(pay, year, cluster, "pay", cluster.lead, payee, cy.to_payee))
        for line in lines:
            if line.role == "co-funder" and line.amount:
                payments.append(
                    Payment(pay, year, cluster, "co-fund", line.municipality, payee, line.amount)
                )
        if year != cluster.first_year:
            milestones.append(Milestone(due_date(cluster, year, "reconfirm"), year, cluster))
        if pay < collect and collected:
            prefinancing.append(Prefinancing(cluster, year, cluster.lead, collected, pay, collect))
    order = {cluster.id: index for index, cluster in enumerate(allocation.scenario.clusters)}
    payments.sort(key=lambda p: (p.due, order[p.cluster.id], KIND_ORDER[p.kind], p.payer, p.year))
    milestones.sort(key=lambda m: (m.due, order[m.cluster.id], m.year))
    return Schedule(
        allocation.scenario,
        tuple(payments),
        tuple(milestones),
        tuple(prefinancing),
        allocation.warnings,
    )
