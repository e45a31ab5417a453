"""The outcome of every withdrawal set a what-if page offers, from the rules (SPEC R2-R8).

For one cluster and year, the members a reader may tick are the participants that the scenario
never withdraws from that cluster: a member the scenario withdraws (before, in or after that
year) cannot be withdrawn again, as `klynge whatif` refuses a second withdrawal. A set of ticked
members "leaves from this year", exactly as `klynge whatif --withdraw NAME@YEAR --cluster ID`
means it, and its outcome is read at that year.

Whether the pool holds, and whether an outcome needs a split at all, depend only on how many
leave, so each size k is classified once:

- `split`: every set of k needs its own split (the pool is held, or redistributed by `pro-rata`
  or `fixed`); each set's amounts are computed here with `split_pool` and embedded;
- `lookup`: no split is needed (below the threshold under `baseline-shares` every participant
  left pays its full-participation amount, as the sweep knows from `split_one_by_one`);
- `refused`: `klynge whatif` reports an input error for such a set (the message is kept);
- `beyond`: the sets of this size would need more work than the page may do (`limits.py`);
  the page says so and names the command that answers it.

The work is bounded before it is done: each cluster-year gets a share of `MAX_WHATIF_STEPS`
(at most `MAX_WHATIF_YEAR_STEPS`), sizes are taken smallest first, and a size whose splits do
not fit in what is left is `beyond`, and so is every larger size that needs splits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from math import comb
from typing import Literal, NamedTuple

from klynge_cli.engine.rules import (
    pool_held,
    populations_for,
    problems,
    split_pool,
    withdrawn_from,
)
from klynge_cli.engine.sweep import split_one_by_one
from klynge_cli.errors import Where
from klynge_cli.limits import MAX_WHATIF_STEPS, MAX_WHATIF_YEAR_STEPS
from klynge_cli.model import Cluster, Scenario, Terms, Withdrawal
from klynge_cli.result import Allocation, ClusterYear

Kind = Literal["split", "lookup", "refused", "beyond"]

PAGE = Where("what-if page")


class SizeOutcome(NamedTuple):
    """What happens when `withdrawals` of the tickable members leave (any such set)."""

    withdrawals: int
    participants: int  # p after they leave
    held: bool | None  # None: the year's formula has no pool (R13)
    kind: Kind
    refusal: str | None = None  # `klynge whatif`'s message, for `refused`


class YearOutcomes(NamedTuple):
    """One cluster-year of the page: the scenario as written and every set it offers."""

    year: ClusterYear  # the scenario as written
    tickable: tuple[str, ...]  # name order
    sizes: tuple[SizeOutcome, ...]  # for 0..len(tickable) withdrawals
    # Embedded sets (`split` sizes): the names that leave (name order) → the amount (øre) of
    # every participant left, in the order of `year.participants`.
    splits: Mapping[tuple[str, ...], tuple[int, ...]]
    full: Mapping[str, int]  # full-participation amounts, for `lookup` sizes ({} if none)

    def amounts(self, leaving: Sequence[str]) -> dict[str, int] | None:
        """Every participant's amount when `leaving` leave (None: refused or not embedded)."""
        gone = tuple(sorted(leaving))
        size = self.sizes[len(gone)]
        left = [m for m in self.year.participants if m not in gone]
        if size.kind == "lookup":
            return {m: self.full[m] for m in left}
        if size.kind == "split" and gone in self.splits:
            return dict(zip(left, self.splits[gone], strict=True))
        return None


def outcomes(
    allocation: Allocation,
    max_steps: int = MAX_WHATIF_STEPS,
    max_year_steps: int = MAX_WHATIF_YEAR_STEPS,
) -> tuple[YearOutcomes, ...]:
    """Every cluster-year of the allocation (the scenario as written), with the outcome of
    every withdrawal set of its tickable members that fits in the work limits."""
    scenario = allocation.scenario
    years = allocation.cluster_years
    budget = min(max_year_steps, max_steps // max(len(years), 1))
    rulings = Rulings(scenario)
    return tuple(_year(scenario, cy, budget, rulings) for cy in years)


def _year(scenario: Scenario, cy: ClusterYear, budget: int, rulings: Rulings) -> YearOutcomes:
    cluster, year, terms = cy.cluster, cy.year, cy.terms
    ever_withdrawn = withdrawn_from(scenario).get(cluster.id, {})
    tickable = tuple(m for m in cy.participants if m not in ever_withdrawn)
    n, p = len(cluster.members), len(cy.participants)
    written = {line.municipality: line.amount for line in cy.lines if line.role == "member"}
    splits: dict[tuple[str, ...], tuple[int, ...]] = {
        (): tuple(written[m] for m in cy.participants)
    }
    formula = terms.formula != "pool"  # R13: each pays for itself, whoever leaves: a lookup
    sizes = [SizeOutcome(0, p, None if formula else cy.held, "lookup" if formula else "split")]
    full: dict[str, int] = written if formula else {}
    population = populations_for(scenario, year)
    spent = 0
    splitting = True  # until a size of splits does not fit: then every larger one is beyond
    holds = [None] * (p + 1) if formula else rulings.holds(cluster, terms, p)
    for k in range(1, len(tickable) + 1):
        held = holds[p - k]
        cost = rulings.cost(cluster, year, k)
        if spent + cost > budget:
            sizes.append(SizeOutcome(k, p - k, held, "beyond"))
            continue
        spent += cost
        # Checked in formula years too: leaving from this year may leave a later year of
        # another period (a pool under `fixed`, say) without an amount, and `whatif` refuses.
        refusal = rulings.refusal(cluster, year, tickable[:k])
        if refusal is not None:
            sizes.append(SizeOutcome(k, p - k, held, "refused", refusal))
            continue
        if formula:
            sizes.append(SizeOutcome(k, p - k, None, "lookup"))
            continue
        if not split_one_by_one(terms, n, p - k):
            if not full:
                full = split_pool(cluster, year, cluster.members, population).amounts
                spent += n
            sizes.append(SizeOutcome(k, p - k, held, "lookup"))
            continue
        cost = comb(len(tickable), k) * (p - k)
        if not splitting or spent + cost > budget:
            splitting = False
            sizes.append(SizeOutcome(k, p - k, held, "beyond"))
            continue
        spent += cost
        for leaving in combinations(tickable, k):
            left = [m for m in cy.participants if m not in leaving]
            amounts = split_pool(cluster, year, left, population).amounts
            splits[leaving] = tuple(amounts[m] for m in left)
        sizes.append(SizeOutcome(k, p - k, held, "split"))
    return YearOutcomes(cy, tickable, tuple(sizes), splits, full)


class Rulings:
    """What the rules say about k of a cluster's tickable members leaving, worked out once per
    cluster: whether the pool holds, and whether `klynge whatif` answers at all.

    The rules refuse by the number of participants in each year (nobody left to pay a held
    pool; a `fixed` year below the threshold without its amount), so one set stands for every
    set of its size. The tickable members are the same in every year of a cluster, so sets that
    leave from the cluster's first year give the same counts from any later year on: when they
    are refused nowhere, no year refuses k, and the other years need no check of their own.
    Only the one cluster is checked: the others stay as written, and the scenario was valid.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.done: dict[tuple[str, int | None, int], str | None] = {}
        self.held: dict[tuple[str, int], list[bool]] = {}

    def holds(self, cluster: Cluster, terms: Terms, participants: int) -> list[bool]:
        """Whether the pool holds (R3) with 0, 1, ... `participants` participants: the same in
        every year of a period, so worked out once per period."""
        known = self.held.setdefault((cluster.id, terms.first_year), [])
        n = len(cluster.members)
        known += [pool_held(n, p, terms.threshold) for p in range(len(known), participants + 1)]
        return known

    def cost(self, cluster: Cluster, year: int, k: int) -> int:
        """At most the steps `refusal` will take for k leaving from `year`: a check reads every
        member in every year of the cluster; 0 when the answer is known."""
        first = self.done.get((cluster.id, None, k), "unknown")
        if first == "unknown":
            checks = 1 if year == cluster.first_year else 2
        elif first is None or year == cluster.first_year or (cluster.id, year, k) in self.done:
            checks = 0
        else:
            checks = 1
        return checks * len(cluster.members) * len(cluster.years)

    def refusal(self, cluster: Cluster, year: int, leaving: Sequence[str]) -> str | None:
        """`klynge whatif`'s message when `leaving` leave `cluster` from `year` (None: none)."""
        k = len(leaving)
        first = (cluster.id, None, k)
        if first not in self.done:
            self.done[first] = self._problem(cluster, cluster.first_year, leaving)
        if self.done[first] is None or year == cluster.first_year:
            return self.done[first]
        if (cluster.id, year, k) not in self.done:
            self.done[(cluster.id, year, k)] = self._problem(cluster, year, leaving)
        return self.done[(cluster.id, year, k)]

    def _problem(self, cluster: Cluster, year: int, leaving: Sequence[str]) -> str | None:
        scenario = self.scenario
        extra = tuple(Withdrawal(m, cluster.id, year, None, PAGE) for m in leaving)
        own = tuple(w for w in scenario.withdrawals if w.cluster == cluster.id)
        found = problems(scenario._replace(clusters=(cluster,), withdrawals=own + extra))
        return found[0].message if found else None
