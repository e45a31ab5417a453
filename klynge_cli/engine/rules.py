"""The allocation rules R2–R8 of SPEC §2: who takes part, whether the pool holds, who pays what.

Pure: a `Scenario` in, an `Allocation` out. Problems only the figures reveal (a missing
population, a `fixed` policy without its amount) are all reported before anything is computed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from klynge_cli.engine.apportion import Split, split
from klynge_cli.engine.timeline import due_date
from klynge_cli.errors import KlyngeError, raise_all
from klynge_cli.model import Cluster, Scenario
from klynge_cli.money import round_half_up
from klynge_cli.names import listing
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
    missing: dict[int, dict[str, None]] = {}  # basis year → municipalities, in order
    withdrawn = withdrawn_from(scenario)
    for cluster in scenario.clusters:
        for year in cluster.years:
            basis = scenario.populations.year_for(year)
            for municipality in (cluster.lead, *cluster.members):
                if table.figure(municipality, basis) is None:
                    missing.setdefault(basis, {})[municipality] = None
            found.extend(_pool_problems(cluster, year, participants_in(cluster, year, withdrawn)))
    have = sorted({year for _, year in table.figures if year is not None})
    for basis, names in missing.items():
        found.append(
            KlyngeError(
                f"no population figures for 1 January {basis} in {table.file} for "
                f"{listing(names)}; the file has {listing(map(str, have)) or 'no years'}. "
                "Add the figures (`klynge populations import`), or choose another "
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


@dataclass(frozen=True)
class PoolSplit:
    """R3 and R4 for one set of participants: held or not, and who pays what (øre)."""

    held: bool
    full_pool: int
    split: Split  # in rounding units, among the municipalities the pool was split among
    amounts: dict[str, int]  # every participant's amount

    @property
    def pool(self) -> int:
        return sum(self.amounts.values())


def split_pool(
    cluster: Cluster, year: int, participants: Sequence[str], population: Mapping[str, int]
) -> PoolSplit:
    """Whether the pool holds for these participants, and how it is split (R3, R4, R7)."""
    n, p = len(cluster.members), len(participants)
    full_pool = indexed(cluster.pool, cluster, year)
    held = pool_held(n, p, cluster.threshold)
    among, total = participants, full_pool
    if not held and cluster.policy == "baseline-shares":
        # Everyone still in pays its full-participation amount; nobody pays for those who left.
        among = cluster.members
    elif not held and cluster.policy == "pro-rata":
        total = round_half_up(Fraction(full_pool * p, n), cluster.unit)
    elif not held:
        total = cluster.reduced_pool[year]
    if not participants:
        total = 0  # nobody left to pay (problems() refuses this where it would lose money)
    shares = split(total // cluster.unit, among, [population[m] for m in among])
    taking_part = set(participants)
    amounts = {
        m: units * cluster.unit
        for m, units in zip(among, shares.units, strict=True)
        if m in taking_part
    }
    return PoolSplit(held, full_pool, shares, amounts)


def populations_for(scenario: Scenario, cluster: Cluster, year: int) -> dict[str, int]:
    """The population figure of the lead and every member, for the year's basis (R6)."""
    basis = scenario.populations.year_for(year)
    population = {}
    for m in (cluster.lead, *cluster.members):
        figure = scenario.populations.table.figure(m, basis)
        assert figure is not None, "problems() reports missing figures first"
        population[m] = figure.population
    return population


def allocate_year(
    scenario: Scenario, cluster: Cluster, year: int, withdrawn: Withdrawn
) -> ClusterYear:
    population = populations_for(scenario, cluster, year)
    participants = participants_in(cluster, year, withdrawn)
    result = split_pool(cluster, year, participants, population)
    lead_amount = indexed(cluster.lead_amount, cluster, year)
    denominator = result.split.denominator
    lines = [Line(cluster.lead, "lead", population[cluster.lead], None, lead_amount)]
    for m in cluster.members:
        if m in result.amounts:
            share = Fraction(population[m], denominator)
            lines.append(Line(m, "member", population[m], share, result.amounts[m]))
        else:
            lines.append(Line(m, "withdrawn", population[m], None, 0))
    return ClusterYear(
        cluster=cluster,
        year=year,
        population_year=scenario.populations.year_for(year),
        participants=participants,
        withdrawn=tuple(m for m in cluster.members if m not in result.amounts),
        held=result.held,
        lead_amount=lead_amount,
        full_pool=result.full_pool,
        pool=result.pool,
        split=result.split,
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
