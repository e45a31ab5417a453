"""Every set of extra withdrawals up to size K in one cluster-year: who pays most, and when.

The sweep reports, for each number of withdrawals k, how many combinations keep the pool, and
the smallest and largest pool; and for each participant the most it pays in any combination in
which it still takes part, with the first combination reaching it (fewest withdrawals first,
then the sorted name lists in code-point order).

Most of it is derived rather than enumerated. Whether the pool holds depends only on k. Below
the threshold under `baseline-shares`, every participant pays its fixed full-participation
amount, so a k needs no split at all: its pools come from sorting those amounts. Only the k that
really redistribute (held, or `pro-rata`/`fixed`) are enumerated: for the seed case with all
2^16 sets, that is 137 splits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import combinations
from math import comb
from typing import NamedTuple

from klynge_cli.engine.rules import (
    members_pay,
    participants_in,
    pool_held,
    populations_for,
    problems,
    split_pool,
    withdrawn_from,
)
from klynge_cli.errors import KlyngeError, raise_all
from klynge_cli.limits import MAX_SWEEP_STEPS, STEP_MICROSECONDS
from klynge_cli.model import Cluster, Formula, Scenario, Terms

Progress = Callable[[int, int], None]  # (sets done, sets to enumerate)


class CountSummary(NamedTuple):
    withdrawals: int
    combinations: int
    held: int
    reduced: int
    min_pool: int
    max_pool: int


class WorstCase(NamedTuple):
    municipality: str
    baseline: int
    max: int
    max_when: tuple[str, ...]


class Sweep(NamedTuple):
    cluster: Cluster
    year: int
    participants: tuple[str, ...]
    max_withdrawals: int
    by_count: tuple[CountSummary, ...]
    by_municipality: tuple[WorstCase, ...]
    formula: Formula = "pool"  # per-capita or bands: nothing is redistributed, nothing swept


def split_one_by_one(terms: Terms, members: int, participants: int) -> bool:
    """Whether sets of `members - participants` withdrawals redistribute money and must each
    be split; below the threshold under baseline-shares every amount is already known."""
    return pool_held(members, participants, terms.threshold) or terms.policy != "baseline-shares"


def enumerated_sets(terms: Terms, members: int, participants: int, k_max: int) -> int:
    """How many withdrawal sets the sweep splits one by one (for a progress bar)."""
    return sum(
        comb(participants, k)
        for k in range(k_max + 1)
        if split_one_by_one(terms, members, participants - k)
    )


def sweep_steps(terms: Terms, members: int, participants: int, k_max: int) -> int:
    """The work of a sweep: each set split one by one costs a step per participant left."""
    return sum(
        comb(participants, k) * (participants - k)
        for k in range(k_max + 1)
        if split_one_by_one(terms, members, participants - k)
    )


def check_size(
    cluster: Cluster, terms: Terms, members: int, participants: int, k_max: int, limit: int
) -> None:
    """Refuse a sweep above `limit` steps before it starts, saying what would fit (limits.py)."""
    steps = sweep_steps(terms, members, participants, k_max)
    if steps <= limit:
        return
    sets = enumerated_sets(terms, members, participants, k_max)
    fitting = max(
        (k for k in range(k_max) if sweep_steps(terms, members, participants, k) <= limit),
        default=0,
    )
    seconds = steps * STEP_MICROSECONDS // 1_000_000
    allow = f", or allow it (--max-steps {steps})" if seconds < 86_400 else ""
    raise KlyngeError(
        f"sweeping up to {k_max} more withdrawals among {participants} participants of "
        f"{cluster.id} splits the pool {sets:,} times: {steps:,} steps, {_duration(seconds)}; "
        f"klynge stops at {limit:,} steps (docs/limits.md). Sweep fewer "
        f"(--max-withdrawals {fitting}){allow}; a long sweep shows its progress on a terminal"
    )


def _duration(seconds: int) -> str:
    """'about 30 seconds', 'about 3 hours', 'more than a million years' (a rough estimate)."""
    for size, unit in ((31_557_600, "year"), (86_400, "day"), (3_600, "hour"), (60, "minute")):
        if seconds >= size:
            count = seconds // size
            if unit == "year" and count > 1_000_000:
                return "more than a million years"
            return f"roughly {count:,} {unit}{'s' if count > 1 else ''}"
    return f"roughly {seconds} seconds" if seconds > 1 else "about a second"


def sweep(
    scenario: Scenario,
    cluster: Cluster,
    year: int,
    max_withdrawals: int | None,
    progress: Progress | None = None,
    max_steps: int = MAX_SWEEP_STEPS,
) -> Sweep:
    """Sweep extra withdrawals of 0..max_withdrawals (None: all) among the year's participants,
    refusing one above `max_steps` before it starts."""
    raise_all(problems(scenario))
    population = populations_for(scenario, year)
    participants = participants_in(cluster, year, withdrawn_from(scenario))
    names = tuple(sorted(participants))
    n, p = len(cluster.members), len(names)
    k_max = p if max_withdrawals is None else min(max_withdrawals, p)
    terms = cluster.terms(year)
    if terms.formula != "pool":  # R13: each pays for itself; a withdrawal moves nothing
        amounts = members_pay(cluster, year, names, population).amounts
        worst = tuple(WorstCase(m, amounts[m], amounts[m], ()) for m in names)
        return Sweep(cluster, year, names, 0, (), worst, terms.formula)
    _check_fixed(cluster, terms, year, n, p, k_max)
    check_size(cluster, terms, n, p, k_max, max_steps)
    full = split_pool(cluster, year, cluster.members, population).amounts
    best: dict[str, tuple[int, tuple[str, ...]]] = {}
    by_count = []
    total = enumerated_sets(terms, n, p, k_max)
    done = 0
    for k in range(k_max + 1):
        if not split_one_by_one(terms, n, p - k):
            by_count.append(_baseline_shares_k(k, names, full, best))
            continue
        held = pool_held(n, p - k, terms.threshold)
        pools = []
        for withdrawn in combinations(names, k):
            left = [m for m in names if m not in withdrawn]
            amounts = split_pool(cluster, year, left, population).amounts
            pools.append(sum(amounts.values()))
            for m, amount in amounts.items():
                if m not in best or amount > best[m][0]:
                    best[m] = (amount, withdrawn)
            done += 1
            if progress is not None and done % 512 == 0:
                progress(done, total)
        by_count.append(
            CountSummary(
                k,
                len(pools),
                len(pools) if held else 0,
                0 if held else len(pools),
                min(pools),
                max(pools),
            )
        )
    if progress is not None:
        progress(total, total)
    baseline = split_pool(cluster, year, names, population).amounts
    worst = tuple(WorstCase(m, baseline[m], best[m][0], best[m][1]) for m in names)
    return Sweep(cluster, year, names, k_max, tuple(by_count), worst)


def _baseline_shares_k(
    k: int,
    names: tuple[str, ...],
    full: dict[str, int],
    best: dict[str, tuple[int, tuple[str, ...]]],
) -> CountSummary:
    """A reduced k under baseline-shares: everyone left pays its full-participation amount."""
    amounts = sorted(full[m] for m in names)
    whole = sum(amounts)
    for m in names:
        if k < len(names) and (m not in best or full[m] > best[m][0]):
            best[m] = (full[m], _first_set_without(names, m, k))
    count = comb(len(names), k)
    return CountSummary(
        k, count, 0, count, whole - sum(amounts[len(amounts) - k :]), whole - sum(amounts[:k])
    )


def _first_set_without(names: Iterable[str], excluded: str, k: int) -> tuple[str, ...]:
    """The first k-set in code-point order that leaves `excluded` in: the first k others."""
    return tuple(m for m in names if m != excluded)[:k]


def _check_fixed(cluster: Cluster, terms: Terms, year: int, n: int, p: int, k_max: int) -> None:
    if terms.policy != "fixed" or year in terms.reduced_pool:
        return
    for k in range(k_max + 1):
        if not pool_held(n, p - k, terms.threshold):
            raise KlyngeError(
                f"with {k} more withdrawals cluster {cluster.id} falls below the threshold in "
                f"{year}, and uses `below_threshold: fixed`, but `reduced_pool` gives no amount "
                f"for {year}",
                cluster.where,
            )
