"""The allocation rules R2–R8 of SPEC §2: who takes part, whether the pool holds, who pays what.

Pure: a `Scenario` in, an `Allocation` out. Problems only the figures reveal (a missing
population, a `fixed` policy without its amount) are all reported before anything is computed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Literal

from klynge_cli.engine.apportion import split
from klynge_cli.engine.timeline import due_date
from klynge_cli.errors import KlyngeError, raise_all
from klynge_cli.model import Cluster, Scenario
from klynge_cli.money import round_half_up
from klynge_cli.result import Allocation, ClusterYear, Line

Withdrawn = Mapping[tuple[str, str], int]  # (cluster id, municipality) → first year not paying


HoldReason = Literal["everyone", "single withdrawal", "threshold"]


def hold_reason(members: int, participants: int, threshold: Fraction) -> HoldReason | None:
    """SPEC R3 / seed 000: why the pool is held (None: it is reduced).

    Held with everyone, after a single withdrawal ("Skulle én kommune alligevel ønske at træde
    ud"), or while p/n ≥ 85 % ("så længe min. 85 % (14/16) deltager"). The comparison is exact:
    14/16 = 0.875 holds, 13/16 = 0.8125 does not.
    """
    if participants == members:
        return "everyone"
    if participants == members - 1:
        return "single withdrawal"
    if Fraction(participants, members) >= threshold:
        return "threshold"
    return None


def pool_held(members: int, participants: int, threshold: Fraction) -> bool:
    return hold_reason(members, participants, threshold) is not None


def indexed(base: int, cluster: Cluster, year: int) -> int:
    """SPEC R7: base × (1 + rate)^(year − first year), rounded half up to the rounding unit."""
    if not cluster.indexation:
        return base
    growth = (1 + cluster.indexation) ** (year - cluster.first_year)
    return round_half_up(base * growth, cluster.unit)


def withdrawn_from(scenario: Scenario) -> dict[tuple[str, str], int]:
    return {(w.cluster, w.municipality): w.first_year for w in scenario.withdrawals}


def participants_in(cluster: Cluster, year: int, withdrawn: Withdrawn) -> tuple[str, ...]:
    """SPEC R2: the non-lead members that have not withdrawn with effect on or before `year`."""
    return tuple(m for m in cluster.members if withdrawn.get((cluster.id, m), year + 1) > year)


def problems(scenario: Scenario) -> list[KlyngeError]:
    """Everything that stops the rules from giving an amount, for every cluster and year."""
    found: list[KlyngeError] = []
    table = scenario.populations.table
    missing: dict[tuple[str, int], list[str]] = {}
    withdrawn = withdrawn_from(scenario)
    for cluster in scenario.clusters:
        for year in cluster.years:
            basis = scenario.populations.year_for(year)
            for municipality in (cluster.lead, *cluster.members):
                if table.figure(municipality, basis) is None:
                    missing.setdefault((municipality, basis), []).append(f"{cluster.id} {year}")
            found.extend(_pool_problems(cluster, year, participants_in(cluster, year, withdrawn)))
    for (municipality, basis), needed_by in missing.items():
        found.append(
            KlyngeError(
                f"no population figure for {municipality} on 1 January {basis} in {table.file} "
                f"(needed for {', '.join(needed_by)}); add it, or choose another "
                "`populations: year`",
                scenario.populations.where,
            )
        )
    return found


def _pool_problems(
    cluster: Cluster, year: int, participants: tuple[str, ...]
) -> Iterator[KlyngeError]:
    n, p = len(cluster.members), len(participants)
    held = pool_held(n, p, cluster.threshold)
    if held and p == 0 and cluster.pool:
        yield KlyngeError(
            f"in {year} every member of cluster {cluster.id} but the lead has withdrawn, "
            "so nobody is left to pay the pool",
            cluster.where,
        )
    if not held and cluster.policy == "fixed":
        if year not in cluster.reduced_pool:
            yield KlyngeError(
                f"cluster {cluster.id} falls below the threshold in {year} ({p} of {n} take part) "
                f"and uses `below_threshold: fixed`, but `reduced_pool` gives no amount for {year}",
                cluster.where,
            )
        elif p == 0 and cluster.reduced_pool[year]:
            yield KlyngeError(
                f"cluster {cluster.id} has no participants in {year} to pay its reduced pool",
                cluster.where,
            )


def allocate(scenario: Scenario) -> Allocation:
    """Every cluster and financed year of the scenario, in file order and year order."""
    raise_all(problems(scenario))
    withdrawn = withdrawn_from(scenario)
    cluster_years = tuple(
        allocate_year(scenario, cluster, year, withdrawn)
        for cluster in scenario.clusters
        for year in cluster.years
    )
    return Allocation(scenario, cluster_years, tuple(late_withdrawals(scenario)))


def allocate_year(
    scenario: Scenario, cluster: Cluster, year: int, withdrawn: Withdrawn
) -> ClusterYear:
    basis = scenario.populations.year_for(year)
    table = scenario.populations.table
    population = {}
    for m in (cluster.lead, *cluster.members):
        figure = table.figure(m, basis)
        assert figure is not None, "problems() reports missing figures first"
        population[m] = figure.population
    participants = participants_in(cluster, year, withdrawn)
    n, p = len(cluster.members), len(participants)
    lead_amount = indexed(cluster.lead_amount, cluster, year)
    full_pool = indexed(cluster.pool, cluster, year)
    held = pool_held(n, p, cluster.threshold)
    taking_part = set(participants)
    among, total = participants, full_pool
    if not held and cluster.policy == "baseline-shares":
        # Everyone still in pays its full-participation amount; nobody pays for those who left.
        among = cluster.members
    elif not held and cluster.policy == "pro-rata":
        total = round_half_up(Fraction(full_pool * p, n), cluster.unit)
    elif not held:
        total = cluster.reduced_pool[year]
    shares = split(total // cluster.unit, among, [population[m] for m in among])
    amount = {m: units * cluster.unit for m, units in zip(among, shares.units, strict=True)}
    denominator = shares.denominator
    lines = [Line(cluster.lead, "lead", population[cluster.lead], None, lead_amount)]
    for m in cluster.members:
        if m in taking_part:
            lines.append(
                Line(m, "member", population[m], Fraction(population[m], denominator), amount[m])
            )
        else:
            lines.append(Line(m, "withdrawn", population[m], None, 0))
    return ClusterYear(
        cluster=cluster,
        year=year,
        population_year=basis,
        participants=participants,
        withdrawn=tuple(m for m in cluster.members if m not in taking_part),
        held=held,
        lead_amount=lead_amount,
        full_pool=full_pool,
        pool=sum(amount[m] for m in participants),
        split=shares,
        lines=tuple(lines),
    )


def late_withdrawals(scenario: Scenario) -> Iterator[str]:
    """SPEC R8: withdrawals announced after the reconfirmation before their first year."""
    for w in scenario.withdrawals:
        if w.announced is None:
            continue
        cluster = scenario.cluster(w.cluster)
        reconfirmed = due_date(cluster, w.first_year, "reconfirm")
        if w.announced > reconfirmed:
            yield (
                f"{w.municipality} withdraws from {cluster.id} from {w.first_year}, announced "
                f"{w.announced.isoformat()}, after the reconfirmation on "
                f"{reconfirmed.isoformat()}; applied all the same (R8)"
            )
