"""What the engine computes, ready for any renderer: allocations, payments, comparisons."""

from datetime import date
from fractions import Fraction
from typing import Literal, NamedTuple

from klynge_cli.engine.apportion import Split
from klynge_cli.model import Cluster, Policy, Scenario, Terms

Role = Literal["lead", "member", "withdrawn", "top-up", "co-funder"]
ROLES: tuple[Role, ...] = ("lead", "member", "withdrawn", "top-up", "co-funder")


class Line(NamedTuple):
    """One row of a cluster and year: a municipality's part, a top-up or a co-funder's."""

    municipality: str  # or a co-funder's name
    role: Role
    population: int | None  # None for a co-funder, which is not a municipality
    split_population: int  # of those the share is reckoned among; 0 where the share is empty
    amount: int  # øre

    @property
    def share(self) -> Fraction | None:
        """SPEC §4: population / population of those the pool was split among (None: empty)."""
        if not self.split_population or self.population is None:
            return None
        return Fraction(self.population, self.split_population)


class ClusterYear(NamedTuple):
    """One cluster in one financed year: the terms, the threshold test, every line."""

    cluster: Cluster
    terms: Terms  # the period's terms (R12)
    year: int
    population_year: int
    participants: tuple[str, ...]
    held: bool | None  # None: the formula has no pool (R13)
    lead_amount: int
    full_pool: int  # the year's pool when held (after indexation); 0 without a pool
    pool: int  # what the participants pay together this year
    split: Split  # in rounding units, among the municipalities the pool was split among
    # The lines as columns: the lead, the other members in name order, the top-ups and the
    # co-funders (each in name order). Outputs read them a column at a time; `lines` gives
    # them as `Line`s.
    municipalities: tuple[str, ...]
    roles: tuple[Role, ...]
    populations: tuple[int | None, ...]
    split_populations: tuple[int, ...]
    amounts: tuple[int, ...]

    @property
    def lines(self) -> tuple[Line, ...]:
        columns = (self.municipalities, self.roles, self.populations, self.split_populations)
        return tuple(map(Line._make, zip(*columns, self.amounts, strict=True)))

    @property
    def withdrawn(self) -> tuple[str, ...]:
        """The non-lead members that have left by this year, in name order."""
        return tuple(
            m for m, r in zip(self.municipalities, self.roles, strict=True) if r == "withdrawn"
        )

    @property
    def members(self) -> int:
        """n of SPEC R2: the non-lead members."""
        return len(self.cluster.members)

    @property
    def policy(self) -> Policy | None:
        """The below-threshold policy applied, or None when the pool is held or there is none."""
        return self.terms.policy if self.held is False else None

    def _sum(self, role: Role) -> int:
        return sum(a for r, a in zip(self.roles, self.amounts, strict=True) if r == role)

    @property
    def top_ups(self) -> int:
        """R15: the members' voluntary extras this year."""
        return self._sum("top-up")

    @property
    def co_funded(self) -> int:
        """R14: what bodies other than municipalities pay straight to the payee."""
        return self._sum("co-funder")

    @property
    def to_payee(self) -> int:
        """What the lead pays the payee (R15): its amount, the participants' and every top-up."""
        return self.lead_amount + self.pool + self.top_ups

    @property
    def total(self) -> int:
        """The office's money for the year: the lead's, the members', top-ups and co-funders'."""
        return self.to_payee + self.co_funded

    def line(self, municipality: str) -> Line | None:
        """A municipality's own line (lead, member or withdrawn), not its top-up."""
        for line in self.lines:
            if line.municipality == municipality and line.role in ("lead", "member", "withdrawn"):
                return line
        return None


class Allocation(NamedTuple):
    scenario: Scenario
    cluster_years: tuple[ClusterYear, ...]
    warnings: tuple[str, ...]

    def select(self, cluster: str | None = None, year: int | None = None) -> "Allocation":
        """Only the given cluster and/or year (both None: everything)."""
        kept = tuple(
            cy
            for cy in self.cluster_years
            if (cluster is None or cy.cluster.id == cluster) and (year is None or cy.year == year)
        )
        return Allocation(self.scenario, kept, self.warnings)

    def population_sources(self) -> list[str]:
        """The sources of the population figures these years use, sorted (empty: none given)."""
        table = self.scenario.populations.table
        used = {cy.population_year for cy in self.cluster_years} | {None}
        return sorted({f.source for f in table.figures.values() if f.source and f.year in used})


PaymentKind = Literal["collect", "pay", "co-fund"]
KIND_ORDER: dict[PaymentKind, int] = {"collect": 0, "pay": 1, "co-fund": 2}


class Payment(NamedTuple):
    """A dated money flow of SPEC R9."""

    due: date
    year: int
    cluster: Cluster
    kind: PaymentKind
    payer: str
    payee: str
    amount: int
    top_up: bool = False  # R15: a member's voluntary extra, collected beside its share


class Milestone(NamedTuple):
    """The October reconfirmation before a financed year: a date without money."""

    due: date
    year: int
    cluster: Cluster


class Prefinancing(NamedTuple):
    """The lead pays the intermediary before it has collected the others' shares."""

    cluster: Cluster
    year: int
    lead: str
    amount: int
    paid: date
    collected: date

    @property
    def days(self) -> int:
        return (self.collected - self.paid).days


class Schedule(NamedTuple):
    scenario: Scenario
    payments: tuple[Payment, ...]
    milestones: tuple[Milestone, ...]
    prefinancing: tuple[Prefinancing, ...]
    warnings: tuple[str, ...]

    def paid_by(self, municipality: str) -> "Schedule":
        """A municipality's view: what it pays, the reconfirmations of its clusters, and any
        pre-financing it does as lead."""
        clusters = {c.id for c in self.scenario.clusters if municipality in (c.lead, *c.members)}
        return self._replace(
            payments=tuple(p for p in self.payments if p.payer == municipality),
            milestones=tuple(m for m in self.milestones if m.cluster.id in clusters),
            prefinancing=tuple(p for p in self.prefinancing if p.lead == municipality),
        )
