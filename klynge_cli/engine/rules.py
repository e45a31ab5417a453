"""The allocation rules R2–R8 of SPEC §2: who takes part, whether the pool holds, who pays what.

Pure: a `Scenario` in, an `Allocation` out. Problems only the figures reveal (a missing
population, a `fixed` policy without its amount) are all reported before anything is computed.
"""

from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Literal, NamedTuple

from klynge_cli.engine.apportion import Split, split
from klynge_cli.engine.timeline import due_date
from klynge_cli.errors import KlyngeError, raise_all
from klynge_cli.model import Cluster, Scenario
from klynge_cli.money import round_half_up
from klynge_cli.names import listing
from klynge_cli.result import Allocation, ClusterYear

Withdrawn = Mapping[str, Mapping[str, int]]  # cluster id → municipality → first year not paying


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


def withdrawn_from(scenario: Scenario) -> dict[str, dict[str, int]]:
    by_cluster: dict[str, dict[str, int]] = {}
    for w in scenario.withdrawals:
        by_cluster.setdefault(w.cluster, {})[w.municipality] = w.first_year
    return by_cluster


def participants_in(cluster: Cluster, year: int, withdrawn: Withdrawn) -> tuple[str, ...]:
    """SPEC R2: the non-lead members that have not withdrawn with effect on or before `year`."""
    gone = {m for m, first in withdrawn.get(cluster.id, {}).items() if first <= year}
    if not gone:
        return cluster.members
    return tuple([m for m in cluster.members if m not in gone])


def problems(scenario: Scenario) -> list[KlyngeError]:
    """Everything that stops the rules from giving an amount, for every cluster and year."""
    found: list[KlyngeError] = []
    table = scenario.populations.table
    missing: dict[int, dict[str, None]] = {}  # basis year → municipalities, in order
    withdrawn = withdrawn_from(scenario)
    for cluster in scenario.clusters:
        for basis in dict.fromkeys(scenario.populations.year_for(y) for y in cluster.years):
            known = table.in_year(basis)
            for municipality in (cluster.lead, *cluster.members):
                if municipality not in known:
                    missing.setdefault(basis, {})[municipality] = None
        for year in cluster.years:
            found.extend(_pool_problems(cluster, year, participants_in(cluster, year, withdrawn)))
    have = sorted({year for year in table.by_year if year is not None})
    for basis, names in missing.items():
        if have:
            found.append(
                KlyngeError(
                    f"no population figures for 1 January {basis} in {table.file} for "
                    f"{listing(names)}; the file has {listing(map(str, have))}. "
                    "Add the figures (`klynge populations import`), or choose another "
                    "`populations: year`",
                    scenario.populations.where,
                )
            )
        else:  # a file without years serves every year with the figures it has
            found.append(
                KlyngeError(
                    f"no population figure in {table.file} for {listing(names)} "
                    f"(1 January {basis}); add {'its row' if len(names) == 1 else 'their rows'}",
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


class PoolSplit(NamedTuple):
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
    unit = cluster.unit
    amounts = {m: units * unit for m, units in zip(among, shares.units, strict=True)}
    if among is not participants:  # baseline-shares: only those still in pay
        amounts = {m: amounts[m] for m in participants}
    return PoolSplit(held, full_pool, shares, amounts)


def populations_for(scenario: Scenario, year: int) -> Mapping[str, int]:
    """Every population figure for the year's basis (R6); problems() checked they are there."""
    return scenario.populations.table.in_year(scenario.populations.year_for(year))


def allocate_year(
    scenario: Scenario, cluster: Cluster, year: int, withdrawn: Withdrawn
) -> ClusterYear:
    population = populations_for(scenario, year)
    participants = participants_in(cluster, year, withdrawn)
    result = split_pool(cluster, year, participants, population)
    lead_amount = indexed(cluster.lead_amount, cluster, year)
    denominator = result.split.denominator
    amounts = result.amounts
    members = cluster.members
    names = (cluster.lead, *members)
    taking_part = [m in amounts for m in members]
    return ClusterYear(
        cluster=cluster,
        year=year,
        population_year=scenario.populations.year_for(year),
        participants=participants,
        held=result.held,
        lead_amount=lead_amount,
        full_pool=result.full_pool,
        pool=result.pool,
        split=result.split,
        municipalities=names,
        roles=("lead", *["member" if paying else "withdrawn" for paying in taking_part]),
        populations=tuple([population[m] for m in names]),
        split_populations=(0, *[denominator if paying else 0 for paying in taking_part]),
        amounts=(lead_amount, *[amounts.get(m, 0) for m in members]),
    )


def late_withdrawals(scenario: Scenario) -> Iterator[str]:
    """SPEC R8: withdrawals announced after the reconfirmation before their first year; and
    withdrawals from before a cluster's first year, which mean "from the start"."""
    for w in scenario.withdrawals:
        cluster = scenario.cluster(w.cluster)
        if w.first_year < cluster.first_year:
            yield (
                f"{w.municipality} withdraws from {cluster.id} from {w.first_year}, before its "
                f"first financed year {cluster.first_year}: it pays nothing in "
                f"{cluster.first_year}-{cluster.last_year}"
            )
        if w.announced is None:
            continue
        reconfirmed = due_date(cluster, w.first_year, "reconfirm")
        if w.announced > reconfirmed:
            yield (
                f"{w.municipality} withdraws from {cluster.id} from {w.first_year}, announced "
                f"{w.announced.isoformat()}, after the reconfirmation on "
                f"{reconfirmed.isoformat()}; applied all the same (R8)"
            )
