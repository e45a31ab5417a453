"""The allocation rules of SPEC §2 and §7: who takes part, what each pays, year by year.

Pure: a `Scenario` in, an `Allocation` out. Each year takes the terms of the period that holds
it (R12). Under `formula: pool` (R2-R8) the pool is held or reduced and split by largest
remainder (`apportion.py`); under `per-capita` and `bands` (R13, `percapita.py`, `bands.py`)
each participant pays for itself. Top-ups (R15) and co-funders (R14) come on top, never in a
pool or a threshold. Problems only the figures reveal (a missing population, a `fixed` policy
without its amount) are all reported before anything is computed.
"""

from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Literal, NamedTuple

from klynge_cli.engine.apportion import Split, split
from klynge_cli.engine.bands import band_amounts
from klynge_cli.engine.indexation import indexed
from klynge_cli.engine.percapita import per_capita_amounts
from klynge_cli.engine.timeline import due_date
from klynge_cli.errors import KlyngeError, raise_all
from klynge_cli.model import Cluster, Scenario, Terms
from klynge_cli.money import round_half_up
from klynge_cli.names import listing
from klynge_cli.result import Allocation, ClusterYear, Role

Withdrawn = Mapping[str, Mapping[str, int]]  # cluster id → municipality → first year not paying


HoldReason = Literal["everyone", "single withdrawal", "threshold"]

NOBODY = split(0, (), ())  # the split of a year without a pool (R13)


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
            terms = cluster.terms(year)
            if terms.formula == "pool":
                participants = participants_in(cluster, year, withdrawn)
                found.extend(_pool_problems(cluster, terms, year, participants))
    have = sorted({year for year in table.by_year if year is not None})
    for basis, names in missing.items():
        if have:
            found.append(
                KlyngeError(
                    f"no population figures for 1 January {basis} in {table.file} for "
                    f"{listing(names)}; the file has {listing(map(str, have))}. "
                    "Add the figures (`klynge populations import`), or choose another "
                    + ("`populations: lag`" if scenario.populations.lag else "`populations: year`"),
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
    cluster: Cluster, terms: Terms, year: int, participants: tuple[str, ...]
) -> Iterator[KlyngeError]:
    n, p = len(cluster.members), len(participants)
    held = pool_held(n, p, terms.threshold)
    if held and p == 0 and terms.pool:
        yield KlyngeError(
            f"in {year} every member of cluster {cluster.id} but the lead has withdrawn, "
            "so nobody is left to pay the pool",
            cluster.where,
        )
    if not held and terms.policy == "fixed":
        if year not in terms.reduced_pool:
            yield KlyngeError(
                f"cluster {cluster.id} falls below the threshold in {year} ({p} of {n} take part) "
                f"and uses `below_threshold: fixed`, but `reduced_pool` gives no amount for {year}",
                cluster.where,
            )
        elif p == 0 and terms.reduced_pool[year]:
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
    """Whether the pool holds for these participants, and how it is split (R3, R4, R7/R11)."""
    terms = cluster.terms(year)
    n, p = len(cluster.members), len(participants)
    full_pool = indexed(terms.pool, terms, year)
    held = pool_held(n, p, terms.threshold)
    among, total = participants, full_pool
    if not held and terms.policy == "baseline-shares":
        # Everyone still in pays its full-participation amount; nobody pays for those who left.
        among = cluster.members
    elif not held and terms.policy == "pro-rata":
        total = round_half_up(Fraction(full_pool * p, n), terms.unit)
    elif not held:
        total = terms.reduced_pool[year]
    if not participants:
        total = 0  # nobody left to pay (problems() refuses this where it would lose money)
    shares = split(total // terms.unit, among, [population[m] for m in among])
    unit = terms.unit
    amounts = {m: units * unit for m, units in zip(among, shares.units, strict=True)}
    if among is not participants:  # baseline-shares: only those still in pay
        amounts = {m: amounts[m] for m in participants}
    return PoolSplit(held, full_pool, shares, amounts)


def formula_amount(terms: Terms, population: int, year: int) -> int:
    """R13: what one participant of `population` inhabitants pays under per-capita or bands."""
    calculate = per_capita_amounts if terms.formula == "per-capita" else band_amounts
    return calculate(terms, {"": population}, year)[""]


def lead_pays(cluster: Cluster, year: int, population: Mapping[str, int]) -> int:
    """R5, R13: the lead's amount: `lead_amount` indexed, or by the formula when none is given."""
    terms = cluster.terms(year)
    if terms.lead_amount is None:
        return formula_amount(terms, population[cluster.lead], year)
    return indexed(terms.lead_amount, terms, year)


def populations_for(scenario: Scenario, year: int) -> Mapping[str, int]:
    """Every population figure for the year's basis (R6, R10); problems() checked they are
    there."""
    return scenario.populations.table.in_year(scenario.populations.year_for(year))


class Members(NamedTuple):
    """What the members pay in one year, before top-ups and co-funders."""

    held: bool | None
    full_pool: int
    split: Split
    amounts: dict[str, int]  # every participant's amount
    share_among: int  # the population the share column is reckoned among


def members_pay(
    cluster: Cluster, year: int, participants: Sequence[str], population: Mapping[str, int]
) -> Members:
    """The members' amounts for these participants: the pool split (R2-R8), or each by the
    formula (R13), where the share is of the participants' population (SPEC §4)."""
    terms = cluster.terms(year)
    if terms.formula == "pool":
        result = split_pool(cluster, year, participants, population)
        return Members(
            result.held, result.full_pool, result.split, result.amounts, result.split.denominator
        )
    own = {m: population[m] for m in participants}
    calculate = per_capita_amounts if terms.formula == "per-capita" else band_amounts
    return Members(None, 0, NOBODY, calculate(terms, own, year), sum(own.values()))


def allocate_year(
    scenario: Scenario, cluster: Cluster, year: int, withdrawn: Withdrawn
) -> ClusterYear:
    terms = cluster.terms(year)
    population = populations_for(scenario, year)
    participants = participants_in(cluster, year, withdrawn)
    result = members_pay(cluster, year, participants, population)
    amounts = result.amounts
    members = cluster.members
    taking_part = [m in amounts for m in members]
    # R15: a member's top-up stops from the year it withdraws; the lead's never does.
    still_in = {cluster.lead, *participants}
    top_ups = [t for t in terms.top_ups_in(year) if t.municipality in still_in]
    co_funders = terms.co_funders_in(year)
    names = (cluster.lead, *members, *(t.municipality for t in top_ups),
             *(c.name for c in co_funders))  # fmt: skip
    member_roles: list[Role] = ["member" if paying else "withdrawn" for paying in taking_part]
    top_up: Role = "top-up"
    co_funder: Role = "co-funder"
    extra_roles = [top_up] * len(top_ups) + [co_funder] * len(co_funders)
    roles: tuple[Role, ...] = ("lead", *member_roles, *extra_roles)
    denominator = result.share_among
    lead_amount = lead_pays(cluster, year, population)
    return ClusterYear(
        cluster=cluster,
        terms=terms,
        year=year,
        population_year=scenario.populations.year_for(year),
        participants=participants,
        held=result.held,
        lead_amount=lead_amount,
        full_pool=result.full_pool,
        pool=sum(amounts.values()),
        split=result.split,
        municipalities=names,
        roles=roles,
        populations=(
            *[population[m] for m in (cluster.lead, *members)],
            *[population[t.municipality] for t in top_ups],
            *[None] * len(co_funders),
        ),
        split_populations=(
            0,
            *[denominator if paying else 0 for paying in taking_part],
            *[0] * (len(top_ups) + len(co_funders)),
        ),
        amounts=(
            lead_amount,
            *[amounts.get(m, 0) for m in members],
            *[t.amount for t in top_ups],
            *[c.amount for c in co_funders],
        ),
    )


def late_withdrawals(scenario: Scenario) -> Iterator[str]:
    """SPEC R8: withdrawals announced after the reconfirmation before their first year; and,
    once per withdrawal as written, one from before the first financed year of every cluster it
    applies to ("from the start") or after the last ("changes nothing")."""
    spans: dict[object, tuple[int, int]] = {}  # per withdrawal as written: its clusters' years
    for w in scenario.withdrawals:
        cluster = scenario.cluster(w.cluster)
        first, last = spans.get(w.where, (cluster.first_year, cluster.last_year))
        spans[w.where] = (min(first, cluster.first_year), max(last, cluster.last_year))
    for w in scenario.withdrawals:
        first, last = spans.pop(w.where, (0, 10_000))
        if w.first_year < first:
            yield (
                f"{w.municipality} withdraws from {w.first_year}, before the first financed year "
                f"({first}): it pays nothing from the start"
            )
        elif w.first_year > last:
            yield (
                f"{w.municipality} withdraws from {w.first_year}, after the last financed year "
                f"({last}): it changes nothing"
            )
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
