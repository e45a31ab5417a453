"""What the engine computes, ready for any renderer: allocations, payments, comparisons."""

from datetime import date
from fractions import Fraction
from typing import Literal, NamedTuple

from klynge_cli.engine.apportion import Split
from klynge_cli.model import Cluster, Policy, Scenario

Role = Literal["lead", "member", "withdrawn"]


class Line(NamedTuple):
    """One municipality's part in one cluster and year."""

    municipality: str
    role: Role
    population: int
    split_population: int  # of those the pool was split among; 0 for lead and withdrawn
    amount: int  # øre

    @property
    def share(self) -> Fraction | None:
        """SPEC §4: population / population of those the pool was split among (None: empty)."""
        return Fraction(self.population, self.split_population) if self.split_population else None


class ClusterYear(NamedTuple):
    """One cluster in one financed year: the threshold test, the split and every line."""

    cluster: Cluster
    year: int
    population_year: int
    participants: tuple[str, ...]
    held: bool
    lead_amount: int
    full_pool: int  # the year's pool when held (after indexation)
    pool: int  # what the participants pay together this year
    split: Split  # in rounding units, among the municipalities the pool was split among
    # The lines as columns, the lead first, then the other members in name order. Outputs read
    # them a column at a time; `lines` gives them as `Line`s.
    municipalities: tuple[str, ...]
    roles: tuple[Role, ...]
    populations: tuple[int, ...]
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
        """The below-threshold policy applied, or None when the pool is held."""
        return None if self.held else self.cluster.policy

    @property
    def total(self) -> int:
        return self.lead_amount + self.pool

    def line(self, municipality: str) -> Line | None:
        if municipality not in self.municipalities:
            return None
        return self.lines[self.municipalities.index(municipality)]


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


PaymentKind = Literal["collect", "pay"]


class Payment(NamedTuple):
    """A dated money flow of SPEC R9."""

    due: date
    year: int
    cluster: Cluster
    kind: PaymentKind
    payer: str
    payee: str
    amount: int


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
